"""The corpus-wide array versions match the per-document functions: same pairs, same alpha."""

from __future__ import annotations

import random

import numpy as np
import pytest

from annotator.core.agreement import Span, match_spans, unitizing_alpha
from annotator.core.agreement.vectorised import (
    SpanArrays,
    match_exact,
    match_overlap,
    merge_units,
    unitizing_alpha_arrays,
)


def _random_layer(rng: random.Random, documents: int, length: int) -> list[list[Span]]:
    layer = []
    for _ in range(documents):
        spans = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randrange(0, length - 1)
            end = min(length, start + rng.randint(1, 12))
            spans.append(Span(start, end, rng.choice("XY")))
        # Duplicates on purpose: exact matching must pair them off in order.
        if spans and rng.random() < 0.3:
            spans.append(spans[0])
        layer.append(sorted(spans))
    return layer


def _arrays(layer: list[list[Span]]) -> SpanArrays:
    rows = [(d, s.start, s.end, ord(s.label)) for d, spans in enumerate(layer) for s in spans]
    table = np.array(rows, dtype=np.int64).reshape(-1, 4)
    return SpanArrays(*(table[:, k] for k in range(4)))


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("mode", ["exact", "overlap"])
@pytest.mark.parametrize("labeled", [True, False])
def test_corpus_matching_equals_per_document_matching(seed: int, mode: str, labeled: bool) -> None:
    """Every pair found by match_spans, document by document, is found by the array version."""
    rng = random.Random(seed)
    a, b = _random_layer(rng, 12, 40), _random_layer(rng, 12, 40)
    expected = []
    offset_a = offset_b = 0
    for spans_a, spans_b in zip(a, b, strict=True):
        matching = match_spans(spans_a, spans_b, mode=mode, labeled=labeled)
        expected += [(offset_a + i, offset_b + j) for i, j in matching.pairs]
        offset_a, offset_b = offset_a + len(spans_a), offset_b + len(spans_b)
    function = match_exact if mode == "exact" else match_overlap
    partner = function(_arrays(a), _arrays(b), labeled=labeled)
    found = [(i, int(j)) for i, j in enumerate(partner) if j >= 0]
    assert found == sorted(expected)


@pytest.mark.parametrize("seed", range(15))
def test_array_unitizing_alpha_equals_the_reference(seed: int) -> None:
    """Merged units on one continuum: same alpha, per category and overall, as unitizing_alpha."""
    rng = random.Random(seed)
    total = 200
    observers = {}
    arrays = {}
    for name in ("a", "b", "c")[: rng.choice([2, 3])]:
        spans = _random_layer(rng, 1, total)[0]
        begin = np.array([s.start for s in spans], dtype=np.int64)
        length = np.array([s.end - s.start for s in spans], dtype=np.int64)
        category = np.array([ord(s.label) for s in spans], dtype=np.int64)
        merged = merge_units(begin, length, category)
        arrays[name] = merged
        observers[name] = [
            Span(int(b), int(b + n), chr(int(c))) for b, n, c in zip(*merged, strict=True)
        ]
    expected = unitizing_alpha(observers, 0, total)
    got = unitizing_alpha_arrays(arrays, total)
    if expected.alpha is None:
        assert got.alpha is None
    else:
        assert got.alpha == pytest.approx(expected.alpha, abs=1e-12)
    for category, disagreement in expected.categories.items():
        assert got.categories[ord(category)].alpha == pytest.approx(disagreement.alpha, abs=1e-12)


def test_overlapping_units_of_one_category_merge_into_their_union() -> None:
    """[0,5) and [3,9) of X become [0,9); a touching [9,12) stays apart; Y is separate."""
    begin, length, category = merge_units(
        np.array([3, 0, 9, 2]), np.array([6, 5, 3, 2]), np.array([1, 1, 1, 2])
    )
    assert list(zip(begin.tolist(), length.tolist(), category.tolist(), strict=True)) == [
        (0, 9, 1),
        (9, 3, 1),
        (2, 2, 2),
    ]


def test_exact_matching_with_offsets_too_large_to_pack_into_one_integer() -> None:
    """Huge document ids and offsets fall back to numbering distinct rows; the result holds."""
    big = 1 << 40
    a = SpanArrays(
        *(
            np.array(c, dtype=np.int64)
            for c in ([big, big, 1], [5, big, 0], [9, big + 3, 4], [1, 1, 1])
        )
    )
    b = SpanArrays(
        *(np.array(c, dtype=np.int64) for c in ([big, 1], [big, 0], [big + 3, 4], [1, 1]))
    )
    assert match_exact(a, b).tolist() == [-1, 0, 1]
