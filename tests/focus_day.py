"""A day at real volume, for benchmarks/focus_day.py and the digest tests: the real releases in
../shared/samples/real (read from there, never copied), the mirror's labelled pages, and pages generated in
each source's own page template with off-topic news (tests/focus_stories.py), each with its label.

Every article is moved onto one day (its time of day kept), as if the whole set had been published then: the
digest and its measurements see one day of real volume. Labels come from watch/data/relevance (real and
mirror pages: paths and labels only) and from the generator, which knows its pages are all off topic.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from gbawatch.config import SourceConfig
from gbawatch.extract import extract_pages
from nlp.convert import to_simplified
from storage.records import ArticleRecord
from tests.focus_kinds_hk import HK_KINDS
from tests.focus_kinds_mainland import MAINLAND_KINDS
from tests.focus_stories import Written, write

REPO = Path(__file__).resolve().parents[1]
MIRROR = REPO / "tests" / "mirror" / "sites"
LABELS = REPO / "watch" / "data" / "relevance"
HKT = timezone(timedelta(hours=8))
DAY = date(2025, 11, 27)  # the real releases' Tai Po fire coverage is of these days
_WEEKDAY = "一二三四五六日"


@dataclass(frozen=True)
class DayPage:
    path: Path
    source: str
    label: int       # 1: on the topic of the default profile (gba-sti)
    origin: str      # real, mirror, generated
    key: str         # the page's path under its root: the key of the labels files and of training examples
    topic: str = ""  # generated pages: the kind of news
    hard: bool = False
    story: int = 0   # generated pages: which story (its copies in other sources share it)


@dataclass(frozen=True)
class Template:
    """A mirror page of a source, and what changes to make it another article of that source."""

    source: str
    language: str
    page: str                                # under tests/mirror/sites
    title: str                               # the template's own title, replaced wherever it appears
    body: tuple[str, str]                    # the text just before and just after the body, both kept
    paragraph: str                           # one paragraph's markup: {text}
    ids: tuple[tuple[str, str], ...]         # the page's own ids (URL parts) -> format of the new ones
    dates: tuple[tuple[str, str], ...]       # date strings -> format of the new page's
    scrub: tuple[str, ...] = ()              # patterns removed (keyword tags, and the like)
    issuer: str = ""                         # the template's issuing body, replaced by the story's


_META = re.compile(r'(<meta\s+(?:name|property)="(?:description|Description|keywords|Keywords|og:description)"'
                   r'\s+content=")[^"]*(")', re.S)
TEMPLATES = {
    "infogov-zh": Template(
        "infogov", "zh-Hant", "www.info.gov.hk/gia/general/202001/09/P2020010900380.htm",
        "香港科技園公司與深圳簽署合作備忘錄推動河套科研合作（附圖）",
        ('<span id="pressrelease" class="fontSize1">', '<div class="controlDisplay2'),
        "\n　　{text}<br />\n<br />",
        (("P2020010900380", "P{when:%Y%m%d}{n:05d}"), ("P2020010900381", "P{when:%Y%m%d}{m:05d}"),
         ("202001/09", "{when:%Y%m/%d}")),
        (("2020年1月9日（星期四）", "{zh_day}"), ("香港時間16時05分", "香港時間{when:%H}時{when:%M}分"))),
    "infogov-en": Template(
        "infogov", "en", "www.info.gov.hk/gia/general/202001/09/P2020010900381.htm",
        "HKSTP and Shenzhen sign MoU to promote research collaboration in Loop (with photo)",
        ('<span id="pressrelease" class="fontSize1">', '<div class="controlDisplay2'),
        "\n&nbsp;&nbsp;&nbsp;&nbsp; {text}<br />\n<br />",
        (("P2020010900381", "P{when:%Y%m%d}{n:05d}"), ("P2020010900380", "P{when:%Y%m%d}{m:05d}"),
         ("202001/09", "{when:%Y%m/%d}")),
        (("Thursday, January 9, 2020", "{en_day}"), ("HKT 16:05", "HKT {when:%H:%M}"))),
    "takungpao_hk": Template(
        "takungpao_hk", "zh-Hant", "www.takungpao.com.hk/news/232109/2025/1010/1130089.html",
        "河套深港科技創新合作區量子科技研究中心啟用 首批150個項目進駐",
        ('<div class="tkp_content">\n', '      </div>\n      <div class="tkp_con_tags">'),
        "<p>　　{text}</p>\n", (("2025/1010/1130089", "{when:%Y/%m%d}/{n}"),),
        (("2025-10-10 04:23:11", "{when:%Y-%m-%d %H:%M:%S}"),), (r'<div class="tkp_con_tags">.*?</div>',)),
    "takungpao_cn": Template(
        "takungpao_cn", "zh-Hans", "www.takungpao.com/news/232109/2025/1010/1130089.html",
        "河套深港科技创新合作区量子科技研究中心启用 首批150个项目进驻",
        ('<div class="tkp_content">\n', '      </div>\n      <div class="tkp_con_tags">'),
        "<p>　　{text}</p>\n", (("2025/1010/1130089", "{when:%Y/%m%d}/{n}"),),
        (("2025-10-10 04:23:11", "{when:%Y-%m-%d %H:%M:%S}"),), (r'<div class="tkp_con_tags">.*?</div>',)),
    "newsgov": Template(
        "newsgov", "zh-Hant", "www.news.gov.hk/chi/2025/01/20250117/20250117_101500_330.html",
        "孫東：逾三成進駐企業來自內地及海外",
        ('<div class="newsdetail-content">\n', '\t\t\t</div>\n\t\t\t<div class="related-news">'),
        "\t\t\t\t<p>{text}</p>\n",
        (("2025/01/20250117/20250117_101500_330", "{when:%Y/%m/%Y%m%d}/{when:%Y%m%d_%H%M%S}_{n:03d}"),),
        (("2025年1月17日（星期五）", "{zh_day}"), ('content="2025-01-17"', 'content="{when:%Y-%m-%d}"'))),
    "szgov": Template(
        "szgov", "zh-Hans", "www.sz.gov.cn/cn/xxgk/zfxxgj/zwdt/content/post_11270001.html",
        "河套深港科技创新合作区深圳园区新一批150个项目集中签约",
        ('<div class="TRS_Editor">\n', '    </div>\n  </div>'), "<p>{text}</p>\n",
        (("post_11270001", "post_{n}"),), (("2024-05-10 09:30", "{when:%Y-%m-%d %H:%M}"),),
        issuer="深圳市科技创新局"),
    "gdgov": Template(
        "gdgov", "zh-Hans", "www.gd.gov.cn/gdywdt/gdyw/content/post_4388888.html",
        "广东设立2亿元量子科技专项 支持大湾区量子科学中心建设",
        ('<div class="zw">', '    </div>\n    <div class="zw-share">'), "\n<p>{text}</p>",
        (("post_4388888", "post_{n}"),), (("2024-05-06 19:02:33", "{when:%Y-%m-%d %H:%M:%S}"),),
        issuer="广东省科学技术厅"),
}
# Who issues mainland news of each kind (the template's S&T bureau would be a signal of its own).
ISSUERS = {"traffic": "交通运输局", "weather": "气象局", "health": "卫生健康委员会", "courts": "中级人民法院",
           "culture": "文化广电旅游体育局", "housing": "住房和建设局"}
REPORTERS = ["陳家明", "李曉彤", "黃志強", "張詠詩", "何俊傑", "林嘉欣", "吳嘉豪", "梁美玲"]


def _fill(template: Template, when: datetime, n: int, m: int, title: str, paragraphs: Sequence[str],
          issuer: str = "") -> tuple[str, str]:
    """(the new page's path under the mirror root, its HTML)."""
    html = (MIRROR / template.page).read_text("utf-8")
    start = html.index(template.body[0]) + len(template.body[0])
    end = html.index(template.body[1], start)
    html = html[:start] + "".join(template.paragraph.format(text=p) for p in paragraphs) + html[end:]
    values = {"when": when, "n": n, "m": m, "zh_day": f"{when.year}年{when.month}月{when.day}日（星期"
              f"{_WEEKDAY[when.weekday()]}）", "en_day": f"{when:%A, %B} {when.day}, {when.year}"}
    path = template.page
    for old, new in template.ids:
        html, path = html.replace(old, new.format(**values)), path.replace(old, new.format(**values))
    for old, new in template.dates:
        assert old in html, f"{template.page}: the date {old!r} moved"
        html = html.replace(old, new.format(**values))
    for pattern in template.scrub:
        html = re.sub(pattern, "", html, flags=re.S)
    if template.issuer:
        html = html.replace(template.issuer, issuer)
    assert template.title in html, f"{template.page}: the title moved"
    html = html.replace(template.title, title)
    html = _META.sub(lambda match: match.group(1) + paragraphs[0][:80].replace('"', "") + match.group(2), html)
    return path, html


def _save(root: Path, path: str, html: str) -> Path:
    out = root / path
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, "utf-8")
    return out


# How generated news is published: a Hong Kong story as an info.gov.hk release in both languages (or only on
# news.gov.hk), often reported by news.gov.hk and by Ta Kung Pao on both hosts; a mainland one on sz.gov.cn or
# gd.gov.cn. The copies of one story are one story to the digest, as on a real day.
MAINLAND_SHARE = 0.3
REPORTED = 0.3


def generate(root: Path, articles: int, day: date = DAY, seed: int = 20251127) -> list[DayPage]:
    """At least `articles` off-topic pages under root/<host>/…, in each source's template, dated `day`."""
    rng = random.Random(seed)
    pages: list[DayPage] = []
    serial = 100
    while len(pages) < articles:
        when = datetime.combine(day, time(rng.randint(6, 21), rng.randint(0, 59), rng.randint(0, 59)), HKT)
        serial += 2
        if rng.random() < MAINLAND_SHARE:
            kind = rng.choice(MAINLAND_KINDS)
            outlets = [rng.choice(["szgov", "szgov", "gdgov"])]
        else:
            kind = rng.choice(HK_KINDS)
            outlets = ["infogov"] if rng.random() < 0.8 else ["newsgov"]
            outlets += [o for o in ("newsgov", "takungpao") if o not in outlets and rng.random() < REPORTED]
        story = write(kind, rng, (day.month, day.day))
        for at, outlet in enumerate(outlets):
            later = when + timedelta(minutes=rng.randint(20, 120)) if at else when
            _story_pages(root, outlet, story, min(later, when.replace(hour=23, minute=50)), serial, rng, pages)
    return pages


def _story_pages(root: Path, family: str, story: Written, when: datetime, serial: int, rng: random.Random,
                 pages: list[DayPage]) -> None:
    """One story's pages in one family of sources (a release in both languages, a report on both hosts)."""
    made: list[tuple[str, Path]] = []
    if family == "infogov":
        for key, language, n, m in (("infogov-zh", "zh-Hant", serial, serial + 1),
                                    ("infogov-en", "en", serial + 1, serial)):
            path, html = _fill(TEMPLATES[key], when, n, m, story.title[language], story.text[language])
            made.append(("infogov", _save(root, path, html)))
    elif family == "takungpao":
        reporter = f"大公報記者 {rng.choice(REPORTERS)}報道"
        traditional = [reporter, *story.text["zh-Hant"]]
        for key, convert in (("takungpao_hk", False), ("takungpao_cn", True)):
            title = to_simplified(story.title["zh-Hant"]) if convert else story.title["zh-Hant"]
            text = [to_simplified(p) for p in traditional] if convert else traditional
            path, html = _fill(TEMPLATES[key], when, 1200000 + serial, 0, title, text)
            made.append((key, _save(root, path, html)))
    else:
        language = "zh-Hant" if family == "newsgov" else "zh-Hans"
        prefix = "深圳市" if family == "szgov" else "广东省"
        path, html = _fill(TEMPLATES[family], when, serial, 0, story.title[language], story.text[language],
                           issuer=prefix + ISSUERS.get(story.topic, "人民政府办公厅"))
        made.append((family, _save(root, path, html)))
    pages += [DayPage(p, source, 0, "generated", str(p.relative_to(root)), story.topic, story.hard, serial)
              for source, p in made]


def labelled_pages(root: Path, labels: Path, origin: str) -> list[DayPage]:
    """The pages a labels file names (real or mirror), under `root`."""
    out: dict[str, DayPage] = {}
    for line in labels.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.setdefault(row["path"], DayPage(root / row["path"], row["source"], int(row["label"]), origin,
                                                row["path"]))
    return list(out.values())


def day_pages(work: Path, real_root: Path | None, generated: int, day: date = DAY) -> list[DayPage]:
    """Every page of the day: the real releases (when `real_root` is given), the mirror's labelled pages, and
    `generated` pages written under `work`."""
    pages = labelled_pages(real_root, LABELS / "real_labels.jsonl", "real") if real_root is not None else []
    pages += labelled_pages(MIRROR, LABELS / "mirror_labels.jsonl", "mirror")
    return pages + generate(work, generated, day)


def on_day(record: ArticleRecord, day: date, tz: timezone = HKT) -> ArticleRecord:
    """The record moved onto `day`, at the local time of day it was published."""
    local = record.published_at.astimezone(tz)
    return replace(record, published_at=datetime.combine(day, local.timetz()))


def records(pages: Sequence[DayPage], sources: dict[str, SourceConfig], *, run_nlp: bool = True,
            ) -> Iterator[tuple[DayPage, ArticleRecord | None, str | None]]:
    """Each page parsed by its source's spider (and analysed unless `run_nlp` is false): (page, record or
    None, why not)."""
    by_source: dict[str, list[DayPage]] = defaultdict(list)
    for page in pages:
        by_source[page.source].append(page)
    for source, group in by_source.items():
        by_path = {p.path.resolve(): p for p in group}
        for outcome in extract_pages(sources[source], [p.path for p in group], run_nlp=run_nlp):
            yield by_path[outcome.path.resolve()], outcome.article, outcome.rejected
