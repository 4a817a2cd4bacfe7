"""Spans: adding, changing and deleting them, each write checked by :mod:`annotator.core.rules`.

The caller opens the layer (:func:`~annotator.services.annotation.layers.open_layer`, or
the API's :func:`~annotator.services.annotation.write_target.open_write_target`, and for a
span found by its id :func:`~annotator.services.annotation.write_target.open_span`, all
asking :mod:`annotator.services.annotation.access` who may write what), then calls a write
here, then commits. Every write to an annotator's layer moves that annotator's assignment from
``new`` to ``in_progress`` (CONTRACT section 9).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import DateTime, Integer, bindparam, delete, or_, select, update
from sqlalchemy.orm import Session, aliased

from annotator.core.errors import Conflict, Invalid, no_such
from annotator.core.history import relation_snapshot, span_end, span_snapshot
from annotator.core.rules import (
    check_attributes,
    check_offsets,
    end_allows,
    overlap_error,
    overlaps_allowed,
    span_label,
)
from annotator.db import Db, orm
from annotator.models import Layer, Relation, Span, User, utcnow
from annotator.precompiled import Precompiled, PrecompiledInsert
from annotator.services.annotation.provenance import gold_decision
from annotator.services.annotation.write_target import (
    LayerRef,
    StoredSpan,
    WriteTarget,
    mark_started,
    write_target,
)
from annotator.services.history import record_change

_UNSET: Any = object()
# Every column but the id, so that one compiled INSERT serves every span (gold or not); the
# values are given in full, as no Python-side default runs on the driver.
_SPAN_COLUMNS = [column.name for column in Span.__table__.columns if column.name != "id"]
_INSERT_SPAN = PrecompiledInsert(Span.__table__, column_keys=_SPAN_COLUMNS)
# Built once; the span write runs it on every request to a project without overlaps. Two
# spans overlap when each starts before the other ends (core.rules.overlap_error).
_OVERLAPPING = (
    select(Span.id, Span.start, Span.end)
    .where(
        Span.layer_id == bindparam("layer_id", type_=Integer),
        Span.start < bindparam("end", type_=Integer),
        Span.end > bindparam("start", type_=Integer),
        Span.id != bindparam("exclude", type_=Integer),
    )
    .limit(1)
)
# The API's change and deletion of a span by its id, precompiled as its create: the change
# with the gold provenance columns or without.
_SPANS = Span.__table__
_CHANGE = {
    "label": bindparam("label"),
    "start": bindparam("start", type_=Integer),
    "end": bindparam("end", type_=Integer),
    "attributes": bindparam("attributes", type_=_SPANS.c.attributes.type),
    "version": bindparam("version", type_=Integer),
    "updated_at": bindparam("updated_at", type_=DateTime(timezone=True)),
}
_BY_ID = _SPANS.c.id == bindparam("span_id", type_=Integer)
_UPDATE_SPAN = Precompiled(update(_SPANS).where(_BY_ID).values(_CHANGE))
_UPDATE_GOLD_SPAN = Precompiled(
    update(_SPANS)
    .where(_BY_ID)
    .values(
        {
            **_CHANGE,
            "decided_by_id": bindparam("decided_by_id", type_=Integer),
            "source_layer": bindparam("source_layer"),
        }
    )
)
_DELETE_SPAN = Precompiled(delete(_SPANS).where(_BY_ID))
# The relations at a span, with their ends, which its deletion's history row keeps.
_SOURCE, _TARGET = aliased(Span), aliased(Span)
_AT_SPAN = bindparam("span_id", type_=Integer)
_RELATIONS_AT = Precompiled(
    select(Relation.type, _SOURCE.label, _SOURCE.start, _SOURCE.end)
    .add_columns(_TARGET.label, _TARGET.start, _TARGET.end)
    .join(_SOURCE, _SOURCE.id == Relation.from_span_id)
    .join(_TARGET, _TARGET.id == Relation.to_span_id)
    .where(or_(Relation.from_span_id == _AT_SPAN, Relation.to_span_id == _AT_SPAN))
    .order_by(Relation.id)
)


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
    after = span_snapshot(span.label, span.start, span.end, span.attributes)
    record_change(session, target.layer, "span", "create", span.id, None, after, actor=decided_by)
    return span


def insert_span(
    session: Db,
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
    row = {
        "decided_by_id": None,
        "source_layer": None,
        "score": None,
        "model": None,
        "created_at": now,
        "updated_at": now,
    }
    row.update(values)
    span_id = _INSERT_SPAN.insert(session, row)
    mark_started(session, target.layer, target.assignment)
    after = span_snapshot(label, start, end, values["attributes"])
    record_change(session, target.layer, "span", "create", span_id, None, after, actor=decided_by)
    return NewSpan(span_id, label, start, end, values["attributes"])


def _checked_span(
    session: Db,
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
    session: Db,
    span: Span | StoredSpan,
    *,
    target: WriteTarget | None = None,
    label: str = _UNSET,
    start: int = _UNSET,
    end: int = _UNSET,
    attributes: dict[str, Any] = _UNSET,
    version: int | None = None,
    decided_by: User | None = None,
) -> Span | StoredSpan:
    """Change any of a span's label, offsets and attributes, and bump its version.

    A label change must keep the span's attributes valid (send new ``attributes`` along) and
    its relations allowed; a change that would break a relation is refused, never cascaded.
    A :class:`Span` is changed in the session; a :class:`StoredSpan` (the API's, with the
    ``target`` :func:`~annotator.services.annotation.write_target.open_span` gave) by one
    UPDATE, and the answer is the span as it is now.

    :param target: the span's layer with its text and schema; read here when not given.
    :raises Conflict: when ``version`` is given and is not the stored one (a stale editor).
    :raises Invalid: as :func:`add_span`, or naming the relation a label change would break.
    """
    if version is not None and version != span.version:
        raise Conflict(
            f"span {span.id} is stale: you sent version {version}, it is at {span.version}",
            details={"version": span.version},
        )
    if target is None:
        layer = orm(session).get(Layer, span.layer_id)
        assert layer is not None
        target = write_target(orm(session), layer)
    schema = target.schema
    new_label = span.label if label is _UNSET else label
    new_start = span.start if start is _UNSET else start
    new_end = span.end if end is _UNSET else end
    check_offsets(target.text, new_start, new_end)
    definition = span_label(schema, new_label)
    new_attributes = (span.attributes or {}) if attributes is _UNSET else attributes
    clean = check_attributes(definition, new_attributes)
    if (new_start, new_end) != (span.start, span.end):
        check_overlap(session, schema, target.layer.id, new_start, new_end, exclude=span.id)
    if new_label != span.label:
        check_relations_allow(session, schema, span.id, new_label)
    before = span_snapshot(span.label, span.start, span.end, span.attributes)
    provenance = gold_decision(target.layer, decided_by)
    changed: Span | StoredSpan
    if isinstance(span, Span):
        span.label, span.start, span.end, span.attributes = new_label, new_start, new_end, clean
        span.version = span.version + 1
        for column, value in provenance.items():
            setattr(span, column, value)
        mark_started(session, target.layer)
        orm(session).flush()
        changed = span
    else:
        changed = StoredSpan(
            span.id, span.layer_id, new_label, new_start, new_end, clean, span.version + 1
        )
        values = {
            "span_id": span.id,
            "label": new_label,
            "start": new_start,
            "end": new_end,
            "attributes": clean,
            "version": changed.version,
            "updated_at": utcnow(),
            **provenance,
        }
        (_UPDATE_GOLD_SPAN if provenance else _UPDATE_SPAN).execute(session, values).close()
        mark_started(session, target.layer, target.assignment)
    after = span_snapshot(new_label, new_start, new_end, clean)
    record_change(session, target.layer, "span", "update", span.id, before, after, actor=decided_by)
    return changed


def delete_span(
    session: Db,
    span: Span | StoredSpan,
    *,
    target: WriteTarget | None = None,
    actor: User | None = None,
) -> None:
    """Delete a span and every relation that starts or ends at it.

    The history keeps the span with its relations (their other ends by label and offsets),
    so that a restore can bring them back. A :class:`Span` is deleted in the session; a
    :class:`StoredSpan` (with the ``target`` that opened it) by one DELETE.
    """
    layer: Layer | LayerRef | None = (
        target.layer if target is not None else orm(session).get(Layer, span.layer_id)
    )
    going = _relations_of(session, span.id)
    # Explicitly, so that it holds even where the database does not enforce ON DELETE CASCADE.
    if going:
        session.execute(
            delete(Relation).where(
                or_(Relation.from_span_id == span.id, Relation.to_span_id == span.id)
            )
        )
    before = span_snapshot(span.label, span.start, span.end, span.attributes, going)
    if isinstance(span, Span):
        orm(session).delete(span)
    else:
        _DELETE_SPAN.execute(session, {"span_id": span.id}).close()
    if layer is not None:
        mark_started(session, layer, None if target is None else target.assignment)
        record_change(session, layer, "span", "delete", span.id, before, None, actor=actor)
    if isinstance(span, Span):
        orm(session).flush()


def _relations_of(session: Db, span_id: int) -> list[dict[str, object]]:
    """Return the relations at a span as a span's snapshot holds them."""
    rows = _RELATIONS_AT.all(session, {"span_id": span_id})
    return [relation_snapshot(row[0], span_end(*row[1:4]), span_end(*row[4:7])) for row in rows]


def get_span(session: Session, span_id: int) -> Span:
    """Return the span with ``span_id`` or raise :class:`NotFound`."""
    span = session.get(Span, span_id)
    if span is None:
        raise no_such("span", span_id)
    return span


def check_overlap(
    session: Db,
    schema: dict[str, Any],
    layer_id: int,
    start: int,
    end: int,
    exclude: int | None,
) -> None:
    """Raise :class:`Invalid` if the schema forbids overlaps and ``[start, end)`` has one.

    :param exclude: the id of the span being moved, which may overlap its old place.
    """
    if overlaps_allowed(schema):
        return
    params = {"layer_id": layer_id, "start": start, "end": end, "exclude": exclude or 0}
    other = session.execute(_OVERLAPPING, params).first()
    if other is not None:
        raise overlap_error(start, end, other.id, other.start, other.end)


def check_relations_allow(session: Db, schema: dict[str, Any], span_id: int, label: str) -> None:
    """Raise :class:`Invalid` if relabelling a span as ``label`` would break a relation."""
    types = {t["name"]: t for t in schema.get("relation_types", [])}
    if not types:
        return  # no relation the schema knows: none to break
    relations = session.execute(
        select(Relation.id, Relation.type, Relation.from_span_id, Relation.to_span_id).where(
            or_(Relation.from_span_id == span_id, Relation.to_span_id == span_id)
        )
    )
    for relation in relations:
        definition = types.get(relation.type)
        if definition is None:
            continue
        for end, end_id in (("from", relation.from_span_id), ("to", relation.to_span_id)):
            if end_id == span_id and not end_allows(definition, end, label):
                raise Invalid(
                    f"relation {relation.id} ({relation.type}) needs its '{end}' span to be one "
                    f"of {definition[end]}; delete the relation before relabelling span "
                    f"{span_id} as {label!r}",
                    details={"relation": relation.id},
                )
