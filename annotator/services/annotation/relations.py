"""Relations between two spans of one layer: adding them, writing their note, deleting them.

Checked by :mod:`annotator.core.rules` (the type, its ends' labels, ``max_per_source``),
as a dataset import checks them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Invalid, no_such
from annotator.core.history import origin_of, relation_snapshot, span_end, with_origin
from annotator.core.rules import (
    check_max_per_source,
    check_relation_ends,
    duplicate_relation,
    relation_type,
)
from annotator.core.span_notes import written_note
from annotator.db import AppSession
from annotator.models import Layer, Relation, Span
from annotator.services.annotation.provenance import gold_decision
from annotator.services.annotation.span_checks import hold_layer
from annotator.services.annotation.write_target import WriteTarget, mark_started, write_target
from annotator.services.history import record_change


def add_relation(
    session: AppSession,
    layer: Layer | WriteTarget,
    type: str,
    from_id: int,
    to_id: int,
    *,
    decided_by: Actor | None = None,
    note: str | None = None,
    relation_id: int | None = None,
    origin: Mapping[str, Any] | None = None,
) -> Relation:
    """Add a relation of ``type`` between two spans of ``layer``.

    :param note: its note, a line per note: as gold takes it with an accepted relation or a
        restore puts it back (kept as it is); a writer's goes through :func:`write_relation`.
    :param relation_id: a deleted relation's id, when a restore puts it back.
    :param origin: its decider, source, model and score as its deletion kept them
        (:func:`~annotator.core.history.kept_origin`), when a restore puts it back.
    :raises Invalid: an unknown type, a span not in this layer, or labels the type forbids.
    :raises Conflict: an exact duplicate, or one more than the type's ``max_per_source``.
    """
    target = write_target(session, layer)
    layer_id = target.layer.id
    definition = relation_type(target.schema, type)
    ends, named = {}, []
    for end, span_id in (("from", from_id), ("to", to_id)):
        span = session.get(Span, span_id)
        if span is None or span.layer_id != layer_id:
            raise Invalid(
                f"'{end}': span {span_id} is not in this layer of the document",
                details={"field": end, "span": span_id},
            )
        ends[end] = (span_id, span.label)
        named.append(span_end(span.label, span.start, span.end))
    check_relation_ends(definition, ends)
    # Before the copy and max_per_source counts: on PostgreSQL two identical relations
    # posted at once each found none and both were made.
    hold_layer(session, layer_id)
    same_type = select(Relation).where(
        Relation.layer_id == layer_id, Relation.type == type, Relation.from_span_id == from_id
    )
    if session.scalars(same_type.where(Relation.to_span_id == to_id).limit(1)).first():
        raise duplicate_relation(type, from_id, to_id)
    if definition.get("max_per_source") is not None:
        count = session.scalar(select(func.count()).select_from(same_type.subquery())) or 0
        check_max_per_source(definition, from_id, count)
    relation = Relation(
        id=relation_id,
        layer_id=layer_id,
        type=type,
        from_span_id=from_id,
        to_span_id=to_id,
        note=note,
        **gold_decision(target.layer, decided_by),
    )
    for column, value in (origin or {}).items():
        setattr(relation, column, value)
    session.add(relation)
    mark_started(session, target.layer, target.assignment)
    session.flush()
    after = relation_snapshot(type, named[0], named[1], note=note)
    record_change(
        session, target.layer, "relation", "create", relation.id, None, after, actor=decided_by
    )
    return relation


def write_relation(
    session: AppSession,
    layer: Layer | WriteTarget,
    type: str,
    from_id: int,
    to_id: int,
    *,
    decided_by: Actor,
    note: str | None = None,
) -> Relation:
    """Add a relation as a writer posts it (the API's): :func:`add_relation`, with the
    writer's note kept as :func:`~annotator.core.span_notes.written_note` keeps it (trimmed,
    blank being none), as a span's write keeps its own.

    :raises Invalid: as :func:`add_relation`, or a note too long (``details.field: "note"``).
    """
    kept = None if note is None else written_note(note)
    return add_relation(session, layer, type, from_id, to_id, decided_by=decided_by, note=kept)


def get_relation(session: Session, relation_id: int) -> Relation:
    """Return the relation with ``relation_id`` or raise :class:`NotFound`."""
    relation = session.get(Relation, relation_id)
    if relation is None:
        raise no_such("relation", relation_id)
    return relation


def set_relation_note(
    session: AppSession, relation: Relation, note: str | None, *, actor: Actor | None = None
) -> Relation:
    """Write a relation's note (None clears it), as a span's is written: trimmed, at most
    :data:`~annotator.core.span_notes.MAX_NOTE` characters; the history keeps the change.

    :raises Invalid: naming the field ``note``, when it is too long.
    """
    kept = written_note(note)
    if kept == relation.note:
        return relation  # nothing changes: no change row, as an accept of gold's equal
    layer = session.get(Layer, relation.layer_id)
    assert layer is not None  # a relation's layer goes only with it
    before = with_origin(_snapshot(session, relation), origin_of(relation))
    relation.note = kept
    for column, value in gold_decision(layer, actor).items():
        setattr(relation, column, value)
    session.flush()
    mark_started(session, layer)
    after = _snapshot(session, relation)
    record_change(session, layer, "relation", "update", relation.id, before, after, actor=actor)
    return relation


def _snapshot(session: Session, relation: Relation) -> dict[str, object]:
    """Return ``relation`` as its change rows hold it."""
    source, target = (
        session.get(Span, span_id) for span_id in (relation.from_span_id, relation.to_span_id)
    )
    assert source is not None and target is not None  # a relation goes with its ends
    return relation_snapshot(
        relation.type,
        span_end(source.label, source.start, source.end),
        span_end(target.label, target.start, target.end),
        note=relation.note,
    )


def delete_relation(session: AppSession, relation: Relation, *, actor: Actor | None = None) -> None:
    """Delete a relation."""
    layer = session.get(Layer, relation.layer_id)
    before = with_origin(_snapshot(session, relation), origin_of(relation))
    session.delete(relation)
    if layer is not None:
        mark_started(session, layer)
        record_change(session, layer, "relation", "delete", relation.id, before, None, actor=actor)
    session.flush()
