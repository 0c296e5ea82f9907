"""The search key: the one normalisation the index is built with and every query, name and snippet is folded by.

It lives in storage, beside the index it defines, so no caller can search with another one (or none): a query
in Traditional finds articles in Simplified because both sides went through `search_key`. It uses OpenCC
directly (nlp, a sibling leaf, has its own converter for the stored Simplified text).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Variants hk2s leaves apart but a searcher means as one character.
_SEARCH_FOLD = str.maketrans({"著": "着", "裡": "里", "裏": "里", "綫": "线", "衞": "卫", "麪": "面", "羣": "群"})
_FOLDS = re.compile("[" + "".join(map(chr, _SEARCH_FOLD)) + "]")


@cache
def _hk2s() -> object:
    import opencc  # imported lazily: the binding loads its dictionaries on construction

    return opencc.OpenCC("hk2s")


def search_key(text: str) -> str:
    """NFKC, Simplified (OpenCC hk2s), Hong Kong variants folded, lower case, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = _hk2s().convert(text).translate(_SEARCH_FOLD)  # type: ignore[attr-defined]
    return " ".join(text.lower().split())


def simplified_search_key(simplified: str) -> str:
    """`search_key` of text already in Simplified (an article's stored text_simplified): the same folding
    without converting again (relevance reads every new article; OpenCC is most of the cost)."""
    text = unicodedata.normalize("NFKC", simplified)
    if _FOLDS.search(text):  # rare in Simplified text; a translate walks every character
        text = text.translate(_SEARCH_FOLD)
    return " ".join(text.lower().split())


_FOLDED: dict[str, str] = {}  # character -> its one-character key (kept across searches)


def fold_characters(text: str) -> str:
    """`search_key` one character at a time, keeping offsets, so a match in the folded text maps back to the
    original (snippets). A character whose key is not one character stays as it is (or only lower-cased)."""
    out = []
    for ch in text:
        folded = _FOLDED.get(ch)
        if folded is None:
            value = search_key(ch)
            folded = _FOLDED[ch] = value if len(value) == 1 else ch.lower() if len(ch.lower()) == 1 else ch
        out.append(folded)
    return "".join(out)
