"""English names: officials with their titles (the Secretary for Innovation, Technology and Industry,
Professor Sun Dong), people after an honorific, and bodies, programmes and documents named by their head
word (… Research Institute, … Centre, … Scheme, … Fund, … Bureau, Department of …, … Ordinance)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# An English name's words: capitalised words, acronyms, R&D, @InnoHK; joined inside a name by these.
# Capitalised words, dotted initials (S.K.H., H.K.) and R&D; no full stop at a word's end: runs stop at one.
_CAP = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’&@+-]*(?:\.[A-Za-z][\w'’&@+-]*)*|R&D)"
# Words of a name are joined on one line: a line break ends it (a table's rows are not one name).
_SP = r"[ \t\u00a0]+"
_JOIN = rf"(?:,?{_SP}(?:and|&|of|for|the|on|in|de)(?:{_SP}the)?{_SP}|,{_SP}|{_SP}|-)"
_CAPSEQ = rf"{_CAP}(?:{_JOIN}{_CAP})*"
# In a post, at most a dozen words: a bound keeps a page of capitalised words from making the title
# patterns backtrack over all of it.
_TITLE_SEQ = rf"{_CAP}(?:{_JOIN}{_CAP}){{0,12}}"
# A run of capitalised words longer than this is a table, a list or a headline, not a name.
MAX_RUN_WORDS = 40
HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Madam", "Mdm", "Dr", "Professor", "Prof", "Sir", "Dame", "Lord",
              "Ir", "Hon", "Justice", "Rev", "Reverend", "Father", "Sister", "Cardinal", "Bishop")
_HON = r"(?:(?:" + "|".join(HONORIFICS) + r")\.?\s+(?:the\s+Hon\s+)?)"
# A personal name: two to five capitalised parts, hyphenated given names included (John Lee Ka-chiu).
_NAME = r"[A-Z][a-zA-Z'’]+(?:-[a-z]+)?(?:\s+[A-Z][a-zA-Z'’]+(?:-[a-z]+)?){1,4}"
_POST = (r"(?:(?:Deputy|Under|Permanent|Assistant|Acting|Associate|Executive|Senior|Principal|Vice)[- ])*"
         r"(?:Secretary(?:-General)?|Director(?:-General)?|Commissioner|Chairman|Chairperson|Chairwoman|Chair|"
         r"President|Vice-Chancellor|Chancellor|Chief Executive(?: Officer)?|Chief Secretary|Financial Secretary|"
         r"Head|Controller|Consul[- ]General|Ambassador|Government Chief Information Officer|Government "
         r"Economist|Postmaster General|Commander|Dean|Provost|Mayor|Governor|Premier|Minister|Member|"
         r"Chief Executive Officer|Managing Director|General Manager|Founder|Co-founder|Convenor|Spokesman|"
         r"Spokesperson|Chief Scientist|Professor)")
# The Secretary for Development, Ms Bernadette Linn: a title, a comma, an honorific, the name (without the
# honorific the split between a title and a name is a guess: Secretary for Home and Youth Affairs Alice Mak).
TITLED_RE = re.compile(
    rf"(?P<title>{_POST}(?:\s+(?:of|for|at)\s+(?:the\s+)?{_TITLE_SEQ})?)"
    rf"(?:\s*,\s*|\s+)(?P<hon>{_HON}+)(?P<name>{_NAME})")
HONORIFIC_RE = re.compile(rf"(?<![\w])(?P<hon>{_HON}+)(?P<name>{_NAME})")
# A speech's greeting gives the post in brackets after the name: Dr Lam Tai-fai (Chairman of the … Council).
_BRACKETED = (rf"\s*\((?P<title>(?:the\s+)?{_POST}(?:\s+(?:of|for|at)\s+(?:the\s+)?{_TITLE_SEQ})?"
              r"(?:\s*\([A-Z]{2,10}\))?)\)")
BRACKETED_TITLE_RE = re.compile(_BRACKETED)
# … or calls the person by the post: Deputy Director Tan Tieniu (Deputy Director of the Liaison Office …).
POST_NAME_RE = re.compile(rf"(?<![\w]){_POST}\s+(?P<name>{_NAME}){_BRACKETED}")

ORG_HEADS = frozenset(
    "Institute Institution Centre Center Bureau Department Office Council Commission Authority Corporation "
    "Company Limited Ltd University College Hospital Laboratory Laboratories Lab Foundation Association "
    "Society Board Committee Academy Federation Chamber Agency Exchange Bank Group Force Kindergarten "
    "Observatory Registry Secretariat Alliance Consortium Trust Union Administration Ministry Council "
    "Polytechnic School Museum Library Team Taskforce Task Unit Section Division Branch Club Campus "
    "Organization Organisation".split())
PROJECT_HEADS = frozenset(
    "Scheme Fund Programme Program Park Zone Initiative Project Campaign Summit Forum Conference Expo "
    "Exhibition Festival Fair Award Awards Competition Platform Cluster Corridor Technopole InnoPark Hub "
    "Clusters Connect Pass Voucher Index Grant Helpline Hotline".split())
# Venues: a place where something happens, not a body (Tai Po Community Centre, Tung Cheong Street Sports
# Centre).
VENUE_ENDINGS = ("Community Centre", "Community Hall", "Sports Centre", "Sports Ground", "Leisure Building",
                 "Civic Centre", "Town Hall", "Stadium", "Community Center")
DOCUMENT_HEADS = frozenset(
    "Ordinance Bill Regulation Regulations Law Blueprint Strategy Budget Guidelines Framework "
    "Agenda Outline Plan Code Report".split())  # (a Policy Address is curated: Address alone heads no name)
# Capitalised words that begin a sentence or a title, never a name.
_NOT_NAME_START = frozenset(
    "The This That These Those Our Its Their His Her My Your We They It In On At For With From By To As "
    "And But Or If When While After Before Since Under Over Following Besides Meanwhile Also Today Yesterday "
    "Tomorrow Mr Mrs Ms Miss Dr Professor Prof Madam Sir Secretary Director Commissioner Chairman Chief "
    "Deputy Under Permanent President Head Members Member Ladies Gentlemen Good Thank Both Each All Every "
    "Some Many Such Other Another A An I Speech Ends Please Apart Through Among Across Without Within "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Deputy Acting Assistant Vice During Upon Despite Although "
    "However Moreover Furthermore Therefore Hence Thus Regarding Concerning Including Whereas Because Once "
    "Where What Which Who How Why Yes No Not Dear Honourable Distinguished Welcome Let Now Then Here There "
    "Last Next First Second Third Finally Lastly Meanwhile Together Apart Further Additionally Specifically "
    "Overall Currently Recently Previously Earlier Later Separately Similarly Likewise Indeed".split())
_TITLE_WORDS = frozenset(
    "Secretary Director Commissioner Chairman Chairperson Chair President Chief Head Controller Consul "
    "Ambassador Permanent Under Deputy Assistant Acting Vice-Chancellor Chancellor Minister Mayor Governor "
    "Premier Member Members Dean Provost Commander".split())
_RUN = re.compile(_CAPSEQ)
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][\w'’&@+-]*(?:\.[A-Za-z][\w'’&@+-]*)*|R&D")


@dataclass(frozen=True)
class EnglishName:
    start: int
    end: int
    type: str                              # person, organisation, project, document
    title: tuple[int, int] | None = None   # a person's title as written


def english_persons(text: str) -> list[EnglishName]:
    """Officials after their title, people after an honorific, and later mentions of their full names."""
    out: list[EnglishName] = []
    taken: list[tuple[int, int]] = []
    for m in TITLED_RE.finditer(text):
        s, e = _trim_name(text, m.start("name"), m.end("name"))
        out.append(EnglishName(s, e, "person", (m.start("title"), m.end("title"))))
        taken.append((s, e))
    for m in POST_NAME_RE.finditer(text):
        s, e = m.start("name"), m.end("name")
        if not any(a < e and s < b for a, b in taken):
            out.append(EnglishName(s, e, "person", (m.start("title"), m.end("title"))))
            taken.append((s, e))
    for m in HONORIFIC_RE.finditer(text):
        s, e = _trim_name(text, m.start("name"), m.end("name"))
        if not any(a < e and s < b for a, b in taken):
            post = BRACKETED_TITLE_RE.match(text, e)
            out.append(EnglishName(s, e, "person", (post.start("title"), post.end("title")) if post else None))
            taken.append((s, e))
    for name in {text[p.start:p.end] for p in out}:
        for m in re.finditer(rf"(?<![\w]){re.escape(name)}(?![\w])", text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append(EnglishName(m.start(), m.end(), "person"))
                taken.append((m.start(), m.end()))
    return out


# Words after a personal name that the name pattern may have taken in (Mr Peter Burnett Hong Kong …).
_NAME_STOP = frozenset("The Hong Kong Government Legislative Council Chief Secretary Director".split())


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    words = list(re.finditer(r"\S+", text[start:end]))
    keep = len(words)
    for i, w in enumerate(words[1:], 1):
        if w.group().rstrip(",.") in _NAME_STOP:
            keep = i
            break
    keep = max(keep, 1)
    return start, start + words[keep - 1].end()


_POST_COMPLEMENT = re.compile(rf"{_CAP}{_SP}(?:of|for){_SP}(?:the{_SP})?")


def english_names(text: str, known: Callable[[str], bool] = lambda name: False) -> list[EnglishName]:
    """Bodies, programmes and documents named by a head word: the capitalised words that end in it
    (Hong Kong Productivity Council; Innovation, Technology and Industry Bureau), or that it begins with an
    `of`/`for` complement (Department of Health, Centre for Health Protection). `known(name)` says a
    name is curated: it is a list's item, never a modifier (Lok Ma Chau Loop and Hong Kong Science Park)."""
    out = []
    for m in _RUN.finditer(text):
        if m.group().count(" ") > MAX_RUN_WORDS:
            continue
        found = _names_in_run(text, m.start(), m.end(), known)
        # A post's complement may be a body (Commissioner of the Ministry of Foreign Affairs …): only a
        # name with a head word counts there (Director of Fire Services names none).
        words = m.group().split()
        if not found and words and words[0] in _TITLE_WORDS:
            at = _POST_COMPLEMENT.search(text, m.start(), m.end())
            if at:
                found = [n for n in _names_in_run(text, at.end(), m.end(), known) if n.start == at.end()]
        out += found
    return out


# Where a run of capitalised words splits into parts: a list's commas and its and / &.
_LIST_SEP = re.compile(r",\s+(?:and\s+|&\s+)?|\s+(?:and|&)\s+")


@dataclass
class _Part:
    start: int
    end: int
    sep: str           # the separator before it ("" for the first)
    words: list[re.Match[str]]


def _parts(text: str, start: int, end: int) -> list[_Part]:
    """The run's list parts, each with its capitalised words (the joining of / for / the left out)."""
    parts, pos, sep = [], start, ""
    for m in _LIST_SEP.finditer(text, start, end):
        parts.append(_Part(pos, m.start(), sep, _capitalised(text, pos, m.start())))
        pos, sep = m.end(), m.group().strip()
    parts.append(_Part(pos, end, sep, _capitalised(text, pos, end)))
    return [p for p in parts if p.words]


def _capitalised(text: str, start: int, end: int) -> list[re.Match[str]]:
    return [w for w in _WORD.finditer(text, start, end) if w.group()[0].isupper()]


def _names_in_run(text: str, start: int, end: int, known: Callable[[str], bool]) -> list[EnglishName]:
    out: list[EnglishName] = []
    parts = _parts(text, start, end)
    i = 0
    while i < len(parts):
        part = parts[i]
        words = _name_words(part.words)
        if words is None:
            i += 1
            continue
        first = words[0].start()
        # A list of modifiers before the part with the head (Innovation, Technology and Industry Bureau):
        # commas join only when an `and` closes the list.
        j = i
        while _head_of(parts[j].words) is None and j + 1 < len(parts) and _list_closes(parts, j + 1) \
                and not known(text[parts[j].words[0].start():parts[j].words[-1].end()]):
            j += 1
        head = _head_of(parts[j].words)
        if head is None:
            i = j + 1
            continue
        k, kind = head
        words_j = parts[j].words
        while k > 0 and re.match(r"\s*\d", text[words_j[k].end():words_j[k].end() + 3]) \
                and _head_of(words_j[:k]) is not None:
            k, kind = _head_of(words_j[:k]) or (k, kind)  # Centre Unit 110: the Unit is an address
            words_j = words_j[:k + 1]
        last = words_j[k]
        if _complement_follows(text, words_j, k):
            last = words_j[-1]
            cut = text.find(" in the ", words_j[k].end(), last.end())
            if cut >= 0:  # … of the People's Republic of China in the HKSAR: a description follows
                last = max((w for w in words_j if w.end() <= cut), key=lambda w: w.end())
            # Ministry of Industry and Information Technology: headless parts after `and` belong to it.
            # (Not when that part begins another list: … and the Innovation, Technology and Industry Bureau.)
            while j + 1 < len(parts) and parts[j + 1].sep in ("and", "&") and _head_of(parts[j + 1].words) is None \
                    and not (j + 2 < len(parts) and parts[j + 2].sep == ","):
                j += 1
                last = parts[j].words[-1]
        elif k + 1 < len(words_j) and not _of_another_body(text, words_j, k):
            i = j + 1
            continue  # the head is a modifier of something else (QS World University Rankings)
        if all(_head_type(w.group()) for w in _words_between(parts, i, j, first, last.end())):
            i = j + 1
            continue  # head words alone (Fund, University Council) are no name
        end_at = last.end()
        # Prestige Construction & Engineering Company, Limited: the company form after a comma.
        if j + 1 < len(parts) and parts[j + 1].sep == "," and len(parts[j + 1].words) == 1 \
                and parts[j + 1].words[0].group() in ("Limited", "Ltd", "Inc", "LLC"):
            j += 1
            end_at = parts[j].words[0].end()
        name = text[first:end_at]
        if len(_WORD.findall(text, first, end_at)) >= 2 and not name.endswith(VENUE_ENDINGS):
            out.append(EnglishName(first, end_at, kind))
        i = j + 1
    return out


def _words_between(parts: list[_Part], i: int, j: int, start: int, end: int) -> list[re.Match[str]]:
    return [w for p in parts[i:j + 1] for w in p.words if start <= w.start() and w.end() <= end]


def _name_words(words: list[re.Match[str]]) -> list[re.Match[str]] | None:
    """The part's words from where a name may start (The, Following … dropped); None for a post."""
    words = list(words)
    while words and (words[0].group() in _NOT_NAME_START or not words[0].group()[0].isupper()):
        if words[0].group() in _TITLE_WORDS:
            return None  # a post (Director of Fire Services), not a body: its complement is read apart
        words.pop(0)
    return words or None


def _head_of(words: list[re.Match[str]]) -> tuple[int, str] | None:
    """The index and type of the part's name head: the last head word, or the first one followed
    by of / for (Department of Health)."""
    found = None
    for i, w in enumerate(words):
        kind = _head_type(w.group())
        if kind:
            found = (i, kind)
    return found


def _complement_follows(text: str, words: list[re.Match[str]], k: int) -> bool:
    """Department of Health; not … Section of the EDB (another body's short name) or … in the HKSAR."""
    if k + 1 >= len(words):
        return False
    between = text[words[k].end():words[k + 1].start()]
    if not re.fullmatch(r"\s+(?:of|for)\s+(?:the\s+)?", between):
        return False
    return not _of_another_body(text, words, k)


def _of_another_body(text: str, words: list[re.Match[str]], k: int) -> bool:
    """… Section of the EDB: the head's complement is another body's short name."""
    return k + 2 == len(words) and words[k + 1].group().isupper() \
        and bool(re.fullmatch(r"\s+of\s+(?:the\s+)?", text[words[k].end():words[k + 1].start()]))


def _list_closes(parts: list[_Part], j: int) -> bool:
    """Parts j… continue a list that an `and` / `&` closes before a part with a head."""
    for p in parts[j:]:
        if p.sep in ("and", "&", ", and", ", &"):
            return True
        if p.sep != ",":
            return False
        if _head_of(p.words) is not None:
            return False
    return False


def _head_type(word: str) -> str | None:
    if word in ORG_HEADS:
        return "organisation"
    if word in PROJECT_HEADS:
        return "project"
    if word in DOCUMENT_HEADS:
        return "document"
    return None
