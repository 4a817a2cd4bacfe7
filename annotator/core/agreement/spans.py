"""Pairwise span F1 between annotators: exact and overlap matching, labeled or not.

A span is ``(start, end, label)``: code-point offsets, end-exclusive. Each
annotator's spans in a document are a multiset; matching is one-to-one (a span
is used at most once). Treating annotator A as the reference:

``P = TP / |B|``, ``R = TP / |A|``, ``F1 = 2 TP / (|A| + |B|)``

F1 does not depend on which annotator is the reference, so it is a symmetric
agreement measure (for two annotators it equals positive specific agreement:
Hripcsak & Rothschild 2005). Definitions: AGREEMENT.md section 1a/1b.

Conventions, so that no number is made up: with no spans on either side F1
is 1.0 (the SemEval convention) and the counts say ``empty`` so a UI can show
"no spans" instead; with spans on one side only F1 is 0.0; a precision or
recall whose denominator is zero is ``None``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, NamedTuple

import numpy as np

from .matching import MODES, Mode, SpanArrays, match
from .tallies import f1, matched


class Span(NamedTuple):
    """A labeled character range ``[start, end)``."""

    start: int
    end: int
    label: Hashable = None


SpanLike = Span | Sequence[Any] | Mapping[str, Any]


def as_span(value: SpanLike) -> Span:
    """Return ``value`` as a :class:`Span`.

    :param value: a tuple ``(start, end[, label])`` or a mapping with
        ``start``, ``end`` and optionally ``label``.

    :raises ValueError: the end lies before the start.
    """
    if isinstance(value, Span):
        span = value
    elif isinstance(value, Mapping):
        span = Span(int(value["start"]), int(value["end"]), value.get("label"))
    else:
        span = Span(int(value[0]), int(value[1]), value[2] if len(value) > 2 else None)
    if span.end < span.start:
        raise ValueError(f"span {tuple(span)} ends before it starts")
    return span


def as_spans(values: Sequence[SpanLike]) -> list[Span]:
    """Return every item as a :class:`Span`."""
    # Already converted (the corpus functions convert once, then match many
    # times): skip the per-item checks, which dominate matching time.
    if all(type(value) is Span and value.end >= value.start for value in values):
        return list(values)  # type: ignore[arg-type]
    return [as_span(value) for value in values]


def overlap(a: Span, b: Span) -> int:
    """Return the number of positions two spans share, ``max(0, min(ends) - max(starts))``."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


@dataclass
class Matching:
    """A one-to-one matching: pairs of indices into A and B, and the leftovers."""

    pairs: list[tuple[int, int]]
    only_a: list[int]
    only_b: list[int]


def match_spans(
    a: Sequence[SpanLike],
    b: Sequence[SpanLike],
    *,
    mode: Mode = "exact",
    labeled: bool = True,
    min_iou: float = 0.0,
) -> Matching:
    """Match the spans of annotator A to those of annotator B, one to one.

    ``exact``: same start and end (and label, if ``labeled``); duplicates pair
    off in order. ``overlap``: at least one shared position (and, if
    ``min_iou`` is set, intersection over union at least that). One span may
    overlap several, so pairs are taken greedily: the largest overlap first;
    among equal overlaps the earlier span of A, then the earlier span of B
    (AGREEMENT.md 1b). This converts to arrays and calls
    :func:`~annotator.core.agreement.matching.match`, the one implementation.
    """
    sa, sb = as_spans(a), as_spans(b)
    if mode not in MODES:
        raise ValueError(f"unknown matching mode {mode!r}; expected 'exact' or 'overlap'")
    codes: dict[Hashable, int] = {}
    partner = match(
        span_arrays([sa], codes),
        span_arrays([sb], codes),
        mode=mode,
        labeled=labeled,
        min_iou=min_iou,
    ).tolist()
    pairs = [(i, j) for i, j in enumerate(partner) if j >= 0]
    used_b = {j for _, j in pairs}
    return Matching(
        pairs=pairs,
        only_a=[i for i, j in enumerate(partner) if j < 0],
        only_b=[j for j in range(len(sb)) if j not in used_b],
    )


def span_arrays(
    documents: Sequence[Sequence[SpanLike] | None], codes: dict[Hashable, int]
) -> SpanArrays:
    """Return spans given per document (``None``: none) as arrays, ``doc`` the list position.

    :param codes: label -> integer code, shared by everything that will be compared;
        labels not in it yet are added.
    :raises ValueError: a span ends before it starts.
    """
    sizes = [0 if spans is None else len(spans) for spans in documents]
    flat: Sequence[SpanLike] = [span for spans in documents if spans for span in spans]
    # Triples (and Spans) go straight into arrays; anything else is converted first.
    if not all(type(span) is Span or (type(span) is tuple and len(span) == 3) for span in flat):
        flat = as_spans(flat)
    columns: list[Sequence[Any]] = [list(column) for column in zip(*flat, strict=True)]
    starts, ends, labels = columns or [[], [], []]
    start, end = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
    for bad in np.flatnonzero(end < start)[:1].tolist():
        as_span(flat[bad])  # raises, naming the span
    label = np.array([codes.setdefault(value, len(codes)) for value in labels], dtype=np.int64)
    doc = np.repeat(np.arange(len(documents), dtype=np.int64), sizes)
    return SpanArrays(doc, start, end, label)


@dataclass(frozen=True)
class PairCounts:
    """Counts for one annotator pair (A = reference, B = compared); add them up over documents."""

    tp: int = 0
    n_a: int = 0
    n_b: int = 0

    def __add__(self, other: PairCounts) -> PairCounts:
        return PairCounts(self.tp + other.tp, self.n_a + other.n_a, self.n_b + other.n_b)

    @property
    def only_a(self) -> int:
        """Return the number of A's items that found no partner in B."""
        return self.n_a - self.tp

    @property
    def only_b(self) -> int:
        """Return the number of B's items that found no partner in A."""
        return self.n_b - self.tp

    @property
    def empty(self) -> bool:
        """Return whether neither side has anything (F1 is 1.0 by convention then)."""
        return self.n_a == 0 and self.n_b == 0

    @property
    def precision(self) -> float | None:
        """Return ``TP / |B|``, or ``None`` if B is empty."""
        return self.tp / self.n_b if self.n_b else None

    @property
    def recall(self) -> float | None:
        """Return ``TP / |A|``, or ``None`` if A is empty."""
        return self.tp / self.n_a if self.n_a else None

    @property
    def f1(self) -> float:
        """Return ``2 TP / (|A| + |B|)``; 1.0 when both are empty."""
        score = f1(self.tp, self.n_a, self.n_b)
        return 1.0 if score is None else score

    def as_dict(self) -> dict[str, Any]:
        """Return the counts and scores as plain data."""
        return {
            "tp": self.tp,
            "only_a": self.only_a,
            "only_b": self.only_b,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "empty": self.empty,
        }


def span_f1(
    a: Sequence[SpanLike],
    b: Sequence[SpanLike],
    *,
    mode: Mode = "exact",
    labeled: bool = True,
    min_iou: float = 0.0,
) -> PairCounts:
    """Return the match counts of two annotators' spans in one document.

    Matching as in :func:`match_spans`.
    """
    matching = match_spans(a, b, mode=mode, labeled=labeled, min_iou=min_iou)
    return PairCounts(len(matching.pairs), len(a), len(b))


@dataclass
class PairwiseAgreement:
    """Scores for every annotator pair (keyed ``"alice|bob"``) and their mean F1."""

    pairs: dict[str, PairCounts] = field(default_factory=dict)

    @property
    def mean_f1(self) -> float | None:
        """Return the mean F1 over pairs, or ``None`` if no pair shares a document."""
        if not self.pairs:
            return None
        return sum(counts.f1 for counts in self.pairs.values()) / len(self.pairs)

    def as_dict(self) -> dict[str, Any]:
        """Return the mean and the per-pair scores as plain data."""
        return {
            "mean_f1": self.mean_f1,
            "pairs": {key: counts.as_dict() for key, counts in self.pairs.items()},
        }


def span_agreement(
    layers: Mapping[str, Sequence[Sequence[SpanLike] | None]],
    *,
    mode: Mode = "exact",
    labeled: bool = True,
    label: Hashable | None = None,
    min_iou: float = 0.0,
) -> PairwiseAgreement:
    """Return pairwise span F1 over a corpus, for every pair of annotators.

    Counts are summed over documents for each pair (micro average; a match
    never crosses documents), then F1 is averaged over pairs.

    :param layers: annotator name -> one span list per document, documents in
        the same order for everyone; ``None`` where that annotator did not
        annotate the document (it is then left out of that annotator's pairs).
    :param label: score only the spans with this label.
    """
    sizes = {len(documents) for documents in layers.values()}
    if len(sizes) > 1:
        raise ValueError(f"annotators have different numbers of documents: {sorted(sizes)}")
    codes: dict[Hashable, int] = {}
    arrays = {name: span_arrays(documents, codes) for name, documents in layers.items()}
    if label is not None:
        arrays = {name: x.take(x.label == codes.get(label, -1)) for name, x in arrays.items()}
    result = PairwiseAgreement()
    for first, second in combinations(sorted(layers), 2):
        shared = [
            number
            for number, (a, b) in enumerate(zip(layers[first], layers[second], strict=True))
            if a is not None and b is not None
        ]
        if shared:  # a pair with no document in common says nothing either way
            a = arrays[first].take(np.isin(arrays[first].doc, shared))
            b = arrays[second].take(np.isin(arrays[second].doc, shared))
            partner = match(a, b, mode=mode, labeled=labeled, min_iou=min_iou)
            result.pairs[f"{first}|{second}"] = PairCounts(matched(partner), len(a), len(b))
    return result
