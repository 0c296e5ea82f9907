"""Entity categories from names and titles, for curated and never-seen names alike."""

from __future__ import annotations

import pytest

from nlp.categories import Category, entity_category


@pytest.mark.parametrize(("name", "type_", "title", "expected"), [
    ("河套深港科技創新合作區", "project", None, Category.ZONE),
    ("坪山生物醫藥產業園", "project", None, Category.ZONE),            # never seen: its ending says so
    ("深圳市低空經濟研究院", "organisation", None, Category.LAB),
    ("香港大學深圳研究院", "organisation", None, Category.LAB),          # a lab, though it names a university
    ("香港科技大學（廣州）", "organisation", None, Category.UNIVERSITY),
    ("深圳市科技創新局", "organisation", None, Category.ST_BODY),
    ("深圳市交通運輸局", "organisation", None, Category.GOVERNMENT),
    ("新鴻基地產發展有限公司", "organisation", None, Category.COMPANY),
    ("深圳市智能機器人有限公司", "organisation", None, Category.TECH_COMPANY),
    ("創新及科技基金", "project", None, Category.PROGRAMME),
    ("孫東", "person", "創新科技及工業局局長", Category.ST_OFFICIAL),
    ("鄧炳強", "person", "保安局局長", Category.OFFICIAL),
    ("陳大文", "person", None, Category.PERSON),
    ("大埔", "place", None, Category.PLACE),
])
def test_category_from_name_type_and_title(name: str, type_: str, title: str | None, expected: Category) -> None:
    assert entity_category(name, type_, title) == expected


def test_both_scripts_agree() -> None:
    assert entity_category("深圳市科技创新局", "organisation") == entity_category("深圳市科技創新局", "organisation")
