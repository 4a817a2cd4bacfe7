"""How much a document's annotators disagree, as one number the lists order documents by.

Outside :mod:`annotator.core.agreement`, whose package loads NumPy: the review list and its
pages import this, and creating the app loads no heavy library (tests/test_footprint.py).
"""

from __future__ import annotations


def disagreement(f1_overlap: float | None, label_agreement: float | None) -> float:
    """Return how much a document's annotators disagree: 0 (full agreement) to 2 (none on
    spans, none on labels); a measure that is undefined (None) counts as agreement.

    The review list and the agreement page's "Least agreement" order documents by it, so
    that both put the same document first.
    """
    spans = 0.0 if f1_overlap is None else 1.0 - f1_overlap
    labels = 0.0 if label_agreement is None else 1.0 - label_agreement
    return spans + labels
