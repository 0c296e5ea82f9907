"""The project's labelled set: authored YAML (surfaces) expanded to JSONL with character spans."""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from nlp.errors import LabelledSetError
from nlp.eval.paths import LABELLED_DIR, PROJECT_SET

SOURCES = tuple(LABELLED_DIR / f"{split}.yaml" for split in ("dev", "heldout", "heldout2", "heldout3", "bulletin"))


@dataclass(frozen=True)
class GoldEntity:
    type: str            # person | project | organisation
    start: int
    end: int
    text: str
    canonical: str
    title: str | None = None


@dataclass(frozen=True)
class GoldFigure:
    start: int
    end: int
    text: str
    value: float
    unit: str
    currency: str | None = None
    direction: str | None = None
    upper: float | None = None
    salient: bool | None = None   # None: not labelled


@dataclass(frozen=True)
class Paragraph:
    id: str
    split: str           # the source file's stem: "dev" | "heldout" | "heldout2" | "heldout3"
    text: str
    entities: tuple[GoldEntity, ...]
    figures: tuple[GoldFigure, ...]
    local_currency: str = "CNY"   # what a bare 元 means where the paragraph would be published
    window: tuple[int, int] | None = None  # a real page: only this part of `text` is labelled


def _occurrences(text: str, surface: str) -> list[int]:
    out, pos = [], text.find(surface)
    while pos >= 0:
        out.append(pos)
        pos = text.find(surface, pos + len(surface))
    return out


# What may stand between an English title and the name: a comma and honorifics (the Secretary for
# Development, Ms Bernadette Linn).
_ENGLISH_GAP = re.compile(r"(?:,?\s*(?:the\s+Hon\s+|(?:Mr|Mrs|Ms|Miss|Madam|Dr|Professor|Prof|Sir|Ir|Hon"
                          r"|Major General|Lieutenant General|General|Colonel)\.?\s+)*)$")


def title_of(text: str, start: int, end: int, title: str) -> bool:
    """Whether `title` is the post written for the name at text[start:end]: right before it (Chinese),
    before it across a comma and honorifics, or in brackets right after it (English)."""
    before = text[:start].rstrip(" 　")
    if before.endswith(title):
        return True
    gap = _ENGLISH_GAP.search(text[:start])
    if gap and text[:gap.start()].endswith(title):
        return True
    return text[end:end + len(title) + 4].lstrip().startswith(f"({title})")


def expand(raw: dict[str, Any], split: str) -> Paragraph:
    """A paragraph's labels (surfaces) expanded to spans in its text."""
    pid, text = raw["id"], raw["text"]
    ents: list[GoldEntity] = []
    # Every occurrence of a labelled surface is a mention, unless it sits inside a longer
    # labelled name (量子中心 inside the full centre's name).
    orgs = sorted(raw.get("orgs") or [], key=lambda o: -len(o["text"]))
    taken: list[tuple[int, int]] = []
    for o in orgs:
        occ = _occurrences(text, o["text"])
        if not occ:
            raise LabelledSetError(f"{pid}: {o['text']!r} not in text")
        for s in occ:
            e = s + len(o["text"])
            if any(a <= s and e <= b for a, b in taken):
                continue
            taken.append((s, e))
            ents.append(GoldEntity(o["type"], s, e, o["text"], o.get("canonical") or o["text"]))
    seen: set[str] = set()
    for p in raw.get("persons") or []:
        name, title = p["name"], p.get("title")
        if name in seen:
            continue
        seen.add(name)
        occ = _occurrences(text, name)
        if not occ:
            raise LabelledSetError(f"{pid}: person {name!r} not in text")
        titled = [t for t in (x.get("title") for x in raw["persons"] if x["name"] == name) if t]
        for s in occ:
            t = None
            for cand in titled or ([title] if title else []):
                if title_of(text, s, s + len(name), cand):
                    t = cand
            ents.append(GoldEntity("person", s, s + len(name), name, p.get("canonical") or name, t))
        if titled and not any(e.title for e in ents if e.text == name):
            raise LabelledSetError(f"{pid}: title {titled[0]!r} does not precede {name!r}")
    figs = []
    for f in raw.get("figures") or []:
        occ = _occurrences(text, f["text"])
        if not occ:
            raise LabelledSetError(f"{pid}: figure {f['text']!r} not in text")
        if "occurrence" in f:  # one of several figures written alike (rose 5% … fell 5%)
            occ = [occ[int(f["occurrence"])]]
        for s in occ:
            figs.append(GoldFigure(s, s + len(f["text"]), f["text"], float(f["value"]), str(f["unit"]),
                                   f.get("currency"), f.get("direction"),
                                   float(f["upper"]) if f.get("upper") is not None else None, f.get("salient")))
    ents.sort(key=lambda e: e.start)
    figs.sort(key=lambda f: f.start)
    return Paragraph(pid, split, text, tuple(ents), tuple(figs), raw.get("local_currency", "CNY"))


def load_authored(sources: tuple[Path, ...] = SOURCES) -> list[Paragraph]:
    import yaml

    out = []
    for path in sources:
        split = path.stem
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append(expand(raw, split))
    ids = [p.id for p in out]
    if len(set(ids)) != len(ids):
        raise LabelledSetError("duplicate paragraph ids")
    return out


def to_jsonl(paragraphs: list[Paragraph]) -> str:
    return "".join(json.dumps(asdict(p), ensure_ascii=False) + "\n" for p in paragraphs)


def materialise(path: Path = PROJECT_SET) -> int:
    """Write the JSONL with spans from the authored YAML; returns the paragraph count."""
    paragraphs = load_authored()
    path.write_text(to_jsonl(paragraphs), encoding="utf-8")
    return len(paragraphs)


def load(path: Path = PROJECT_SET) -> list[Paragraph]:
    """The labelled set from its JSONL, every span checked against its text."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        raw = json.loads(line)
        ents = tuple(GoldEntity(**e) for e in raw["entities"])
        figs = tuple(GoldFigure(**f) for f in raw["figures"])
        spans: list[GoldEntity | GoldFigure] = [*ents, *figs]
        for x in spans:
            if raw["text"][x.start:x.end] != x.text:
                raise LabelledSetError(f"{path}:{n}: span {x.start}-{x.end} is not {x.text!r}")
        out.append(Paragraph(raw["id"], raw["split"], raw["text"], ents, figs, raw.get("local_currency", "CNY")))
    return out
