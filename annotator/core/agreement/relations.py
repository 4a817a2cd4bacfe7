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

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from itertools import combinations

from .spans import Mode, PairCounts, PairwiseAgreement, SpanLike, match_spans

Relation = tuple[Hashable, int, int]


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

    :param mode: how spans are matched before relations are compared.
    :param labeled: whether matched spans must carry the same label.
    :raises ValueError: a relation names a span index that does not exist.
    """
    for spans, relations, who in ((a_spans, a_relations, "A"), (b_spans, b_relations, "B")):
        for kind, source, target in relations:
            if not (0 <= source < len(spans) and 0 <= target < len(spans)):
                raise ValueError(
                    f"relation {kind!r} of annotator {who} points to span "
                    f"{source} or {target}, but there are {len(spans)} spans"
                )
    matching = match_spans(a_spans, b_spans, mode=mode, labeled=labeled, min_iou=min_iou)
    partner = dict(matching.pairs)
    # A's relations translated into B's span indices; an unmatched end becomes
    # None, which no relation of B carries.
    translated = Counter(
        (kind, partner.get(source), partner.get(target)) for kind, source, target in a_relations
    )
    theirs = Counter((kind, source, target) for kind, source, target in b_relations)
    counts: dict[Hashable, PairCounts] = {}
    for kind in {key[0] for key in translated} | {key[0] for key in theirs}:
        tp = sum(
            min(number, theirs[key])
            for key, number in translated.items()
            if key[0] == kind and None not in key[1:]
        )
        n_a = sum(number for key, number in translated.items() if key[0] == kind)
        n_b = sum(number for key, number in theirs.items() if key[0] == kind)
        counts[kind] = PairCounts(tp, n_a, n_b)
    return counts


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
