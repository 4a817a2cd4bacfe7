"""Span matching and unitizing alpha over a whole corpus at once, on NumPy arrays.

The functions in :mod:`.spans` and :mod:`.unitizing` take one document's spans as Python
objects; a project of 10,000 documents x 3 annotators x 20 spans would spend seconds just
calling them. These compute the *same* results (tests/test_agreement_vectorised.py checks
them against those functions on random data) for every document in one pass.

Spans are parallel integer arrays ``doc, start, end, label``, sorted by ``(doc, start,
end)``; a span's position in the arrays plays the role of its index in :func:`match_spans`
(ties between equal overlaps go to the earlier span, as there). A matching is returned as
``partner``: for each span of A, the index of its partner in B, or -1.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np

from .unitizing import Disagreement, UnitizingAlpha, _expected, _observed_sum, _Sections


@dataclass(frozen=True)
class SpanArrays:
    """Spans as parallel arrays, sorted by (doc, start, end)."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray

    def __len__(self) -> int:
        return len(self.doc)

    def take(self, mask: np.ndarray) -> SpanArrays:
        """Return the spans where ``mask`` holds (a boolean array or indices)."""
        return SpanArrays(self.doc[mask], self.start[mask], self.end[mask], self.label[mask])


def _stride(a: SpanArrays, b: SpanArrays) -> int:
    # Documents laid end to end with room to spare, so that no span reaches the next one.
    ends = [int(x.end.max()) for x in (a, b) if len(x)]
    return max(ends, default=0) + 1


def match_exact(a: SpanArrays, b: SpanArrays, *, labeled: bool = True) -> np.ndarray:
    """Return A's partners under exact matching (same document, start, end and label).

    Duplicates pair off in order, as in :func:`~annotator.core.agreement.spans.match_spans`.
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


def match_overlap(a: SpanArrays, b: SpanArrays, *, labeled: bool = True) -> np.ndarray:
    """Return A's partners under greedy one-to-one overlap matching.

    Candidates are pairs in one document sharing at least one position (and the label, if
    ``labeled``), taken largest overlap first, then earlier A, then earlier B: the order of
    :func:`~annotator.core.agreement.spans.match_spans`. Greedy in that order is computed in
    rounds: a candidate that comes first among all candidates of its A span *and* of its B
    span is certainly taken; take all such, drop the candidates they rule out, repeat.
    """
    partner = np.full(len(a), -1, dtype=np.int64)
    if not len(a) or not len(b):
        return partner
    stride = _stride(a, b)
    a_start, a_end = a.doc * stride + a.start, a.doc * stride + a.end
    b_start, b_end = b.doc * stride + b.start, b.doc * stride + b.end
    b_order = np.argsort(b_start, kind="stable")
    b_sorted = b_start[b_order]
    longest = int((b.end - b.start).max())
    low = np.searchsorted(b_sorted, a_start - longest, side="right")
    high = np.searchsorted(b_sorted, a_end, side="left")
    counts = np.maximum(high - low, 0)
    ia = np.repeat(np.arange(len(a)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    ib = b_order[np.repeat(low, counts) + offsets]
    shared = np.minimum(a_end[ia], b_end[ib]) - np.maximum(a_start[ia], b_start[ib])
    keep = shared > 0
    if labeled:
        keep &= a.label[ia] == b.label[ib]
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


def merge_units(
    position: np.ndarray, length: np.ndarray, category: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge overlapping units of one category into one, as unitizing alpha requires.

    Unitizing alpha assumes that one observer's units of a category never overlap (they
    partition the continuum with gaps); an annotator may mark overlapping spans when the
    project allows it, so such spans are merged first (their union is what was marked).

    :return: merged ``(begin, length, category)``, sorted by category then begin.
    """
    if not len(position):
        return position, length, category
    order = np.lexsort((position, category))
    begin, end, cat = position[order], (position + length)[order], category[order]
    new = np.ones(len(begin), dtype=bool)
    # A category change restarts the running end: add a large step per category.
    shift = cat.astype(np.int64) * (int(end.max()) + 1)
    reach = np.maximum.accumulate(end + shift) - shift
    new[1:] = (begin[1:] >= reach[:-1]) | (cat[1:] != cat[:-1])
    starts = np.flatnonzero(new)
    merged_end = np.maximum.reduceat(end, starts)
    return begin[starts], merged_end - begin[starts], cat[starts]


def _sections(begin: np.ndarray, length: np.ndarray, total: int) -> _Sections:
    """Return an observer's partition of ``[0, total)`` into its sorted, disjoint units and gaps."""
    stop = begin + length
    gap_begin = np.concatenate([[0], stop])
    gap_end = np.concatenate([begin, [total]])
    is_gap = gap_end > gap_begin
    all_begin = np.concatenate([begin, gap_begin[is_gap]]).astype(float)
    all_length = np.concatenate([length, (gap_end - gap_begin)[is_gap]]).astype(float)
    unit = np.concatenate([np.ones(len(begin), bool), np.zeros(int(is_gap.sum()), bool)])
    order = np.argsort(all_begin, kind="stable")
    return _Sections(all_begin[order], all_length[order], unit[order])


def unitizing_alpha_arrays(
    observers: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
    total: int,
) -> UnitizingAlpha:
    """Return the 2004 unitizing alpha on ``[0, total)``, units given as arrays.

    Same result as :func:`~annotator.core.agreement.unitizing.unitizing_alpha` with
    ``form="2004"`` on the same units (after :func:`merge_units`).

    :param observers: name -> ``(begin, length, category)`` of non-overlapping units per
        category (call :func:`merge_units` first).
    """
    m = len(observers)
    result = UnitizingAlpha(alpha=None)
    if m < 2 or total <= 0:
        return result
    units = list(observers.values())
    categories: list[Hashable] = np.unique(np.concatenate([c for _, _, c in units])).tolist()
    for category in categories:
        partitions = [
            _sections(begin[cats == category], length[cats == category], total)
            for begin, length, cats in units
        ]
        # The distance is symmetric (a unit inside a gap counts the same from either
        # side), so each unordered pair of observers is summed once and counted twice.
        observed = 2 * sum(
            _observed_sum(partitions[i], partitions[j]) for i in range(m) for j in range(i + 1, m)
        )
        result.categories[category] = Disagreement(
            observed=observed / (m * (m - 1) * total**2),
            expected=_expected(partitions, total, "2004"),
        )
    overall = Disagreement(
        sum(d.observed for d in result.categories.values()),
        sum(d.expected for d in result.categories.values()),
    )
    result.alpha = overall.alpha
    return result
