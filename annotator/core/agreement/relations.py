"""Relation F1 between annotators, through the matching of their spans.

A relation is ``(type, from, to)`` where ``from`` and ``to`` are indices into
the same annotator's span list (map span ids to positions first). Two
annotators' spans are different objects, so "the same relation" can only mean:
same type, and both ends matched to each other by the span matching
(:func:`~annotator.core.agreement.spans.match_spans`, exact or overlap). A relation
whose end has no partner span can never match.

Counts and F1 follow the spans module: one-to-one (a multiset), A as the
reference, ``F1 = 2 TP / (|A| + |B|)``; 1.0 when neither side has a relation of
that type.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from annotator.core.wording import counted

from .matching import Mode, match
from .spans import PairCounts, PairwiseAgreement, SpanLike, span_arrays

Relation = tuple[Hashable, int, int]


@dataclass(frozen=True)
class RelationArrays:
    """Relations as parallel arrays: type code, and both ends as indices into the spans."""

    type: np.ndarray
    source: np.ndarray
    target: np.ndarray


@dataclass(frozen=True)
class TypeCounts:
    """Per relation type code: A's relations, B's, and A's that B has too."""

    n_a: np.ndarray
    n_b: np.ndarray
    tp: np.ndarray


def relation_tallies(
    a: RelationArrays, b: RelationArrays, partner: np.ndarray, types: int
) -> TypeCounts:
    """Return per type the counts of relation agreement, given the matching of the spans.

    A's relation ``(type, from, to)`` becomes ``(type, partner[from], partner[to])`` in B's
    span indices (no relation, if an end has no partner); the true positives of a type are
    the size of the multiset intersection of these with B's relations of that type.
    """
    # Keys (type, from, to) in one integer: width exceeds every span index used.
    width = 1 + int(max(partner.max(initial=0), b.source.max(initial=0), b.target.max(initial=0)))
    b_keys = (b.type * width + b.source) * width + b.target
    source, target = partner[a.source], partner[a.target]
    valid = (source >= 0) & (target >= 0)
    a_keys = (a.type[valid] * width + source[valid]) * width + target[valid]
    ka, ca = np.unique(a_keys, return_counts=True)
    kb, cb = np.unique(b_keys, return_counts=True)
    _, ia, ib = np.intersect1d(ka, kb, assume_unique=True, return_indices=True)
    common = np.minimum(ca[ia], cb[ib])
    tp = np.bincount(ka[ia] // (width * width), weights=common, minlength=types)
    return TypeCounts(
        n_a=np.bincount(a.type, minlength=types),
        n_b=np.bincount(b.type, minlength=types),
        tp=tp.astype(np.int64),
    )


def relation_counts(
    a_spans: Sequence[SpanLike],
    a_relations: Sequence[Relation],
    b_spans: Sequence[SpanLike],
    b_relations: Sequence[Relation],
    *,
    mode: Mode = "exact",
    labeled: bool = True,
    min_iou: float = 0.0,
) -> dict[Hashable, PairCounts]:
    """Return match counts per relation type for one document and one annotator pair.

    Converts to arrays and calls :func:`relation_tallies`.

    :param mode: how spans are matched before relations are compared.
    :param labeled: whether matched spans must carry the same label.
    :raises ValueError: a relation names a span index that does not exist.
    """
    for spans, relations, who in ((a_spans, a_relations, "A"), (b_spans, b_relations, "B")):
        for kind, source, target in relations:
            if not (0 <= source < len(spans) and 0 <= target < len(spans)):
                raise ValueError(
                    f"relation {kind!r} of annotator {who} points to span "
                    f"{source} or {target}, but there are {counted(len(spans), 'span')}"
                )
    labels: dict[Hashable, int] = {}
    a, b = span_arrays([a_spans], labels), span_arrays([b_spans], labels)
    partner = match(a, b, mode=mode, labeled=labeled, min_iou=min_iou)
    types: dict[Hashable, int] = {}
    coded = [
        RelationArrays(
            *(
                np.array(column, dtype=np.int64).reshape(-1)
                for column in (
                    [types.setdefault(kind, len(types)) for kind, _, _ in relations],
                    [source for _, source, _ in relations],
                    [target for _, _, target in relations],
                )
            )
        )
        for relations in (a_relations, b_relations)
    ]
    counts = relation_tallies(coded[0], coded[1], partner, len(types))
    return {
        kind: PairCounts(int(counts.tp[code]), int(counts.n_a[code]), int(counts.n_b[code]))
        for kind, code in types.items()
    }


Layer = tuple[Sequence[SpanLike], Sequence[Relation]]


def relation_agreement(
    layers: Mapping[str, Sequence[Layer | None]],
    *,
    mode: Mode = "exact",
    labeled: bool = True,
    min_iou: float = 0.0,
) -> dict[Hashable, PairwiseAgreement]:
    """Return pairwise relation F1 per relation type over a corpus.

    :param layers: annotator name -> per document ``(spans, relations)``, or
        ``None`` where the annotator did not annotate that document. Counts are
        summed over documents per pair, then F1 is averaged over pairs.
    """
    sizes = {len(documents) for documents in layers.values()}
    if len(sizes) > 1:
        raise ValueError(f"annotators have different numbers of documents: {sorted(sizes)}")
    totals: dict[Hashable, dict[str, PairCounts]] = {}
    shared: list[str] = []
    for first, second in combinations(sorted(layers), 2):
        key = f"{first}|{second}"
        for a, b in zip(layers[first], layers[second], strict=True):
            if a is None or b is None:
                continue
            if key not in shared:
                shared.append(key)
            found = relation_counts(*a, *b, mode=mode, labeled=labeled, min_iou=min_iou)
            for kind, counts in found.items():
                pairs = totals.setdefault(kind, {})
                pairs[key] = pairs.get(key, PairCounts()) + counts
    result: dict[Hashable, PairwiseAgreement] = {}
    for kind, pairs in totals.items():
        # A pair that shares documents but never used this type there agrees
        # on it vacuously: it gets empty counts (F1 1.0, flagged ``empty``).
        result[kind] = PairwiseAgreement({key: pairs.get(key, PairCounts()) for key in shared})
    return result
