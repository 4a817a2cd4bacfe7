"""One document's disagreement, the order the review list and the agreement page share."""

from __future__ import annotations

import pytest

from annotator.core.disagreement import disagreement


@pytest.mark.parametrize(
    ("f1_overlap", "label_agreement", "expected"),
    [
        (1.0, 1.0, 0.0),
        (0.0, 0.0, 2.0),
        (0.5, None, 0.5),  # no labels to compare: no disagreement on them
        (None, 0.25, 0.75),
        (None, None, 0.0),
    ],
)
def test_disagreement_adds_what_spans_and_labels_miss(
    f1_overlap: float | None, label_agreement: float | None, expected: float
) -> None:
    assert disagreement(f1_overlap, label_agreement) == pytest.approx(expected)
