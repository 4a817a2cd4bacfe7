"""The pure rule of who gets a document (``TeamRotation``): least loaded, then fewest shared."""

from __future__ import annotations

from annotator.core.team_rotation import TeamRotation


def test_the_least_loaded_go_first_whatever_they_shared() -> None:
    rotation = TeamRotation(["a", "b", "c", "d"])
    rotation.count(["a", "b"])
    rotation.count(["a", "c"])
    assert rotation.choose([], 2) == ["d", "b"]  # d holds none; b and c one, b first
    assert rotation.loads() == {"a": 2, "b": 2, "c": 1, "d": 1}


def test_among_the_tied_those_who_shared_least_with_the_team() -> None:
    rotation = TeamRotation(["a", "b", "c", "d"])
    rotation.count(["a", "b"])
    rotation.count(["c", "d"])
    assert rotation.choose([], 2) == ["a", "c"]  # not a with b again
    assert rotation.choose([], 2) == ["b", "d"]
    assert rotation.choose([], 2) == ["a", "d"]
    assert rotation.choose([], 2) == ["b", "c"]


def test_those_a_document_has_are_never_chosen_and_count_as_its_team() -> None:
    rotation = TeamRotation(["a", "b", "c"])
    rotation.count(["a", "b"])
    assert rotation.choose(["a"], 1) == ["c"]  # b has shared a document with a
    assert rotation.choose(["a", "b", "c"], 1) == []
    assert rotation.choose([], 0) == []
    assert rotation.load("a") == 1 and rotation.load("c") == 1


def test_those_not_given_are_left_out() -> None:
    rotation = TeamRotation([1, 2])
    rotation.count([1, 9])
    assert rotation.choose([9], 2) == [2, 1]
    assert rotation.loads() == {1: 2, 2: 1}
