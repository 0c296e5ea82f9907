"""Conversion keeps offsets; script detection."""
from __future__ import annotations

from nlp.convert import detect_script, fold_width, to_simplified


def test_to_simplified_same_length() -> None:
    for text in ("粵港澳大灣區（廣東）量子科學中心", "裏面的綫路著數", "香港科學園HK$3億", "", "abc"):
        out = to_simplified(text)
        assert len(out) == len(text)
    assert to_simplified("創新科技及工業局") == "创新科技及工业局"


def test_fold_width_is_length_preserving() -> None:
    assert fold_width("１２３％ＡＢ（）") == "123%AB()"


def test_detect_script() -> None:
    assert detect_script("深圳市科技創新局宣布") == "zh-Hant"
    assert detect_script("深圳市科技创新局宣布") == "zh-Hans"
    assert detect_script("The Loop opened today") == "en"
