"""How much a document's annotators disagree, as one number the lists order documents by.

Outside :mod:`annotator.core.agreement`, whose package loads NumPy: the review list and its
pages import this, and creating the app loads no heavy library (tests/test_footprint.py).
"""

from __future__ import annotations


def disagreement(f1_overlap: float | None, labels_with_left_out: float | None) -> float:
    """Return how much a document's annotators disagree: 0 (full agreement) to 2 (none on
    spans, none on labels); a measure that is undefined (None) counts as agreement.

    ``labels_with_left_out`` is the share :func:`label_agreement_with_left_out` gives: a label one
    annotator gave and another left out counts against it, as a span one annotator marked
    and another did not counts against the span F1.

    The review list and the agreement page's "Least agreement" order documents by it, so
    that both put the same document first.
    """
    spans = 0.0 if f1_overlap is None else 1.0 - f1_overlap
    labels = 0.0 if labels_with_left_out is None else 1.0 - labels_with_left_out
    return spans + labels


def label_agreement_with_left_out(agreeing: int, valued: int, left_out: int) -> float | None:
    """Return the share of agreeing label pairs of a document, counting as a disagreeing pair
    each one where one annotator gave a value and the other left it out; None when no pair.

    The rule: per unit (a sentence, or the document for a document field) and per pair of
    annotators whose layers are both on the document, whatever their statuses, the pair
    agrees when both gave the same value, disagrees when they gave different values, and
    disagrees when only one of them gave a value. A unit neither gave a value is no pair.
    ``agreeing`` and ``valued`` count the pairs where both gave a value (the report's
    ``label_agreement`` is their share, leaving missing values out, as alpha and kappa do by
    definition); ``left_out`` the pairs where one did. A layer in progress counts as it
    stands, as its spans do: the list shows each layer's status beside the figure.
    """
    pairs = valued + left_out
    return agreeing / pairs if pairs else None
