"""Splitting a dataset by document: the spec, the seed and the groups (pure)."""

from __future__ import annotations

import pytest

from annotator.core.errors import Invalid
from annotator.core.splits import Split, assign_splits, parse_split_spec, split_sizes

THREE = parse_split_spec("train=0.8,dev=0.1,test=0.1")


def test_a_spec_reads_as_named_fractions_in_order() -> None:
    assert (Split("train", 0.8), Split("dev", 0.1), Split("test", 0.1)) == THREE
    assert parse_split_spec(" train = 0.5 , test=0.5 ,") == (
        Split("train", 0.5),
        Split("test", 0.5),
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("train=0.8,test=0.1", "sum to 0.9, not 1"),
        ("train=0.8,test=0.3", "sum to 1.1, not 1"),
        ("train", "'train' is not name=fraction"),
        ("=0.5,test=0.5", "is not name=fraction"),
        ("train=abc,test=0.5", "'abc' is not a number"),
        ("train=0.5,train=0.5", "'train' is given twice"),
        ("train=1.5,test=-0.5", "above 0 and at most 1"),
        ("train=0,test=1", "above 0 and at most 1"),
        ("train=nan,test=1", "above 0 and at most 1"),
        ("tr ain=0.5,test=0.5", "must start with a letter"),
        ("../x=1", "must start with a letter"),
        ("", "the split is empty"),
    ],
)
def test_a_bad_spec_is_refused_naming_the_problem(spec: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        parse_split_spec(spec)


def _documents(count: int) -> list[tuple[str, str]]:
    return [(f"doc-{i}", f"doc-{i}") for i in range(count)]


def test_the_same_seed_gives_the_same_split_whatever_the_order() -> None:
    documents = _documents(50)
    first = assign_splits(documents, THREE, seed=7)
    again = assign_splits(list(reversed(documents)), THREE, seed=7)
    assert first == again
    assert assign_splits(documents, THREE, seed=8) != first
    # Each document by its own hash (hash-v1): near the shares of 40, 5 and 5, not on them.
    assert split_sizes(first, THREE) == {"train": 40, "dev": 6, "test": 4}


def test_no_group_straddles_two_splits() -> None:
    documents = [(f"doc-{i}", f"outlet-{i % 7}") for i in range(70)]
    for seed in range(20):
        chosen = assign_splits(documents, THREE, seed=seed)
        split_of_group: dict[str, set[str]] = {}
        for document, group in documents:
            split_of_group.setdefault(group, set()).add(chosen[document])
        assert all(len(splits) == 1 for splits in split_of_group.values())
        assert all(size % 10 == 0 for size in split_sizes(chosen, THREE).values())
