"""One document's disagreement, the order the review list and the agreement page share."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.core.agreement.fields import agreeing_pairs
from annotator.core.disagreement import disagreement, label_agreement_with_left_out


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


def test_a_value_left_out_is_a_disagreeing_pair_only_for_those_on_the_document() -> None:
    nan = np.nan
    # Three coders, two documents (0: units 0-1, 1: unit 2); coder 2 is on document 1 only.
    x = np.array([[1.0, 2.0, 1.0], [1.0, nan, nan], [nan, nan, 1.0]])
    compared = np.array([[True, True, True], [True, True, True], [False, False, True]])
    pairs = agreeing_pairs(x, np.array([0, 0, 1]), compared)
    # Document 0: unit 0 agrees (coders 0, 1); unit 1: coder 1 left it out.
    # Document 1: coders 0 and 2 agree; coder 1 left it out beside each of them.
    assert pairs == {0: (1, 1, 1), 1: (1, 1, 2)}
    assert label_agreement_with_left_out(*pairs[1]) == pytest.approx(1 / 3)
    assert label_agreement_with_left_out(0, 0, 0) is None
