"""The curated gazetteer: load the YAML, spell aliases in both scripts, match with one automaton."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.convert import fold_width, to_simplified, to_traditional
from nlp.errors import GazetteerError
from nlp.model import ENTITY_TYPES

GAZETTEER = Path(__file__).resolve().parent / "data" / "gazetteer.yaml"


@dataclass(frozen=True)
class GazetteerEntry:
    name: str                    # canonical, Traditional
    type: str
    aliases: tuple[str, ...]     # every other spelling, both scripts and English
    keys: tuple[str, ...]        # simplified match keys (name + aliases + English names)
    post: str | None = None      # persons: the post they hold
    source: str | None = None
    reason: str | None = None
    english: tuple[str, ...] = ()  # English names, as written (the first is the usual one)


@dataclass(frozen=True)
class GazetteerMatch:
    entry: GazetteerEntry
    start: int
    end: int


def match_key(name: str) -> str:
    """The form names are matched in: simplified, half-width (as the analyzer's text)."""
    return fold_width(to_simplified(name))


def _entry(raw: Any, n: int) -> GazetteerEntry:
    if not isinstance(raw, dict):
        raise GazetteerError(f"entry {n}: expected a mapping")
    unknown = set(raw) - {"name", "type", "aliases", "en", "post", "source", "reason"}
    if unknown:
        raise GazetteerError(f"entry {n}: unknown key(s) {sorted(unknown)}")
    name, typ = raw.get("name"), raw.get("type")
    if not isinstance(name, str) or not name:
        raise GazetteerError(f"entry {n}: missing name")
    if typ not in ENTITY_TYPES:
        raise GazetteerError(f"entry {n} ({name}): type must be one of {ENTITY_TYPES}")
    if not raw.get("source") and not raw.get("reason"):
        raise GazetteerError(f"entry {n} ({name}): needs a source or a reason")
    english = tuple(str(e) for e in raw.get("en") or ())
    if any(not e.isascii() for e in english):
        raise GazetteerError(f"entry {n} ({name}): `en` holds English names only")
    written = [name, *[str(a) for a in raw.get("aliases") or ()]]
    # Only one script is maintained by hand; the other is generated.
    spellings: list[str] = []
    for w in written:
        for form in (w, to_traditional(w), to_simplified(w)):
            if form not in spellings:
                spellings.append(form)
    # English names match as written (case and all), in the same automaton: an English mention gets the
    # entry's Traditional canonical name, as a Chinese one does.
    keys = tuple(dict.fromkeys([*(match_key(w) for w in written), *english]))
    return GazetteerEntry(
        name=name, type=typ, aliases=tuple(s for s in [*spellings, *english] if s != name), keys=keys,
        post=raw.get("post"), source=raw.get("source"), reason=raw.get("reason"), english=english,
    )


class Gazetteer:
    """Entries plus an Aho-Corasick automaton over their simplified spellings (one pass per text)."""

    def __init__(self, entries: list[GazetteerEntry]) -> None:
        import ahocorasick

        self.entries = entries
        self.by_key: dict[str, GazetteerEntry] = {}
        for e in entries:
            for key in e.keys:
                other = self.by_key.get(key)
                if other is not None and other is not e:
                    raise GazetteerError(f"{key!r} names both {other.name!r} and {e.name!r}")
                self.by_key[key] = e
        self._auto = ahocorasick.Automaton()
        for key, e in self.by_key.items():
            self._auto.add_word(key, (len(key), e))
        self._auto.make_automaton()

    @classmethod
    def load(cls, path: Path = GAZETTEER) -> Gazetteer:
        import yaml

        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise GazetteerError(f"cannot read {path}") from exc
        if not isinstance(raw, list):
            raise GazetteerError(f"{path}: expected a list of entries")
        return cls([_entry(r, n) for n, r in enumerate(raw, 1)])

    def matches(self, simplified: str) -> list[GazetteerMatch]:
        """Every occurrence of every key (overlaps included; the caller picks)."""
        out = []
        for end, (length, entry) in self._auto.iter(simplified):
            out.append(GazetteerMatch(entry, end + 1 - length, end + 1))
        return out

    def get(self, simplified_name: str) -> GazetteerEntry | None:
        return self.by_key.get(simplified_name)

    def words(self) -> list[tuple[str, int, str]]:
        """Dictionary words for the segmenter, so curated names segment as one word."""
        tag = {"person": "nr", "place": "ns", "organisation": "nt", "project": "nz", "document": "nz"}
        # Latin names stay out: jieba splits Latin runs by itself, and the automaton finds them anyway.
        return [(k, 1000, tag[e.type]) for k, e in self.by_key.items() if len(k) >= 2 and not k.isascii()]
