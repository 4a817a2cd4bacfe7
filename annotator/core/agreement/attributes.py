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
from typing import Any

from .labels import krippendorff_alpha
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

    ``None`` if no pair has both values or every value is the same.
    """
    return krippendorff_alpha(attribute_reliability_data(pairs), "nominal")
