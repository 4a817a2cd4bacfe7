"""The span difference one annotator span is a version of, worked out over its group alone.

Spans of different layers are one difference only where they overlap, each with what it
joined (:func:`annotator.services.review.differences._overlapping`), and a span every layer
holds alike is a group of its own: so the spans a difference can hold all lie among those
linked to it by overlap, whatever the layer. Classifying those alone finds the same
difference as classifying the whole document, at the cost of a few spans instead of every
span, relation and label: an accept asks it of one span (is it its annotator's whole version,
is another version in gold), where the whole document's differences were most of its time
(``benchmarks/review_accept.py``).
"""

from __future__ import annotations

from typing import Any

from annotator.models import Document, Span
from annotator.services.review.difference import Difference
from annotator.services.review.differences import layer_differences
from annotator.services.review.gold_ends import version_spans
from annotator.services.review.layers import DocumentLayer
from annotator.services.review.none_taken import Rows


def span_difference(
    layers: list[DocumentLayer], document: Document, span: Span, rows: Rows
) -> Difference | None:
    """Return the span difference of ``layers`` (``document``'s) that ``span`` is a version
    of, as :func:`annotator.services.review.differences.document_differences` finds it
    (its versions, summary and key alike; ``sentence`` left at 0); None when it is in none.

    :param rows: :func:`annotator.services.review.none_taken.rows_by_id` of ``layers``.
    """
    linked = _linked(layers, span)
    if not linked:
        return None
    group = [
        DocumentLayer(layer.name, layer.status, [s for s in layer.spans if s.id in linked])
        for layer in layers
    ]
    for difference in layer_differences(group, document.text, []):
        if any(row.id == span.id for _, row in version_spans(difference, rows)):
            return difference
    return None


def _linked(layers: list[DocumentLayer], span: Any) -> set[int]:
    """Return the ids of every layer's spans linked to ``span`` by overlap, itself among them
    (none when no layer holds it): the stretch they cover grows until no other span
    overlaps it."""
    spans = sorted((s for layer in layers for s in layer.spans), key=lambda s: (s.start, s.end))
    if not any(s.id == span.id for s in spans):
        return set()
    start, end = span.start, span.end
    grown = True
    while grown:
        grown = False
        for s in spans:
            if s.start < end and start < s.end and (s.start < start or s.end > end):
                start, end, grown = min(start, s.start), max(end, s.end), True
    return {s.id for s in spans if s.start < end and start < s.end}
