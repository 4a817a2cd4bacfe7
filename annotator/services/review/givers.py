"""Who gave exactly a gold item a reviewer chose: the annotators a chosen item's source names.

A reviewer takes one annotator's version ("take this one", an accept), but gold may end up
holding what that annotator did not give exactly (an attribute taken into a span that holds
another annotator's other attributes), and other annotators may have given the very same
item. The source (:mod:`annotator.core.gold_source`) names those whose own item is exactly
what gold holds, compared as :mod:`annotator.core.quorum` compares them: a span by label,
offsets and attributes; a relation by type and its ends' label and offsets; a label by its
unit, field and value (a multi-valued field's values as a set). The layers compared are the
review's (:func:`annotator.services.review.layers.document_layers`, read as plain rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.gold_source import Source, chosen_source
from annotator.core.quorum import SpanKey, same_attributes, same_value
from annotator.models import Document
from annotator.services.review.layers import DocumentLayer, compared_layers


def chosen_span(
    session: Session, document: Document, key: SpanKey, attributes: Mapping[str, Any]
) -> Source:
    """Return the source of a span gold holds as ``key`` with ``attributes``, as chosen."""
    return chosen_source(
        layer.name
        for layer in compared_layers(session, document)
        for span in layer.spans
        if (span.label, span.start, span.end) == key
        and same_attributes(span.attributes or {}, attributes)
    )


def chosen_relation(
    session: Session, document: Document, kind: str, source: SpanKey, target: SpanKey
) -> Source:
    """Return the source of a relation gold holds of ``kind`` between spans at ``source``
    and ``target`` (label and offsets), as chosen."""
    return chosen_source(relation_givers(compared_layers(session, document), kind, source, target))


def relation_givers(
    layers: Iterable[DocumentLayer], kind: str, source: SpanKey, target: SpanKey
) -> list[str]:
    """Return the names of ``layers`` holding a relation of ``kind`` between spans at
    ``source`` and ``target`` (label and offsets)."""
    names = []
    for layer in layers:
        keys = {span.id: (span.label, span.start, span.end) for span in layer.spans}
        if any(
            (r.type, keys.get(r.from_span_id), keys.get(r.to_span_id)) == (kind, source, target)
            for r in layer.relations
        ):
            names.append(layer.name)
    return names


def chosen_label(session: Session, document: Document, unit: int, name: str, value: Any) -> Source:
    """Return the source of gold's ``value`` of field ``name`` at ``unit``, as chosen."""
    return chosen_source(
        layer.name
        for layer in compared_layers(session, document)
        for row in layer.labels
        if (row.sentence_index, row.name) == (unit, name) and same_value(row.value, value)
    )
