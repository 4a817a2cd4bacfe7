"""Span matching and span F1, with expected values derived by hand in the comments."""

from __future__ import annotations

import pytest

from annotator.core.agreement import (
    PairCounts,
    Span,
    char_tags,
    match_spans,
    merge_overlapping,
    partial_credit,
    semeval2013_partial,
    span_agreement,
    span_f1,
)

# The AGREEMENT.md toy example.
A = [(0, 10, "CLAIM"), (20, 30, "CLAIM"), (40, 50, "SOURCE"), (60, 70, "CLAIM")]
B = [(0, 10, "CLAIM"), (22, 30, "CLAIM"), (40, 50, "CLAIM"), (80, 90, "CLAIM")]


@pytest.mark.parametrize(
    ("mode", "labeled", "tp"),
    [
        # exact, labeled: only [0,10) agrees on boundaries and label.
        ("exact", True, 1),
        # exact, unlabeled: [0,10) and [40,50) (labels differ, ignored).
        ("exact", False, 2),
        # overlap, labeled: [0,10) and [20,30)~[22,30); [40,50) has another label.
        ("overlap", True, 2),
        # overlap, unlabeled: the three above; [60,70) and [80,90) overlap nothing.
        ("overlap", False, 3),
    ],
)
def test_toy_example_counts_and_f1_are_symmetric(mode: str, labeled: bool, tp: int) -> None:
    counts = span_f1(A, B, mode=mode, labeled=labeled)
    assert (counts.tp, counts.only_a, counts.only_b) == (tp, 4 - tp, 4 - tp)
    assert counts.f1 == pytest.approx(2 * tp / 8)
    assert span_f1(B, A, mode=mode, labeled=labeled).f1 == counts.f1


def test_precision_is_about_b_and_recall_about_a() -> None:
    # A = 2 spans, B = 4 spans, one exact match: P = 1/4, R = 1/2, F1 = 2/6.
    counts = span_f1(
        [(0, 5, "X"), (10, 15, "X")], [(0, 5, "X"), (6, 7, "X"), (20, 25, "X"), (30, 31, "X")]
    )
    assert (counts.precision, counts.recall) == (0.25, 0.5)
    assert counts.f1 == pytest.approx(1 / 3)


def test_no_spans_on_either_side_is_f1_one_flagged_empty() -> None:
    counts = span_f1([], [])
    assert counts.f1 == 1.0
    assert counts.empty
    assert counts.precision is None and counts.recall is None


def test_spans_on_one_side_only_give_f1_zero() -> None:
    counts = span_f1([(0, 4, "X")], [], mode="overlap")
    assert counts.f1 == 0.0
    assert not counts.empty
    assert counts.recall == 0.0 and counts.precision is None
    assert counts.as_dict()["only_a"] == 1


def test_exact_matching_pairs_duplicates_one_to_one() -> None:
    # A marked the same span twice, B once: one pair, one A span left over.
    matching = match_spans([(0, 5, "X"), (0, 5, "X")], [(0, 5, "X")])
    assert matching.pairs == [(0, 0)]
    assert matching.only_a == [1]
    assert matching.only_b == []


def test_overlap_matching_takes_the_largest_overlap_first() -> None:
    # a0 = [0,10) overlaps b0 = [8,20) by 2 and b1 = [0,6) by 6; a1 = [10,20) overlaps b0 by 10.
    # Greedy: (a1,b0)=10, then (a0,b1)=6; (a0,b0)=2 is left out as both are used.
    matching = match_spans([(0, 10), (10, 20)], [(8, 20), (0, 6)], mode="overlap")
    assert matching.pairs == [(0, 1), (1, 0)]


def test_overlap_ties_go_to_the_earlier_span() -> None:
    # b0 = [0,10) overlaps a0 = [0,5) and a1 = [5,10) by 5 each: a0 wins; a1 is left over.
    matching = match_spans([(0, 5), (5, 10)], [(0, 10)], mode="overlap")
    assert matching.pairs == [(0, 0)]
    assert matching.only_a == [1]
    # Same on B's side: a0 = [0,10) against b0 = [0,5), b1 = [5,10) takes b0.
    assert match_spans([(0, 10)], [(0, 5), (5, 10)], mode="overlap").pairs == [(0, 0)]


def test_overlap_is_greedy_not_maximum_matching() -> None:
    # a0=[0,10) x b0=[2,10) share 8, a0 x b1=[0,3) share 3, a1=[3,6) x b0 share 3.
    # Greedy takes (a0,b0) first and leaves a1 and b1 alone (1 pair), where a
    # maximum matching would find 2: the documented price of predictability.
    counts = span_f1([(0, 10), (3, 6)], [(2, 10), (0, 3)], mode="overlap", labeled=False)
    assert counts.tp == 1


def test_touching_spans_do_not_overlap() -> None:
    assert span_f1([(0, 5)], [(5, 9)], mode="overlap").tp == 0


def test_minimum_iou_rejects_slight_overlaps() -> None:
    # [0,10) and [8,20): intersection 2, union 20, IoU 0.1.
    assert span_f1([(0, 10)], [(8, 20)], mode="overlap", min_iou=0.5).tp == 0
    assert span_f1([(0, 10)], [(8, 20)], mode="overlap", min_iou=0.1).tp == 1


def test_overlap_finds_a_long_span_that_starts_far_before() -> None:
    # The candidate search must not miss B's long span starting well before A's.
    b = [(0, 1000, "X")] + [(i, i + 1, "X") for i in range(1, 900, 2)]
    assert match_spans([(950, 960, "X")], b, mode="overlap").pairs == [(0, 0)]


def test_spans_as_mappings_and_bad_spans() -> None:
    assert span_f1([{"start": 1, "end": 3, "label": "X"}], [Span(1, 3, "X")]).tp == 1
    with pytest.raises(ValueError, match="ends before it starts"):
        span_f1([(5, 2, "X")], [])


def test_corpus_agreement_sums_documents_per_pair_then_averages_pairs() -> None:
    layers = {
        "bob": [[(0, 5, "X")], [(0, 3, "X"), (4, 8, "Y")]],
        "alice": [[(0, 5, "X")], [(0, 3, "X")]],
        "carol": [None, [(4, 8, "Y")]],
    }
    result = span_agreement(layers)
    # alice|bob: doc0 1 of 1+1, doc1 1 of 1+2 -> TP 2, |A| 2, |B| 3 -> F1 4/5.
    assert result.pairs["alice|bob"] == PairCounts(2, 2, 3)
    # carol only annotated doc1: alice|carol 0 of 1+1 -> 0; bob|carol 1 of 2+1 -> 2/3.
    assert result.pairs["alice|carol"].f1 == 0.0
    assert result.pairs["bob|carol"].f1 == pytest.approx(2 / 3)
    assert result.mean_f1 == pytest.approx((0.8 + 0.0 + 2 / 3) / 3)
    # Restricted to label Y: alice has none, bob and carol agree.
    only_y = span_agreement(layers, label="Y")
    assert only_y.pairs["bob|carol"].f1 == 1.0
    assert only_y.pairs["alice|bob"].f1 == 0.0
    # Nobody used label Z: every pair is empty (F1 1.0 by convention, flagged).
    only_z = span_agreement(layers, label="Z").as_dict()["pairs"]["alice|carol"]
    assert only_z["empty"] and only_z["f1"] == 1.0


def test_corpus_agreement_needs_aligned_documents_and_two_annotators() -> None:
    with pytest.raises(ValueError, match="different numbers of documents"):
        span_agreement({"a": [[]], "b": [[], []]})
    assert span_agreement({"a": [[(0, 1, "X")]]}).mean_f1 is None
    assert span_agreement({"a": [None], "b": [[(0, 1, "X")]]}).pairs == {}


def test_partial_credit_sums_over_all_overlapping_pairs_after_merging() -> None:
    # A (reference) = [0,10); B = [0,4), [6,10): P = (4/4 + 4/4)/2 = 1, R = (4/10 + 4/10)/1 = 0.8.
    scores = partial_credit([(0, 10, "X")], [(0, 4, "X"), (6, 10, "X")])
    assert (scores.precision, scores.recall) == (1.0, pytest.approx(0.8))
    assert scores.f1 == pytest.approx(2 * 0.8 / 1.8)
    # B's overlapping [0,6) and [4,10) are merged into [0,10) first: a perfect score.
    assert partial_credit([(0, 10, "X")], [(0, 6, "X"), (4, 10, "X")]).f1 == 1.0
    # Without merging the overlap [4,6) is credited twice: R = (6+6)/10 = 1.2.
    assert partial_credit([(0, 10, "X")], [(0, 6, "X"), (4, 10, "X")], merge=False).recall == (
        pytest.approx(1.2)
    )
    assert partial_credit([], []).f1 == 1.0
    assert partial_credit([(0, 4, "X")], [(0, 4, "Y")]).f1 == 0.0


def test_merging_keeps_labels_apart_unless_unlabeled() -> None:
    spans = [(0, 5, "X"), (3, 8, "Y"), (4, 9, "X")]
    assert merge_overlapping(spans) == [Span(0, 9, "X"), Span(3, 8, "Y")]
    assert merge_overlapping(spans, labeled=False) == [Span(0, 9, None)]


def test_semeval2013_partial_counts_half_a_point_for_boundaries() -> None:
    counts = semeval2013_partial(A, B)
    # COR [0,10) and [40,50); PAR [20,30)~[22,30); MIS [60,70); SPU [80,90).
    assert (counts.cor, counts.par, counts.mis, counts.spu) == (2, 1, 1, 1)
    assert counts.precision == counts.recall == pytest.approx(2.5 / 4)
    # One to one: two B spans inside one A span give one PAR and one SPU.
    counts = semeval2013_partial([(0, 10)], [(0, 4), (6, 10)])
    assert (counts.cor, counts.par, counts.mis, counts.spu) == (0, 1, 0, 1)


def test_char_tags_later_span_wins_and_bounds_are_checked() -> None:
    assert char_tags([(2, 6, "Y"), (0, 4, "X")], 7) == ["X", "X", "Y", "Y", "Y", "Y", "O"]
    assert char_tags([(1, 2, "X")], 3, labeled=False) == ["O", "SPAN", "O"]
    with pytest.raises(ValueError, match="ends after position 3"):
        char_tags([(1, 5, "X")], 3)
