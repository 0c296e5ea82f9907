"""A synthetic archive for benchmarks: varied two-script articles from mirror sentences and the gazetteer.

Sentences come from the Chinese pages of the offline mirror (as stored, with their generated reports, in
tests/storage/data/cluster_pairs.jsonl); entity names from nlp/data/gazetteer.yaml. Each article takes 4–12
sentences, names 2–4 gazetteer entities in attribution phrases (recorded as mentions), gets its numbers
re-drawn and one figure, is written in Traditional or Simplified (half each), and is dated within 5 years.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from nlp.convert import to_simplified, to_traditional

REPO = Path(__file__).resolve().parents[1]
PAIRS = REPO / "tests" / "storage" / "data" / "cluster_pairs.jsonl"
GAZETTEER = REPO / "nlp" / "data" / "gazetteer.yaml"
SOURCES = ["takungpao_hk", "takungpao_cn", "infogov", "newsgov", "szgov", "htcz", "gdgov", "gdstc"]
SECTIONS = ["要聞", "科技", "大灣區", "新聞發布", "政務動態", "通知公告"]
START = datetime(2021, 1, 1, tzinfo=UTC)
DAYS = 5 * 365
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]")
_NUMBER = re.compile(r"\d+(?![\d年])")
_SLOT = re.compile(r"\{([POLR])\}")
_TYPES = {"project": "P", "organisation": "O", "place": "L", "person": "R"}
ATTRIBUTIONS = [
    ("{}表示，", "{}表示，"),
    ("據{}介紹，", "据{}介绍，"),
    ("{}相關負責人指出，", "{}相关负责人指出，"),
    ("{}今日公布，", "{}今日公布，"),
    ("記者從{}獲悉，", "记者从{}获悉，"),
]
METRICS = [
    ("項目", "项目", "個", "个"),
    ("企業", "企业", "家", "家"),
    ("資金", "资金", "億元", "亿元"),
    ("人才", "人才", "名", "名"),
]


@dataclass(frozen=True)
class Entity:
    id: int
    traditional: str
    simplified: str
    type: str
    aliases: tuple[str, ...]


def load_entities() -> list[Entity]:
    entries = yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))
    out = []
    for i, e in enumerate(entries, start=1):
        aliases = tuple(
            sorted(
                {
                    *e.get("aliases", []),
                    *(to_simplified(a) for a in e.get("aliases", [])),
                    to_simplified(e["name"]),
                }
                - {e["name"]}
            )
        )
        out.append(Entity(i, e["name"], to_simplified(e["name"]), e["type"], aliases))
    return out


class Corpus:
    def __init__(self, seed: int = 20251010) -> None:
        self.rng = random.Random(seed)
        texts, titles = set(), set()
        for line in PAIRS.read_text(encoding="utf-8").splitlines():
            pair = json.loads(line)
            for side in ("a", "b"):
                texts.add(pair[side]["text"])
                titles.add(pair[side]["title"])
        self.entities = load_entities()
        self.by_type: dict[str, list[Entity]] = {}
        for entity in self.entities:
            self.by_type.setdefault(_TYPES[entity.type], []).append(entity)
        sentences = sorted(
            {to_simplified(s.strip()) for t in texts for s in _SENTENCE.findall(t) if 12 <= len(s.strip()) <= 160}
        )
        # Names in the sentences become typed slots, filled at random per article: far more variety.
        names = sorted(
            {(n, _TYPES[e.type]) for e in self.entities for n in (e.simplified, *e.aliases) if len(n) >= 3},
            key=lambda x: -len(x[0]),
        )
        templated = []
        for sentence in sentences:
            for name, slot in names:
                if name in sentence:
                    sentence = sentence.replace(name, "{" + slot + "}")
            templated.append(sentence)
        self.sentences = [(to_traditional(s), s) for s in templated]
        self.titles = [(to_traditional(t), to_simplified(t)) for t in sorted(titles)]

    def _numbers(self, text: str) -> str:
        return _NUMBER.sub(lambda m: str(self.rng.randint(1, 10 ** min(len(m.group()), 4))), text)

    def articles(self, count: int) -> Iterator[dict[str, Any]]:
        """Article dicts in publication order, with `mentions` (entity id, surface, start) and one figure."""
        rng = self.rng
        times = sorted(rng.random() * DAYS for _ in range(count))
        for index, offset in enumerate(times, start=1):
            traditional = rng.random() < 0.5
            side = 0 if traditional else 1
            chosen = rng.sample(self.entities, rng.randint(2, 4))
            sentences = [s[side] for s in rng.sample(self.sentences, rng.randint(4, 12))]
            mentions = []
            parts = []
            position = 0
            title_entity = chosen[0]
            title_name = title_entity.traditional if traditional else title_entity.simplified
            title = f"{title_name}：{self._numbers(rng.choice(self.titles)[side])}"
            for k, template in enumerate(sentences):
                if k < len(chosen):
                    template = rng.choice(ATTRIBUTIONS)[side].replace("{}", "{E}", 1) + template
                template = self._numbers(template)
                pieces, cursor, out_len = [], 0, 0
                for match in re.finditer(r"\{([POLRE])\}", template):
                    literal = template[cursor : match.start()]
                    pieces.append(literal)
                    out_len += len(literal)
                    slot = match.group(1)
                    entity = chosen[k] if slot == "E" else rng.choice(self.by_type[slot])
                    name = entity.traditional if traditional else entity.simplified
                    mentions.append((entity.id, name, position + out_len))
                    pieces.append(name)
                    out_len += len(name)
                    cursor = match.end()
                pieces.append(template[cursor:])
                sentence = "".join(pieces)
                parts.append(sentence)
                position += len(sentence) + 1
            metric = rng.choice(METRICS)
            value = rng.choice([50, 80, 100, 120, 150, 160, 200, 300])
            figure_sentence = (
                f"{chosen[0].traditional if traditional else chosen[0].simplified}"
                f"已落地{value}{metric[2 if traditional else 3]}{metric[side]}。"
            )
            parts.append(figure_sentence)
            text = "\n".join(parts)
            simplified = to_simplified(text) if traditional else text
            source = SOURCES[(index * 7 + (0 if traditional else 1)) % len(SOURCES)]
            yield {
                "id": index,
                "source": source,
                "title": title,
                "text": text,
                "title_simplified": to_simplified(title) if traditional else title,
                "text_simplified": simplified if len(simplified) == len(text) else text,
                "published_at": START + timedelta(days=offset),
                "traditional": traditional,
                "section": rng.choice(SECTIONS),
                "mentions": mentions,
                "figure": (
                    chosen[0].id,
                    float(value),
                    metric[2 if traditional else 3],
                    metric[side],
                    f"{value}{metric[2 if traditional else 3]}{metric[side]}",
                    figure_sentence,
                ),
                "content_hash": hashlib.blake2b(text.encode(), digest_size=16).hexdigest(),
            }
