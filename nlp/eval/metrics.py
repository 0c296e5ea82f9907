"""Precision, recall and F1 counters, and error tallies by kind."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[object], pred: set[object]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def as_dict(self) -> dict[str, float | int]:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Scores:
    """Per evaluated type: one PRF per matching criterion, and an error tally."""

    prf: dict[str, dict[str, PRF]] = field(default_factory=dict)
    errors: dict[str, Counter[str]] = field(default_factory=dict)

    def get(self, typ: str, criterion: str) -> PRF:
        return self.prf.setdefault(typ, {}).setdefault(criterion, PRF())

    def error(self, typ: str, kind: str, n: int = 1) -> None:
        if n:
            self.errors.setdefault(typ, Counter())[kind] += n

    def as_dict(self) -> dict[str, object]:
        return {
            "prf": {t: {c: v.as_dict() for c, v in cs.items()} for t, cs in sorted(self.prf.items())},
            "errors": {t: dict(sorted(c.items())) for t, c in sorted(self.errors.items())},
        }

    def format(self, label: str) -> str:
        head = f"{'type':<14}{'criterion':<18}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"
        lines = [f"== {label}", head]
        for t, cs in sorted(self.prf.items()):
            for c, v in cs.items():
                lines.append(f"{t:<14}{c:<18}{v.precision:>7.3f}{v.recall:>7.3f}{v.f1:>7.3f}"
                             f"{v.tp:>6}{v.fp:>6}{v.fn:>6}")
        for t, cnt in sorted(self.errors.items()):
            lines.append(f"errors {t:<10}" + ", ".join(f"{k}={n}" for k, n in sorted(cnt.items())))
        return "\n".join(lines)
