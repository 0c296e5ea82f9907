"""Relevance to a topic profile: scripts alike, signals explained, profiles' limits, the model file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp import get_analyzer
from nlp.convert import to_simplified
from watch.errors import RelevanceModelError
from watch.profiles import default_profile, profile_from_mapping
from watch.relevance import ArticleSignals, score
from watch.relevance_inputs import signals_from_analysis
from watch.relevance_model import read_model, shipped_model, write_model

# Written for these tests (not in the labelled set the model learns from).
ON_TOPIC = ("深港共建合成生物聯合實驗室 首期投入三億元",
            "香港科技園公司與深圳市科技創新局今日簽署協議，在河套合作區共建合成生物聯合實驗室，首期投入三億元，"
            "吸引兩地科研人員進駐。")
OFF_TOPIC = ("觀塘道交通意外 兩車相撞三人受傷",
             "觀塘道今早發生交通意外，一輛私家車與貨車相撞，三名司機及乘客受傷送院，警方正調查意外原因。")
ON_TOPIC_EN = ("Hong Kong and Shenzhen set up joint synthetic biology laboratory",
               "The Hong Kong Science and Technology Parks Corporation and the Science, Technology and Innovation "
               "Commission of Shenzhen signed an agreement today to set up a joint laboratory in the Hetao "
               "co-operation zone, attracting researchers and scientists from both places.")
OFF_TOPIC_EN = ("Traffic accident on Kwun Tong Road",
                "A private car and a goods vehicle collided on Kwun Tong Road this morning. Three people were "
                "injured and sent to hospital. Police are investigating the cause of the accident.")


def signals(title: str, text: str, *, source: str = "infogov", language: str = "zh-Hant") -> ArticleSignals:
    analysis = get_analyzer().analyse(text, title=title)
    return signals_from_analysis(title=title, text=text, source=source, url="https://www.info.gov.hk/x.htm",
                                 language=language, analysis=analysis)


def test_on_topic_scores_above_off_topic_in_chinese_and_english() -> None:
    profile, model = default_profile(), shipped_model()
    on = score(signals(*ON_TOPIC), profile, model).score
    off = score(signals(*OFF_TOPIC), profile, model).score
    on_en = score(signals(*ON_TOPIC_EN, language="en"), profile, model).score
    off_en = score(signals(*OFF_TOPIC_EN, language="en"), profile, model).score
    assert on >= profile.threshold > off
    assert on_en >= profile.threshold > off_en


def test_traditional_and_simplified_score_alike() -> None:
    profile, model = default_profile(), shipped_model()
    traditional = score(signals(*ON_TOPIC), profile, model)
    simplified = score(signals(to_simplified(ON_TOPIC[0]), to_simplified(ON_TOPIC[1]), language="zh-Hans"),
                       profile, model)
    assert simplified.score == pytest.approx(traditional.score, abs=0.02)


def test_why_names_the_entities_and_terms() -> None:
    relevance = score(signals(*ON_TOPIC), default_profile(), shipped_model())
    why = " ".join(s.text for s in relevance.why)
    assert "深圳市科技創新局" in why and "实验室" in why
    assert relevance.why[0].weight >= relevance.why[-1].weight or abs(relevance.why[0].weight) >= abs(
        relevance.why[-1].weight)


def test_a_profile_scores_what_it_follows_without_the_text_model() -> None:
    quantum = profile_from_mapping({"name": "traffic", "queries": ["交通 OR 車禍 OR 相撞"], "categories": ["place"]})
    model = shipped_model()
    assert score(signals(*OFF_TOPIC), quantum, model).score > score(signals(*ON_TOPIC), quantum, model).score


def test_sources_and_languages_a_profile_does_not_follow_score_zero() -> None:
    english_only = profile_from_mapping({"name": "en", "queries": ["laboratory"], "languages": ["en"]})
    relevance = score(signals(*ON_TOPIC), english_only, shipped_model())
    assert relevance.score == 0 and "not followed" in relevance.why[0].text
    szgov_only = profile_from_mapping({"name": "sz", "queries": ["實驗室"], "sources": ["szgov"]})
    assert score(signals(*ON_TOPIC), szgov_only, shipped_model()).score == 0


def test_model_file_round_trip_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    write_model(shipped_model(), path)
    assert read_model(path) == shipped_model()
    path.write_text("{not json", "utf-8")
    with pytest.raises(RelevanceModelError, match="not JSON"):
        read_model(path)
    path.write_text(json.dumps({"format": 99}), "utf-8")
    with pytest.raises(RelevanceModelError, match="format"):
        read_model(path)
    with pytest.raises(RelevanceModelError, match="cannot read"):
        read_model(tmp_path / "missing.json")


def test_query_terms_are_counted_as_the_search_index_would() -> None:
    """Relevance counts a profile's phrases without bigram-tokenising each article: the counts must be the
    ones the index's tokens give, for Han phrases, Latin words and prefixes, and phrases mixing both."""
    from storage.fts import document_tokens, parse_query
    from storage.search_key import search_key
    from watch.relevance_queries import CompiledQueries, Tokens

    texts = ["哈哈哈，河套區創新科技。AI人工智能 ai said; start-up and startups, I&T 5G網絡 5g 網絡 robotics",
             "Innovation and Technology Bureau: the innovation-and-technology fund, R&D; 河套合作區 河 套",
             *(to_simplified(t) for t, _ in (ON_TOPIC, OFF_TOPIC)), ON_TOPIC_EN[1], OFF_TOPIC_EN[1]]
    queries = [*default_profile().queries, '哈哈 OR 河 OR 套 OR 河套区 OR "5g 网络" OR 5g网络 OR "创新 科技" OR robot*',
               '"innovation and technology" OR said OR "start-up" OR start* OR ai OR 网* OR (河套 -哈哈)']
    matcher = CompiledQueries(tuple(node for q in queries if (node := parse_query(q)) is not None))
    assert len(matcher.phrases) > 60 and matcher.words and matcher.mixed and matcher.automaton is not None
    found = 0
    for text in texts:
        key = search_key(text)
        tokens = Tokens(document_tokens(key))
        counted = list(zip(matcher.labels, matcher.counts(key), [tokens.count(p) for p in matcher.phrases],
                           strict=True))
        assert [c for c in counted if c[1] != c[2]] == [], text
        found += sum(c[1] for c in counted)
    assert found > 30


def test_scoring_weighs_the_ngrams_as_the_model_was_trained() -> None:
    """`score` looks up only an article's n-grams; its log-odds must be those of the full feature vector."""
    import math

    from watch.relevance import features

    profile, model = default_profile(), shipped_model()
    for title, text, language in ((*ON_TOPIC, "zh-Hant"), (*OFF_TOPIC, "zh-Hant"), (*ON_TOPIC_EN, "en"),
                                  (*OFF_TOPIC_EN, "en")):
        article = signals(title, text, language=language)
        logit, _ = model.text.decision(features(article, profile, text_model=True)[0])
        assert score(article, profile, model).score == round(1 / (1 + math.exp(-logit)), 4)
