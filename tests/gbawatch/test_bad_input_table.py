"""Every bad input of the hostile-input review, through the real CLI: one line on stderr, the documented exit
code (2 bad input, 4 database), no traceback, and nothing changed on disk.

The CLI runs in this process through click's runner (a subprocess per case would cost minutes); the crawl
cases fail before Scrapy starts, which is what they check. One subprocess test checks the same contract
for a case per exit code as a user meets it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from gbawatch.cli import main
from pipeline.spool import write_spool
from storage.engine import make_engine, session_factory
from storage.migrate import upgrade
from storage.records import ArticleRecord
from tests.schedules.helpers import add_article

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "tests/mirror/sites/www.info.gov.hk/gia/general/202001/09/P2020010900381.htm"
DEEP = "(" * 2000 + "河套" + ")" * 2000


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]  # "{tmp}" becomes the case's directory
    code: int
    message: str  # a fragment of the one line on stderr
    db: str = "archive"  # "archive": a copy of a small archive; "new": a path with no file; else the URL
    env: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # written into {tmp} before the run


def sources(text: str | bytes) -> dict[str, bytes]:
    return {"s.toml": text if isinstance(text, bytes) else text.encode("utf-8")}


GENERIC = '[sources.g]\nspider = "generic"\nbase_url = "https://example.org"\nlist_url = "/news/"\n'
CASES = [
    # The query parser: nesting is bounded, not a RecursionError.
    Case("2000 parentheses: search", ("search", DEEP), 2, "nested more than"),
    Case("2000 NOTs: search", ("search", "NOT " * 2000 + "河套 前海"), 2, "nested more than"),
    Case("2000 minus signs: search", ("search", "--", "-" * 2000), 2, "nothing to search"),
    Case("an unknown option", ("search", "-" * 2000), 2, "No such option"),
    Case("2000 parentheses: watch add", ("watch", "add", "deep", "--query", DEEP), 2, "nested more than"),
    # Dates outside what the archive can hold.
    Case("search --since 0001-01-01", ("search", "河套", "--since", "0001-01-01"), 2, "out of range"),
    Case("search --until 9999-12-31", ("search", "河套", "--until", "9999-12-31"), 2, "out of range"),
    Case("export --since 0001-01-01", ("export", "--since", "0001-01-01", "-o", "{tmp}/x.jsonl"), 2, "out of range"),
    Case("trends --until 9999-12-31", ("trends", "河套", "--until", "9999-12-31"), 2, "out of range"),
    Case("trends --rising --until 9999-12-31", ("trends", "--rising", "--until", "9999-12-31"), 2, "out of range"),
    Case("stories --since 0001-01-01", ("stories", "--since", "0001-01-01"), 2, "out of range"),
    Case("digest --date 9999-12-31", ("digest", "--date", "9999-12-31"), 2, "out of range"),
    Case("digest --date 0001-01-01", ("digest", "--date", "0001-01-01"), 2, "out of range"),
    Case("crawl --since 0001-01-01", ("crawl", "takungpao_hk", "--since", "0001-01-01"), 2, "out of range"),
    Case("crawl --since 9999-12-31T23:59", ("crawl", "takungpao_hk", "--since", "9999-12-31T23:59:59"), 2,
         "out of range"),
    Case("watch add --since 0001-01-01", ("watch", "add", "old", "-q", "河套", "--since", "0001-01-01"), 2,
         "out of range"),
    # Outputs that cannot be written: checked before any work, and no partial file left.
    Case("trends --chart /nonexistent/x.png", ("trends", "河套", "--chart", "/nonexistent/x.png"), 2,
         "cannot write /nonexistent/x.png"),
    Case("trends --chart x.txt", ("trends", "河套", "--chart", "{tmp}/x.txt"), 2, ".png or .svg"),
    Case("export -o /dev/full", ("export", "--format", "csv", "-o", "/dev/full"), 2, "cannot write /dev/full"),
    Case("export -o /nonexistent/x.csv", ("export", "-o", "/nonexistent/x.csv"), 2, "cannot write"),
    Case("digest --out /nonexistent/d.md", ("digest", "--date", "2025-10-10", "--out", "/nonexistent/d.md"), 2,
         "cannot write"),
    Case("digest --out /dev/full", ("digest", "--date", "2025-10-10", "--out", "/dev/full"), 2,
         "cannot write /dev/full"),
    Case("feed --out /nonexistent/f.xml", ("feed", "nosuchrule", "--out", "/nonexistent/f.xml"), 2, ""),
    # URLs given on the command line.
    Case("extract --url javascript:", ("extract", "--source", "infogov", "--url", "javascript:alert(1)", str(PAGE)),
         2, "--url"),
    Case("ingest --url javascript:", ("ingest", "--source", "infogov", "--url", "javascript:alert(1)", str(PAGE)),
         2, "--url"),
    Case("extract --url file:", ("extract", "--source", "infogov", "--url", "file:///etc/passwd", str(PAGE)),
         2, "--url"),
    Case("crawl --base-url javascript:", ("crawl", "takungpao_hk", "--base-url", "javascript:alert(1)"), 2,
         "--base-url"),
    # Scrapy settings.
    Case("-s CONCURRENT_REQUESTS=abc", ("crawl", "takungpao_hk", "-s", "CONCURRENT_REQUESTS=abc"), 2,
         "CONCURRENT_REQUESTS"),
    Case("-s DOWNLOAD_DELAY=soon", ("crawl", "takungpao_hk", "-s", "DOWNLOAD_DELAY=soon"), 2, "DOWNLOAD_DELAY"),
    Case("-s ROBOTSTXT_OBEY=maybe", ("crawl", "takungpao_hk", "-s", "ROBOTSTXT_OBEY=maybe"), 2, "ROBOTSTXT_OBEY"),
    Case("-s without =", ("crawl", "takungpao_hk", "-s", "CONCURRENT_REQUESTS"), 2, "NAME=VALUE"),
    # Settings from the environment.
    Case("GBAWATCH_TIMEZONE=Mars/Olympus", ("digest",), 2, "unknown time zone",
         env={"GBAWATCH_TIMEZONE": "Mars/Olympus"}),
    Case("GBAWATCH_SMTP_PORT=abc", ("runs",), 2, "bad setting", env={"GBAWATCH_SMTP_PORT": "abc"}),
    # Databases.
    Case("garbage database file: search", ("search", "河套"), 4, "not a database",
         db="sqlite:///{tmp}/garbage.db", files={"garbage.db": os.urandom(8192)}),
    Case("garbage database file: db upgrade", ("db", "upgrade"), 4, "not a database",
         db="sqlite:///{tmp}/garbage.db", files={"garbage.db": b"SQLite format 3\x00" + os.urandom(8192)}),
    Case("garbage database file: crawl", ("crawl", "takungpao_hk"), 4, "not a database",
         db="sqlite:///{tmp}/garbage.db", files={"garbage.db": b"not a database at all\n" * 500}),
    Case("mysql:// URL", ("runs",), 2, "unsupported database URL", db="mysql://user@127.0.0.1/x"),
    Case("notaurl", ("search", "河套"), 2, "database URL", db="notaurl"),
    Case("empty database URL scheme", ("runs",), 2, "database URL", db="://"),
    Case("search on a new SQLite path", ("search", "河套"), 4, "no database at", db="new"),
    Case("runs on a new SQLite path", ("runs",), 4, "no database at", db="new"),
    Case("digest on a new SQLite path", ("digest", "--date", "2025-10-10"), 4, "no database at", db="new"),
    Case("watch list on a new SQLite path", ("watch", "list"), 4, "no database at", db="new"),
    Case("a SQLite file without our tables", ("search", "河套"), 4, "has no gba-watch tables",
         db="sqlite:///{tmp}/other.db", files={"other.db": b""}),
    # Sources files.
    Case("sources file not UTF-8", ("--sources", "{tmp}/s.toml", "sources"), 2, "not UTF-8",
         files=sources(b'[sources.x]\nspider = "generic"\nbase_url = "\xff\xfe"\n')),
    Case("sources = 5", ("--sources", "{tmp}/s.toml", "sources"), 2, "must be a table", files=sources("sources = 5\n")),
    Case("sources.x = 5", ("--sources", "{tmp}/s.toml", "sources"), 2, "must be a table",
         files=sources("[sources]\nx = 5\n")),
    Case("source name with a line break", ("--sources", "{tmp}/s.toml", "sources"), 2, "source name",
         files=sources('[sources."a\\nb"]\nspider = "szgov"\nbase_url = "http://www.sz.gov.cn"\n')),
    Case("bad regex", ("--sources", "{tmp}/s.toml", "sources"), 2, "link_pattern",
         files=sources(GENERIC + 'link_pattern = "([a-z"\n')),
    Case("base_url not a URL", ("--sources", "{tmp}/s.toml", "sources"), 2, "base_url",
         files=sources('[sources.x]\nspider = "generic"\nbase_url = "javascript:alert(1)"\n')),
    Case("negative schedule", ("--sources", "{tmp}/s.toml", "sources"), 2, "schedule_minutes",
         files=sources('[sources.x]\nspider = "szgov"\nbase_url = "http://www.sz.gov.cn"\nschedule_minutes = 0\n')),
    Case("sources file is a directory", ("--sources", "{tmp}", "sources"), 2, "cannot read sources file"),
    # Watch rules and spools (the silent successes).
    Case("watch add ''", ("watch", "add", "", "-q", "河套"), 2, "rule name"),
    Case("watch add 100,000-character name", ("watch", "add", "n" * 100_000, "-q", "河套"), 2, "rule name"),
    Case("watch add name with a line break", ("watch", "add", "a\nb", "-q", "河套"), 2, "rule name"),
    Case("ingest --spool /nonexistent", ("ingest", "--spool", "/nonexistent/spool"), 2, "no spool directory"),
    Case("ingest --spool FILE", ("ingest", "--spool", "{tmp}/s.toml"), 2, "no spool directory",
         files=sources("")),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small migrated archive (two articles), indexed, so a refused command has something it could change."""
    path = tmp_path_factory.mktemp("archive") / "archive.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine).begin() as session:
        add_article(session, 1)
        add_article(session, 2, title="前海新聞", text="前海今日舉行發佈會。")
    engine.dispose()
    assert CliRunner().invoke(main, ["--db", url, "search", "河套"]).exit_code == 0  # the index catches up
    return path


def snapshot(root: Path) -> dict[str, str]:
    """Every file under root and its hash (SQLite's -wal/-shm come and go with connections)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


def prepared(case: Case, tmp: Path, archive: Path) -> tuple[list[str], Callable[[], dict[str, str]]]:
    for name, content in case.files.items():
        (tmp / name).write_bytes(content)
    if case.db == "archive":
        shutil.copy(archive, tmp / "archive.db")
        db = f"sqlite:///{tmp / 'archive.db'}"
    elif case.db == "new":
        db = f"sqlite:///{tmp / 'new.db'}"
    else:
        db = case.db.replace("{tmp}", str(tmp))
    args = ["--db", db, *(a.replace("{tmp}", str(tmp)) for a in case.args)]
    return args, lambda: snapshot(tmp)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_line_its_exit_code_and_changes_nothing(case: Case, tmp_path: Path,
                                                                   archive: Path) -> None:
    args, state = prepared(case, tmp_path, archive)
    before = state()
    env = {"GBAWATCH_DATABASE_URL": "", "GBAWATCH_SOURCES": "", **case.env}
    result = CliRunner().invoke(main, args, env=env)
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert result.exit_code == case.code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gbawatch: error: "), result.stderr
    assert case.message in lines[0], lines[0]
    assert state() == before  # nothing created, changed or left half-written


@pytest.mark.parametrize(("args", "code"), [
    (["search", DEEP], 2),
    (["--db", "mysql://user@127.0.0.1/x", "runs"], 2),
    (["digest", "--date", "9999-12-31"], 2),
])
def test_the_same_contract_for_a_user_in_a_shell(args: list[str], code: int, tmp_path: Path, archive: Path) -> None:
    shutil.copy(archive, tmp_path / "archive.db")
    command = [sys.executable, "-m", "gbawatch"] + (["--db", f"sqlite:///{tmp_path / 'archive.db'}"]
                                                     if "--db" not in args else []) + args
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == code and "Traceback" not in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def _record(n: int) -> ArticleRecord:
    url = f"https://www.takungpao.com.hk/news/232109/2025/1010/{1140000 + n}.html"
    text = f"第{n}號：河套合作區新項目落地。"
    return ArticleRecord(url=url, url_key=url.split("://", 1)[1], source="takungpao_hk", title=f"河套{n}",
                         text=text, title_simplified=f"河套{n}", text_simplified=text,
                         published_at=datetime(2025, 10, 10, 9, 30, tzinfo=timezone.utc), content_hash=f"spool{n}")


def test_a_truncated_spool_batch_is_kept_and_reported_and_the_next_batch_is_stored(tmp_path: Path,
                                                                                   archive: Path) -> None:
    shutil.copy(archive, tmp_path / "archive.db")
    spool = tmp_path / "spool"
    cut = write_spool(spool, [_record(1), _record(2)])
    whole = write_spool(spool, [_record(3), _record(4)])
    data = cut.read_bytes()
    truncated = cut.rename(spool / "batch-00000000T000000-truncated.jsonl")  # sorts first: read first
    truncated.write_bytes(data[: len(data) * 3 // 4])  # a crash or a full disk cut its last record short
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 'archive.db'}", "ingest", "--spool",
                                       str(spool)], env={"GBAWATCH_DATABASE_URL": ""})
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    [line] = result.stderr.strip().splitlines()
    assert "1 spool batch(es) could not be read" in line and truncated.name in line and "line 2" in line
    assert f"{whole.name}: 2 stored" in result.stdout
    assert truncated.exists() and not whole.exists()  # the unreadable batch is kept for a later look
    with sqlite3.connect(tmp_path / "archive.db") as connection:
        stored = {url for (url,) in connection.execute("SELECT url FROM article")}
    assert {_record(3).url, _record(4).url} <= stored and _record(1).url not in stored
