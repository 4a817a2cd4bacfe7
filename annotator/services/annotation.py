"""The annotation rules: spans, relations, labels and status, shared by API, CLI and pages.

Every write goes to one layer. The caller opens it (:func:`open_layer`, or the API's
:func:`~annotator.services.write_target.open_write_target`, both checking who may write
what), then calls a write here, then commits. Every write to an annotator's layer moves that
annotator's assignment from ``new`` to ``in_progress`` (CONTRACT section 9).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from annotator.errors import Conflict, Forbidden, Invalid, NotFound
from annotator.models import (
    GOLD,
    Document,
    Layer,
    Relation,
    Span,
    User,
    utcnow,
)
from annotator.permissions import find_assignment
from annotator.precompiled import Precompiled
from annotator.services.layers import ensure_layer, resolve_write_target
from annotator.services.provenance import gold_decision
from annotator.services.span_rules import (
    check_attributes,
    check_offsets,
    check_overlap,
    check_relations_allow,
    span_label,
)
from annotator.services.write_target import WriteTarget, mark_started, write_target

_UNSET: Any = object()
# Every column but the id, so that one compiled INSERT serves every span (gold or not); the
# values are given in full, as no Python-side default runs on the driver.
_SPAN_COLUMNS = [column.name for column in Span.__table__.columns if column.name != "id"]
_INSERT_SPAN = Precompiled(insert(Span.__table__).returning(Span.id), column_keys=_SPAN_COLUMNS)


def open_layer(session: Session, user: User, document: Document, layer: str | None) -> Layer:
    """Return the layer ``user`` writes on ``document``: their own, or gold (``layer="gold"``).

    :raises Forbidden: when the caller may not write that layer.
    """
    owner_id, _assignment = resolve_write_target(session, user, document, layer)
    return ensure_layer(session, document, owner_id)


def require_writable(session: Session, user: User, layer: Layer, asked: str | None) -> None:
    """Raise :class:`Forbidden` unless ``user`` may write ``layer`` (found through a row id).

    :param asked: the ``?layer=`` the caller gave; ``gold`` must then match the row's layer.
    """
    if asked == GOLD and not layer.is_gold:
        raise Forbidden("that row is not in the gold layer")
    if layer.is_gold:
        if not user.is_reviewer:
            raise Forbidden("only reviewers and admins may write the gold layer")
        return
    if layer.user_id != user.id:
        raise Forbidden("that row is in another annotator's layer")
    document = session.get(Document, layer.document_id)
    if document is None or find_assignment(session, user, document) is None:
        raise Forbidden(f"document {layer.document_id} is not assigned to you")


# -- spans ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewSpan:
    """A span :func:`insert_span` just stored: its id and the values it was stored with."""

    id: int
    label: str
    start: int
    end: int
    attributes: dict[str, Any]
    version: int = 1


def add_span(
    session: Session,
    layer: Layer | WriteTarget,
    label: str,
    start: int,
    end: int,
    attributes: dict[str, Any] | None = None,
    *,
    decided_by: User | None = None,
) -> Span:
    """Add a span to ``layer`` after checking offsets, label, attributes and overlap.

    :param layer: a layer, or a :class:`WriteTarget` that already holds the text and schema.
    :raises Invalid: offsets outside the text, an unknown label or attribute, a value not in
        the schema, or an overlap when the schema has ``allow_overlap: false``.
    """
    target = write_target(session, layer)
    span = Span(**_checked_span(session, target, label, start, end, attributes, decided_by))
    session.add(span)
    mark_started(session, target.layer, target.assignment)
    session.flush()
    return span


def insert_span(
    session: Session,
    target: WriteTarget,
    label: str,
    start: int,
    end: int,
    attributes: dict[str, Any] | None = None,
    *,
    decided_by: User | None = None,
) -> NewSpan:
    """Add a span as :func:`add_span` does, with one INSERT and no ORM object.

    The API's span write: the ORM's unit of work would cost more than the rest of the write.
    The session holds no object for the new row; load it with ``session.get`` if needed.
    """
    values = _checked_span(session, target, label, start, end, attributes, decided_by)
    now = utcnow()
    row = {"decided_by_id": None, "source_layer": None, "created_at": now, "updated_at": now}
    row.update(values)
    inserted = _INSERT_SPAN.first(session, row)
    assert inserted is not None  # RETURNING gives the new row's id
    (span_id,) = inserted
    mark_started(session, target.layer, target.assignment)
    return NewSpan(int(span_id), label, start, end, values["attributes"])


def _checked_span(
    session: Session,
    target: WriteTarget,
    label: str,
    start: int,
    end: int,
    attributes: dict[str, Any] | None,
    decided_by: User | None,
) -> dict[str, Any]:
    """Check a new span against the rules; return the values of its row."""
    check_offsets(target.text, start, end)
    clean = check_attributes(span_label(target.schema, label), attributes or {})
    check_overlap(session, target.schema, target.layer.id, start, end, exclude=None)
    return {
        "layer_id": target.layer.id,
        "label": label,
        "start": start,
        "end": end,
        "attributes": clean,
        "version": 1,
        **gold_decision(target.layer, decided_by),
    }


def update_span(
    session: Session,
    span: Span,
    *,
    label: str = _UNSET,
    start: int = _UNSET,
    end: int = _UNSET,
    attributes: dict[str, Any] = _UNSET,
    version: int | None = None,
    decided_by: User | None = None,
) -> Span:
    """Change any of a span's label, offsets and attributes, and bump its version.

    A label change must keep the span's attributes valid (send new ``attributes`` along) and
    its relations allowed; a change that would break a relation is refused, never cascaded.

    :raises Conflict: when ``version`` is given and is not the stored one (a stale editor).
    :raises Invalid: as :func:`add_span`, or naming the relation a label change would break.
    """
    if version is not None and version != span.version:
        raise Conflict(
            f"span {span.id} is stale: you sent version {version}, it is at {span.version}",
            details={"version": span.version},
        )
    layer = session.get(Layer, span.layer_id)
    assert layer is not None
    target = write_target(session, layer)
    schema = target.schema
    new_label = span.label if label is _UNSET else label
    new_start = span.start if start is _UNSET else start
    new_end = span.end if end is _UNSET else end
    check_offsets(target.text, new_start, new_end)
    definition = span_label(schema, new_label)
    new_attributes = (span.attributes or {}) if attributes is _UNSET else attributes
    clean = check_attributes(definition, new_attributes)
    if (new_start, new_end) != (span.start, span.end):
        check_overlap(session, schema, layer.id, new_start, new_end, exclude=span.id)
    if new_label != span.label:
        check_relations_allow(session, schema, span, new_label)
    span.label, span.start, span.end, span.attributes = new_label, new_start, new_end, clean
    span.version = span.version + 1
    for column, value in gold_decision(layer, decided_by).items():
        setattr(span, column, value)
    mark_started(session, layer)
    session.flush()
    return span


def delete_span(session: Session, span: Span) -> None:
    """Delete a span and every relation that starts or ends at it."""
    layer = session.get(Layer, span.layer_id)
    # Explicitly, so that it holds even where the database does not enforce ON DELETE CASCADE.
    session.execute(
        delete(Relation).where(
            or_(Relation.from_span_id == span.id, Relation.to_span_id == span.id)
        )
    )
    session.delete(span)
    if layer is not None:
        mark_started(session, layer)
    session.flush()


def get_span(session: Session, span_id: int) -> Span:
    """Return the span with ``span_id`` or raise :class:`NotFound`."""
    span = session.get(Span, span_id)
    if span is None:
        raise NotFound(f"no span {span_id}")
    return span


# -- relations --------------------------------------------------------------------------


def add_relation(
    session: Session,
    layer: Layer | WriteTarget,
    type: str,
    from_id: int,
    to_id: int,
    *,
    decided_by: User | None = None,
) -> Relation:
    """Add a relation of ``type`` between two spans of ``layer``.

    :raises Invalid: an unknown type, a span not in this layer, or labels the type forbids.
    :raises Conflict: an exact duplicate, or one more than the type's ``max_per_source``.
    """
    target = write_target(session, layer)
    schema, layer_id = target.schema, target.layer.id
    types = {t["name"]: t for t in schema.get("relation_types", [])}
    definition = types.get(type)
    if definition is None:
        raise Invalid(f"unknown relation type {type!r}; the schema has {sorted(types)}")
    if from_id == to_id:
        raise Invalid("a relation needs two different spans ('from' equals 'to')")
    ends = {}
    for end, span_id in (("from", from_id), ("to", to_id)):
        span = session.get(Span, span_id)
        if span is None or span.layer_id != layer_id:
            raise Invalid(f"'{end}': span {span_id} is not in this layer of the document")
        if span.label not in definition[end]:
            raise Invalid(
                f"relation type {type!r} cannot go {end} a {span.label!r} span "
                f"(span {span_id}); allowed: {definition[end]}"
            )
        ends[end] = span
    same_type = select(Relation).where(
        Relation.layer_id == layer_id, Relation.type == type, Relation.from_span_id == from_id
    )
    if session.scalars(same_type.where(Relation.to_span_id == to_id).limit(1)).first():
        raise Conflict(f"a {type} relation from span {from_id} to span {to_id} already exists")
    limit = definition.get("max_per_source")
    if limit is not None:
        count = session.scalar(select(func.count()).select_from(same_type.subquery()))
        if count is not None and count >= limit:
            raise Conflict(
                f"span {from_id} already has {count} {type} relation(s); "
                f"the schema allows at most {limit}"
            )
    relation = Relation(
        layer_id=layer_id,
        type=type,
        from_span_id=from_id,
        to_span_id=to_id,
        **gold_decision(target.layer, decided_by),
    )
    session.add(relation)
    mark_started(session, target.layer, target.assignment)
    session.flush()
    return relation


def get_relation(session: Session, relation_id: int) -> Relation:
    """Return the relation with ``relation_id`` or raise :class:`NotFound`."""
    relation = session.get(Relation, relation_id)
    if relation is None:
        raise NotFound(f"no relation {relation_id}")
    return relation


def delete_relation(session: Session, relation: Relation) -> None:
    """Delete a relation."""
    layer = session.get(Layer, relation.layer_id)
    session.delete(relation)
    if layer is not None:
        mark_started(session, layer)
    session.flush()
