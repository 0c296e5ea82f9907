"""The curated gazetteer: size, sources, generated spellings, one automaton pass."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nlp.errors import GazetteerError
from nlp.gazetteer import GAZETTEER, Gazetteer


def test_size_types_and_sources() -> None:
    raw = yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))
    assert len(raw) >= 300
    assert {e["type"] for e in raw} == {"project", "organisation", "person", "place", "document"}
    assert all(e.get("source") or e.get("reason") for e in raw)


def test_loads_without_key_collisions_and_generates_simplified() -> None:
    g = Gazetteer.load()
    e = g.get("河套深港科技创新合作区")
    assert e is not None and e.name == "河套深港科技創新合作區"
    assert "河套合作区" in e.aliases and "河套合作區" in e.aliases
    assert g.get("河套合作区") is e
    # Only the Traditional spelling is maintained by hand.
    raw = GAZETTEER.read_text(encoding="utf-8")
    assert "河套深港科技创新合作区" not in raw


def test_matches_every_occurrence(tmp_path: Path) -> None:
    g = Gazetteer.load()
    ms = g.matches("香港科学园与鹏城实验室合作，鹏城实验室")
    names = [m.entry.name for m in ms]
    assert names.count("鵬城實驗室") == 2 and "香港科學園" in names


@pytest.mark.parametrize("body", [
    "- {name: 甲, type: thing, source: x}\n",
    "- {name: 甲乙, type: place}\n",
    "- {name: 甲乙, type: place, source: x, colour: red}\n",
    "- {name: 甲乙, type: place, source: x}\n- {name: 丙丁, type: place, aliases: [甲乙], source: x}\n",
])
def test_rejects_bad_entries(tmp_path: Path, body: str) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(GazetteerError):
        Gazetteer.load(path)
