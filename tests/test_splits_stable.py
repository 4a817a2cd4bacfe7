"""A split that stays put: each document's split is its own (rule ``hash-v1``), pure."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import Invalid
from annotator.core.splits import (
    assign_splits,
    parse_split_spec,
    read_released_split,
    split_sizes,
)

SPEC = "train=0.7,dev=0.15,test=0.15"
SPLITS = parse_split_spec(SPEC)


def _documents(names: range | list[int]) -> list[tuple[str, str]]:
    return [(f"c{i}", f"c{i}") for i in names]


def test_adding_or_removing_documents_never_moves_another() -> None:
    before = assign_splits(_documents(range(300)), SPLITS, seed=13)
    grown = assign_splits(_documents(range(301)), SPLITS, seed=13)
    shrunk = assign_splits(_documents(range(0, 300, 2)), SPLITS, seed=13)
    assert all(grown[key] == split for key, split in before.items())
    assert all(before[key] == split for key, split in shrunk.items())
    # The seed still chooses: another seed moves some documents.
    assert assign_splits(_documents(range(300)), SPLITS, seed=14) != before


def test_ratios_hold_on_a_large_corpus() -> None:
    """2,000 documents: each split within 3 points of its ratio (3.5 binomial deviations)."""
    for seed in (1, 13, 99):
        sizes = split_sizes(assign_splits(_documents(range(2000)), SPLITS, seed=seed), SPLITS)
        for split in SPLITS:
            assert abs(sizes[split.name] / 2000 - split.fraction) < 0.03, (seed, sizes)


def test_groups_stay_whole_and_put() -> None:
    documents = [(f"d{i}", f'"outlet-{i % 40}"') for i in range(400)]
    chosen = assign_splits(documents, SPLITS, seed=5)
    by_group: dict[str, set[str]] = {}
    for document, group in documents:
        by_group.setdefault(group, set()).add(chosen[document])
    assert all(len(splits) == 1 for splits in by_group.values())
    # A new outlet, and new documents of old ones, move no group.
    more = [*documents, *[(f"e{i}", f'"outlet-{i}"') for i in range(45)]]
    again = assign_splits(more, SPLITS, seed=5)
    assert all(again[document] == split for document, split in chosen.items())
    assert all(again[f"e{i}"] == chosen[f"d{i}"] for i in range(40))


def test_kept_documents_keep_their_split_and_their_group_joins_them() -> None:
    documents = _documents(range(50))
    hashed = assign_splits(documents, SPLITS, seed=13)
    moved = {"c0": "dev" if hashed["c0"] != "dev" else "test"}
    chosen = assign_splits(documents, SPLITS, seed=13, kept=moved)
    assert chosen["c0"] == moved["c0"]
    assert {k: v for k, v in chosen.items() if k != "c0"} == {
        k: v for k, v in hashed.items() if k != "c0"
    }
    grouped = [("a1", "g"), ("a2", "g"), ("a3", "g")]
    assert set(assign_splits(grouped, SPLITS, kept={"a2": "test"}).values()) == {"test"}


def _meta(**split: object) -> str:
    base = {"spec": SPEC, "split_rule": "hash-v1", "seed": 7, "group_by": None}
    return json.dumps({"project": "news", "split": {**base, **split}})


def test_a_released_split_reads_its_rule_and_documents() -> None:
    released = read_released_split(_meta(ids={"train": ["c1", "c2"], "test": ["c9"]}))
    assert (released.spec, released.seed, released.group_by) == (SPEC, 7, None)
    assert released.documents == {"c1": "train", "c2": "train", "c9": "test"}
    # A header line of a line-based export is such a file too.
    line = json.dumps({"_meta": json.loads(_meta(ids={"dev": ["c3"]}))})
    assert read_released_split(line).documents == {"c3": "dev"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "is not JSON"),
        ("[1, 2]", "is not a JSON object"),
        (json.dumps({"project": "news"}), "has no split"),
        (_meta(split_rule=None, ids={}), "records the split rule None, not 'hash-v1'"),
        (_meta(ids={}, spec="train=0.5"), "has a bad spec: the split fractions sum to 0.5"),
        (_meta(ids={}, seed="x"), "has a bad seed 'x'"),
        (_meta(), "names no documents"),
        (_meta(ids={"holdout": ["c1"]}), "split 'holdout', which its spec does not name"),
        (_meta(ids={"train": "c1"}), "other than a list of ids"),
        (_meta(ids={"train": ["c1"], "test": ["c1"]}), "'c1' in two splits: train and test"),
    ],
)
def test_a_bad_split_file_is_refused_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(Invalid, match="the split file") as raised:
        read_released_split(text)
    assert message in raised.value.message
    assert raised.value.details == {"field": "split_from"}
