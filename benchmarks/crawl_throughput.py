"""Benchmark: crawl a generated ~2,000-page mirror through the whole pipeline into SQLite; articles/s, memory.

    .venv/bin/python benchmarks/crawl_throughput.py [--articles 1900] [--out FILE]

The mirror is built in a temporary directory from the templates of the bundled HKSTP mirror pages (the generic
spider's source): list pages of 20 links with 下一頁 paging, and article pages whose title, date and body are
varied from a pool of sentences and figures, so the near-duplicate stage keeps them apart. Each configuration
runs `gbawatch.crawl.run_crawls` in its own child process (as `gbawatch crawl --base-url … [--no-nlp]` does),
politeness off (no delay, no AutoThrottle, 16 requests per host); peak memory is the child's ru_maxrss.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gbawatch.mirror import serving  # noqa: E402

TEMPLATE_HOST = REPO / "tests" / "mirror" / "sites" / "www.hkstp.org"
PR = "/zh-hk/press-room/press-releases"
PER_PAGE = 20
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


@dataclass
class Run:
    label: str
    stored: int
    seconds: float
    peak_mb: float
    reason: str


def sentence(rng: random.Random) -> str:
    detail = rng.choice(DETAILS).format(n=rng.randint(3, 300), m=rng.randint(1, 90), p=rng.randint(2, 8),
                                        k=rng.randint(50, 5000), y=rng.randint(2, 10),
                                        w=rng.randint(50, 3000))
    return f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}{rng.choice(TOPICS)}，{detail}，{rng.choice(CLOSERS)}"


def build_mirror(root: Path, articles: int, seed: int = 7) -> int:
    """Write list pages and `articles` article pages under root/www.hkstp.org; returns the page count."""
    rng = random.Random(seed)
    host = root / "www.hkstp.org"
    article_template = (TEMPLATE_HOST / PR.lstrip("/") / "2025" / "quantum-innovation-centre" / "index.html"
                        ).read_text("utf-8")
    list_template = (TEMPLATE_HOST / PR.lstrip("/") / "index.html").read_text("utf-8")
    old_title = re.search(r"<h1 class=\"press-release__title\">(.*?)</h1>", article_template).group(1)
    body = re.compile(r"(<div class=\"press-release__body\">).*?"
                      r"(</div>\s*<div class=\"press-release__contact\">)", re.S)
    start = datetime(2025, 6, 30, 10, 0, tzinfo=HKT)
    entries = []
    for n in range(articles):
        when = start - timedelta(hours=3 * n)
        title = f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}{rng.choice(TOPICS)}（第{n + 1}號）"
        paragraphs = "".join(f"<p>{''.join(sentence(rng) for _ in range(rng.randint(2, 4)))}</p>"
                             for _ in range(rng.randint(4, 9)))
        page = article_template.replace(old_title, title)
        page = page.replace("2025-05-27T16:00:00+08:00", when.isoformat())
        page = body.sub(lambda m, p=paragraphs: m.group(1) + p + m.group(2), page)
        path = f"{PR}/{when:%Y}/bench-{n:05d}/"
        target = host / path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, "utf-8")
        entries.append((path, title, when))
    items_block = re.compile(r"(<ul class=\"news-list\">).*?(</ul>)", re.S)
    pager = re.compile(r"<nav class=\"pager\">.*?</nav>", re.S)
    pages = (len(entries) + PER_PAGE - 1) // PER_PAGE
    for number in range(1, pages + 1):
        chunk = entries[(number - 1) * PER_PAGE:number * PER_PAGE]
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


_CHILD = """
import sys
from dataclasses import replace
from pathlib import Path
from gbawatch.config import load_sources
from gbawatch.crawl import CrawlJob, run_crawls
from storage.migrate import upgrade
base, database, nlp = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
upgrade(database)
source = replace(load_sources(Path("tests/spiders/generic_sources.toml"))["hkstp"], feeds=(), sitemap=None)
[result] = run_crawls([CrawlJob(source, base_url=base)], database_url=database, overrides={
    "GBAWATCH_NLP_ENABLED": nlp, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "CLOSESPIDER_TIMEOUT": 1800})
print("REASON", result.reason)
"""


def crawl(base: str, workdir: Path, label: str, nlp: bool) -> Run:
    database = workdir / f"{label}.db"
    started = time.perf_counter()
    # Output to files: a full pipe would block the child while we wait for it.
    out_file, err_file = workdir / f"{label}.out", workdir / f"{label}.err"
    with out_file.open("w") as stdout, err_file.open("w") as stderr:
        child = subprocess.Popen([sys.executable, "-c", _CHILD, base, f"sqlite:///{database}",
                                  "1" if nlp else "0"], cwd=REPO, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, not the sum of all children
    seconds = time.perf_counter() - started
    out, err = out_file.read_text(), err_file.read_text()
    if status != 0:
        raise SystemExit(f"{label} crawl failed:\n{err[-3000:]}")
    with sqlite3.connect(database) as connection:
        stored = connection.execute("SELECT count(*) FROM article").fetchone()[0]
    reason = next((line.split()[1] for line in out.splitlines() if line.startswith("REASON")), "?")
    return Run(label, stored, seconds, usage.ru_maxrss / 1024, reason)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1900)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "crawl_throughput.txt")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gbawatch-bench-") as tmp:
        workdir = Path(tmp)
        pages = build_mirror(workdir / "sites", args.articles)
        with serving(workdir / "sites") as mirror:
            base = mirror.base("www.hkstp.org")
            runs = [crawl(base, workdir, "nlp-off", nlp=False), crawl(base, workdir, "nlp-on", nlp=True)]
    lines = [f"Crawl throughput: {pages} generated pages ({args.articles} articles, "
             f"{pages - args.articles} list pages of {PER_PAGE}) served from 127.0.0.1, generic spider, "
             "whole pipeline into SQLite; "
             f"{os.cpu_count()} CPUs; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
             f"{'run':10} {'stored':>7} {'seconds':>8} {'articles/s':>11} {'peak RSS MB':>12}  finish"]
    for run in runs:
        lines.append(f"{run.label:10} {run.stored:>7} {run.seconds:>8.1f} {run.stored / run.seconds:>11.1f} "
                     f"{run.peak_mb:>12.0f}  {run.reason}")
    lines += ["", "seconds: wall time of the child process (start-up, migration, crawl, last batch stored);",
              "nlp-off (GBAWATCH_NLP_ENABLED=False, as `--no-nlp`) is the ceiling without entity/figure "
              "extraction."]
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
