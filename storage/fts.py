"""Search syntax and tokens: text to CJK-bigram tokens; a user query to a tree the back ends translate.

Chinese has no word boundaries, so the index holds, for every run of Han characters, its overlapping
character bigrams plus the run's last character (河套区 -> 河套 套区 区). A query word becomes the phrase of
its bigrams (河套 -> "河套", 量子科学 -> "量子 子科 科学"), a single character becomes a prefix ("河"*), so
one- and two-character words match anywhere, and a phrase never matches across punctuation. Other letters
and digits form ordinary words. The user's query is parsed here into a tree that each back end
(storage.backends) re-emits from our own tokens only, so nothing the user types reaches FTS5 or tsquery
syntax unescaped. Every text, query and document, goes through storage.search_key first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from storage.errors import StorageError
from storage.search_key import search_key

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN_RE = re.compile(rf"([{_HAN}]+)|([^\W_{_HAN}]+)")
MAX_WORD = 64  # longer "words" (hashes, URLs run together) are cut: tsvector lexemes have a size limit
GRAM = 4  # character n-grams of the phrase prefilter (see document_grams)


class QueryError(StorageError):
    """Raised by parse_query / search when a query has nothing to search for or cannot be understood."""


def document_tokens(normalised: str) -> list[str]:
    """Index tokens of already-normalised text (search_key), in order."""
    tokens: list[str] = []
    for match in _TOKEN_RE.finditer(normalised):
        han = match.group(1)
        if han is None:
            tokens.append(match.group(2)[:MAX_WORD])
        elif len(han) == 1:
            tokens.append(han)
        else:
            tokens.extend([han[i : i + 2] for i in range(len(han) - 1)])
            tokens.append(han[-1])
    return tokens


def text_tokens(text: str) -> list[str]:
    """Index tokens of raw text: its search key's tokens, exactly as the index holds them."""
    return document_tokens(search_key(text))


def document_grams(normalised: str) -> set[str]:
    """The distinct GRAM-character n-grams of every Han run at least GRAM long (the phrase prefilter's terms).

    A phrase's bigrams can all be common while the phrase is not (科研数据 and 数据跨境 are everywhere,
    科研数据跨境 nowhere): proving that takes a position check in every article holding all of them. Every
    article containing a Han run of GRAM or more characters contains that run's n-grams, and one spanning
    the join of two common words (研数据跨) is usually rare, so their intersection is a small superset of
    the phrase's articles. Four characters span two two-character words and the characters either side.
    """
    grams: set[str] = set()
    for match in _TOKEN_RE.finditer(normalised):
        han = match.group(1)
        if han is not None and len(han) >= GRAM:
            grams.update(han[i : i + GRAM] for i in range(len(han) - GRAM + 1))
    return grams


def keyed_grams(*normalised: str) -> list[str]:
    """The prefilter's n-grams of already-normalised texts (an article's title and text), sorted."""
    return sorted(set().union(*(document_grams(part) for part in normalised)))


def article_grams(title: str, text: str) -> list[str]:
    """The prefilter's n-grams of an article, title and text, sorted."""
    return keyed_grams(search_key(title), search_key(text))


@dataclass(frozen=True)
class Phrase:
    """Tokens that must appear in this order at consecutive positions; the last may be a prefix."""

    tokens: tuple[str, ...]
    prefix: bool
    text: str  # the normalised query text, for highlighting
    grams: frozenset[str] = frozenset()  # document_grams of the phrase: every matching article has them all

def phrase_of(normalised: str, *, prefix: bool = False) -> Phrase | None:
    """The phrase a query word or quoted phrase stands for; None if it holds no letters or digits."""
    matches = list(_TOKEN_RE.finditer(normalised))
    runs = [(m.group(1), m.group(2)) for m in matches]
    tokens: list[str] = []
    last_prefix = False
    for index, (han, word) in enumerate(runs):
        last = index == len(runs) - 1
        if han is None:
            tokens.append(word[:MAX_WORD])
            last_prefix = last and prefix
        elif len(han) == 1:
            # A lone character at the end may be followed by more Han text in the document: a prefix.
            tokens.append(han)
            last_prefix = last
        else:
            tokens.extend(han[i : i + 2] for i in range(len(han) - 1))
            if not last:  # the run ends here in the document too, where its last character is a token
                tokens.append(han[-1])
            last_prefix = False
    if not tokens:
        return None
    text = "".join(normalised[matches[0].start() : matches[-1].end()].split())
    return Phrase(tuple(tokens), last_prefix, text, frozenset(document_grams(normalised)))


# --- the query language -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    phrase: Phrase


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Term | Not | And | Or

_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "”": "”"}
_OPERATORS = {"AND", "OR", "NOT"}


def _lex(query: str) -> list[tuple[str, str]]:
    """(kind, value) pairs: ('(' | ')' | 'op' | 'not' | 'word' | 'phrase', text)."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append((ch, ch))
            i += 1
        elif ch in _QUOTES:
            close = query.find(_QUOTES[ch], i + 1)
            end = n if close < 0 else close
            out.append(("phrase", query[i + 1 : end]))
            i = end + 1
        elif ch == "-" and i + 1 < n and not query[i + 1].isspace() and query[i + 1] != "-":
            out.append(("not", "-"))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in "()" and query[j] not in _QUOTES:
                j += 1
            word = query[i:j]
            out.append(("op", word) if word in _OPERATORS else ("word", word))
            i = j
    return out


# Parentheses and NOTs nest at most this deep: the parser (and every walk of the tree) recurses per level,
# and no real query needs more than a handful.
MAX_NESTING = 100


class _Parser:
    """or := and ('OR' and)*; and := unary ('AND'? unary)*; unary := ('NOT'|'-') unary | '(' or ')' | term"""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def _deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise QueryError(f"the query is nested more than {MAX_NESTING} levels deep (parentheses or NOT)")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> Node | None:
        node = self.parse_or()
        while self.peek() is not None:  # a stray ')' or operator: skip it and go on
            self.pos += 1
            more = self.parse_or()
            node = _join(And, node, more)
        return node

    def parse_or(self) -> Node | None:
        node = self.parse_and()
        while self.peek() == ("op", "OR"):
            self.pos += 1
            node = _join(Or, node, self.parse_and())
        return node

    def parse_and(self) -> Node | None:
        node = self.parse_unary()
        while (token := self.peek()) is not None and token != ("op", "OR") and token[0] != ")":
            if token == ("op", "AND"):
                self.pos += 1
            node = _join(And, node, self.parse_unary())
        return node

    def parse_unary(self) -> Node | None:
        token = self.peek()
        if token is None:
            return None
        self.pos += 1
        kind, value = token
        if kind == "not" or token == ("op", "NOT"):
            self._deeper()
            inner = self.parse_unary()
            self.depth -= 1
            if isinstance(inner, Not):  # NOT NOT x is x
                return inner.node
            return Not(inner) if inner is not None else None
        if kind == "(":
            self._deeper()
            node = self.parse_or()
            self.depth -= 1
            if self.peek() is not None and self.peek()[0] == ")":  # type: ignore[index]
                self.pos += 1
            return node
        if kind in (")", "op"):  # an operator with nothing before it: ignore it
            return None
        prefix = kind == "word" and value.endswith("*")
        phrase = phrase_of(search_key(value), prefix=prefix)
        return Term(phrase) if phrase is not None else None


def _join(kind: type[And] | type[Or], left: Node | None, right: Node | None) -> Node | None:
    if left is None or right is None:
        return left if right is None else right
    parts: list[Node] = []
    for side in (left, right):
        parts.extend(side.nodes if isinstance(side, kind) else (side,))
    return kind(tuple(parts))


def parse_query(query: str) -> Node | None:
    """The query's tree, or None if it is empty. Raises QueryError for a query that only excludes."""
    node = _Parser(_lex(unicodedata.normalize("NFKC", query))).parse()
    if node is None:
        if query.strip():
            raise QueryError(
                f"nothing to search for in {query.strip()!r}: use letters, digits or Chinese "
                'characters (operators: AND OR NOT -word "phrase")'
            )
        return None
    _check(node)
    return node


def _check(node: Node) -> None:
    """Every AND needs a positive part and every OR branch must be positive: no back end does 'all but'."""
    if isinstance(node, Not):
        raise QueryError("a query cannot only exclude: add a word to search for, e.g. 河套 -前海")
    if isinstance(node, Or):
        for child in node.nodes:
            _check(child)
    elif isinstance(node, And):
        positives = [child for child in node.nodes if not isinstance(child, Not)]
        if not positives:
            raise QueryError("a query cannot only exclude: add a word to search for, e.g. 河套 -前海")
        for child in node.nodes:
            _check(child.node if isinstance(child, Not) else child)


def positive_phrases(node: Node | None) -> list[Phrase]:
    """The phrases a hit contains (for highlighting), in query order."""
    if node is None:
        return []
    if isinstance(node, Term):
        return [node.phrase]
    if isinstance(node, Not):
        return []
    return [p for child in node.nodes for p in positive_phrases(child)]


def required_grams(node: Node) -> frozenset[str]:
    """N-grams every article matching `node` contains (document_grams); empty when nothing is required."""
    if isinstance(node, Term):
        return node.phrase.grams
    if isinstance(node, Not):
        return frozenset()
    parts = [required_grams(child) for child in node.nodes]  # an exclusion adds nothing (above)
    if isinstance(node, And):
        return frozenset().union(*parts)
    return frozenset.intersection(*parts)  # OR: only what every branch requires
