"""How often a profile's queries match an article: the search syntax evaluated on one text, each phrase counted
as the search index would count it (storage.fts), the queries compiled once per profile.

A phrase of Han characters in a row matches exactly where those characters stand in a row (the index's
overlapping bigrams say no more), so every such phrase of a profile is found in one Aho-Corasick pass; a phrase
of Latin words is looked up among the text's words, a Han run standing between two words as it does in the
index (and not at all in a text without a Latin letter); a phrase mixing both (rare) against every index
token. Bigram-tokenising each article for its
queries would cost more than all the rest of its relevance.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from storage.fts import MAX_WORD, And, Node, Not, Or, Phrase, Term, document_tokens

_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"  # storage.fts's Han characters
_HAN = re.compile(f"[{_HAN_CLASS}]")
_HAN_RUN = re.compile(f"[{_HAN_CLASS}]+")
_RUN = re.compile(f"[{_HAN_CLASS}]+|[^\\W_{_HAN_CLASS}]+")  # storage.fts's token runs: Han, or a word
_LETTER = re.compile("[^\\W\\d_]", re.ASCII)


class Tokens:
    """Tokens with the positions of each, so a phrase is found without a scan."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at: dict[str, list[int]] = defaultdict(list)
        for i, token in enumerate(tokens):
            self.at[token].append(i)
        self._sorted: list[str] | None = None

    def _prefixed(self, prefix: str) -> int:
        """Occurrences of tokens starting with `prefix`: a range of the sorted distinct tokens."""
        if self._sorted is None:
            self._sorted = sorted(self.at)
        hits, at = 0, bisect_left(self._sorted, prefix)
        while at < len(self._sorted) and self._sorted[at].startswith(prefix):
            hits += len(self.at[self._sorted[at]])
            at += 1
        return hits

    def count(self, phrase: Phrase) -> int:
        n = len(phrase.tokens)
        if n == 0:
            return 0
        first, rest = phrase.tokens[0], phrase.tokens[1:]
        if n == 1 and phrase.prefix:
            return self._prefixed(first)
        hits = 0
        for i in self.at.get(first, ()):
            if i + n > len(self.tokens):
                break
            if all(self.tokens[i + k + 1] == t for k, t in enumerate(rest[:-1])) and (
                    not rest or (self.tokens[i + n - 1].startswith(rest[-1]) if phrase.prefix
                                 else self.tokens[i + n - 1] == rest[-1])):
                hits += 1
        return hits


def one_han_run(phrase: Phrase) -> bool:
    """The phrase is one run of Han characters (its tokens that run's bigrams), not words quoted apart."""
    text = phrase.text
    if not _HAN_RUN.fullmatch(text):
        return False
    return phrase.tokens == ((text,) if len(text) == 1 else tuple(text[i:i + 2] for i in range(len(text) - 1)))


@dataclass(frozen=True)
class _Term:
    index: int


@dataclass(frozen=True)
class _Not:
    node: _Node


@dataclass(frozen=True)
class _And:
    nodes: tuple[_Node, ...]


@dataclass(frozen=True)
class _Or:
    nodes: tuple[_Node, ...]
    terms: tuple[int, ...] | None = None  # when every part is a term: their indexes (the common, fast case)


_Node = _Term | _Not | _And | _Or


class CompiledQueries:
    """A profile's queries, ready to be counted in any number of texts."""

    def __init__(self, queries: tuple[Node, ...]) -> None:
        self.phrases: list[Phrase] = []
        self._index: dict[Phrase, int] = {}
        self.trees = tuple(self._compile(q) for q in queries)
        self.labels = [" ".join(p.tokens) if p.text.isascii() else p.text for p in self.phrases]
        han = [i for i, p in enumerate(self.phrases) if one_han_run(p)]
        self.words = [i for i, p in enumerate(self.phrases) if i not in han and not _HAN.search(p.text)]
        self.mixed = [i for i in range(len(self.phrases)) if i not in han and i not in self.words]
        # A text without a Latin letter can match only word phrases of digits.
        self._digits_only = any(not _LETTER.search(self.phrases[i].text) for i in self.words)
        self.automaton: Any = None
        if han:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            by_text: dict[str, list[int]] = defaultdict(list)
            for i in han:
                by_text[self.phrases[i].text].append(i)
            for text, indexes in by_text.items():
                automaton.add_word(text, tuple(indexes))
            automaton.make_automaton()
            self.automaton = automaton

    def _compile(self, node: Node) -> _Node:
        if isinstance(node, Term):
            if node.phrase not in self._index:
                self._index[node.phrase] = len(self.phrases)
                self.phrases.append(node.phrase)
            return _Term(self._index[node.phrase])
        if isinstance(node, Not):
            return _Not(self._compile(node.node))
        if isinstance(node, Or):
            nodes = tuple(self._compile(child) for child in node.nodes)
            flat = all(isinstance(n, _Term) for n in nodes)
            return _Or(nodes, tuple(n.index for n in nodes if isinstance(n, _Term)) if flat else None)
        assert isinstance(node, And)
        return _And(tuple(self._compile(child) for child in node.nodes))

    def counts(self, normalised: str) -> list[int]:
        """How often each phrase occurs in the text (search_key-normalised), overlaps included."""
        counts = [0] * len(self.phrases)
        if self.automaton is not None:
            for _, indexes in self.automaton.iter(normalised):
                for i in indexes:
                    counts[i] += 1
        if self.words and (self._digits_only or _LETTER.search(normalised)):
            # Han runs stay in the list as they are: no Latin token equals one, and they keep words apart.
            words = Tokens([w[:MAX_WORD] for w in _RUN.findall(normalised)])
            for i in self.words:
                counts[i] = words.count(self.phrases[i])
        if self.mixed:
            tokens = Tokens(document_tokens(normalised))
            for i in self.mixed:
                counts[i] = tokens.count(self.phrases[i])
        return counts

    def hits(self, normalised: str, matched: list[str]) -> list[int]:
        """Per query, how often it matches (0: not at all); the terms that matched are added to `matched`."""
        counts = self.counts(normalised)
        return [self._hits(tree, counts, matched) for tree in self.trees]

    def _hits(self, node: _Node, counts: list[int], matched: list[str]) -> int:
        """A term's count, AND's least part (of its positive parts), OR's sum, NOT's 1 when its part is 0."""
        if isinstance(node, _Term):
            hits = counts[node.index]
            if hits:
                matched.append(self.labels[node.index])
            return hits
        if isinstance(node, _Not):
            return 0 if self._hits(node.node, counts, []) else 1
        if isinstance(node, _Or):
            if node.terms is not None:
                found = [i for i in node.terms if counts[i]]
                matched += [self.labels[i] for i in found]
                return sum(counts[i] for i in found)
            return sum(self._hits(child, counts, matched) for child in node.nodes)
        parts = [(child, self._hits(child, counts, matched)) for child in node.nodes]
        if any(h == 0 for _, h in parts):
            return 0
        positive = [h for child, h in parts if not isinstance(child, _Not)]
        return min(positive) if positive else 1
