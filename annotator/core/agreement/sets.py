"""Agreement on set-valued labels (a multi-valued field: each annotator picks a set of values).

Two views, beside the nominal figures that treat each set as one category:

-   Krippendorff's alpha with the MASI distance (Passonneau 2006, "Measuring agreement on
    set-valued items (MASI) for semantic and pragmatic annotation"), which gives partial credit
    to sets that overlap: ``{framing, loaded}`` against ``{framing}`` is closer than against
    ``{spin}``.
-   Per value, the binary "present or not" of that value in each annotator's set, with alpha
    nominal and counts: which values a team agrees on.

The input is what :mod:`.labels` takes, a coders x units matrix of value codes (``nan`` = no
value), with ``sets[code]`` the set a code stands for. Definitions: docs/agreement.md.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .labels import krippendorff_alpha, percent_agreement

# Passonneau's monotonicity weight: equal sets, one inside the other, overlapping, disjoint.
_MONOTONICITY = {"equal": 1.0, "subset": 2.0 / 3.0, "overlap": 1.0 / 3.0, "disjoint": 0.0}


def as_set(value: Hashable) -> frozenset[Hashable]:
    """Return a multi-valued field's value as a set; a lone value (the field was single-valued
    when it was written) is a set of one."""
    if isinstance(value, str | bytes) or not isinstance(value, Collection):
        return frozenset([value])
    return frozenset(value)


def masi_distance(first: Collection[Hashable], second: Collection[Hashable]) -> float:
    """Return the MASI distance ``1 - J * M`` of two sets (:func:`masi_table` of the two).

    ``J`` is the Jaccard coefficient ``|A ∩ B| / |A ∪ B|``; ``M`` is 1 when the sets are
    equal, 2/3 when one is a subset of the other, 1/3 when they overlap otherwise and 0 when
    they are disjoint. Two empty sets are equal (distance 0).
    """
    return float(masi_table([frozenset(first), frozenset(second)])[0, 1])


def masi_alpha(x: np.ndarray, sets: Sequence[Hashable]) -> float | None:
    """Return Krippendorff's alpha with the MASI distance.

    :param x: coders x units, codes into ``sets``, ``nan`` = no value.
    :return: alpha, or ``None`` where alpha is undefined (nothing pairable, no variation).
    """
    used, compact = _compact(x)
    if not len(used):
        return None
    table = masi_table([as_set(sets[code]) for code in used])
    return krippendorff_alpha(compact, distances=table)


def masi_table(sets: Sequence[frozenset[Hashable]]) -> np.ndarray:
    """Return the MASI distance (see :func:`masi_distance`) of every pair of ``sets``.

    Vectorised: a field of ten values has up to 1,023 distinct sets, a million pairs, which
    one call per pair would take a second over.
    """
    items = {item: k for k, item in enumerate(sorted(set().union(*sets), key=repr))}
    member = np.zeros((len(sets), len(items)), dtype=np.int64)  # integer: no BLAS threads
    for row, chosen in enumerate(sets):
        member[row, [items[item] for item in chosen]] = 1
    shared = member @ member.T
    size = member.sum(axis=1)
    first, second = size[:, None], size[None, :]
    union = first + second - shared
    nested = shared == np.minimum(first, second)  # one is a subset of the other
    equal = nested & (first == second)
    weight = np.where(
        equal,
        _MONOTONICITY["equal"],
        np.where(
            nested,
            _MONOTONICITY["subset"],
            np.where(shared > 0, _MONOTONICITY["overlap"], _MONOTONICITY["disjoint"]),
        ),
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        jaccard = np.where(union > 0, shared / np.where(union > 0, union, 1), 1.0)
    return np.where(equal, 0.0, 1.0 - jaccard * weight)


@dataclass
class ValueAgreement:
    """Agreement on one value of a multi-valued field: "is it in the set or not", per unit.

    ``pairable_units``: units with sets from two or more annotators (the units every figure
    uses); ``marked``: the sets that hold the value; ``units_marked``: pairable units where
    at least one annotator chose it; ``units_unanimous``: pairable units where every
    annotator who gave a set chose it.
    """

    pairable_units: int
    marked: int
    units_marked: int
    units_unanimous: int
    alpha_nominal: float | None
    percent_agreement: float | None

    def as_dict(self) -> dict[str, Any]:
        """Return the plain-data form used in the JSON report."""
        return asdict(self)


def value_agreement(
    x: np.ndarray, sets: Sequence[Hashable], values: Sequence[Hashable]
) -> dict[Hashable, ValueAgreement]:
    """Return, for each of ``values``, the agreement on its presence in the annotators' sets.

    :param x: coders x units, codes into ``sets``, ``nan`` = no value (no set: missing, not
        "absent").
    """
    used, compact = _compact(x)
    present = ~np.isnan(compact)
    pairable = present.sum(axis=0) >= 2
    chosen = [as_set(sets[code]) for code in used]
    # How often each set was given anywhere (for ``marked``); then only pairable units.
    given = np.bincount(compact[present].astype(np.intp), minlength=len(used))
    present = present[:, pairable]
    codes = np.where(present, compact[:, pairable], 0).astype(np.intp)
    answers = present.sum(axis=0)
    result = {}
    for value in values:
        holds = np.array([value in s for s in chosen] or [False])
        marks = holds[codes] & present
        choosers = marks.sum(axis=0)
        binary = np.where(present, marks, np.nan)
        result[value] = ValueAgreement(
            pairable_units=int(pairable.sum()),
            marked=int(given[holds[: len(given)]].sum()),
            units_marked=int((choosers > 0).sum()),
            units_unanimous=int((choosers == answers).sum()),  # answers >= 2: never 0 == 0
            alpha_nominal=krippendorff_alpha(binary),
            percent_agreement=percent_agreement(binary),
        )
    return result


def _compact(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the codes ``x`` uses and ``x`` with each code replaced by its index among them:
    tables stay as small as the sets in use, not as every value of the corpus."""
    if not x.size:
        return np.zeros(0, dtype=np.intp), x
    present = ~np.isnan(x)
    used, where = np.unique(x[present].astype(np.intp), return_inverse=True)
    compact = np.full(x.shape, np.nan)
    compact[present] = where
    return used, compact
