"""Agreement on one label field, in the shape of the report's ``labels`` entry."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from .kappa import cohen_kappa, fleiss_kappa_from_ratings
from .labels import krippendorff_alpha, pair_key, percent_agreement, to_matrix


@dataclass
class LabelAgreement:
    """Agreement on one label field, shaped like a ``labels`` entry of the report.

    ``units`` counts units with at least one value; ``pairable_units`` those
    with two or more, the only ones any coefficient uses.
    """

    units: int
    pairable_units: int
    alpha_nominal: float | None
    fleiss_kappa: float | None
    percent_agreement: float | None
    cohen_kappa: dict[str, float | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the plain-data form used in the JSON report."""
        return asdict(self)


def label_agreement(ratings: Mapping[str, Sequence[Hashable]]) -> LabelAgreement:
    """Compute every label coefficient for one field.

    :param ratings: annotator name -> labels over the same units, in the same
        order, ``None`` where that annotator gave no value. Coded into a matrix,
        then :func:`matrix_agreement`.
    """
    return matrix_agreement(to_matrix([list(values) for values in ratings.values()]), list(ratings))


def matrix_agreement(x: np.ndarray, names: Sequence[str]) -> LabelAgreement:
    """Compute every label coefficient for one field from its reliability matrix.

    :param x: coders x units, value codes, ``nan`` = no value; row ``i`` is ``names[i]``.
    """
    per_unit = (~np.isnan(x)).sum(axis=0) if x.size else np.zeros(0)
    return LabelAgreement(
        units=int((per_unit >= 1).sum()),
        pairable_units=int((per_unit >= 2).sum()),
        alpha_nominal=krippendorff_alpha(x, "nominal"),
        fleiss_kappa=fleiss_kappa_from_ratings(x),
        percent_agreement=percent_agreement(x),
        cohen_kappa={
            pair_key(names[i], names[j]): cohen_kappa(x[i], x[j])
            for i, j in combinations(range(len(names)), 2)
        },
    )


def agreeing_pairs(
    x: np.ndarray, groups: np.ndarray, compared: np.ndarray
) -> dict[int, tuple[int, int, int]]:
    """Return, per group of units (a document), agreeing coder pairs, all coder pairs that
    both gave a value, and coder pairs where one gave a value and the other left it out.

    :param x: coders x units, ``nan`` = no value; ``groups``: each unit's group id.
    :param compared: coders x units, true where the coder's layer is on the unit's group: a
        coder who has no layer there left nothing out.
    """
    if x.shape[1] == 0 or x.shape[0] < 2:
        return {}
    present = ~np.isnan(x)
    agreeing = np.zeros(x.shape[1])
    pairs = np.zeros(x.shape[1])
    left_out = np.zeros(x.shape[1])
    for i, j in combinations(range(x.shape[0]), 2):
        both = present[i] & present[j]
        pairs += both
        agreeing += both & (x[i] == x[j])
        left_out += (present[i] != present[j]) & compared[i] & compared[j]
    unique, where = np.unique(groups, return_inverse=True)
    sums = [
        np.bincount(where, weights=column, minlength=len(unique)).tolist()
        for column in (agreeing, pairs, left_out)
    ]
    # As Python numbers (``tolist``): converting NumPy's scalars one at a time cost more
    # than the sums, a review list of thousands of documents.
    return {
        int(group): (int(agree), int(total), int(missing))
        for group, agree, total, missing in zip(unique.tolist(), *sums, strict=True)
        if total > 0 or missing > 0
    }


def left_blank(
    x: np.ndarray, compared: np.ndarray, coders: Sequence[str]
) -> tuple[int, dict[str, int]]:
    """Return how many units some coder gave a value and another left blank, and per coder
    how many such units they left blank.

    Not part of any coefficient: a unit with one value is not pairable, so alpha leaves it
    out (AGREEMENT.md), and a field where annotators omit values reads as agreeing on what
    is left. These counts make the omissions visible beside the figures.

    :param x: coders x units, ``nan`` = no value, each unit with at least one value.
    :param compared: coders x units, true where the coder's layer is on the unit's document:
        a coder with no layer there left nothing blank.
    """
    blank = np.isnan(x) & compared
    return int(blank.any(axis=0).sum()), {
        name: int(count) for name, count in zip(coders, blank.sum(axis=1).tolist(), strict=True)
    }
