"""Relation F1 through span matching, and alpha on attributes of matched spans."""

from __future__ import annotations

import pytest

from annotator.core.agreement import (
    PairCounts,
    attribute_alpha,
    attribute_reliability_data,
    match_spans,
    matched_attribute_values,
    relation_agreement,
    relation_counts,
)

# Two claims, each attributed to a source. B's second claim starts one
# character later ([31,40) vs [30,40)), and B also relates claim 0 with OTHER.
A_SPANS = [(0, 10, "CLAIM"), (20, 25, "SOURCE"), (30, 40, "CLAIM"), (50, 55, "SOURCE")]
A_RELATIONS = [("ATTRIBUTED_TO", 0, 1), ("ATTRIBUTED_TO", 2, 3)]
B_SPANS = [(0, 10, "CLAIM"), (20, 25, "SOURCE"), (31, 40, "CLAIM"), (50, 55, "SOURCE")]
B_RELATIONS = [("ATTRIBUTED_TO", 0, 1), ("ATTRIBUTED_TO", 2, 3), ("OTHER", 0, 1)]


def test_relation_ends_must_match_exactly_under_exact_matching() -> None:
    # Exact: A2 [30,40) has no partner, so A's (2,3) cannot match: TP 1 of 2 + 2 -> F1 0.5.
    counts = relation_counts(A_SPANS, A_RELATIONS, B_SPANS, B_RELATIONS, mode="exact")
    assert counts["ATTRIBUTED_TO"] == PairCounts(tp=1, n_a=2, n_b=2)
    assert counts["ATTRIBUTED_TO"].f1 == 0.5
    # OTHER: only B has one -> F1 0.
    assert counts["OTHER"] == PairCounts(tp=0, n_a=0, n_b=1)
    assert counts["OTHER"].f1 == 0.0


def test_relation_ends_may_overlap_under_overlap_matching() -> None:
    # Overlap: A2 ~ B2, so both relations match: F1 1.0.
    counts = relation_counts(A_SPANS, A_RELATIONS, B_SPANS, B_RELATIONS, mode="overlap")
    assert counts["ATTRIBUTED_TO"] == PairCounts(tp=2, n_a=2, n_b=2)


def test_relation_with_the_same_ends_but_another_type_or_direction_does_not_match() -> None:
    counts = relation_counts(A_SPANS, [("ATTRIBUTED_TO", 1, 0)], A_SPANS, [("ATTRIBUTED_TO", 0, 1)])
    assert counts["ATTRIBUTED_TO"].tp == 0


def test_duplicate_relations_match_one_to_one() -> None:
    twice = [("ATTRIBUTED_TO", 0, 1), ("ATTRIBUTED_TO", 0, 1)]
    counts = relation_counts(A_SPANS, twice, A_SPANS, twice[:1])
    assert counts["ATTRIBUTED_TO"] == PairCounts(tp=1, n_a=2, n_b=1)


def test_relation_pointing_to_a_missing_span_is_refused() -> None:
    with pytest.raises(ValueError, match="points to span 0 or 9"):
        relation_counts(A_SPANS, [("ATTRIBUTED_TO", 0, 9)], B_SPANS, [])


def test_corpus_relation_agreement_per_type_and_pair() -> None:
    layers = {
        "alice": [(A_SPANS, A_RELATIONS), (A_SPANS, [])],
        "bob": [(B_SPANS, B_RELATIONS), None],
        "carol": [None, (A_SPANS, [])],
    }
    result = relation_agreement(layers, mode="exact")
    attributed = result["ATTRIBUTED_TO"]
    # alice|bob share doc 0 only: F1 0.5 as above. alice|carol share doc 1, where
    # neither drew a relation: empty, F1 1.0 by convention. bob|carol share nothing.
    assert attributed.pairs["alice|bob"].f1 == 0.5
    assert attributed.pairs["alice|carol"].empty
    assert "bob|carol" not in attributed.pairs
    assert attributed.mean_f1 == pytest.approx(0.75)
    assert result["OTHER"].pairs["alice|bob"].f1 == 0.0


def test_attribute_alpha_over_matched_spans() -> None:
    a = [
        (0, 5, "CLAIM"),
        (10, 15, "CLAIM"),
        (20, 25, "CLAIM"),
        (30, 35, "CLAIM"),
        (40, 45, "CLAIM"),
    ]
    b = [(0, 5, "CLAIM"), (10, 15, "CLAIM"), (20, 25, "CLAIM"), (30, 35, "CLAIM")]
    a_attributes = [{"claimer": "R"}, {"claimer": "J"}, {"claimer": "R"}, {"claimer": "R"}, {}]
    b_attributes = [{"claimer": "R"}, {"claimer": "J"}, {"claimer": "J"}, None]
    pairs = matched_attribute_values(match_spans(a, b), a_attributes, b_attributes, "claimer")
    # The unmatched fifth span of A is not a unit; the fourth pair lacks B's value.
    assert pairs == [("R", "R"), ("J", "J"), ("R", "J"), ("R", None)]
    assert attribute_reliability_data(pairs) == [["R", "J", "R", "R"], ["R", "J", "J", None]]
    # Pairable values: R x3, J x3 (n = 6); one disagreeing unit gives o_RJ = o_JR = 1.
    # alpha = 1 - (n - 1) * 2 / (n^2 - sum n_c^2) = 1 - 5 * 2 / (36 - 18) = 4/9.
    assert attribute_alpha(pairs) == pytest.approx(4 / 9)
    assert attribute_alpha([("R", None)]) is None
