"""Property-based: the query parser, the date options and the sources-file loader take any input and either
work or refuse it with their own error, never a traceback (hypothesis generates the input)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbawatch.cli import FIRST_DAY, LAST_DAY, main, parse_day
from gbawatch.config import load_sources, parse_sources
from gbawatch.crawl import setting_overrides
from gbawatch.errors import ConfigError, InputError
from spiders.dates import parse_date
from storage.engine import make_engine, session_factory
from storage.fts import QueryError, parse_query
from storage.migrate import upgrade
from storage.search import search
from tests.schedules.helpers import add_article
from watch.errors import RuleError
from watch.matching import RuleSpec

# Pieces a hostile query is made of: syntax, Chinese and Latin words, odd characters.
QUERY_PIECES = ["(", ")", '"', "“", "”", "「", "」", "『", "』", "-", "*", "OR", "AND", "NOT", "or", "河套", "量子",
                "科學", "a", "collab*", "1", "\\", "'", ";", "%", "_", "\x00", "\u2028", "　", "＊", "：", "NEAR"]
queries = st.one_of(
    st.lists(st.sampled_from(QUERY_PIECES), max_size=60).flatmap(
        lambda parts: st.sampled_from(["", " "]).map(lambda sep: sep.join(parts))),
    st.text(max_size=200),
    st.integers(1, 400).map(lambda n: "(" * n + "河套" + ")" * (n // 2)),
    st.integers(1, 400).map(lambda n: "NOT " * n + "河套"),
)
# The same examples every run, so CI never fails by chance; GBAWATCH_PROPERTY_HUNT=N explores N fresh random
# examples per test (and a tenth of that through the CLI) to look for new failures by hand.
HUNT = int(os.environ.get("GBAWATCH_PROPERTY_HUNT", "0"))
FAST = settings(max_examples=HUNT or 300, derandomize=not HUNT, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=HUNT // 10 or 25, derandomize=not HUNT, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FAST
@given(queries)
def test_the_query_parser_parses_or_refuses_any_text(query: str) -> None:
    try:
        parse_query(query)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    try:
        RuleSpec.build(query, (), (), 0.0)
    except RuleError:
        pass


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('props') / 'archive.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine).begin() as session:
        add_article(session, 1)
    engine.dispose()
    return url


@SLOW
@given(queries)
def test_searching_the_archive_with_any_query_answers_or_refuses(archive: str, query: str) -> None:
    engine = make_engine(archive)
    try:
        with session_factory(engine)() as session:
            try:
                search(session, query, limit=5)
            except QueryError:
                pass
    finally:
        engine.dispose()


day_texts = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.text(max_size=30),
    st.from_regex(r"\A[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}(T[0-9:]{1,8})?\Z"),
)


@FAST
@given(day_texts)
def test_a_date_option_is_a_day_in_range_or_one_clear_error(text: str) -> None:
    try:
        day = parse_day(text)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert day is not None and FIRST_DAY <= day <= LAST_DAY
    parse_date(text)  # the crawl's --since reader: a datetime or None, never an exception


@SLOW
@given(day_texts, day_texts)
def test_date_options_through_the_cli_never_trace_back(archive: str, since: str, until: str) -> None:
    result = CliRunner().invoke(main, ["--db", archive, "search", "", "--since", since, "--until", until],
                                env={"GBAWATCH_DATABASE_URL": ""})
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@FAST
@given(st.lists(st.text(max_size=40), max_size=5))
def test_scrapy_settings_are_typed_or_refused(pairs: list[str]) -> None:
    try:
        setting_overrides(pairs)
    except InputError as exc:
        assert "\n" not in str(exc)


# --- the sources file ---------------------------------------------------------------------------------------

KEYS = ["spider", "base_url", "sections", "schedule_minutes", "enabled", "scheme", "download_delay",
        "concurrency", "user_agent", "obey_robots", "feeds", "sitemap", "list_url", "link_pattern", "args",
        "allowed_hosts", "shedule", "name"]
plain_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
scalars = st.one_of(plain_text, st.integers(-10**6, 10**6), st.booleans(),
                    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(
                        ["generic", "szgov", "https://example.org", "javascript:alert(1)", "([", "*.x.org",
                         "http://127.0.0.1:1", "/news/", "http"]))
values = st.one_of(scalars, st.lists(scalars, max_size=4), st.dictionaries(plain_text, scalars, max_size=3))
tables = st.dictionaries(st.sampled_from(KEYS), values, max_size=8)
documents = st.one_of(
    st.dictionaries(st.sampled_from(["sources", "other"]),
                    st.one_of(scalars, st.dictionaries(plain_text.filter(bool), st.one_of(tables, scalars),
                                                       max_size=3)), max_size=2),
)


def toml(value: Any) -> str:
    """A TOML rendering of plain values (inline tables; JSON strings and arrays are valid TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + "}"


@FAST
@given(documents)
def test_any_sources_structure_loads_or_names_what_is_wrong(document: dict[str, Any]) -> None:
    try:
        sources = parse_sources(document)
    except ConfigError as exc:
        assert "\n" not in str(exc)
        return
    for source in sources.values():
        source.spider_arguments("http://127.0.0.1:1")
        source.scrapy_settings()


@SLOW
@given(st.one_of(documents.map(lambda d: "\n".join(f"{json.dumps(k)} = {toml(v)}" for k, v in d.items())
                               .encode("utf-8")),
                 st.binary(max_size=300)))
def test_any_sources_file_through_the_cli_lists_or_refuses(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "sources.toml"
    path.write_bytes(content)
    try:
        load_sources(path)
    except ConfigError:
        pass
    result = CliRunner().invoke(main, ["--sources", str(path), "sources"], env={"GBAWATCH_SOURCES": ""})
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
