"""Build tests/storage/data/cluster_pairs.jsonl: labelled same-story / different-story article pairs.

    .venv/bin/python benchmarks/build_cluster_pairs.py

Articles are the Chinese pages of the offline mirror (tests/mirror/sites), parsed by the real spiders and
analysed by the real NLP. Pairs (see tests/storage/data/LABELLING.md for the labelling rules):
- twin_real: the Ta Kung Pao Traditional (takungpao.com.hk) and Simplified (takungpao.com) pages of one story;
- twin_converted: a page and its OpenCC conversion into the other script (as Ta Kung Pao publishes them);
- report_of_release: a government release and a news report of it, written from it by fixed rules
  (new headline, "yesterday" lead, 50–80% of the sentences kept, a context paragraph from another
  article, often in the other script), a day later;
- hard_negative: two different real stories about the same zone/body, moved to the same day;
- report_vs_other: a generated report and a different release about the same zone, same day;
- template_negative: two instalments of one template (daily figures) or one series.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nlp import get_analyzer  # noqa: E402
from nlp.convert import to_simplified, to_traditional  # noqa: E402

OUT = REPO / "tests" / "storage" / "data" / "cluster_pairs.jsonl"
SITES = REPO / "tests" / "mirror" / "sites"
HOSTS = {
    "takungpao_hk": "www.takungpao.com.hk",
    "takungpao_cn": "www.takungpao.com",
    "infogov": "www.info.gov.hk",
    "newsgov": "www.news.gov.hk",
    "szgov": "www.sz.gov.cn",
    "htcz": "htcz.sz.gov.cn",
    "gdgov": "www.gd.gov.cn",
    "gdstc": "gdstc.gd.gov.cn",
}
RELEASE_SOURCES = ("szgov", "htcz", "gdgov", "gdstc", "newsgov", "infogov")
SENTENCE = re.compile(r"[^。！？]+[。！？]?")


def mirror_articles() -> list[dict[str, Any]]:
    """`gbawatch extract --json` over each mirrored site (pages the spider cannot parse are skipped)."""
    articles = []
    for name, host in HOSTS.items():
        result = subprocess.run(
            [sys.executable, "-m", "gbawatch", "extract", "--source", name, "--json", str(SITES / host)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        for line in result.stdout.splitlines():
            row = json.loads(line)
            if (row["language"] or "").startswith("zh") and len(row["text"]) >= 100 and "503" not in row["title"]:
                articles.append(slim(row))
    return articles


def slim(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": row["url"],
        "source": row["source"],
        "title": row["title"],
        "text": row["text"],
        "published_at": row["published_at"],
        "language": row["language"],
        "entities": sorted({(e["canonical"], e["type"]) for e in row["entities"]}),
        "figures": [{k: f[k] for k in ("value", "unit", "metric", "text", "sentence")} for f in row["figures"]],
    }


def analysed(url: str, source: str, title: str, text: str, published_at: str, language: str) -> dict[str, Any]:
    analysis = get_analyzer().analyse(title + "\n" + text)
    return {
        "url": url,
        "source": source,
        "title": title,
        "text": text,
        "published_at": published_at,
        "language": language,
        "entities": sorted({(e.canonical, e.type) for e in analysis.entities}),
        "figures": [
            {"value": f.value, "unit": f.unit, "metric": f.metric, "text": f.text, "sentence": f.sentence}
            for f in analysis.figures
        ],
    }


def convert(article: dict[str, Any], suffix: str) -> dict[str, Any]:
    traditional = article["language"] == "zh-Hant"
    fn = to_simplified if traditional else to_traditional
    return analysed(
        article["url"] + suffix,
        "takungpao_cn" if traditional else "takungpao_hk",
        fn(article["title"]),
        fn(article["text"]),
        article["published_at"],
        "zh-Hans" if traditional else "zh-Hant",
    )


def report_of(release: dict[str, Any], context: dict[str, Any], rng: random.Random, index: int) -> dict[str, Any]:
    sentences = [s.strip() for s in SENTENCE.findall(release["text"].replace("\n", "")) if s.strip()]
    lead = re.sub(r"^(\d+月\d+日)(上午|下午)?，?", "昨日", sentences[0])
    lead = lead.replace("今日", "昨日").replace("日前", "昨日").replace("近日", "昨日")
    keep = [s for s in sentences[1:] if rng.random() < rng.uniform(0.5, 0.8)] or sentences[1:2]
    extra = [s.strip() for s in SENTENCE.findall(context["text"]) if s.strip()][:1]
    body = "記者報道：" + lead + "\n" + "\n".join(keep) + ("\n另外，" + extra[0] if extra else "")
    words = re.split(r"[ ：:，,]", release["title"])
    title = max(words, key=len)[:16] + rng.choice(["", " 業界歡迎", " 兩地合作提速", " 首批名單出爐"])
    traditional = rng.random() < 0.6  # Ta Kung Pao Hong Kong writes Traditional
    fn = to_traditional if traditional else to_simplified
    day = (date.fromisoformat(release["published_at"][:10]) + timedelta(days=1)).isoformat()
    return analysed(
        f"https://www.takungpao.com.hk/report/{index}.html",
        "takungpao_hk" if traditional else "takungpao_cn",
        fn(title),
        fn(body),
        day + "T08:00:00+08:00",
        "zh-Hant" if traditional else "zh-Hans",
    )


def shares_zone(a: dict[str, Any], b: dict[str, Any]) -> bool:
    names = {
        "河套深港科技創新合作區",
        "港深創新及科技園",
        "粵港澳大灣區量子科學中心",
        "香港科學園",
        "前海深港現代服務業合作區",
        "橫琴粵澳深度合作區",
        "河套深港科技創新合作區深圳園區",
    }
    common = {e[0] for e in a["entities"]} & {e[0] for e in b["entities"]}
    return bool(common & names) or ("量子" in a["title"] and "量子" in b["title"])


def main() -> None:
    rng = random.Random(20251010)
    articles = mirror_articles()
    by_path: dict[str, list[dict[str, Any]]] = {}
    for a in articles:
        if a["source"].startswith("takungpao"):
            by_path.setdefault(a["url"].split("/news/", 1)[-1], []).append(a)
    pairs: list[dict[str, Any]] = []

    def add(kind: str, label: str, a: dict[str, Any], b: dict[str, Any], note: str, same_day: bool = False) -> None:
        if same_day:
            b = {**b, "published_at": a["published_at"][:10] + b["published_at"][10:]}
        pairs.append({"id": f"p{len(pairs) + 1:03d}", "kind": kind, "label": label, "note": note, "a": a, "b": b})

    twins = [v for v in by_path.values() if len({x["source"] for x in v}) == 2]
    for v in twins:
        add("twin_real", "same", v[0], v[1], "Ta Kung Pao publishes each story in both scripts")
    singles = [
        a
        for a in articles
        if a["source"].startswith("takungpao") and len(by_path[a["url"].split("/news/", 1)[-1]]) == 1
    ]
    others = [a for a in articles if a["source"] in ("newsgov", "szgov", "infogov")]
    for i, a in enumerate(singles + rng.sample(others, 4)):
        add("twin_converted", "same", a, convert(a, f"#twin{i}"), "the page and its other-script edition")
    releases = [a for a in articles if a["source"] in RELEASE_SOURCES and len(a["text"]) >= 140]
    chosen = rng.sample(releases, 18)
    reports = []
    for i, release in enumerate(chosen):
        context = rng.choice([r for r in releases if r is not release])
        report = report_of(release, context, rng, i)
        reports.append((release, report))
        add("report_of_release", "same", release, report, "a news report written from the release")
    hard = []
    for i, a in enumerate(articles):
        for b in articles[i + 1 :]:
            same_story = a["url"].split("/news/", 1)[-1] == b["url"].split("/news/", 1)[-1]
            if not same_story and shares_zone(a, b):
                hard.append((a, b))
    for a, b in rng.sample(hard, min(26, len(hard))):
        add(
            "hard_negative",
            "different",
            a,
            b,
            "two stories about the same zone or body, same day",
            same_day=True,
        )
    for release, report in rng.sample(reports, 6):
        other = [r for r in releases if r is not release and shares_zone(r, release)]
        if other:
            add(
                "report_vs_other",
                "different",
                report,
                rng.choice(other),
                "a report and another release on the same zone, same day",
                same_day=True,
            )
    daily = [a for a in articles if "公立醫院與武漢相關個案每日更新" in a["title"]]
    if len(daily) == 2:
        add(
            "template_negative",
            "different",
            daily[0],
            daily[1],
            "two days of one daily-figures release",
            same_day=True,
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as out:
        for pair in pairs:
            out.write(json.dumps(pair, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for pair in pairs:
        kinds[pair["kind"]] = kinds.get(pair["kind"], 0) + 1
    print(f"{len(pairs)} pairs -> {OUT.relative_to(REPO)}: {kinds}")


if __name__ == "__main__":
    main()
