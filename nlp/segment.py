"""Word segmentation of the simplified text: jieba (reference) or rjieba (same output, faster)."""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from nlp.errors import DictionaryError

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
USERDICT = DATA_DIR / "userdict.txt"
# Frequency given to domain words that carry none: any count beats splitting a long name
# into dictionary words (each split multiplies in a probability of ~1e-4), and an explicit
# number keeps jieba and rjieba in step (they would estimate it differently).
DEFAULT_FREQ = 1000


@dataclass(frozen=True)
class Token:
    word: str
    start: int
    end: int


class _Backend(Protocol):
    def cut(self, text: str) -> list[str]: ...


class _JiebaBackend:
    def __init__(self) -> None:
        import jieba

        self._tok = jieba.Tokenizer()
        self._tok.initialize()

    def add_word(self, word: str, freq: int, tag: str) -> None:
        # jieba adds the new count to its total without taking the old one off; jieba-rs
        # replaces it. Taking it off here keeps the two in step.
        self._tok.total -= self._tok.FREQ.get(word, 0)
        self._tok.add_word(word, freq, tag)

    def cut(self, text: str) -> list[str]:
        return self._tok.lcut(text, HMM=True)


# jieba splits runs of letters and digits out of a non-dictionary buffer with this pattern
# (jieba/finalseg re_skip), so 6-1 is 6 / - / 1; jieba-rs keeps 6-1 whole.
_JIEBA_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_ALNUM = re.compile(r"[a-zA-Z0-9]+")


class _RJiebaBackend:
    def __init__(self) -> None:
        import rjieba

        self._tok = rjieba.Jieba()

    def add_word(self, word: str, freq: int, tag: str) -> None:
        self._tok.add_word(word, freq, tag)

    def cut(self, text: str) -> list[str]:
        out: list[str] = []
        for w in self._tok.cut(text, True):
            if w.isascii() and len(w) > 1 and not _ALNUM.fullmatch(w) and not self._tok.has_word(w):
                out.extend(x for x in _JIEBA_SKIP.split(w) if x)
            else:
                out.append(w)
        return out


def read_userdict(path: Path = USERDICT) -> list[tuple[str, int, str]]:
    """Entries `word [freq] [tag]` of a jieba user dictionary."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DictionaryError(f"cannot read {path}") from exc
    out = []
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) > 3 or (len(parts) > 1 and not parts[1].isdigit()):
            raise DictionaryError(f"{path}:{n}: expected 'word [freq] [tag]'")
        freq = int(parts[1]) if len(parts) > 1 else DEFAULT_FREQ
        tag = parts[2] if len(parts) > 2 else "n"
        out.append((parts[0], freq, tag))
    return out


def load_jieba_tags() -> dict[str, str]:
    """Part-of-speech tag per word from jieba's own dictionary (a lookup, no tagging pass)."""
    import jieba

    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    tags: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


class Segmenter:
    """A jieba-compatible segmenter loaded with the domain dictionary."""

    def __init__(self, backend: str = "auto", words: Iterable[tuple[str, int, str]] = (),
                 use_userdict: bool = True) -> None:
        if backend == "auto":
            backend = os.environ.get("GBAWATCH_SEGMENTER", "rjieba")
        if backend == "rjieba":
            try:
                self._backend: _JiebaBackend | _RJiebaBackend = _RJiebaBackend()
            except ImportError:
                log.info("rjieba not installed; using jieba")
                backend = "jieba"
        if backend == "jieba":
            self._backend = _JiebaBackend()
        elif backend != "rjieba":
            raise ValueError(f"unknown segmenter backend {backend!r}")
        self.backend = backend
        self.user_tags: dict[str, str] = {}
        entries = list(read_userdict()) if use_userdict else []
        for word, freq, tag in [*entries, *words]:
            if " " in word or not word or word in self.user_tags:
                continue
            self.user_tags[word] = tag
            self._backend.add_word(word, freq, tag)

    def cut(self, text: str) -> list[str]:
        return self._backend.cut(text)

    def tokens(self, text: str) -> list[Token]:
        out = []
        pos = 0
        for w in self._backend.cut(text):
            out.append(Token(w, pos, pos + len(w)))
            pos += len(w)
        if pos != len(text):
            raise DictionaryError("segmenter output does not cover the input")
        return out
