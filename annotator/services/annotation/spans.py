"""Spans: adding and changing them, each write checked by :mod:`annotator.core.rules`.

The caller opens the layer (:func:`~annotator.services.annotation.layers.open_layer`, or
the API's :func:`~annotator.services.annotation.write_target.open_write_target`, and for a
span found by its id :func:`~annotator.services.annotation.write_target.open_span`, all
asking :mod:`annotator.services.annotation.access` who may write what), then calls a write
here (or :func:`~annotator.services.annotation.span_deletion.delete_span`), then commits.
What a write asks the database first (an overlap, the relations a new label must keep
allowed) is :mod:`annotator.services.annotation.span_checks`'s. Every write to an annotator's
layer moves that annotator's assignment from ``new`` to ``in_progress`` (CONTRACT section 9).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, bindparam, update
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import no_such
from annotator.core.history import span_snapshot, with_origin
from annotator.core.rules import check_attributes, check_offsets, span_label
from annotator.core.span_notes import written_note
from annotator.db import AppSession, Db, orm
from annotator.models import Layer, Span, utcnow
from annotator.precompiled import Precompiled, PrecompiledInsert
from annotator.services.annotation.provenance import gold_decision
from annotator.services.annotation.span_checks import (
    check_not_identical,
    check_overlap,
    check_relations_allow,
    check_version,
)
from annotator.services.annotation.write_target import (
    StoredSpan,
    WriteTarget,
    mark_started,
    span_origin,
    write_target,
)
from annotator.services.history import record_change

_UNSET: Any = object()
# Every column but the id, so that one compiled INSERT serves every span (gold or not); the
# values are given in full, as no Python-side default runs on the driver.
_SPAN_COLUMNS = [column.name for column in Span.__table__.columns if column.name != "id"]
_INSERT_SPAN = PrecompiledInsert(Span.__table__, column_keys=_SPAN_COLUMNS)
# The API's change of a span by its id, precompiled as its create: with the gold provenance
# columns or without.
_SPANS = Span.__table__
_CHANGE = {
    "label": bindparam("label"),
    "start": bindparam("start", type_=Integer),
    "end": bindparam("end", type_=Integer),
    "attributes": bindparam("attributes", type_=_SPANS.c.attributes.type),
    "note": bindparam("note", type_=_SPANS.c.note.type),
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
            "source_how": bindparam("source_how"),
            "source_of": bindparam("source_of", type_=Integer),
        }
    )
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
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Restoring:
    """A deleted span a restore puts back as it was: its id, the time it was first made (which
    its history rows are read against), and the version it comes back at."""

    id: int
    created_at: datetime
    version: int


def add_span(
    session: AppSession,
    layer: Layer | WriteTarget,
    label: str,
    start: int,
    end: int,
    attributes: dict[str, Any] | None = None,
    *,
    decided_by: Actor | None = None,
    note: str | None = None,
    again: Restoring | None = None,
    origin: Mapping[str, Any] | None = None,
) -> Span:
    """Add a span to ``layer`` after checking offsets, label, attributes and overlap.

    :param layer: a layer, or a :class:`WriteTarget` that already holds the text and schema.
    :param note: its note (a line per note), as gold takes it with an accepted span or a
        restore puts it back (the API's create is :func:`insert_span`).
    :param again: a deleted span's id, time and version, when a restore puts it back.
    :param origin: its decider, source, model and score as its deletion kept them
        (:func:`~annotator.core.history.kept_origin`), when a restore puts it back.
    :raises Invalid: offsets outside the text, an unknown label or attribute, a value not in
        the schema, or an overlap when the schema has ``allow_overlap: false``.
    :raises Conflict: the layer has a span of this label and offsets already.
    """
    target = write_target(session, layer)
    span = Span(**_checked_span(session, target, label, start, end, attributes, decided_by))
    span.note = note
    for column, value in (origin or {}).items():
        setattr(span, column, value)
    if again is not None:
        span.id, span.created_at, span.version = again.id, again.created_at, again.version
    session.add(span)
    mark_started(session, target.layer, target.assignment)
    session.flush()
    after = span_snapshot(span.label, span.start, span.end, span.attributes, note=note)
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
    decided_by: Actor | None = None,
    at: datetime | None = None,
    note: str | None = None,
) -> NewSpan:
    """Add a span as :func:`add_span` does, with one INSERT and no ORM object.

    The API's span write: the ORM's unit of work would cost more than the rest of the write.
    The session holds no object for the new row; load it with ``session.get`` if needed.

    :param at: the span's time (and its history row's), if not now: the request's.
    :param note: its note as the writer gave it (the API's; a workspace's undo of a removal
        puts it back), kept as :func:`~annotator.core.span_notes.written_note` keeps it.
    :raises Invalid: as :func:`add_span`, or a note too long (``details.field: "note"``).
    """
    if note is not None:
        note = written_note(note)
    values = _checked_span(session, target, label, start, end, attributes, decided_by)
    now = at or utcnow()
    row = {
        "decided_by_id": None,
        "source_layer": None,
        "source_how": None,
        "source_of": None,
        "score": None,
        "model": None,
        "note": note,
        "created_at": now,
        "updated_at": now,
    }
    row.update(values)
    span_id = _INSERT_SPAN.insert(session, row)
    mark_started(session, target.layer, target.assignment)
    after = span_snapshot(label, start, end, values["attributes"], note=note)
    # One time for the span and its history row: the same moment, and one text to write.
    record_change(
        session, target.layer, "span", "create", span_id, None, after, actor=decided_by, at=now
    )
    return NewSpan(span_id, label, start, end, values["attributes"], note=note)


def _checked_span(
    session: Db,
    target: WriteTarget,
    label: str,
    start: int,
    end: int,
    attributes: dict[str, Any] | None,
    decided_by: Actor | None,
) -> dict[str, Any]:
    """Check a new span against the rules; return the values of its row."""
    check_offsets(target.text, start, end)
    clean = check_attributes(span_label(target.schema, label), attributes or {})
    # Before the overlap: a copy overlaps its original, and is better named as the copy.
    check_not_identical(session, target.layer.id, label, start, end)
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
    note: str | None = _UNSET,
    version: int | None = None,
    decided_by: Actor | None = None,
) -> Span | StoredSpan:
    """Change any of a span's label, offsets, attributes and note, and bump its version.

    ``note`` on a :class:`Span` is gold's span taking another version's note, or a restore
    putting one back, kept as it is; on a :class:`StoredSpan` it is the API's write (its
    annotator's), kept as :func:`~annotator.core.span_notes.written_note` keeps it.

    A label change must keep the span's attributes valid (send new ``attributes`` along) and
    its relations allowed; a change that would break a relation is refused, never cascaded.
    A :class:`Span` is changed in the session; a :class:`StoredSpan` (the API's, with the
    ``target`` :func:`~annotator.services.annotation.write_target.open_span` gave) by one
    UPDATE, and the answer is the span as it is now.

    :param target: the span's layer with its text and schema; read here when not given.
    :raises Conflict: when ``version`` is given and is not the stored one (a stale editor),
        or when the change would make the span a copy of another of its layer.
    :raises Invalid: as :func:`add_span`, or naming the relation a label change would break,
        or a written note too long (``details.field: "note"``).
    """
    if note is not _UNSET and not isinstance(span, Span):
        note = written_note(note)
    check_version(span, version)
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
    if (new_label, new_start, new_end) != (span.label, span.start, span.end):
        check_not_identical(session, target.layer.id, new_label, new_start, new_end, span.id)
    if (new_start, new_end) != (span.start, span.end):
        check_overlap(session, schema, target.layer.id, new_start, new_end, exclude=span.id)
    if new_label != span.label:
        check_relations_allow(session, schema, span.id, new_label)
    before = with_origin(
        span_snapshot(span.label, span.start, span.end, span.attributes, note=span.note),
        span_origin(span),
    )
    new_note = span.note if note is _UNSET else note
    provenance = gold_decision(target.layer, decided_by)
    changed: Span | StoredSpan
    if isinstance(span, Span):
        span.label, span.start, span.end, span.attributes = new_label, new_start, new_end, clean
        span.note = new_note
        span.version = span.version + 1
        for column, value in provenance.items():
            setattr(span, column, value)
        mark_started(session, target.layer)
        orm(session).flush()
        changed = span
    else:
        changed = StoredSpan(
            span.id,
            span.layer_id,
            new_label,
            new_start,
            new_end,
            clean,
            span.version + 1,
            new_note,
        )
        values = {
            "span_id": span.id,
            "label": new_label,
            "start": new_start,
            "end": new_end,
            "attributes": clean,
            "note": new_note,
            "version": changed.version,
            "updated_at": utcnow(),
            **provenance,
        }
        (_UPDATE_GOLD_SPAN if provenance else _UPDATE_SPAN).execute(session, values).close()
        mark_started(session, target.layer, target.assignment)
    after = span_snapshot(new_label, new_start, new_end, clean, note=new_note)
    record_change(session, target.layer, "span", "update", span.id, before, after, actor=decided_by)
    return changed


def get_span(session: Session, span_id: int) -> Span:
    """Return the span with ``span_id`` or raise :class:`NotFound`."""
    span = session.get(Span, span_id)
    if span is None:
        raise no_such("span", span_id)
    return span
