"""Span F1 counts from a matching: per label, per document, and the F1 they give.

``F1 = 2 TP / (|A| + |B|)`` with A the reference (AGREEMENT.md 1a, 1b). The matching
comes from :mod:`.matching`; these only count what it found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .matching import SpanArrays


def f1(tp: int, n_a: int, n_b: int) -> float | None:
    """Return ``2 TP / (|A| + |B|)``, or None when neither side has anything to agree on."""
    return 2 * tp / (n_a + n_b) if n_a + n_b else None


@dataclass(frozen=True)
class LabelCounts:
    """Per label code: A's spans, B's spans and A's spans that found a partner."""

    n_a: np.ndarray
    n_b: np.ndarray
    tp: np.ndarray


def label_counts(a: SpanArrays, b: SpanArrays, partner: np.ndarray, labels: int) -> LabelCounts:
    """Return the counts per label code (``0 .. labels - 1``) of a matching of A to B.

    For a labeled matching these are the counts of matching each label's spans alone.
    """
    return LabelCounts(
        n_a=np.bincount(a.label, minlength=labels),
        n_b=np.bincount(b.label, minlength=labels),
        tp=np.bincount(a.label[partner >= 0], minlength=labels),
    )


def matched(partner: np.ndarray) -> int:
    """Return the number of A's spans that found a partner."""
    return int((partner >= 0).sum())


def per_document_f1(
    documents: np.ndarray, a: SpanArrays, b: SpanArrays, partner: np.ndarray
) -> np.ndarray:
    """Return the F1 of a matching in each of ``documents`` (sorted ids); nan where empty."""
    size = len(documents)
    where_a = np.searchsorted(documents, a.doc)
    totals = np.bincount(where_a, minlength=size) + np.bincount(
        np.searchsorted(documents, b.doc), minlength=size
    )
    tp = np.bincount(where_a[partner >= 0], minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, 2 * tp / np.maximum(totals, 1), np.nan)
