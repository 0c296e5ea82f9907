"""Word tags by dictionary lookup (jieba's dict, the domain dictionary, the gazetteer)."""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PZS" or ch in "\n\r\t"


class Tagger:
    """Tag of a word without a tagging pass: curated words first, then jieba's dictionary.

    Words found in no dictionary came out of jieba's HMM: mostly names, so tag them "x".
    """

    def __init__(self, base: Mapping[str, str], extra: Mapping[str, str]) -> None:
        self._base = base
        self._extra = extra

    def __call__(self, word: str) -> str:
        tag = self._extra.get(word) or self._base.get(word)
        if tag:
            return tag
        if word.isascii():
            return "eng" if word.strip().isalnum() else "w"
        if all(is_punct(c) for c in word):
            return "w"
        return "x"

    def known(self, word: str) -> bool:
        return word in self._extra or word in self._base
