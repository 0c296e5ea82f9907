"""Benchmark: this project's extraction vs trafilatura vs newspaper4k on every page with a gold file.

    .venv/bin/python benchmarks/extraction_compare.py [--out benchmarks/results/extraction_compare.txt]

Reference body ("golden body"): the gold files hold snippets, not full texts, so the reference is rebuilt from
the page: the text blocks inside the site's article body element (`<p>`, `<center>` and `<h2>`–`<h6>`, the
outermost only; or its `<br>`-separated lines when it has none), as written in the page, minus
- blocks in figures and asides, and blocks whose text is one of the gold `captions`;
- any block holding a gold `must_not_contain` snippet (reporter and editor lines, footers the gold says are
  not body), except that when every such snippet sits in a credit leading the paragraph
  (`【大公報訊】記者 黃釗廣州報道：…`) only that credit is cut and the rest of the paragraph stays;
- a gkmlpt document page has no body element: its body is the HTML in `_CONFIG.DETAIL.content`;
- the site's release footer and all after it where the template has one (info.gov.hk: `Ends/…` or `完`,
  then the day and the issue time), which the notes in shared/samples/README.md say is not body.
Until 2026-11-27 the reference took `<p>` only and dropped a whole paragraph for a credit at its start, so it
lacked subheadings (`<center><strong>三大方面發力</strong></center>`, a gold `must_contain`) and the first
paragraph of credited stories, and it kept info.gov.hk's Chinese footer: a spider that was right scored low.
Body score: bag-of-characters F1 (whitespace ignored), suited to Chinese text without word boundaries.
Title: exact match. Date: same calendar day in Hong Kong time (trafilatura gives days only); the project's
full timestamp match is reported too. A gold date of null is matched only by no date.
Speed: extraction calls only (the page is already decoded), pages/s in the steady state. A first pass over
all pages gives the scores and pays every extractor's one-off start-up (spider construction; lazy dictionaries
such as dateparser's locale tables, which htmldate's extensive search loads on the first page it cannot date
otherwise, for seconds: before 2026-11-27 whichever extractor met that page first paid for it inside its
timing); its rate is reported apart. Then `--repeat` timed passes, each on fresh copies of the responses (no
parse cached from an earlier pass), the fastest kept. Extractors run in turn in one process.
newspaper4k is optional (`pip install newspaper4k`; it parses offline, jieba handles Chinese).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import scrapy  # noqa: E402
from lxml import html as lxml_html  # noqa: E402
from scrapy.http import HtmlResponse  # noqa: E402
from scrapy.spiderloader import SpiderLoader  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from gbawatch.config import DEFAULT_SOURCES_FILE, SourceConfig, load_sources  # noqa: E402
from gbawatch.crawl import scrapy_settings  # noqa: E402
from spiders.fallback import extract_article  # noqa: E402
from spiders.gov_cn_gkmlpt import find_detail  # noqa: E402
from spiders.items import ArticleItem  # noqa: E402
from spiders.middlewares import CharsetRepairMiddleware  # noqa: E402

MIRROR = REPO / "tests" / "mirror"
SHARED_SAMPLES = Path(os.environ.get("GBAWATCH_SHARED", REPO.parent / "shared")) / "samples"
EXTRA_SOURCES = REPO / "tests" / "spiders" / "generic_sources.toml"
HKT = timezone(timedelta(hours=8))
# The article body element of each site's template (from shared/samples/README.md and the rebuilt pages).
BODY_ELEMENT = {
    # div.article-body: the redesigned template (the drift test's page, read by the fallback).
    "www.takungpao.com": "div.tkp_content, div.article-body",
    "www.takungpao.com.hk": "div.tkp_content, div.article-body",
    "www.info.gov.hk": "span#pressrelease", "www.news.gov.hk": "div.newsdetail-content",
    "www.sz.gov.cn": "div.news_cont_d_wrap, div.TRS_Editor, div.zw",
    "htcz.sz.gov.cn": "div.news_cont_d_wrap, div.TRS_Editor, div.zw",
    "www.gd.gov.cn": "div.zw, div.news_cont_d_wrap, div.TRS_Editor",
    "gdstc.gd.gov.cn": "div.zw, div.news_cont_d_wrap, div.TRS_Editor",
    "www.hkstp.org": "div.press-release__body",
}
_TEXT_BLOCKS = ("p", "center", "h2", "h3", "h4", "h5", "h6")
# Where a release's footer starts (not body text; the spider reads the issue time from it).
FOOTER_START = {"www.info.gov.hk": re.compile(r"^(?:Ends/|完$)")}
# A credit opening a paragraph: 【大公報訊】記者 黃釗廣州報道： (up to its colon).
_LEAD_CREDIT = re.compile(r"^【[^】]{1,12}】[^。：:]{0,40}[：:]")


@dataclass
class Extracted:
    title: str | None
    text: str
    published_at: datetime | None


@dataclass
class Page:
    host: str
    row: str  # the report row: the host, marked "(real)" for the real pages of ../shared/samples
    path: Path
    gold: dict[str, Any]
    response: HtmlResponse
    reference: str | None


def sources_by_host() -> dict[str, SourceConfig]:
    found: dict[str, SourceConfig] = {}
    for path in (DEFAULT_SOURCES_FILE, EXTRA_SOURCES):
        for source in load_sources(path).values():
            found.setdefault(urlsplit(source.base_url).netloc, source)
    return found


def reference_text(html: str, host: str, gold: dict[str, Any]) -> str | None:
    document = lxml_html.fromstring(html)
    bodies = document.cssselect(BODY_ELEMENT.get(host, "article"))
    if not bodies and (detail := find_detail(html)) and detail.get("content"):
        bodies = [lxml_html.fragment_fromstring(str(detail["content"]), create_parent="div")]
    if not bodies:
        return None
    body = bodies[0]
    banned = [s for s in gold.get("must_not_contain", []) if s]
    captions = {" ".join(c.split()) for c in gold.get("captions", [])}
    blocks = [b for b in body.iter(*_TEXT_BLOCKS)
              if not any(a.tag in _TEXT_BLOCKS or a.tag in ("figure", "figcaption", "aside")
                         for a in b.iterancestors() if a is not body and body in a.iterancestors())]
    if blocks:
        lines = [" ".join(b.text_content().split()) for b in blocks]
    else:
        for br in body.iter("br"):
            br.tail = "\n" + (br.tail or "")
        lines = [" ".join(line.split()) for line in body.text_content().split("\n")]
    footer = FOOTER_START.get(host)
    if footer is not None:
        ends = next((i for i, line in enumerate(lines) if footer.match(line)), len(lines))
        lines = lines[:ends]
    kept = []
    for line in lines:
        if not line or line in captions:
            continue
        if any(s in line for s in banned):
            credit = _LEAD_CREDIT.match(line)
            if credit is None or any(s in line[credit.end():] for s in banned):
                continue
            line = line[credit.end():].strip()
        kept.append(line)
    return "\n".join(kept) or None


def gold_pages() -> list[tuple[Path, Path, str]]:
    """(gold file, page, host row) of every article page with a gold file: the mirror's rebuilt pages, then
    the real pages of ../shared/samples (gold in tests/mirror/gold-shared; the pages are never copied here)."""
    if not SHARED_SAMPLES.is_dir():
        raise SystemExit(f"{SHARED_SAMPLES} is needed: the real pages this benchmark scores live in "
                         "../shared/samples beside the repository (or set GBAWATCH_SHARED)")
    found = []
    for gold_dir, pages_dir in ((MIRROR / "gold", MIRROR / "sites"), (MIRROR / "gold-shared", SHARED_SAMPLES)):
        for gold_file in sorted(gold_dir.rglob("*.json")):
            page = pages_dir / gold_file.relative_to(gold_dir).with_suffix("")
            if page.suffix not in (".html", ".htm", ".shtml") or not page.is_file():
                continue  # feeds and JSON catalogue entries are not article pages
            host = urlsplit(json.loads(gold_file.read_text("utf-8"))["url"]).netloc
            found.append((gold_file, page, host if pages_dir == MIRROR / "sites" else f"{host} (real)"))
    return found


def load_pages() -> list[Page]:
    middleware = CharsetRepairMiddleware()
    pages = []
    for gold_file, page, row in gold_pages():
        gold = json.loads(gold_file.read_text("utf-8"))
        sidecar = page.with_name(page.name + ".meta.json")
        headers = json.loads(sidecar.read_text("utf-8")).get("headers", {}) if sidecar.is_file() else {}
        request = scrapy.Request(gold["url"])
        response = HtmlResponse(url=gold["url"], body=page.read_bytes(), request=request,
                                headers=headers or {"Content-Type": "text/html"})
        response = middleware.process_response(request, response)  # part of the project's path
        host = row.removesuffix(" (real)")
        pages.append(Page(host, row, page, gold, response, reference_text(response.text, host, gold)))
    return pages


def project_extractor() -> Callable[[Page], Extracted]:
    loader = SpiderLoader.from_settings(scrapy_settings("sqlite://"))
    spiders: dict[str, Any] = {}
    sources = sources_by_host()

    def run(page: Page) -> Extracted:
        if page.host not in spiders:
            source = sources[page.host]
            cls = loader.load(source.spider)
            spiders[page.host] = cls.from_crawler(get_crawler(cls), **source.spider_arguments())
        result = spiders[page.host].parse_article(page.response)
        items = [result] if isinstance(result, ArticleItem) else [x for x in result or []
                                                                   if isinstance(x, ArticleItem)]
        if not items:
            return Extracted(None, "", None)
        return Extracted(items[0].title, items[0].text, items[0].published_at)
    return run


def trafilatura_extractor(page: Page) -> Extracted:
    import trafilatura

    document = trafilatura.bare_extraction(page.response.text, url=page.gold["url"], with_metadata=True)
    if document is None:
        return Extracted(None, "", None)
    data = document.as_dict()
    day = data.get("date")
    return Extracted(data.get("title"), data.get("text") or "",
                     datetime.fromisoformat(day).replace(tzinfo=HKT) if day else None)


def newspaper_extractor() -> Callable[[Page], Extracted] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "nltk is not installed": only its NLP features need it
            from newspaper import Article
    except ImportError:
        return None

    def run(page: Page) -> Extracted:
        language = "en" if page.gold.get("language") == "en" else "zh"
        article = Article(page.gold["url"], language=language, fetch_images=False)
        article.download(input_html=page.response.text)
        article.parse()
        return Extracted(article.title or None, article.text or "", article.publish_date)
    return run


def char_f1(predicted: str, reference: str) -> float:
    pred = Counter(c for c in predicted if not c.isspace())
    ref = Counter(c for c in reference if not c.isspace())
    common = sum((pred & ref).values())
    if not common:
        return 0.0
    precision, recall = common / sum(pred.values()), common / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def same_day(found: datetime | None, gold: str | None) -> bool:
    if gold is None or found is None:
        return gold is None and found is None
    expected = datetime.fromisoformat(gold)
    found = found if found.tzinfo else found.replace(tzinfo=HKT)
    return found.astimezone(HKT).date() == expected.astimezone(HKT).date()


def evaluate(name: str, extract: Callable[[Page], Extracted], pages: list[Page], repeat: int) -> dict[str, Any]:
    per_host: dict[str, list[tuple[float | None, bool, bool, bool]]] = defaultdict(list)
    cold = 0.0
    for page in pages:  # the scoring pass: it also pays the extractor's start-up (reported apart)
        start = time.perf_counter()
        found = extract(page)
        cold += time.perf_counter() - start
        f1 = char_f1(found.text, page.reference) if page.reference else None
        title_ok = (found.title or "").strip() == page.gold["title"]
        gold_date = page.gold["published_at"]
        exact = found.published_at == (datetime.fromisoformat(gold_date) if gold_date else None)
        per_host[page.row].append((f1, title_ok, same_day(found.published_at, gold_date), exact))
    best = float("inf")
    for _ in range(repeat):
        fresh = [fresh_copy(page) for page in pages]
        elapsed = 0.0
        for page in fresh:
            start = time.perf_counter()
            extract(page)
            elapsed += time.perf_counter() - start
        best = min(best, elapsed)
    return {"name": name, "per_host": per_host, "pages_per_s": len(pages) / best if best else 0.0,
            "first_pass_pages_per_s": len(pages) / cold if cold else 0.0}


def fresh_copy(page: Page) -> Page:
    """The same page in a new response: decoded, but with no parsed tree cached on it yet."""
    old = page.response
    response = HtmlResponse(url=old.url, body=old.body, headers=old.headers, request=old.request,
                            encoding=old.encoding)
    response.text  # noqa: B018 -- decoding is outside the timing, as for every extractor
    return Page(page.host, page.row, page.path, page.gold, response, page.reference)


def summary(rows: list[tuple[float | None, bool, bool, bool]]) -> tuple[str, float, float, float]:
    scores = [r[0] for r in rows if r[0] is not None]
    f1 = f"{sum(scores) / len(scores):.3f}" if scores else "  -  "
    n = len(rows)
    return f1, sum(r[1] for r in rows) / n, sum(r[2] for r in rows) / n, sum(r[3] for r in rows) / n


def report(results: list[dict[str, Any]], pages: list[Page], missing: str | None) -> str:
    hosts = sorted({p.row for p in pages})
    lines = [f"Extraction on {len(pages)} article pages with gold files (mirror, and real ones from ../shared) "
             f"({sum(1 for p in pages if p.reference)} with a reference body); "
             f"generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", ""]
    header = f"{'host':22} {'pages':>5} " + " ".join(f"| {r['name']:^31}" for r in results)
    lines += [header, f"{'':22} {'':>5} " + " ".join(f"| {'F1':>6} {'title':>6} {'day':>6} {'exact':>6} "
                                                    for _ in results), "-" * len(header)]
    for host in [*hosts, "ALL"]:
        cells = []
        for result in results:
            rows = ([row for h in hosts for row in result["per_host"][h]] if host == "ALL"
                    else result["per_host"][host])
            f1, title, day, exact = summary(rows)
            cells.append(f"| {f1:>6} {title:6.0%} {day:6.0%} {exact:6.0%} ")
        count = len(pages) if host == "ALL" else sum(1 for p in pages if p.row == host)
        lines.append(f"{host:22} {count:>5} " + " ".join(cells))
    lines += ["", "pages/s (steady state, fastest of the timed passes): "
              + ", ".join(f"{r['name']} {r['pages_per_s']:.1f}" for r in results),
              "first pass (with each extractor's start-up, in this order): "
              + ", ".join(f"{r['name']} {r['first_pass_pages_per_s']:.1f}" for r in results)]
    lines += ["", "F1: bag-of-characters F1 of the body text vs the golden body (see the module docstring);",
              "title: exact; day: same HKT calendar day (null = null); exact: same timestamp to the second."]
    if missing:
        lines.append(f"not compared: {missing}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = REPO / "benchmarks" / "results" / "extraction_compare.txt"
    parser.add_argument("--out", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per extractor (the fastest is kept)")
    args = parser.parse_args()
    pages = load_pages()
    extractors: list[tuple[str, Callable[[Page], Extracted]]] = [
        ("gba-watch", project_extractor()), ("trafilatura", trafilatura_extractor),
        ("fallback module", lambda p: _fallback(p))]
    newspaper = newspaper_extractor()
    if newspaper is not None:
        extractors.append(("newspaper4k", newspaper))
    results = [evaluate(name, extract, pages, args.repeat) for name, extract in extractors]
    text = report(results, pages, None if newspaper else "newspaper4k (not installed)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    print(text)


def _fallback(page: Page) -> Extracted:
    result = extract_article(page.response.text, page.gold["url"])
    return Extracted(result.title, result.text, result.published_at)


if __name__ == "__main__":
    main()
