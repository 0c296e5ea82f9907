"""Train and evaluate the relevance model on labelled articles (scikit-learn, used only here).

Evaluation holds out whole days (fold 0 of three: a day whose ordinal is divisible by 3): every article of
a held-out day is unseen in training, as tomorrow's articles will be. The shipped model is then fitted on every labelled
article, and the held-out figures are written into its report.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from watch.profiles import TopicProfile
from watch.relevance import ArticleSignals, features
from watch.relevance_model import LinearModel, RelevanceModel

MIN_GRAM_EXAMPLES = 2    # an n-gram seen in one training article only is noise
REGULARISATION_C = 4.0   # inverse L2 strength (chosen on the training days by cross-validation, see docs)
THRESHOLD = 0.5


@dataclass(frozen=True)
class Example:
    key: str                 # an id, a page path: never the text of a page we may not copy
    day: date
    language: str            # en, zh-Hant, zh-Hans
    label: int               # 1: on the profile's topic
    signals: ArticleSignals
    origin: str = "written"  # written, real, mirror


FOLDS = 3


def fold_of(day: date) -> int:
    """The day's fold: whole days go together, so a release and its twin are never on both sides."""
    return day.toordinal() % FOLDS


def held_out(day: date) -> bool:
    return fold_of(day) == 0


def _fit(examples: Sequence[Example], profile: TopicProfile, *, text_model: bool) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [features(e.signals, profile, text_model=text_model)[0] for e in examples]
    seen = Counter(f for row in rows for f in row if f.startswith("g:"))
    rows = [{f: v for f, v in row.items() if not f.startswith("g:") or seen[f] >= MIN_GRAM_EXAMPLES} for row in rows]
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform(rows)
    labels = [e.label for e in examples]
    classifier = LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=5000)
    classifier.fit(matrix, labels)
    weights = {name: round(float(w), 5) for name, w in zip(vectoriser.get_feature_names_out(),
                                                          classifier.coef_[0], strict=True) if abs(w) >= 1e-4}
    return LinearModel(round(float(classifier.intercept_[0]), 5), weights)


def fit(examples: Sequence[Example], profile: TopicProfile, report: dict[str, Any] | None = None) -> RelevanceModel:
    text = _fit(examples, profile, text_model=True)
    signals = _fit(examples, profile, text_model=False)
    digest = hashlib.sha256(repr((sorted(text.weights.items()), text.intercept,
                                  sorted(signals.weights.items()))).encode()).hexdigest()[:12]
    return RelevanceModel(f"lr-{digest}", text, signals, report or {})


def _auc(scores: Sequence[float], labels: Sequence[int]) -> float | None:
    """ROC AUC (ties count half); None when one class is missing."""
    positives = [s for s, y in zip(scores, labels, strict=True) if y]
    negatives = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not positives or not negatives:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def quality(model: RelevanceModel, examples: Sequence[Example], profile: TopicProfile) -> dict[str, Any]:
    """AUC, precision and recall at the threshold, per language and overall, on these examples."""
    from watch.relevance import score

    scored = [(score(e.signals, profile, model).score, e) for e in examples]
    groups: dict[str, list[tuple[float, Example]]] = {"all": scored}
    for item in scored:
        groups.setdefault(item[1].language, []).append(item)
        groups.setdefault(f"origin:{item[1].origin}", []).append(item)
    out: dict[str, Any] = {}
    for name, items in sorted(groups.items()):
        scores, labels = [s for s, _ in items], [e.label for _, e in items]
        shown = [y for s, y in zip(scores, labels, strict=True) if s >= THRESHOLD]
        auc = _auc(scores, labels)
        out[name] = {
            "articles": len(items), "on_topic": sum(labels),
            "auc": None if auc is None else round(auc, 4),
            "precision": round(sum(shown) / len(shown), 4) if shown else None,
            "recall": round(sum(shown) / sum(labels), 4) if sum(labels) else None,
        }
    return out


def train_and_report(examples: Sequence[Example], profile: TopicProfile) -> RelevanceModel:
    """Held-out figures from a model fitted on the other days, then the model fitted on every day."""
    train = [e for e in examples if not held_out(e.day)]
    test = [e for e in examples if held_out(e.day)]
    report: dict[str, Any] = {"examples": len(examples), "train": len(train), "held_out": len(test)}
    if train and test and len({e.label for e in train}) == 2:
        report["held_out_quality"] = quality(fit(train, profile), test, profile)
    model = fit(examples, profile, report)
    report["features"] = {"text": len(model.text.weights), "signals": len(model.signals.weights)}
    return model


def misranked(model: RelevanceModel, examples: Sequence[Example], profile: TopicProfile,
              limit: int = 10) -> list[tuple[float, Example]]:
    """The held-out articles the model got most wrong (for the training report)."""
    from watch.relevance import score

    scored = [(score(e.signals, profile, model).score, e) for e in examples]
    wrong = [(s, e) for s, e in scored if (s >= THRESHOLD) != bool(e.label)]
    return sorted(wrong, key=lambda item: -abs(item[0] - THRESHOLD))[:limit]
