"""A layer's rows read from the database into the shape of :mod:`annotator.core.shapes`.

For the API and the workspace: one layer at a time, from ORM rows. The export reads many
layers at once (:mod:`annotator.services.datasets.batches`) into the same shapes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session

from annotator.core.document_targets import targets_answer
from annotator.core.paragraph_breaks import sentence_breaks
from annotator.core.shapes import (
    empty_layer,
    first_sentence,
    label_item,
    label_list,
    relation_item,
    sentence_at,
    sentence_item,
    span_item,
)
from annotator.models import (
    SUGGESTIONS,
    Document,
    LabelValue,
    Layer,
    Project,
    Relation,
    Sentence,
    Span,
)


class SpanLike(Protocol):
    """What a span payload reads: a :class:`Span` row, or a span just inserted without one.

    Read only (properties), so that a frozen span and a row whose attributes are never None
    are spans like it too.
    """

    @property
    def id(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def attributes(self) -> dict[str, Any] | None: ...
    @property
    def version(self) -> int: ...


def sentence_at_sql(document_id: Any, offset: Any) -> Any:
    """Return the SQL of :func:`annotator.core.shapes.sentence_at` (NULL before sentence 0).

    The index of the last sentence of ``document_id`` starting at or before ``offset``, for
    a write that reads it in the same query as the rest of its target;
    :func:`~annotator.core.shapes.first_sentence` turns NULL into sentence 0. Sentences are in
    order and never overlap, so the last by start is the last by index: one seek backwards in
    ``ix_sentence_document_start``, where the largest index would read every sentence up to
    the offset.
    """
    return (
        select(Sentence.index)
        .where(Sentence.document_id == document_id, Sentence.start <= offset)
        .order_by(Sentence.start.desc())
        .limit(1)
    )


# Built once: building a statement (and its cache key) costs more than running it.
_SENTENCE_AT = sentence_at_sql(
    bindparam("document_id", type_=Integer), bindparam("offset", type_=Integer)
)


def sentence_starts(document: Document) -> list[int]:
    """Return the start offsets of the document's sentences, in order."""
    return [sentence.start for sentence in document.sentences]


def sentence_index(session: Session, document_id: int, offset: int) -> int:
    """Return the index of the sentence holding ``offset``, in one query on the sentences."""
    # A Core statement on the connection: nothing to load into the session.
    params = {"document_id": document_id, "offset": offset}
    return first_sentence(session.connection().scalar(_SENTENCE_AT, params))


def span_payload(
    span: SpanLike,
    text: str,
    starts: Sequence[int],
    *,
    include_version: bool = False,
    sentence: int | None = None,
    inline: bool = False,
) -> dict[str, Any]:
    """Return a span row as the API and the exports show it.

    :param sentence: the span's sentence index, when the caller has it (``starts`` unused).
    :param inline: the span is in the suggestions layer (its score and model as keys).
    """
    return span_item(
        span.id,
        span.label,
        span.start,
        span.end,
        text,
        sentence_at(starts, span.start) if sentence is None else sentence,
        span.attributes,
        span.version if include_version else None,
        suggested=(getattr(span, "score", None), getattr(span, "model", None)),
        inline=inline,
        note=getattr(span, "note", None),
    )


def span_answer(session: Session, span: SpanLike, layer_id: int) -> dict[str, Any]:
    """Return a stored span as the API answers a write of it (with its version)."""
    layer = session.get(Layer, layer_id)
    assert layer is not None  # a foreign key holds every span to its layer
    document = session.get(Document, layer.document_id)
    assert document is not None
    sentence = sentence_index(session, document.id, span.start)
    return span_payload(span, document.text, (), sentence=sentence, include_version=True)


def replayed_answer(
    session: Session, kind: str, target: Mapping[str, Any]
) -> dict[str, Any] | None:
    """Return a span or relation made by an earlier write, as that write answered; None if gone.

    :param kind: ``span`` or ``relation``.
    :param target: what the write recorded (``{kind: id}``, and for a suggestion's accept the
        ``relations`` it wrote and those it ``skipped``; a relation deleted since is left out).
    """
    row_id = target[kind]
    if kind == "span":
        span = session.get(Span, row_id)
        if span is None:
            return None
        answer = span_answer(session, span, span.layer_id)
        if "relations" in target:
            found = (session.get(Relation, ident) for ident in target["relations"])
            answer["relations"] = [relation_payload(r) for r in found if r is not None]
            answer["skipped"] = target.get("skipped", [])
        return answer
    relation = session.get(Relation, row_id)
    return None if relation is None else relation_payload(relation)


def document_payload(session: Session, document: Document, status: str | None) -> dict[str, Any]:
    """Return a document with its text and sentences, as the API shows it."""
    project = session.get(Project, document.project_id)
    return {
        "id": document.id,
        "external_id": document.external_id,
        "title": document.title,
        "meta": document.meta or {},
        "text": document.text,
        "sentences": _sentences_with_breaks(document),
        "project": project.slug if project is not None else None,
        "status": status,
        # What each field's values are toward here, so that the workspace need not resolve it.
        "targets": {} if project is None else targets_answer(project.schema, document.meta),
    }


def _sentences_with_breaks(document: Document) -> list[dict[str, Any]]:
    """Return the document's sentences, each that opens a paragraph or a line of the text
    with ``opens`` (core/paragraph_breaks.py): the workspace shows the break as a gap."""
    sentences = document.sentences
    breaks = sentence_breaks(document.text, [(s.start, s.end) for s in sentences])
    return [
        sentence_item(s.index, s.start, s.end) | ({"opens": opens} if opens else {})
        for s, opens in zip(sentences, breaks, strict=True)
    ]


def relation_payload(relation: Relation) -> dict[str, Any]:
    """Return a relation row as the API and the exports show it."""
    return relation_item(
        relation.id,
        relation.type,
        relation.from_span_id,
        relation.to_span_id,
        suggested=(relation.score, relation.model),
        note=relation.note,
    )


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

    :param annotator: the layer's public name (a username, ``gold`` or ``suggestions``).
    :param status: the annotator's assignment status (None for gold or when unassigned).
    :param starts: the document's sentence starts, when the caller already has them.
    :param include_version: add each span's ``version`` (the API does; exports don't).
    """
    payload = empty_layer(annotator, status)
    layer_id = layer.id if isinstance(layer, Layer) else layer
    if layer_id is None:
        return payload
    if isinstance(layer, Layer):
        payload["seconds"] = layer.active_seconds
    else:
        active = select(Layer.active_seconds).where(Layer.id == layer_id)
        payload["seconds"] = session.scalar(active) or 0
    if starts is None:
        starts = sentence_starts(document)
    spans = session.scalars(
        select(Span).where(Span.layer_id == layer_id).order_by(Span.start, Span.end, Span.id)
    )
    inline = annotator == SUGGESTIONS
    payload["spans"] = [
        span_payload(span, document.text, starts, include_version=include_version, inline=inline)
        for span in spans
    ]
    relations = session.scalars(
        select(Relation).where(Relation.layer_id == layer_id).order_by(Relation.id)
    )
    payload["relations"] = [relation_payload(relation) for relation in relations]
    labels = session.execute(
        select(
            LabelValue.sentence_index,
            LabelValue.name,
            LabelValue.value,
            LabelValue.score,
            LabelValue.model,
            LabelValue.id,
        )
        .where(LabelValue.layer_id == layer_id)
        .order_by(LabelValue.sentence_index, LabelValue.name)
    )
    for unit, name, value, score, model, value_id in labels:
        item = label_item(unit, name, value, (score, model), inline)
        if inline:  # a suggested label is accepted by its id, as a suggested span is
            item["id"] = value_id
        payload[label_list(unit)].append(item)
    return payload
