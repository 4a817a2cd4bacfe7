"""Span matching, the one implementation: a whole corpus at once, on NumPy arrays.

Spans are parallel integer arrays ``doc, start, end, label`` (label: an integer code). A
span's position in its arrays is its index; a matching is returned as ``partner``: for
each span of A, the index of its partner in B, or -1. A match never crosses documents.

``exact``: same document, start and end (and label, if ``labeled``); duplicates pair off
in order. ``overlap``: at least one shared position (and label, if ``labeled``; and, if
``min_iou`` is set, intersection over union at least that), taken greedily: the largest
overlap first; among equal overlaps the earlier span of A, then the earlier span of B
(AGREEMENT.md 1a, 1b). Maximum bipartite matching can find more pairs on contrived
inputs; greedy is predictable and is what we document.

The list API (:func:`~annotator.core.agreement.spans.match_spans`,
:func:`~annotator.core.agreement.spans.span_agreement`) converts to these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Mode = Literal["exact", "overlap"]
MODES: tuple[str, ...] = ("exact", "overlap")


@dataclass(frozen=True)
class SpanArrays:
    """Spans as parallel integer arrays (in any order; the report sorts by doc, start, end)."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray

    def __len__(self) -> int:
        return len(self.doc)

    def take(self, mask: np.ndarray) -> SpanArrays:
        """Return the spans where ``mask`` holds (a boolean array or indices)."""
        return SpanArrays(self.doc[mask], self.start[mask], self.end[mask], self.label[mask])


def match(
    a: SpanArrays,
    b: SpanArrays,
    *,
    mode: Mode = "exact",
    labeled: bool = True,
    min_iou: float = 0.0,
) -> np.ndarray:
    """Return A's partners in B under ``mode`` matching (see the module docstring).

    :raises ValueError: an unknown mode.
    """
    if mode == "exact":
        return match_exact(a, b, labeled=labeled)
    if mode == "overlap":
        return match_overlap(a, b, labeled=labeled, min_iou=min_iou)
    raise ValueError(f"unknown matching mode {mode!r}; expected 'exact' or 'overlap'")


def match_exact(a: SpanArrays, b: SpanArrays, *, labeled: bool = True) -> np.ndarray:
    """Return A's partners under exact matching (same document, start, end and label).

    Duplicates pair off in order: the k-th copy in A with the k-th copy in B.
    """
    partner = np.full(len(a), -1, dtype=np.int64)
    if not len(a) or not len(b):
        return partner
    side = np.concatenate([np.zeros(len(a), np.int64), np.ones(len(b), np.int64)])
    index = np.concatenate([np.arange(len(a)), np.arange(len(b))])
    key = _exact_key(a, b, labeled)
    # Equal keys become neighbours, A's copies (in order) before B's: a stable sort of
    # ``2 key + side`` over A then B keeps each side's own order.
    order = np.argsort(key * 2 + side, kind="stable")
    sorted_key = key[order]
    new_group = np.ones(len(order), dtype=bool)
    new_group[1:] = sorted_key[1:] != sorted_key[:-1]
    group = np.cumsum(new_group) - 1
    group_start = np.flatnonzero(new_group)
    s = side[order]
    n_a = np.bincount(group, weights=(s == 0)).astype(np.int64)
    n_b = np.bincount(group, weights=(s == 1)).astype(np.int64)
    positions = np.flatnonzero(s == 0)
    g = group[positions]
    rank = positions - group_start[g]
    paired = rank < n_b[g]
    partner_positions = group_start[g] + n_a[g] + rank
    partner[index[order][positions[paired]]] = index[order][partner_positions[paired]]
    return partner


def _exact_key(a: SpanArrays, b: SpanArrays, labeled: bool) -> np.ndarray:
    """Return one integer per span (A, then B) that is equal exactly when the spans match."""
    columns = [np.concatenate([getattr(a, k), getattr(b, k)]) for k in ("doc", "start", "end")]
    if labeled:
        columns.append(np.concatenate([a.label, b.label]))
    key = np.zeros(len(columns[0]), dtype=np.int64)
    room = 1
    for column in columns:
        low = int(column.min())
        size = int(column.max()) - low + 1
        room *= size
        if room >= 1 << 61:  # would overflow: number the distinct rows instead
            rows = np.stack(columns, axis=1)
            return np.unique(rows, axis=0, return_inverse=True)[1].reshape(-1).astype(np.int64)
        key = key * size + (column - low)
    return key


def match_overlap(
    a: SpanArrays, b: SpanArrays, *, labeled: bool = True, min_iou: float = 0.0
) -> np.ndarray:
    """Return A's partners under greedy one-to-one overlap matching.

    Candidates are pairs in one document sharing at least one position (and the label, if
    ``labeled``; and an intersection over union of at least ``min_iou``, if set), taken
    largest overlap first, then earlier A, then earlier B. Greedy in that order is
    computed in rounds: a candidate that comes first among all candidates of its A span
    *and* of its B span is certainly taken; take all such, drop the candidates they rule
    out, repeat.
    """
    partner = np.full(len(a), -1, dtype=np.int64)
    if not len(a) or not len(b):
        return partner
    # Documents laid end to end with room to spare, so that no span reaches the next one
    # (positions below zero, which only the list API may pass, move up first).
    low = min(int(a.start.min()), int(b.start.min()), 0)
    stride = max(int(a.end.max()), int(b.end.max())) - low + 1
    a_base, b_base = a.doc * stride, b.doc * stride
    if low:
        a_base, b_base = a_base - low, b_base - low
    a_start, a_end = a_base + a.start, a_base + a.end
    b_start, b_end = b_base + b.start, b_base + b.end
    # Candidates without comparing every pair: B sorted by start; a span of B that
    # overlaps [s, e) starts before e and after s - (longest B span).
    b_order = np.argsort(b_start, kind="stable")
    b_sorted = b_start[b_order]
    longest = int((b.end - b.start).max())
    first = np.searchsorted(b_sorted, a_start - longest, side="right")
    stop = np.searchsorted(b_sorted, a_end, side="left")
    counts = np.maximum(stop - first, 0)
    ia = np.repeat(np.arange(len(a)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    ib = b_order[np.repeat(first, counts) + offsets]
    shared = np.minimum(a_end[ia], b_end[ib]) - np.maximum(a_start[ia], b_start[ib])
    keep = shared > 0
    if labeled:
        keep &= a.label[ia] == b.label[ib]
    if min_iou:
        union = (a_end[ia] - a_start[ia]) + (b_end[ib] - b_start[ib]) - shared
        keep &= shared / np.maximum(union, 1) >= min_iou  # union >= shared > 0 where kept
    ia, ib, shared = ia[keep], ib[keep], shared[keep]
    order = np.lexsort((ib, ia, -shared))
    ia, ib = ia[order], ib[order]
    while len(ia):
        taken = _first_of_each(ia, len(a)) & _first_of_each(ib, len(b))
        partner[ia[taken]] = ib[taken]
        used_a = np.zeros(len(a), dtype=bool)
        used_a[ia[taken]] = True
        used_b = np.zeros(len(b), dtype=bool)
        used_b[ib[taken]] = True
        rest = ~(used_a[ia] | used_b[ib])
        ia, ib = ia[rest], ib[rest]
    return partner


def _first_of_each(values: np.ndarray, size: int) -> np.ndarray:
    """Return where each value in ``values`` (all below ``size``) occurs for the first time."""
    # One pass with ufunc.at instead of np.unique's sort: this runs every matching round.
    positions = np.arange(len(values))
    first = np.full(size, len(values), dtype=np.int64)
    np.minimum.at(first, values, positions)
    return first[values] == positions
