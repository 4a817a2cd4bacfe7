"""A corpus as one continuum for unitizing alpha: documents end to end, overlaps merged.

Krippendorff's unitizing alpha is defined on one continuum; a corpus becomes one by laying
its documents end to end (as the R package quallmer does). The coefficient needs each
observer's units of a category to be disjoint, so overlapping spans are merged first.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .matching import SpanArrays
from .unitizing import UnitizingAlpha, Units, unitizing_alpha_arrays


def merge_units(position: np.ndarray, length: np.ndarray, category: np.ndarray) -> Units:
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
    # A category change restarts the running end: add a large step per category (more
    # than any end, counted from the lowest begin when positions go below zero).
    low = min(int(begin.min()), 0)
    shift = cat.astype(np.int64) * (int(end.max()) - low + 1)
    if low:
        shift -= low
    reach = np.maximum.accumulate(end + shift) - shift
    new[1:] = (begin[1:] >= reach[:-1]) | (cat[1:] != cat[:-1])
    starts = np.flatnonzero(new)
    merged_end = np.maximum.reduceat(end, starts)
    return begin[starts], merged_end - begin[starts], cat[starts]


def corpus_unitizing_alpha(
    observers: Mapping[str, SpanArrays],
    documents: np.ndarray,
    lengths: np.ndarray,
    *,
    labeled: bool = True,
) -> UnitizingAlpha:
    """Return the 2004 unitizing alpha of ``documents`` laid end to end as one continuum.

    Overlapping spans of one label by one observer are merged first (the coefficient needs
    disjoint units); with ``labeled`` false every span is of one category.

    :param documents: the sorted ids of the documents every observer annotated.
    :param lengths: their lengths, in the same order.
    """
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)

    def units(x: SpanArrays) -> Units:
        position = offsets[np.searchsorted(documents, x.doc)] + x.start
        category = x.label if labeled else np.zeros(len(x), dtype=np.int64)
        return merge_units(position, x.end - x.start, category)

    return unitizing_alpha_arrays(
        {name: units(x) for name, x in observers.items()}, int(lengths.sum())
    )
