"""Partial-credit span scores and character-level kappa, as published tools compute them.

Three different things are called "partial" in the literature; name the one
you report:

-   :func:`partial_credit`: Da San Martino et al. (2019), the SemEval-2020
    Task 11 span scorer (AGREEMENT.md 1c): credit proportional to the overlap.
-   :func:`semeval2013_partial`: SemEval-2013 Task 9.1 "partial" (as in
    nervaluate; AGREEMENT.md 1d): half a point for a boundary mismatch.
-   :func:`char_level_kappa`: every character tagged with its span label or
    ``O``, then Cohen's kappa (AGREEMENT.md 1e). Chance-corrected but dominated
    by ``O``.

As in :mod:`annotator.core.agreement.spans`, annotator A is the reference and B is
the one scored, so precision is about B's spans and recall about A's.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .continuum import merge_units
from .kappa import cohen_kappa
from .spans import Span, SpanLike, as_spans, match_spans, overlap


def _f1(precision: float | None, recall: float | None, empty: bool) -> float:
    if empty:
        return 1.0  # nothing to find and nothing found: the SemEval convention
    if not precision or not recall:
        return 0.0
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class PartialCredit:
    """Sums of overlap credit; add them up over documents, then read the scores."""

    precision_sum: float = 0.0
    recall_sum: float = 0.0
    n_a: int = 0
    n_b: int = 0

    def __add__(self, other: PartialCredit) -> PartialCredit:
        return PartialCredit(
            self.precision_sum + other.precision_sum,
            self.recall_sum + other.recall_sum,
            self.n_a + other.n_a,
            self.n_b + other.n_b,
        )

    @property
    def precision(self) -> float | None:
        """Return the mean share of each B span covered by A, or ``None`` if B is empty."""
        return self.precision_sum / self.n_b if self.n_b else None

    @property
    def recall(self) -> float | None:
        """Return the mean share of each A span covered by B, or ``None`` if A is empty."""
        return self.recall_sum / self.n_a if self.n_a else None

    @property
    def f1(self) -> float:
        """Return ``2PR / (P + R)``; 1.0 when both sides are empty."""
        return _f1(self.precision, self.recall, self.n_a == 0 and self.n_b == 0)


def merge_overlapping(spans: Sequence[SpanLike], *, labeled: bool = True) -> list[Span]:
    """Merge spans that share at least one position (per label, if ``labeled``).

    The SemEval-2020 scorer does this before scoring, so that one long span
    overlapping two short ones does not collect credit twice. Converts to arrays and
    calls :func:`~annotator.core.agreement.continuum.merge_units`, which merges units
    for unitizing alpha the same way.
    """
    converted = as_spans(spans)
    labels: dict[Hashable, int] = {}  # in order of appearance: it orders ties in the result
    for span in converted:
        labels.setdefault(span.label if labeled else None, len(labels))
    ordered = sorted(converted, key=lambda span: (span.start, span.end))
    codes = [labels[span.label if labeled else None] for span in ordered]
    begin, length, category = merge_units(
        np.array([span.start for span in ordered], dtype=np.int64),
        np.array([span.end - span.start for span in ordered], dtype=np.int64),
        np.array(codes, dtype=np.int64),
    )
    names = list(labels)
    merged = [
        Span(start, start + size, names[code])
        for start, size, code in zip(
            begin.tolist(), length.tolist(), category.tolist(), strict=True
        )
    ]
    return sorted(merged, key=lambda span: (span.start, span.end))


def partial_credit(
    a: Sequence[SpanLike], b: Sequence[SpanLike], *, labeled: bool = True, merge: bool = True
) -> PartialCredit:
    """Return Da San Martino et al.'s (2019) partial-credit sums for one document.

    With ``S`` = B's spans and ``T`` = A's, ``C(s, t, h) = |s ∩ t| / h [y_s = y_t]``:
    ``P = (1/|S|) sum_s sum_t C(s, t, |s|)``, ``R = (1/|T|) sum_s sum_t C(s, t, |t|)``.

    :param labeled: require equal labels (the technique-classification task);
        without it labels are ignored (the span-identification task).
    :param merge: merge overlapping spans on each side first, as the scorer does.
    """
    sa, sb = as_spans(a), as_spans(b)
    if merge:
        sa, sb = merge_overlapping(sa, labeled=labeled), merge_overlapping(sb, labeled=labeled)
    precision_sum = recall_sum = 0.0
    for t in sa:
        for s in sb:
            shared = overlap(s, t)
            if shared and (not labeled or s.label == t.label):
                precision_sum += shared / (s.end - s.start)
                recall_sum += shared / (t.end - t.start)
    return PartialCredit(precision_sum, recall_sum, len(sa), len(sb))


@dataclass(frozen=True)
class SemEvalCounts:
    """SemEval-2013 counts for the "partial" scheme: correct, partial, missed, spurious."""

    cor: int = 0
    par: int = 0
    mis: int = 0
    spu: int = 0

    def __add__(self, other: SemEvalCounts) -> SemEvalCounts:
        return SemEvalCounts(
            self.cor + other.cor, self.par + other.par, self.mis + other.mis, self.spu + other.spu
        )

    @property
    def possible(self) -> int:
        """Return POS, the number of reference (A) spans."""
        return self.cor + self.par + self.mis

    @property
    def actual(self) -> int:
        """Return ACT, the number of compared (B) spans."""
        return self.cor + self.par + self.spu

    @property
    def precision(self) -> float | None:
        """Return ``(COR + 0.5 PAR) / ACT``, or ``None`` if B is empty."""
        return (self.cor + 0.5 * self.par) / self.actual if self.actual else None

    @property
    def recall(self) -> float | None:
        """Return ``(COR + 0.5 PAR) / POS``, or ``None`` if A is empty."""
        return (self.cor + 0.5 * self.par) / self.possible if self.possible else None

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall; 1.0 when both sides are empty."""
        return _f1(self.precision, self.recall, self.possible == 0 and self.actual == 0)


def semeval2013_partial(a: Sequence[SpanLike], b: Sequence[SpanLike]) -> SemEvalCounts:
    """Return SemEval-2013 Task 9.1 "partial" counts for one document (labels ignored).

    COR: same boundaries; PAR: overlapping, other boundaries; MIS: A spans left
    over; SPU: B spans left over. Unlike nervaluate, which lets several
    system spans claim one reference span, matching here is one to one: exact
    pairs first, then overlap pairs among the rest (greedy, as in
    :func:`~annotator.core.agreement.spans.match_spans`).
    """
    sa, sb = as_spans(a), as_spans(b)
    exact = match_spans(sa, sb, mode="exact", labeled=False)
    rest_a = [sa[i] for i in exact.only_a]
    rest_b = [sb[j] for j in exact.only_b]
    partial = match_spans(rest_a, rest_b, mode="overlap", labeled=False)
    cor, par = len(exact.pairs), len(partial.pairs)
    return SemEvalCounts(cor, par, len(sa) - cor - par, len(sb) - cor - par)


def char_tags(
    spans: Sequence[SpanLike], length: int, *, labeled: bool = True, outside: Any = "O"
) -> list[Any]:
    """Tag each of ``length`` positions with the label of the span covering it, else ``outside``.

    Where one annotator's spans overlap, the span starting later wins (spans
    are applied in ``(start, end)`` order), so tags do not depend on input order.
    """
    tags: list[Any] = [outside] * length
    for span in sorted(as_spans(spans), key=lambda span: (span.start, span.end)):
        if span.end > length:
            raise ValueError(f"span {tuple(span)} ends after position {length}")
        tag = span.label if labeled else "SPAN"
        tags[span.start : span.end] = [tag] * (span.end - span.start)
    return tags


def char_level_kappa(
    a: Sequence[SpanLike], b: Sequence[SpanLike], length: int, *, labeled: bool = True
) -> float | None:
    """Return Cohen's kappa over per-character tags (see :func:`char_tags`).

    For a corpus, concatenate each annotator's :func:`char_tags` over the
    documents and call :func:`~annotator.core.agreement.kappa.cohen_kappa` once.
    """
    return cohen_kappa(char_tags(a, length, labeled=labeled), char_tags(b, length, labeled=labeled))
