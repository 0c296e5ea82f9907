"""Script conversion (OpenCC hk2s, offset-preserving) and script detection.

Search folding is the archive's: storage.search_key.
"""
from __future__ import annotations

from functools import cache

from nlp.errors import ConversionError

# Full-width ASCII to ASCII keeps one character per character, so offsets survive.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


@cache
def _converter(config: str) -> object:
    import opencc  # imported lazily: the binding loads its dictionaries on construction

    return opencc.OpenCC(config)


def _convert(config: str, text: str) -> str:
    return _converter(config).convert(text)  # type: ignore[attr-defined, no-any-return]


def to_simplified(text: str) -> str:
    """Simplified form of `text` with exactly the same length (character-level hk2s)."""
    if not text:
        return text
    out = _convert("hk2s", text)
    if len(out) == len(text):
        return out
    # A phrase rule changed the length somewhere: redo it character by character so that
    # offsets in the simplified text are offsets in the original.
    chars = []
    for ch in text:
        conv = _convert("hk2s", ch)
        chars.append(conv if len(conv) == 1 else ch)
    out = "".join(chars)
    if len(out) != len(text):  # pragma: no cover - guarded above
        raise ConversionError("hk2s changed the text length")
    return out


def to_traditional(text: str) -> str:
    """Traditional (Hong Kong) form, used to spell generated aliases."""
    return _convert("s2hk", text) if text else text


def fold_width(text: str) -> str:
    """Full-width ASCII to half-width, one character for one (offsets survive)."""
    return text.translate(_FULLWIDTH)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@cache
def _simplified_only() -> frozenset[str]:
    """Characters OpenCC s2t would change: written only in Simplified (built once, on first use)."""
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = _convert("s2t", "\n".join(chars)).split("\n")
    return frozenset(a for a, b in zip(chars, converted, strict=True) if a != b)


def detect_script(original: str, simplified: str | None = None) -> str:
    """"zh-Hant", "zh-Hans", "en" or "mixed", from characters that differ between scripts."""
    if simplified is None:
        simplified = to_simplified(original)
    cjk = sum(1 for ch in original if _is_cjk(ch))
    letters = sum(1 for ch in original if ch.isascii() and ch.isalpha())
    if cjk == 0:
        return "en" if letters else "mixed"
    trad = sum(1 for a, b in zip(original, simplified, strict=True) if a != b)
    # Characters that only exist in Simplified (they would change under s2t).
    only_simplified = _simplified_only()
    simp = sum(1 for ch in original if ch in only_simplified)
    if letters > 2 * cjk:
        return "en"
    # Simplified text has no character hk2s changes; Traditional text may still hold a few
    # characters s2t would change (variants such as 布/佈), so only a real share of both is mixed.
    if trad and simp >= 3 and 4 * min(trad, simp) >= max(trad, simp):
        return "mixed"
    return "zh-Hant" if trad >= simp and trad else "zh-Hans"


def mention_language(surface: str, simplified: str, document_script: str) -> str:
    """"en" for a Latin name, else the script of its own characters; a name written the same in both
    scripts (深圳) takes the document's script, or Traditional in an English or mixed text."""
    if not any(_is_cjk(c) for c in surface):
        return "en"
    if surface != simplified:
        return "zh-Hant"
    if any(c in _simplified_only() for c in surface):
        return "zh-Hans"
    return document_script if document_script in ("zh-Hant", "zh-Hans") else "zh-Hant"
