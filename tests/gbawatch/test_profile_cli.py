"""`gbawatch profile add|list|show|remove` and `watch add --profile` on a real SQLite database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gbawatch.cli import main
from storage.migrate import upgrade


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'profiles.db'}"
    upgrade(url)
    return url


def gbawatch(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_add_list_show_and_remove(db: str, tmp_path: Path) -> None:
    code, out, err = gbawatch(db, "profile", "add", "quantum", "--query", "量子", "--category", "lab",
                              "--language", "zh")
    assert code == 0, err
    code, out, _ = gbawatch(db, "profile", "list", "--json")
    names = [json.loads(line)["name"] for line in out.splitlines()]
    assert names == ["gba-sti", "quantum"]
    code, out, _ = gbawatch(db, "profile", "show", "quantum", "--toml")
    saved = tmp_path / "q.toml"
    saved.write_text(out.replace('"量子"', '"量子", "quantum"'), "utf-8")
    code, out, err = gbawatch(db, "profile", "add", "quantum2", "--file", str(saved))
    assert code == 0, err
    code, out, _ = gbawatch(db, "profile", "show", "quantum2", "--json")
    assert json.loads(out)["queries"] == ["量子", "quantum"] and json.loads(out)["name"] == "quantum2"
    code, _, err = gbawatch(db, "profile", "add", "quantum", "--query", "量子")
    assert code == 2 and "exists" in err
    code, _, _ = gbawatch(db, "profile", "remove", "quantum")
    assert code == 0
    code, out, _ = gbawatch(db, "profile", "list")
    assert "quantum2" in out and "quantum:" not in out


def test_the_default_profile_is_shown_and_kept(db: str) -> None:
    code, out, _ = gbawatch(db, "profile", "show")
    assert code == 0 and "name: gba-sti" in out and "- zone" in out
    assert gbawatch(db, "profile", "remove", "gba-sti")[0] == 2
    assert gbawatch(db, "profile", "add", "gba-sti", "--query", "x")[0] == 2


def test_bad_input_is_one_line_and_exit_2(db: str) -> None:
    code, _, err = gbawatch(db, "profile", "add", "x", "--category", "zones")
    assert code == 2 and "unknown entity category 'zones'" in err and len(err.strip().splitlines()) == 1
    assert gbawatch(db, "profile", "show", "nothing")[0] == 2


def test_a_watch_rule_names_a_profile_which_then_cannot_go(db: str) -> None:
    gbawatch(db, "profile", "add", "quantum", "--query", "量子")
    code, _, err = gbawatch(db, "watch", "add", "q", "--query", "量子", "--profile", "quantum")
    assert code == 0, err
    code, out, _ = gbawatch(db, "watch", "list", "--json")
    rule = json.loads(out)
    assert rule["profile"] == "quantum" and rule["min_profile_relevance"] == 0.5
    code, _, err = gbawatch(db, "profile", "remove", "quantum")
    assert code == 2 and "watch rule(s) q" in err
    assert gbawatch(db, "watch", "add", "r", "--query", "量子", "--profile", "nothing")[0] == 2


def test_extract_json_has_relevance_and_why(db: str) -> None:
    from tests.conftest import REPO_ROOT

    page = REPO_ROOT / "tests/mirror/sites/www.takungpao.com.hk/news/232109/2025/1010"
    code, out, err = gbawatch(db, "extract", "--source", "takungpao_hk", "--json", str(page))
    assert code == 0, err
    data = json.loads(out.splitlines()[0])
    assert 0.0 <= data["relevance"]["gba-sti"] <= 1.0
    assert {s["kind"] for s in data["relevance_why"]["gba-sti"]} & {"entity", "query", "text"}
