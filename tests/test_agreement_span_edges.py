"""Span matching and unitizing alpha at their edges: empty layers, copies, ties, lone observers."""

from __future__ import annotations

import pytest

from annotator.core.agreement import (
    Span,
    match_spans,
    merge_overlapping,
    span_agreement,
    unitizing_alpha,
)


def test_copies_on_one_side_only_pair_once_in_order() -> None:
    """Two copies of a span in A and one in B: the first copy pairs, the second is left over."""
    a = [(0, 5, "X"), (0, 5, "X"), (7, 9, "Y")]
    b = [(7, 9, "Y"), (0, 5, "X"), (7, 9, "Y")]
    matching = match_spans(a, b, mode="exact")
    assert matching.pairs == [(0, 1), (2, 0)]
    assert matching.only_a == [1]
    assert matching.only_b == [2]


def test_copies_on_both_sides_pair_off_one_to_one() -> None:
    """Three copies in A and two in B: the first two of A take B's two, in order."""
    a = [(1, 4, "X")] * 3
    b = [(9, 12, "X"), (1, 4, "X"), (1, 4, "X")]
    assert match_spans(a, b, mode="exact").pairs == [(0, 1), (1, 2)]


@pytest.mark.parametrize("mode", ["exact", "overlap"])
def test_an_empty_side_matches_nothing(mode: str) -> None:
    """No span in A, or none in B: no pair, everything on the other side left over."""
    spans = [(0, 3, "X"), (4, 8, "Y")]
    assert match_spans([], spans, mode=mode).only_b == [0, 1]
    assert match_spans(spans, [], mode=mode).only_a == [0, 1]
    assert match_spans([], [], mode=mode).pairs == []


def test_a_layer_with_no_spans_anywhere_scores_zero_against_a_busy_one() -> None:
    """One annotator marked nothing in any document: F1 0 for the pair, not undefined."""
    result = span_agreement({"a": [[(0, 4, "X")], [(2, 6, "X")]], "b": [[], []]}, mode="overlap")
    counts = result.pairs["a|b"]
    assert (counts.tp, counts.n_a, counts.n_b, counts.f1) == (0, 2, 0, 0.0)
    assert counts.recall == 0.0 and counts.precision is None


def test_a_document_with_no_spans_on_either_side_adds_nothing() -> None:
    """An empty document both annotated leaves the counts of the others as they were."""
    busy = {"a": [[(0, 4, "X"), (6, 9, "Y")]], "b": [[(0, 4, "X"), (6, 8, "Y")]]}
    quiet = {name: [[], *documents] for name, documents in busy.items()}
    for mode in ("exact", "overlap"):
        alone = span_agreement(busy, mode=mode).pairs["a|b"]
        assert span_agreement(quiet, mode=mode).pairs["a|b"] == alone


def test_one_annotator_gives_no_pair() -> None:
    """A single annotator has nobody to agree with: no pair, mean F1 undefined."""
    result = span_agreement({"a": [[(0, 4, "X")]]})
    assert result.pairs == {}
    assert result.mean_f1 is None


def test_equal_overlaps_go_to_the_earlier_span_of_a_then_of_b() -> None:
    """A's two spans share 2 positions with each of B's two: A0-B0 and A1-B1, in order."""
    a = [(0, 4, "X"), (2, 6, "X")]
    b = [(2, 4, "X"), (2, 4, "X")]
    assert match_spans(a, b, mode="overlap").pairs == [(0, 0), (1, 1)]
    # In a different order of input, positions in the input decide, not offsets.
    assert match_spans(a[::-1], b, mode="overlap").pairs == [(0, 0), (1, 1)]


def test_overlap_matching_does_not_depend_on_the_order_within_a_side_beyond_ties() -> None:
    """Shuffling B changes which index is reported, not which spans are paired."""
    a = [(0, 10, "X"), (20, 25, "X"), (40, 60, "Y")]
    b = [(45, 50, "Y"), (1, 9, "X"), (22, 30, "X"), (58, 70, "Y")]
    pairs = {(a[i], b[j]) for i, j in match_spans(a, b, mode="overlap").pairs}
    shuffled = [b[2], b[0], b[3], b[1]]
    again = {(a[i], shuffled[j]) for i, j in match_spans(a, shuffled, mode="overlap").pairs}
    assert pairs == again == {(a[0], b[1]), (a[1], b[2]), (a[2], b[0])}


def test_unitizing_with_one_observer_or_an_empty_continuum_is_undefined() -> None:
    """Alpha needs two observers and a continuum with room: None otherwise, no error."""
    assert unitizing_alpha({"a": [(0, 3, "X")]}, 0, 10).alpha is None
    assert unitizing_alpha({"a": [], "b": []}, 5, 5).alpha is None


def test_unitizing_a_category_only_one_observer_used() -> None:
    """B never used Y: Y's units count as disagreement, and X's agreement still counts."""
    both = unitizing_alpha({"a": [(0, 5, "X")], "b": [(0, 5, "X")]}, 0, 20)
    assert both.alpha == 1.0
    lone = unitizing_alpha({"a": [(0, 5, "X"), (10, 15, "Y")], "b": [(0, 5, "X")]}, 0, 20)
    assert lone.categories["X"].alpha == 1.0
    assert lone.categories["Y"].observed > 0
    assert lone.alpha is not None and lone.alpha < 1.0


def test_merging_leaves_touching_spans_apart_and_joins_chains() -> None:
    """[0,4) [3,7) [6,9) chain into [0,9); [9,12) only touches it and stays apart."""
    spans = [Span(6, 9, "X"), Span(0, 4, "X"), Span(9, 12, "X"), Span(3, 7, "X")]
    assert merge_overlapping(spans) == [Span(0, 9, "X"), Span(9, 12, "X")]


def test_merging_a_span_inside_a_longer_one_that_begins_with_it() -> None:
    """[2,9) and [2,4) begin together: one unit [2,9), whichever is given first."""
    assert merge_overlapping([Span(2, 9, "X"), Span(2, 4, "X")]) == [Span(2, 9, "X")]
    assert merge_overlapping([Span(2, 4, "X"), Span(2, 9, "X")]) == [Span(2, 9, "X")]
