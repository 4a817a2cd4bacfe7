"""Agreement on the attributes of spans that two annotators both marked.

An attribute (say ``claimer`` on a CLAIM) can only be compared where both
annotators marked the span: each matched pair of spans (from
:func:`~annotator.core.agreement.spans.match_spans`) is one unit, rated by two
coders. Collect the pairs over all documents, then compute Krippendorff's
alpha (nominal) on them; a pair where either side has no value for the
attribute is not pairable and is left out, as for any label field.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from .labels import krippendorff_alpha, to_matrix
from .spans import Matching

Attributes = Mapping[str, Any] | None


def matched_attribute_values(
    matching: Matching,
    a_attributes: Sequence[Attributes],
    b_attributes: Sequence[Attributes],
    name: str,
) -> list[tuple[Any, Any]]:
    """Return ``(value in A, value in B)`` of attribute ``name`` for each matched span pair.

    :param a_attributes: the attributes of each of A's spans, in the order
        given to the matching (``None`` or a missing key: no value).
    """
    return [
        ((a_attributes[i] or {}).get(name), (b_attributes[j] or {}).get(name))
        for i, j in matching.pairs
    ]


def attribute_reliability_data(pairs: Iterable[tuple[Hashable, Hashable]]) -> list[list[Any]]:
    """Return matched pairs' values as a reliability matrix: two coder rows over the pairs."""
    rows: list[list[Any]] = [[], []]
    for first, second in pairs:
        rows[0].append(first)
        rows[1].append(second)
    return rows


def attribute_alpha(pairs: Iterable[tuple[Hashable, Hashable]]) -> float | None:
    """Return Krippendorff's alpha (nominal) over matched pairs' attribute values.

    ``None`` if no pair has both values or every value is the same. Codes the values and
    calls :func:`values_alpha`.
    """
    return values_alpha(to_matrix(attribute_reliability_data(pairs)))


def matched_values(
    partner: np.ndarray, a_values: np.ndarray, b_values: np.ndarray, chosen: np.ndarray
) -> np.ndarray:
    """Return the value codes of the matched span pairs: 2 rows (A, B), ``nan`` = no value.

    :param partner: the matching, A's span -> B's span or -1.
    :param a_values: the value code of each of A's spans, -1 for none; ``b_values`` B's.
    :param chosen: which of A's spans count (those of the label the attribute belongs to).
    """
    matched = np.flatnonzero((partner >= 0) & chosen)
    rows = np.vstack([a_values[matched], b_values[partner[matched]]]).astype(float)
    rows[rows < 0] = np.nan
    return rows


def values_alpha(rows: np.ndarray) -> float | None:
    """Return Krippendorff's alpha (nominal) of matched pairs' value codes (2 rows, nan: none)."""
    return krippendorff_alpha(rows, "nominal")


@dataclass
class AttributeAgreement:
    """Agreement on one attribute over all annotator pairs, shaped like a report entry."""

    alpha_nominal: float | None
    matched_spans: int
    pairs: dict[str, float | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the plain-data form used in the JSON report."""
        return asdict(self)


def attribute_agreement(values: Mapping[str, np.ndarray]) -> AttributeAgreement:
    """Return alpha over every pair's matched values pooled, and per pair.

    :param values: pair key -> that pair's :func:`matched_values`. ``matched_spans``
        counts the pairs of spans where both sides have a value.
    """
    pooled = np.hstack([*values.values()] or [np.zeros((2, 0))])
    return AttributeAgreement(
        alpha_nominal=values_alpha(pooled),
        matched_spans=int((~np.isnan(pooled)).all(axis=0).sum()),
        pairs={key: values_alpha(rows) for key, rows in values.items()},
    )
