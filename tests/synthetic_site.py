"""A generated press-release site for crawl benchmarks and reliability tests, served by gbawatch.mirror.

Built from the templates of the bundled HKSTP mirror pages (the generic spider's source): list pages of
`per_page` links with 下一頁 paging, newest first, and article pages whose title, date and body are varied
from a pool of sentences and figures, so the near-duplicate stage keeps them apart. Article k (0 is the
oldest) has the same path and text whatever the site's size, so a site can grow between two crawls the
way a real one does: new articles on top, the older ones pushed to deeper pages.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATE_HOST = REPO / "tests" / "mirror" / "sites" / "www.hkstp.org"
HOST = "www.hkstp.org"
PR = "/zh-hk/press-room/press-releases"
PER_PAGE = 20
# A sources-file table for the generated site: its list pages only (no feed, no sitemap).
SOURCES_TOML = """
[sources.hkstp]
spider = "generic"
base_url = "https://www.hkstp.org"
list_url = "https://www.hkstp.org/zh-hk/press-room/press-releases/"
link_pattern = "/zh-hk/press-room/press-releases/20\\\\d\\\\d/[a-z0-9-]+/$"
schedule_minutes = 180
args = { language = "zh-Hant" }
"""
SUBJECTS = ["香港科技園公司", "創新科技及工業局", "河套香港園區", "深圳市科技創新局", "數碼港",
            "香港生產力促進局", "香港大學", "香港科技大學", "前海管理局", "南沙開發區", "創新科技署",
            "香港投資推廣署"]
ACTIONS = ["宣布推出", "公布", "啟動", "簽署合作備忘錄推動", "撥款支持", "擴展", "檢討", "聯合舉辦",
           "加快落實"]
TOPICS = ["量子科技研究計劃", "人工智能超算中心", "生命健康創新平台", "跨境數據流動試點", "微電子中試線",
          "初創培育計劃", "綠色金融科技項目", "智慧城市沙盒", "新型工業化資助計劃", "機械人研發中心",
          "先進材料實驗室", "半導體人才計劃"]
DETAILS = ["涉及{n}個項目", "投入{m}億元", "逾{p}成企業來自大灣區", "首年招攬{n}支研究團隊",
           "預計創造{k}個職位", "為期{y}年", "資助上限為{w}萬元", "已有{n}家企業表達意向",
           "覆蓋{n}間本地大學及研究所"]
CLOSERS = ["當局表示將適時檢討成效。", "有關詳情將於稍後公布。", "業界普遍歡迎相關措施。",
           "計劃即日起接受申請。", "兩地將成立專責小組跟進。", "首階段工作預計於年底完成。"]
HKT = timezone(timedelta(hours=8))
OLDEST = datetime(2024, 1, 1, 10, 0, tzinfo=HKT)


def sentence(rng: random.Random) -> str:
    detail = rng.choice(DETAILS).format(n=rng.randint(3, 300), m=rng.randint(1, 90), p=rng.randint(2, 8),
                                        k=rng.randint(50, 5000), y=rng.randint(2, 10),
                                        w=rng.randint(50, 3000))
    return f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}{rng.choice(TOPICS)}，{detail}，{rng.choice(CLOSERS)}"


def article_path(k: int) -> str:
    return f"{PR}/{OLDEST + timedelta(hours=3 * k):%Y}/bench-{k:05d}/"


def article_url(k: int) -> str:
    """The real-site URL article k is stored under."""
    return f"https://{HOST}{article_path(k)}"


def build_mirror(root: Path, articles: int, seed: int = 7, per_page: int = PER_PAGE) -> int:
    """Write list pages and `articles` article pages under root/www.hkstp.org; returns the page count."""
    host = root / HOST
    article_template = (TEMPLATE_HOST / PR.lstrip("/") / "2025" / "quantum-innovation-centre" / "index.html"
                        ).read_text("utf-8")
    list_template = (TEMPLATE_HOST / PR.lstrip("/") / "index.html").read_text("utf-8")
    title_match = re.search(r"<h1 class=\"press-release__title\">(.*?)</h1>", article_template)
    assert title_match is not None, "the HKSTP article template lost its title"
    old_title = title_match.group(1)
    body = re.compile(r"(<div class=\"press-release__body\">).*?"
                      r"(</div>\s*<div class=\"press-release__contact\">)", re.S)
    entries = []
    for k in reversed(range(articles)):  # newest first, as the list shows them
        rng = random.Random(seed * 1_000_003 + k)
        when = OLDEST + timedelta(hours=3 * k)
        title = f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}{rng.choice(TOPICS)}（第{k + 1}號）"
        paragraphs = "".join(f"<p>{''.join(sentence(rng) for _ in range(rng.randint(2, 4)))}</p>"
                             for _ in range(rng.randint(4, 9)))
        page = article_template.replace(old_title, title)
        page = page.replace("2025-05-27T16:00:00+08:00", when.isoformat())
        page = body.sub(lambda m, p=paragraphs: m.group(1) + p + m.group(2), page)
        path = article_path(k)
        target = host / path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, "utf-8")
        entries.append((path, title, when))
    items_block = re.compile(r"(<ul class=\"news-list\">).*?(</ul>)", re.S)
    pager = re.compile(r"<nav class=\"pager\">.*?</nav>", re.S)
    pages = (len(entries) + per_page - 1) // per_page
    for number in range(1, pages + 1):
        chunk = entries[(number - 1) * per_page:number * per_page]
        rows = "".join(f'<li class="news-item"><span class="news-item__date">{w:%Y年%-m月%-d日}</span>'
                       f'<a class="news-item__title" href="{p}">{t}</a></li>' for p, t, w in chunk)
        following = f'<a rel="next" class="pager__next" href="{PR}/page-{number + 1}/">下一頁</a>'
        nav = f'<nav class="pager">{following if number < pages else ""}</nav>'
        page = pager.sub(nav, items_block.sub(lambda m, r=rows: m.group(1) + r + m.group(2), list_template))
        folder = host / PR.lstrip("/") / ("" if number == 1 else f"page-{number}")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(page, "utf-8")
    (host / "robots.txt").write_text("User-agent: *\nAllow: /\n", "utf-8")
    return len(entries) + pages
