"""The search key folds scripts, variants, width and case; snippets fold character by character."""

from __future__ import annotations

from nlp.convert import to_simplified
from storage.search_key import fold_characters, search_key


def test_search_key_folds_variants() -> None:
    assert search_key("裏") == search_key("裡") == search_key("里")
    assert search_key("綫") == search_key("線") == "线"
    assert search_key("著") == search_key("着")
    assert search_key("ＨＫ＄３億  元") == "hk$3亿 元"
    assert search_key("香港科學園") == search_key("香港科学园")


def test_the_search_key_of_traditional_text_is_its_stored_simplified_form_folded() -> None:
    # The index reads articles' own text and ranking counts phrases in the stored Simplified columns
    # (nlp.convert.to_simplified): both sides must spell a Traditional word alike.
    for text in ("粵港澳大灣區（廣東）量子科學中心", "創新科技及工業局局長孫東", "河套深港科技創新合作區"):
        assert search_key(text) == search_key(to_simplified(text))


def test_fold_characters_keeps_offsets() -> None:
    text = "香港科學園ＡＢ裡面"
    folded = fold_characters(text)
    assert len(folded) == len(text)
    assert folded == "香港科学园ab里面"
