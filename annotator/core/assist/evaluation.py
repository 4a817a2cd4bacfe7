"""Per-label precision, recall and F1 of suggested spans against gold, exact and overlap.

Matching is the agreement measures' own (:mod:`annotator.core.agreement.matching`):
one-to-one, exact = same start and end, overlap = at least one shared character, taken
greedily by the largest overlap (AGREEMENT.md 1a and 1b). Gold is the reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..agreement.matching import MODES, SpanArrays, match

#: A span as scored: ``(label, start, end)``.
ScoredSpan = tuple[str, int, int]


@dataclass(frozen=True)
class Scores:
    """Counts and ratios of one matching; a ratio over nothing is None."""

    matched: int
    gold: int
    predicted: int

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        total = self.gold + self.predicted
        return 2 * self.matched / total if total else None


@dataclass(frozen=True)
class LabelScores:
    """One label's scores under exact and overlap matching."""

    label: str
    exact: Scores
    overlap: Scores


def score_spans(
    gold: Sequence[Iterable[ScoredSpan]],
    predicted: Sequence[Iterable[ScoredSpan]],
    labels: Sequence[str],
) -> dict[str, LabelScores]:
    """Score ``predicted`` against ``gold``, both one list of spans per document, per label.

    :raises ValueError: the two sides cover different numbers of documents.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} predicted")
    codes = {label: code for code, label in enumerate(labels)}
    gold_arrays = _arrays(gold, codes)
    predicted_arrays = _arrays(predicted, codes)
    scores: dict[str, LabelScores] = {}
    for label, code in codes.items():
        a = gold_arrays.take(gold_arrays.label == code)
        b = predicted_arrays.take(predicted_arrays.label == code)
        by_mode = {
            mode: Scores(int((match(a, b, mode=mode) >= 0).sum()), len(a), len(b))  # type: ignore[arg-type]
            for mode in MODES
        }
        scores[label] = LabelScores(label, by_mode["exact"], by_mode["overlap"])
    return scores


def add_scores(parts: Iterable[dict[str, LabelScores]]) -> dict[str, LabelScores]:
    """Sum the counts of several scorings (the folds of a cross-validation)."""
    total: dict[str, LabelScores] = {}
    for part in parts:
        for label, s in part.items():
            if label in total:
                t = total[label]
                s = LabelScores(label, _sum(t.exact, s.exact), _sum(t.overlap, s.overlap))
            total[label] = s
    return total


def stored_scores(scores: LabelScores) -> dict[str, Any]:
    """Return one label's scores as a stored model keeps them (``AssistModel.scores``)."""
    return {"exact": _stored(scores.exact), "overlap": _stored(scores.overlap)}


def merged_stored_scores(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Return the stored scores of two labels merged into one: their counts summed.

    A span the model put under one label where gold had the other was no match when it was
    scored, and is not counted as one now: the figures are what was measured, not more.
    """

    def read(stored: dict[str, Any], mode: str) -> Scores:
        return Scores(stored[mode]["matched"], stored[mode]["gold"], stored[mode]["predicted"])

    modes = {mode: _sum(read(a, mode), read(b, mode)) for mode in ("exact", "overlap")}
    return stored_scores(LabelScores("", modes["exact"], modes["overlap"]))


def _stored(scores: Scores) -> dict[str, Any]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "precision": rounded(scores.precision),
        "recall": rounded(scores.recall),
        "f1": rounded(scores.f1),
        "matched": scores.matched,
        "gold": scores.gold,
        "predicted": scores.predicted,
    }


def _sum(a: Scores, b: Scores) -> Scores:
    return Scores(a.matched + b.matched, a.gold + b.gold, a.predicted + b.predicted)


def _arrays(documents: Sequence[Iterable[ScoredSpan]], codes: dict[str, int]) -> SpanArrays:
    rows = [
        (doc, start, end, codes[label])
        for doc, spans in enumerate(documents)
        for label, start, end in spans
        if label in codes
    ]
    table = np.array(rows, dtype=np.int64).reshape(-1, 4)
    return SpanArrays(table[:, 0], table[:, 1], table[:, 2], table[:, 3])
