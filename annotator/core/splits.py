"""Splitting a dataset into train, dev and test sets by document, reproducibly and stably.

Pure: plain data in, plain data out. :func:`parse_split_spec` reads ``train=0.8,dev=0.1,test=0.1``;
:func:`assign_splits` puts every document into one split. Documents that share a group (a
``meta`` field such as ``outlet``) go together, so that no group straddles two splits: a
model is then tested on outlets it never saw in training.

The rule (:data:`SPLIT_RULE`, ``hash-v1``) decides each document, or each group, by itself:
the SHA-256 of ``"SEED:KEY"`` (UTF-8; KEY the document's external id, or with a group field
the group's value as JSON) read as a number in [0, 1) (its first 13 hex digits over 16**13)
falls into the split whose share of the cumulative ratios holds it. So adding, removing or
filtering out other documents never moves one, and a released test set never leaks into
train at the next export; the price is that a small corpus deviates from the ratios (they
hold on average). :func:`read_released_split` reads an earlier export's ``meta.json`` so
that the documents it lists keep their split whatever the rule says
(``--split-from``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from annotator.core.errors import Invalid

# A split's name becomes a file name and a Hugging Face split name (``\w+``).
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
DEFAULT_SEED = 13
#: The name of the rule that decides each document's split, recorded in every split's header.
SPLIT_RULE = "hash-v1"
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


def split_point(seed: int, key: str) -> float:
    """Return where ``key`` falls in [0, 1) for ``seed``: the rule ``hash-v1``."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()
    # 52 bits: every value is exact as a float, and below 1.
    return int(digest[:13], 16) / 16**13


def split_at(point: float, splits: tuple[Split, ...]) -> str:
    """Return the split whose share of the cumulative ratios holds ``point``."""
    running = 0.0
    for split in splits[:-1]:
        running += split.fraction
        if point < running:
            return split.name
    # The last takes the rest, whatever the rounding of the sum.
    return splits[-1].name


def group_key(value: object) -> str:
    """Return the key a group's value is hashed by: the value as JSON, keys sorted."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def assign_splits(
    documents: Iterable[tuple[str, str]],
    splits: tuple[Split, ...],
    seed: int = DEFAULT_SEED,
    kept: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Return each document's split, by document key.

    :param documents: ``(document key, group key)`` pairs; give each document its own key as
        its group when there is no grouping.
    :param kept: documents whose split is already given (a released split): they keep it,
        and the other documents of their group join them (the split most of them are in,
        the first in ``splits`` on a tie), so that a group stays whole.
    """
    kept = kept or {}
    members: dict[str, list[str]] = {}
    for document, group in documents:
        members.setdefault(group, []).append(document)
    order = {split.name: index for index, split in enumerate(splits)}
    chosen: dict[str, str] = {}
    for group, keys in members.items():
        listed = [kept[key] for key in keys if key in kept]
        if listed:
            votes = {name: listed.count(name) for name in set(listed)}
            joined = min(votes, key=lambda name: (-votes[name], order.get(name, len(order))))
        else:
            joined = split_at(split_point(seed, group), splits)
        for key in keys:
            chosen[key] = kept.get(key, joined)
    return chosen


def split_sizes(chosen: Mapping[str, str], splits: tuple[Split, ...]) -> dict[str, int]:
    """Return how many documents each split holds, in the order of ``splits``."""
    sizes = {split.name: 0 for split in splits}
    for name in chosen.values():
        sizes[name] += 1
    return sizes


@dataclass(frozen=True)
class ReleasedSplit:
    """An earlier export's split, read from its ``meta.json``: its rule and where each
    document (by external id) went."""

    spec: str
    splits: tuple[Split, ...]
    seed: int
    group_by: str | None
    documents: dict[str, str]


def _refuse(problem: str) -> Invalid:
    return Invalid(f"the split file {problem}", details={"field": "split_from"})


def read_released_split(text: str) -> ReleasedSplit:
    """Return the split an export's ``meta.json`` (or its ``{"_meta": ...}`` line) records.

    :raises Invalid: (field ``split_from``) the text is not such a file: not JSON, no split,
        another rule than :data:`SPLIT_RULE`, a bad spec or seed, no document ids per split,
        a split the spec does not name, or a document in two splits.
    """
    try:
        meta = json.loads(text)
    except ValueError as exc:
        raise _refuse(f"is not JSON ({exc})") from None
    if isinstance(meta, dict) and isinstance(meta.get("_meta"), dict):
        meta = meta["_meta"]
    if not isinstance(meta, dict):
        raise _refuse("is not a JSON object: give the meta.json of an export made with a split")
    split = meta.get("split")
    if not isinstance(split, dict):
        raise _refuse("has no split: give the meta.json of an export made with a split")
    rule = split.get("split_rule")
    if rule != SPLIT_RULE:
        raise _refuse(
            f"records the split rule {rule!r}, not {SPLIT_RULE!r}: only a split exported "
            "with that rule names its documents"
        )
    spec = split.get("spec")
    if not isinstance(spec, str):
        raise _refuse("has no spec (train=0.8,...) in its split")
    try:
        splits = parse_split_spec(spec)
    except Invalid as exc:
        raise _refuse(f"has a bad spec: {exc.message}") from None
    seed = split.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= SEED_MAX:
        raise _refuse(f"has a bad seed {seed!r}: a whole number from 0 to {SEED_MAX}")
    group_by = split.get("group_by")
    if group_by is not None and (not isinstance(group_by, str) or not group_by.strip()):
        raise _refuse(f"has a bad group field {group_by!r}")
    return ReleasedSplit(spec, splits, seed, group_by, _released_documents(split, splits))


def _released_documents(split: Mapping[str, object], splits: tuple[Split, ...]) -> dict[str, str]:
    listed = split.get("ids")
    if not isinstance(listed, dict):
        raise _refuse("names no documents: its split has no ids per split")
    names = {s.name for s in splits}
    documents: dict[str, str] = {}
    for name, ids in listed.items():
        if name not in names:
            raise _refuse(f"lists documents in the split {name!r}, which its spec does not name")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise _refuse(f"lists the split {name!r}'s documents as other than a list of ids")
        for document in ids:
            if documents.setdefault(document, name) != name:
                raise _refuse(
                    f"lists the document {document!r} in two splits: "
                    f"{documents[document]} and {name}"
                )
    return documents
