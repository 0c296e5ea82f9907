"""Topic profiles: what a reader follows (entity categories and entities, queries, sources, languages).

A profile is data: the default one ships as `watch/data/profiles/gba-sti.toml`, a user's are stored in the
database (storage.profiles) as the same mapping. `profile_from_mapping` is the one place a profile is read
and checked, whatever it came from (a TOML file, CLI flags, a database row).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from nlp.categories import Category
from storage.fts import Node
from storage.profiles import get_profile_row, list_profile_rows
from storage.search_key import search_key
from watch.errors import ProfileError, RuleError
from watch.matching import parse_rule_query
from watch.relevance_queries import CompiledQueries

PROFILES_DIR = Path(__file__).resolve().parent / "data" / "profiles"
DEFAULT_PROFILE = "gba-sti"
LANGUAGES = ("en", "zh", "zh-Hant", "zh-Hans")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_KEYS = frozenset(
    ("name", "description", "categories", "entities", "queries", "sources", "languages", "text_model", "threshold",
     "digest_threshold")
)


@dataclass(frozen=True)
class TopicProfile:
    name: str
    description: str = ""
    categories: tuple[Category, ...] = ()
    entities: tuple[str, ...] = ()      # canonical names or aliases, either script
    queries: tuple[str, ...] = ()       # search syntax; each query that matches is one signal
    sources: tuple[str, ...] = ()       # empty: every source
    languages: tuple[str, ...] = ()     # empty: every language; "zh" is both scripts
    text_model: bool = False            # add the learned text model (trained for the default profile)
    threshold: float = 0.5              # on topic at or above this score
    digest_threshold: float = 0.25      # listed in a digest at or above this (below `threshold`: "possibly")

    def as_mapping(self) -> dict[str, Any]:
        """The stored and printed form; `profile_from_mapping` reads it back."""
        return {
            "name": self.name,
            "description": self.description,
            "categories": [str(c) for c in self.categories],
            "entities": list(self.entities),
            "queries": list(self.queries),
            "sources": list(self.sources),
            "languages": list(self.languages),
            "text_model": self.text_model,
            "threshold": self.threshold,
            "digest_threshold": self.digest_threshold,
        }

    @property
    def parsed_queries(self) -> tuple[Node, ...]:
        return _parsed(self.queries)

    @property
    def compiled_queries(self) -> CompiledQueries:
        """The queries ready to count in an article (compiled once per set of queries)."""
        return _compiled(self.queries)

    @cached_property
    def entity_keys(self) -> frozenset[str]:
        return frozenset(search_key(e) for e in self.entities)

    def follows_language(self, language: str | None) -> bool:
        if not self.languages or language is None:
            return True
        return any(language == code or language.startswith(code + "-") for code in self.languages)

    def follows_source(self, source: str) -> bool:
        return not self.sources or source in self.sources


@cache
def _parsed(queries: tuple[str, ...]) -> tuple[Node, ...]:
    return tuple(node for node in (parse_rule_query(q) for q in queries) if node is not None)


@cache
def _compiled(queries: tuple[str, ...]) -> CompiledQueries:
    return CompiledQueries(_parsed(queries))


def _strings(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if isinstance(value, str) or not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"profile key {key!r}: expected a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def profile_from_mapping(raw: Mapping[str, Any]) -> TopicProfile:
    """A checked profile; ProfileError names the key at fault."""
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ProfileError(f"unknown profile key(s): {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ProfileError(f"profile name {name!r}: lower-case letters, digits, - and _ (at most 64)")
    categories = []
    for value in _strings(raw, "categories"):
        try:
            categories.append(Category(value))
        except ValueError as exc:
            known = ", ".join(c.value for c in Category)
            raise ProfileError(f"unknown entity category {value!r} (known: {known})") from exc
    languages = _strings(raw, "languages")
    for language in languages:
        if language not in LANGUAGES:
            raise ProfileError(f"unknown language {language!r} (known: {', '.join(LANGUAGES)})")
    queries = _strings(raw, "queries")
    for query in queries:
        try:
            parse_rule_query(query)
        except RuleError as exc:
            raise ProfileError(str(exc)) from exc
    threshold = raw.get("threshold", 0.5)
    if not isinstance(threshold, int | float) or isinstance(threshold, bool) or not 0 <= threshold <= 1:
        raise ProfileError(f"profile key 'threshold': expected a number in 0..1, got {threshold!r}")
    digest_threshold = raw.get("digest_threshold", threshold / 2)
    if (not isinstance(digest_threshold, int | float) or isinstance(digest_threshold, bool)
            or not 0 <= digest_threshold <= threshold):
        raise ProfileError(f"profile key 'digest_threshold': expected a number in 0..threshold ({threshold}), "
                           f"got {digest_threshold!r}")
    text_model = raw.get("text_model", False)
    if not isinstance(text_model, bool):
        raise ProfileError("profile key 'text_model': expected true or false")
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise ProfileError("profile key 'description': expected a string")
    profile = TopicProfile(
        name=name,
        description=description,
        categories=tuple(dict.fromkeys(categories)),
        entities=_strings(raw, "entities"),
        queries=queries,
        sources=_strings(raw, "sources"),
        languages=languages,
        text_model=text_model,
        threshold=float(threshold),
        digest_threshold=float(digest_threshold),
    )
    if not (profile.categories or profile.entities or profile.queries or profile.text_model):
        raise ProfileError(f"profile {name!r} follows nothing: give categories, entities or queries")
    return profile


def load_profile_file(path: Path) -> TopicProfile:
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ProfileError(f"cannot read {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from exc
    return profile_from_mapping(raw)


@cache
def default_profile() -> TopicProfile:
    """The shipped profile for Greater Bay Area science, technology and innovation policy."""
    return load_profile_file(PROFILES_DIR / f"{DEFAULT_PROFILE}.toml")


def profile_toml(profile: TopicProfile) -> str:
    """The profile as a TOML file `load_profile_file` reads back (for `gbawatch profile show --toml`)."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float):
            return repr(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        escaped = str(v).replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'

    return "".join(f"{key} = {value(v)}\n" for key, v in profile.as_mapping().items())


def get_profile(session: Session, name: str) -> TopicProfile:
    """The default profile or a stored one; ProfileError if there is none of that name."""
    if name == DEFAULT_PROFILE:
        return default_profile()
    row = get_profile_row(session, name)
    if row is None:
        known = ", ".join([DEFAULT_PROFILE, *(r.name for r in list_profile_rows(session))])
        raise ProfileError(f"no topic profile named {name!r} (known: {known})")
    return profile_from_mapping(row.definition)


def all_profiles(session: Session) -> list[TopicProfile]:
    """The default profile first, then the stored ones by name."""
    return [default_profile(), *(profile_from_mapping(r.definition) for r in list_profile_rows(session))]
