"""Agreement on one label field, in the shape of the report's ``labels`` entry."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from .labels import (
    fleiss_kappa_from_ratings,
    krippendorff_alpha,
    pairwise_cohen_kappa,
    percent_agreement,
    to_matrix,
)


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
        order, ``None`` where that annotator gave no value.
    """
    data = [list(values) for values in ratings.values()]
    x = to_matrix(data)
    per_unit = (~np.isnan(x)).sum(axis=0) if x.size else np.zeros(0)
    return LabelAgreement(
        units=int((per_unit >= 1).sum()),
        pairable_units=int((per_unit >= 2).sum()),
        alpha_nominal=krippendorff_alpha(x, "nominal"),
        fleiss_kappa=fleiss_kappa_from_ratings(x),
        percent_agreement=percent_agreement(x),
        cohen_kappa=pairwise_cohen_kappa(ratings),
    )
