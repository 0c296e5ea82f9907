"""Find text of ../shared files (real third-party pages, evaluation data) copied into the repository.

Both sides are reduced to a stream of tokens: each CJK character is one token, each run of other letters or
digits is one token (a word), after NFKC folding, entity decoding, markup removal and Traditional→Simplified
conversion, so a copy is found whatever its script, punctuation, spacing or markup. URLs and e-mail addresses
are left out: an address is not text, and a page rebuilt at a real page's place shares its URL. A run of
`SENTENCE_TOKENS` tokens is about one sentence (30 Chinese characters, or 30 English words); the repository may
quote shorter spans (labels keep names, titles and offsets), never longer.

Each window of `SENTENCE_TOKENS` tokens of every ../shared file is hashed once (a polynomial hash over token ids,
vectorised with numpy); a repository file matches where one of its windows has a hash in that set.
Run `python -m tests.shared_copies [--tokens N]` to list every match with the ../shared file it came from.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

REPO_ROOT = Path(__file__).resolve().parents[1]
SENTENCE_TOKENS = 30

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_TOKEN = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")
_TAG = re.compile(r"<[^<>]*>")
_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s\"'<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MARKUP_SUFFIXES = {".htm", ".html", ".shtml", ".xml", ".rss"}
_BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".pdf", ".db", ".sqlite", ".gz", ".zip", ".woff",
                    ".woff2", ".pyc"}
_HASH_BASE = np.uint64(1_000_003)
# The repository's own copy of the machinery's files and virtualenvs are not the project's text.
_SKIPPED_DIRS = {".git", ".venv", "venv", "__pycache__", "node_modules", ".mypy_cache", ".ruff_cache",
                 ".pytest_cache"}


@dataclass(frozen=True)
class Copy:
    """A run of a repository file's text that is also in a ../shared file."""

    repo_file: str
    shared_file: str
    tokens: int
    excerpt: str


@cache
def _to_simplified() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030", "big5"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def readable_text(path: Path) -> str | None:
    """The text a reader of `path` would see, markup and JSON escapes undone; None for binary files."""
    if path.suffix.lower() in _BINARY_SUFFIXES:
        return None
    raw = path.read_bytes()
    if b"\0" in raw[:4096]:
        return None
    text = _decode(raw)
    if path.suffix.lower() in (".json", ".jsonl"):
        text = _json_strings(text)
    if path.suffix.lower() in _MARKUP_SUFFIXES or "<html" in text[:2000].lower():
        # Twice: an RSS description holds escaped release HTML inside its CDATA.
        text = _TAG.sub(" ", html.unescape(_TAG.sub(" ", text.replace("<![CDATA[", " ").replace("]]>", " "))))
    return html.unescape(text)


def _json_strings(text: str) -> str:
    """Every string of a JSON or JSON Lines file on its own line (so \\u escapes are read as characters)."""
    values: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            values.append(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                values.append(str(key))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    documents = [text] if not text.lstrip().startswith("{") or "\n{" not in text else text.splitlines()
    for document in documents:
        try:
            walk(json.loads(document))
        except ValueError:
            values.append(document)
    return "\n".join(values)


def tokens(text: str) -> list[str]:
    """Folded tokens of `text`: one per CJK character, one per word of anything else."""
    folded = _ADDRESS.sub(" ", unicodedata.normalize("NFKC", text).lower())
    folded = _to_simplified().convert(folded)  # type: ignore[attr-defined]
    return _TOKEN.findall(folded)


class TokenIds:
    """One integer per distinct token, shared by both sides so equal tokens hash equally."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def encode(self, words: list[str]) -> npt.NDArray[np.uint64]:
        ids = self._ids
        return np.fromiter((ids.setdefault(word, len(ids) + 1) for word in words), dtype=np.uint64,
                           count=len(words))


def window_hashes(ids: npt.NDArray[np.uint64], width: int) -> npt.NDArray[np.uint64]:
    """The hash of every run of `width` consecutive ids (wrapping uint64 arithmetic)."""
    count = len(ids) - width + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(width):
            hashes = hashes * _HASH_BASE + ids[offset:offset + count]
    return hashes


def files_under(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(name for name in dirnames if name not in _SKIPPED_DIRS and not name.endswith(".egg-info"))
        for name in sorted(filenames):
            yield Path(dirpath) / name


def repository_files(root: Path = REPO_ROOT) -> list[Path]:
    """Files git tracks or would track (untracked but not ignored), else every file outside tool folders."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                                 "--exclude-standard"], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return list(files_under(root))
    paths = (root / name for name in listed.decode("utf-8").split("\0") if name)
    return [path for path in paths if path.is_file()]


class SharedIndex:
    """Hashes of every sentence-long window of the ../shared files, with the file each came from."""

    def __init__(self, shared_files: Iterable[Path], width: int = SENTENCE_TOKENS) -> None:
        self.width = width
        self.token_ids = TokenIds()
        self.names: list[str] = []
        hashes, owners = [], []
        for path in shared_files:
            text = readable_text(path)
            if text is None:
                continue
            window = window_hashes(self.token_ids.encode(tokens(text)), width)
            hashes.append(window)
            owners.append(np.full(len(window), len(self.names), dtype=np.int32))
            self.names.append(str(path))
        joined = np.concatenate(hashes) if hashes else np.empty(0, dtype=np.uint64)
        order = np.argsort(joined, kind="stable")
        self._hashes = joined[order]
        self._owners = np.concatenate(owners)[order] if owners else np.empty(0, dtype=np.int32)

    def copies_in(self, path: Path, label: str) -> list[Copy]:
        """Each maximal run of `path`'s tokens that a ../shared file also holds, at least `width` long."""
        text = readable_text(path)
        if text is None:
            return []
        words = tokens(text)
        window = window_hashes(self.token_ids.encode(words), self.width)
        if not len(window) or not len(self._hashes):
            return []
        where = np.searchsorted(self._hashes, window).clip(max=len(self._hashes) - 1)
        hit = self._hashes[where] == window
        return [Copy(label, self.names[int(self._owners[where[start]])], stop - start + self.width - 1,
                     _excerpt(words[start:stop + self.width - 1]))
                for start, stop in _runs(hit)]


def _runs(hit: npt.NDArray[np.bool_]) -> Iterator[tuple[int, int]]:
    """(start, stop) of each run of True."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], hit.astype(np.int8), [0]))))
    yield from zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True)


def _excerpt(words: list[str]) -> str:
    joined = "".join(word if len(word) == 1 and not word.isascii() else f" {word} " for word in words)
    joined = re.sub(r"\s+", " ", joined).strip()
    return joined if len(joined) <= 90 else f"{joined[:60]} … {joined[-25:]}"


def find_copies(shared_root: Path, repo_root: Path = REPO_ROOT, width: int = SENTENCE_TOKENS) -> list[Copy]:
    """Every copy of more than `width` tokens of a file under shared_root/samples or shared_root/data."""
    shared_files = [path for folder in ("samples", "data") for path in files_under(shared_root / folder)]
    index = SharedIndex(shared_files, width)
    found: list[Copy] = []
    for path in repository_files(repo_root):
        found.extend(index.copies_in(path, str(path.relative_to(repo_root))))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    default_shared = Path(os.environ.get("GBAWATCH_SHARED", REPO_ROOT.parent / "shared"))
    parser.add_argument("--shared", type=Path, default=default_shared)
    parser.add_argument("--tokens", type=int, default=SENTENCE_TOKENS, help="shortest run reported")
    args = parser.parse_args(argv)
    found = find_copies(args.shared, REPO_ROOT, args.tokens)
    for copy in sorted(found, key=lambda item: (item.repo_file, -item.tokens)):
        print(f"{copy.repo_file}\t{copy.tokens}\t{Path(copy.shared_file).name}\t{copy.excerpt}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
