"""English text as a first-class language: curated names in English link to the Traditional canonical,
officials with titles, people after honorifics, bodies and programmes found by their head word."""
from __future__ import annotations

import pytest

from nlp.analyzer import Analyzer
from nlp.model import EntityMention


def entities(analyzer: Analyzer, text: str) -> list[EntityMention]:
    return list(analyzer.analyse(text).entities)


@pytest.mark.parametrize(("english", "canonical"), [
    ("Lok Ma Chau Loop", "河套深港科技創新合作區"),
    ("Hetao", "河套深港科技創新合作區"),
    ("Hong Kong Science Park", "香港科學園"),
    ("InnoHK", "創新香港研發平台"),
    ("Innovation, Technology and Industry Bureau", "創新科技及工業局"),
    ("Buildings Department", "屋宇署"),
    ("Architectural Services Department", "建築署"),
    ("Science, Technology and Innovation Bureau of Shenzhen Municipality", "深圳市科技創新局"),
    ("Department of Science and Technology of Guangdong Province", "廣東省科學技術廳"),
])
def test_english_names_share_the_chinese_canonical(analyzer: Analyzer, english: str, canonical: str) -> None:
    [e] = [e for e in entities(analyzer, f"Officials visited the {english} yesterday.") if e.type != "place"]
    assert (e.text, e.canonical, e.language, e.known) == (english, canonical, "en", True)
    [zh] = [e for e in entities(analyzer, f"官員昨日到訪{canonical}。") if e.type != "place"]
    assert zh.canonical == e.canonical and zh.language == "zh-Hant"


def test_official_with_title_and_honorific(analyzer: Analyzer) -> None:
    text = ("The Secretary for Innovation, Technology and Industry, Professor Sun Dong, said today that "
            "Sun Dong would visit the Chinese University of Hong Kong with Mr Peter Burnett.")
    people = [(e.text, e.title, e.canonical) for e in entities(analyzer, text) if e.type == "person"]
    assert people == [("Sun Dong", "Secretary for Innovation, Technology and Industry", "孫東"),
                      ("Sun Dong", None, "孫東"), ("Peter Burnett", None, "Peter Burnett")]


def test_title_in_brackets_after_the_name(analyzer: Analyzer) -> None:
    text = "Dr Lam Tai-fai (Chairman of the Council), distinguished guests,"
    [p] = [e for e in entities(analyzer, text) if e.type == "person"]
    assert (p.text, p.title) == ("Lam Tai-fai", "Chairman of the Council")


@pytest.mark.parametrize(("text", "expected"), [
    ("The Hong Kong Microchip Research Institute will open.",
     [("Hong Kong Microchip Research Institute", "organisation")]),
    ("It joined the Centre for Quantum Materials and the Greater Bay Startup Fund.",
     [("Centre for Quantum Materials", "organisation"), ("Greater Bay Startup Fund", "project")]),
    ("Works breached the Buildings Ordinance.", [("Buildings Ordinance", "document")]),
    ("The Director of Fire Services, Mr Andy Yeung, spoke.", []),  # a post, not a body
    ("Following the QS World University Rankings, the University Council met.", []),
    ("Residents of Wang Fuk Court in Tai Po.", []),
])
def test_discovered_english_names(analyzer: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    got = [(e.text, e.type) for e in entities(analyzer, text) if e.type not in ("person", "place")]
    assert got == expected


def test_acronym_in_brackets_is_the_body(analyzer: Analyzer) -> None:
    text = "The British Chamber of Commerce in Hong Kong (BritCham) met. BritCham members agreed."
    orgs = [(e.text, e.canonical) for e in entities(analyzer, text) if e.type == "organisation"]
    assert orgs == [("British Chamber of Commerce in Hong Kong", "British Chamber of Commerce in Hong Kong"),
                    ("BritCham", "British Chamber of Commerce in Hong Kong"),
                    ("BritCham", "British Chamber of Commerce in Hong Kong")]


def test_latin_names_match_whole_words(analyzer: Analyzer) -> None:
    assert [e.text for e in entities(analyzer, "The ITCs and HKUSTx met.")] == []
