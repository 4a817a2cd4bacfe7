"""Splitting a dataset into train, dev and test sets by document, reproducibly.

Pure: plain data in, plain data out. :func:`parse_split_spec` reads ``train=0.8,dev=0.1,test=0.1``;
:func:`assign_splits` puts every document into one split. Documents that share a group (a
``meta`` field such as ``outlet``) go together, so that no group straddles two splits: a
model is then tested on outlets it never saw in training.

The assignment depends only on the seed and the documents' keys: groups are sorted by key and
shuffled with a seeded generator, then dealt out in that order, each to the split whose share
of the documents its middle falls in. Each split's size is as close to its fraction as whole
groups allow, and the same seed gives the same split whatever order the database returns.
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


@dataclass(frozen=True)
class Split:
    """One named share of the documents."""

    name: str
    fraction: float


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
    chosen: dict[str, str] = {}
    dealt = 0
    for group in groups:
        size = len(members[group])
        middle = dealt + size / 2
        index = next((i for i, bound in enumerate(bounds) if middle < bound), len(splits) - 1)
        for document in members[group]:
            chosen[document] = splits[index].name
        dealt += size
    return chosen


def split_sizes(chosen: Mapping[str, str], splits: tuple[Split, ...]) -> dict[str, int]:
    """Return how many documents each split holds, in the order of ``splits``."""
    sizes = {split.name: 0 for split in splits}
    for name in chosen.values():
        sizes[name] += 1
    return sizes
