"""Layers as the API and the exports show them: spans, relations and labels (CONTRACT section 5).

Offsets refer to the document's text; a span's ``sentence`` is the sentence holding its start.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.orm import Session

from annotator.models import DOCUMENT_UNIT, Document, LabelValue, Layer, Relation, Sentence, Span


class SpanLike(Protocol):
    """What a span payload reads: a :class:`Span` row, or a span just inserted without one."""

    id: int
    label: str
    start: int
    end: int
    attributes: dict[str, Any] | None
    version: int


# Built once: building a statement (and its cache key) costs more than running it.
SENTENCE_AT = select(func.max(Sentence.index)).where(
    Sentence.document_id == bindparam("document_id", type_=Integer),
    Sentence.start <= bindparam("offset", type_=Integer),
)


def sentence_starts(document: Document) -> list[int]:
    """Return the start offsets of the document's sentences, in order."""
    return [sentence.start for sentence in document.sentences]


def sentence_index(session: Session, document_id: int, offset: int) -> int:
    """Return the index of the sentence holding ``offset``, as :func:`sentence_at` does.

    One query on the sentence offsets, for a caller that has no list of sentence starts.
    """
    # A Core statement on the connection: nothing to load into the session.
    index = session.connection().scalar(SENTENCE_AT, {"document_id": document_id, "offset": offset})
    return 0 if index is None else index


def sentence_at(starts: Sequence[int], offset: int) -> int:
    """Return the index of the sentence holding ``offset``.

    An offset between sentences belongs to the last sentence starting before it, and an
    offset before the first sentence to sentence 0 (CONTRACT section 9).
    """
    return max(bisect_right(starts, offset) - 1, 0)


def span_payload(
    span: SpanLike,
    text: str,
    starts: Sequence[int],
    *,
    include_version: bool = False,
    sentence: int | None = None,
) -> dict[str, Any]:
    """Return a span as the API and the exports show it.

    :param sentence: the span's sentence index, when the caller has it (``starts`` unused).
    """
    payload = {
        "id": span.id,
        "label": span.label,
        "start": span.start,
        "end": span.end,
        "text": text[span.start : span.end],
        "sentence": sentence_at(starts, span.start) if sentence is None else sentence,
        "attributes": dict(span.attributes or {}),
    }
    if include_version:
        payload["version"] = span.version
    return payload


def relation_payload(relation: Relation) -> dict[str, Any]:
    """Return a relation as the API and the exports show it."""
    return {
        "id": relation.id,
        "type": relation.type,
        "from": relation.from_span_id,
        "to": relation.to_span_id,
    }


def label_payload(row_sentence: int, name: str, value: Any) -> dict[str, Any]:
    """Return a sentence or document label value as the API shows it."""
    sentence = None if row_sentence == DOCUMENT_UNIT else row_sentence
    return {"sentence": sentence, "name": name, "value": value}


def empty_layer(annotator: str, status: str | None) -> dict[str, Any]:
    """Return a layer payload with no annotations (the shape every layer payload has)."""
    return {
        "annotator": annotator,
        "status": status,
        "spans": [],
        "relations": [],
        "sentence_labels": [],
        "document_labels": [],
    }


def layer_payload(
    session: Session,
    document: Document,
    layer: Layer | int | None,
    *,
    annotator: str,
    status: str | None,
    starts: Sequence[int] | None = None,
    include_version: bool = False,
) -> dict[str, Any]:
    """Return one layer in the shape of an ``annotations[]`` item of the export.

    Three queries at most, whatever the layer's size. ``layer`` may be None (no rows yet),
    which reads as an empty layer.

    :param annotator: the layer's public name (a username, or ``gold``).
    :param status: the annotator's assignment status (None for gold or when unassigned).
    :param starts: the document's sentence starts, when the caller already has them.
    :param include_version: add each span's ``version`` (the API does; exports don't).
    """
    payload = empty_layer(annotator, status)
    layer_id = layer.id if isinstance(layer, Layer) else layer
    if layer_id is None:
        return payload
    if starts is None:
        starts = sentence_starts(document)
    spans = session.scalars(
        select(Span).where(Span.layer_id == layer_id).order_by(Span.start, Span.end, Span.id)
    )
    payload["spans"] = [
        span_payload(span, document.text, starts, include_version=include_version) for span in spans
    ]
    relations = session.scalars(
        select(Relation).where(Relation.layer_id == layer_id).order_by(Relation.id)
    )
    payload["relations"] = [relation_payload(relation) for relation in relations]
    labels = session.execute(
        select(LabelValue.sentence_index, LabelValue.name, LabelValue.value)
        .where(LabelValue.layer_id == layer_id)
        .order_by(LabelValue.sentence_index, LabelValue.name)
    )
    for sentence, name, value in labels:
        if sentence == DOCUMENT_UNIT:
            payload["document_labels"].append({"name": name, "value": value})
        else:
            payload["sentence_labels"].append(label_payload(sentence, name, value))
    return payload
