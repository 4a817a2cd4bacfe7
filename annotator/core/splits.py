"""Splitting a dataset into train, dev and test sets by document, reproducibly.

Pure: plain data in, plain data out. :func:`parse_split_spec` reads ``train=0.8,dev=0.1,test=0.1``;
:func:`assign_splits` puts every document into one split. Documents that share a group (a
``meta`` field such as ``outlet``) go together, so that no group straddles two splits: a
model is then tested on outlets it never saw in training.

The assignment depends only on the seed and the documents' keys: groups are sorted by key and
shuffled with a seeded generator, then dealt out in that order, each to the split whose share
of the documents its middle falls in. A document alone in its group (no grouping) is then where
it stays: each split is within a document of its share. Groups of several documents dealt so
can leave a split far from its share (groups of 4, 3 and 7 split 50/50 as 4 and 10), or
empty (7, 6 and 7 split 60/20/20 as 13, 0 and 7), so they are then moved, or two swapped, one
step at a time while a step fills an empty split or brings the sizes closer to their shares
without emptying a split, until none does. The same seed gives the same split
whatever order the database returns.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from annotator.core.errors import Invalid

# A split's name becomes a file name and a Hugging Face split name (``\w+``).
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
DEFAULT_SEED = 13
#: The largest seed: the API document's bound on every integer (a 32-bit column's).
SEED_MAX = 2**31 - 1


@dataclass(frozen=True)
class Split:
    """One named share of the documents."""

    name: str
    fraction: float


def check_seed(seed: int) -> int:
    """Return ``seed`` if it is a seed a split takes: a whole number from 0 to :data:`SEED_MAX`.

    :raises Invalid: (field ``seed``) another number.
    """
    if not 0 <= seed <= SEED_MAX:
        raise Invalid(
            f"seed {seed} is out of range: a split's seed is a whole number from 0 to {SEED_MAX}",
            details={"field": "seed"},
        )
    return seed


def parse_split_spec(spec: str) -> tuple[Split, ...]:
    """Return the splits of ``name=fraction,...``; the fractions must sum to 1.

    :raises Invalid: a malformed item, a bad or repeated name, a fraction outside (0, 1], or
        fractions that do not sum to 1.
    """
    items = [item.strip() for item in spec.split(",") if item.strip()]
    if not items:
        raise Invalid("the split is empty: give name=fraction pairs, e.g. train=0.8,test=0.2")
    splits: list[Split] = []
    for item in items:
        name, equals, number = item.partition("=")
        name, number = name.strip(), number.strip()
        if not equals or not name or not number:
            raise Invalid(f"split item {item!r} is not name=fraction (e.g. train=0.8)")
        if not _NAME.match(name):
            raise Invalid(
                f"split name {name!r} must start with a letter and hold only letters, digits and _"
            )
        if any(split.name == name for split in splits):
            raise Invalid(f"split name {name!r} is given twice")
        try:
            fraction = float(number)
        except ValueError:
            raise Invalid(f"split {name!r}: {number!r} is not a number") from None
        if not (math.isfinite(fraction) and 0 < fraction <= 1):
            raise Invalid(f"split {name!r}: the fraction must be above 0 and at most 1")
        splits.append(Split(name, fraction))
    total = math.fsum(split.fraction for split in splits)
    if abs(total - 1) > 1e-6:
        raise Invalid(
            f"the split fractions sum to {total:g}, not 1: "
            + ", ".join(f"{s.name}={s.fraction:g}" for s in splits)
        )
    return tuple(splits)


def assign_splits(
    documents: Iterable[tuple[str, str]], splits: tuple[Split, ...], seed: int = DEFAULT_SEED
) -> dict[str, str]:
    """Return each document's split, by document key.

    :param documents: ``(document key, group key)`` pairs; give each document its own key as
        its group when there is no grouping.
    """
    members: dict[str, list[str]] = {}
    for document, group in documents:
        members.setdefault(group, []).append(document)
    groups = sorted(members)
    random.Random(seed).shuffle(groups)
    total = sum(len(keys) for keys in members.values())
    bounds, running = [], 0.0
    for split in splits:
        running += split.fraction
        bounds.append(running * total)
    where: dict[str, int] = {}
    dealt = 0
    for group in groups:
        size = len(members[group])
        middle = dealt + size / 2
        last = len(splits) - 1
        where[group] = next((i for i, bound in enumerate(bounds) if middle < bound), last)
        dealt += size
    if any(len(keys) > 1 for keys in members.values()):
        # Alone in its group, a document stays where it was dealt: splits made without
        # grouping are the same as they always were for a seed.
        _bring_closer(groups, {g: len(members[g]) for g in groups}, where, splits, total)
    return {document: splits[where[g]].name for g in groups for document in members[g]}


def _bring_closer(
    groups: list[str],
    sizes: dict[str, int],
    where: dict[str, int],
    splits: tuple[Split, ...],
    total: int,
) -> None:
    """Move a group to another split, or swap two, while that brings the split sizes closer to
    their shares (fewer empty splits, then the sum of each split's distance from its share)
    and leaves no split empty that was dealt documents; the best step first, ties to the first
    in the dealt order. Groups of one size in one split are alike to a step, so only the first
    of each is tried: a few dozen steps, whatever the number of groups."""
    targets = [split.fraction * total for split in splits]
    held = [0] * len(splits)
    for group in groups:
        held[where[group]] += sizes[group]

    def distance(moved: list[int]) -> tuple[int, float]:
        # Empty splits first: a dev set of no document is further from what was asked than
        # any share missed by a group (groups of 7, 6 and 7 split 60/20/20 were 13, 0 and 7,
        # nearer the shares by documents than 7, 6 and 7).
        empty = sum(1 for size in moved if not size)
        return empty, math.fsum(
            abs(size - target) for size, target in zip(moved, targets, strict=True)
        )

    while True:
        firsts: dict[tuple[int, int], str] = {}
        for group in groups:
            firsts.setdefault((where[group], sizes[group]), group)
        empty, apart = distance(held)
        best, step = (empty, apart - 1e-9), None
        for (at, size), group in firsts.items():
            for to in range(len(splits)):
                if to == at:
                    continue
                moved = held.copy()
                moved[at] -= size
                moved[to] += size
                # Never emptying a split that was dealt documents: an empty dev or test set is
                # further from what was asked than a share missed by a group.
                if moved[at] and distance(moved) < best:
                    best, step = distance(moved), [(group, to)]
                for (other_at, other_size), other in firsts.items():
                    if other_at != to or other_size == size:
                        continue
                    swapped = moved.copy()
                    swapped[to] -= other_size
                    swapped[at] += other_size
                    if distance(swapped) < best:
                        best, step = distance(swapped), [(group, to), (other, at)]
        if step is None:
            return
        for group, to in step:
            held[where[group]] -= sizes[group]
            held[to] += sizes[group]
            where[group] = to


def split_sizes(chosen: Mapping[str, str], splits: tuple[Split, ...]) -> dict[str, int]:
    """Return how many documents each split holds, in the order of ``splits``."""
    sizes = {split.name: 0 for split in splits}
    for name in chosen.values():
        sizes[name] += 1
    return sizes
