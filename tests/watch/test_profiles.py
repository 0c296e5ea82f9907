"""Topic profiles: the shipped default, checking what users write, the TOML round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.categories import Category
from watch.errors import ProfileError
from watch.profiles import (
    DEFAULT_PROFILE,
    default_profile,
    load_profile_file,
    profile_from_mapping,
    profile_toml,
)


def test_the_default_profile_follows_zones_labs_and_st_bodies() -> None:
    profile = default_profile()
    assert profile.name == DEFAULT_PROFILE
    assert {Category.ZONE, Category.LAB, Category.ST_BODY, Category.ST_OFFICIAL} <= set(profile.categories)
    assert Category.PLACE not in profile.categories and Category.COMPANY not in profile.categories
    assert profile.text_model and len(profile.parsed_queries) == len(profile.queries) > 0


@pytest.mark.parametrize(("raw", "message"), [
    ({"name": "x", "queries": ["河套"], "colour": "red"}, "unknown profile key(s): colour"),
    ({"name": "Bad Name", "queries": ["河套"]}, "profile name"),
    ({"name": "x", "categories": ["zones"]}, "unknown entity category 'zones'"),
    ({"name": "x", "queries": ["***"]}, "query"),
    ({"name": "x", "queries": "河套"}, "expected a list of strings"),
    ({"name": "x", "queries": ["河套"], "languages": ["fr"]}, "unknown language 'fr'"),
    ({"name": "x", "queries": ["河套"], "threshold": 2}, "threshold"),
    ({"name": "x"}, "follows nothing"),
])
def test_a_bad_profile_is_refused_with_the_key_at_fault(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ProfileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        profile_from_mapping(raw)


def test_toml_round_trip(tmp_path: Path) -> None:
    profile = profile_from_mapping({"name": "quantum", "queries": ['量子 OR "quantum computing"'],
                                    "entities": ["深圳國際量子研究院"], "languages": ["zh"], "threshold": 0.4,
                                    "description": 'say "quantum"'})
    path = tmp_path / "quantum.toml"
    path.write_text(profile_toml(profile), "utf-8")
    assert load_profile_file(path) == profile


def test_languages_and_sources() -> None:
    profile = profile_from_mapping({"name": "zh-only", "queries": ["河套"], "languages": ["zh"],
                                    "sources": ["szgov"]})
    assert profile.follows_language("zh-Hant") and profile.follows_language("zh-Hans")
    assert not profile.follows_language("en")
    assert profile.follows_source("szgov") and not profile.follows_source("infogov")
