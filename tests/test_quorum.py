"""The quorum rule (core/quorum.py): how many annotators make a majority, and what counts as
the same item; pure."""

from __future__ import annotations

import pytest

from annotator.core.quorum import MAJORITY, UNANIMOUS, LayerItems, agreed_items, needed

CLAIM = ("CLAIM", 0, 9)
SOURCE = ("SOURCE", 10, 14)


@pytest.mark.parametrize(("annotators", "majority"), [(2, 2), (3, 2), (4, 3), (5, 3), (6, 4)])
def test_a_majority_is_more_than_half(annotators: int, majority: int) -> None:
    assert needed(MAJORITY, annotators) == majority
    assert needed(UNANIMOUS, annotators) == annotators


def test_an_unknown_quorum_is_named() -> None:
    with pytest.raises(ValueError, match="unknown quorum 'most'"):
        needed("most", 3)


def test_items_with_their_holders_and_values_compared_as_json() -> None:
    """1 and true are different values (Python calls them equal); a relation needs both
    ends agreed; an attribute needs the quorum of all the annotators."""
    layers = [
        LayerItems(
            {CLAIM: {"claimer": "REPORTED"}, SOURCE: {}},
            {("ATTRIBUTED_TO", CLAIM, SOURCE)},
            {(0, "score"): 1},
        ),
        LayerItems(
            {CLAIM: {"claimer": "REPORTED"}, SOURCE: {}},
            {("ATTRIBUTED_TO", CLAIM, SOURCE)},
            {(0, "score"): True},
        ),
        LayerItems({CLAIM: {}}, set(), {(0, "score"): True}),
    ]
    agreed = agreed_items(layers, MAJORITY)
    assert agreed.spans == {
        CLAIM: ({"claimer": "REPORTED"}, (0, 1, 2)),
        SOURCE: ({}, (0, 1)),
    }
    assert agreed.relations == {("ATTRIBUTED_TO", CLAIM, SOURCE): (0, 1)}
    assert agreed.labels == {(0, "score"): (True, (1, 2))}
    unanimous = agreed_items(layers, UNANIMOUS)
    assert (unanimous.spans, unanimous.relations, unanimous.labels) == (
        {CLAIM: ({}, (0, 1, 2))},
        {},
        {},
    )


def test_a_multi_valued_value_is_the_same_set_in_any_order() -> None:
    """Lists stored before values were kept in the schema's order may differ in order only."""
    layers = [
        LayerItems({}, set(), {(0, "frames"): ["WAR", "TRADE"]}),
        LayerItems({}, set(), {(0, "frames"): ["TRADE", "WAR"]}),
        LayerItems({}, set(), {(0, "frames"): ["WAR"]}),
    ]
    agreed = agreed_items(layers, MAJORITY)
    assert list(agreed.labels) == [(0, "frames")]
    assert agreed.labels[(0, "frames")][1] == (0, 1)
    assert agreed_items(layers, UNANIMOUS).labels == {}
