"""The relevance model as data: logistic-regression coefficients in a small JSON file, read once.

No pickle: the file is plain numbers a person can read and diff, and loading it runs no code. It holds two
linear models trained on the same labelled set (watch.relevance_train): `text` (every feature, for profiles
with `text_model`) and `signals` (only the profile's own signals, for every other profile).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from watch.errors import RelevanceModelError

MODEL_FILE = Path(__file__).resolve().parent / "data" / "relevance" / "model.json"
FORMAT = 1


@dataclass(frozen=True)
class LinearModel:
    intercept: float
    weights: dict[str, float] = field(default_factory=dict)

    @cached_property
    def gram_weights(self) -> dict[str, float]:
        """The weights of the n-gram features ("g:…") by n-gram."""
        return {f[2:]: w for f, w in self.weights.items() if f.startswith("g:")}

    @cached_property
    def grams_known(self) -> frozenset[str]:
        """The n-grams with a weight (intersected with an article's n-grams, the smaller set is walked)."""
        return frozenset(self.gram_weights)

    def decision(self, x: dict[str, float]) -> tuple[float, dict[str, float]]:
        """The log-odds, and each feature's part of it."""
        parts = {f: w * v for f, v in x.items() if (w := self.weights.get(f)) is not None and v}
        return self.intercept + sum(parts.values()), parts


@dataclass(frozen=True)
class RelevanceModel:
    version: str
    text: LinearModel
    signals: LinearModel
    report: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": self.version,
            "text": {"intercept": self.text.intercept, "weights": self.text.weights},
            "signals": {"intercept": self.signals.intercept, "weights": self.signals.weights},
            "report": self.report,
        }


def _linear(raw: Any, name: str) -> LinearModel:
    if not isinstance(raw, dict) or not isinstance(raw.get("weights"), dict):
        raise RelevanceModelError(f"model part {name!r} is missing or malformed")
    return LinearModel(float(raw.get("intercept", 0.0)), {str(k): float(v) for k, v in raw["weights"].items()})


def read_model(path: Path) -> RelevanceModel:
    try:
        raw = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise RelevanceModelError(f"cannot read the relevance model {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise RelevanceModelError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise RelevanceModelError(f"{path}: not a relevance model of format {FORMAT}")
    return RelevanceModel(str(raw.get("version", "")), _linear(raw.get("text"), "text"),
                          _linear(raw.get("signals"), "signals"), dict(raw.get("report") or {}))


def write_model(model: RelevanceModel, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model.as_json(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", "utf-8")


@cache
def shipped_model() -> RelevanceModel:
    """The model in the package, loaded on first use."""
    return read_model(MODEL_FILE)
