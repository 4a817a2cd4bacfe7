"""Deleting a span with every relation at it, which its history row keeps for a restore.

The row keeps the span's version and the relations' ids too: the restore (the workspace's
undo of the removal among them) puts them back as they were, ids and all.

The caller opens the span as for a change (:mod:`annotator.services.annotation.spans`), calls
:func:`delete_span`, then commits. With the version its caller read, a delete is refused as a
stale change is (a tab that still shows a span changed in another since must not remove the
change unseen).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, delete, or_, select
from sqlalchemy.orm import aliased

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, no_such
from annotator.core.history import (
    ORIGIN_COLUMNS,
    origin_read,
    relation_snapshot,
    span_end,
    span_snapshot,
    with_origin,
)
from annotator.db import Db, orm
from annotator.models import Layer, Relation, Span
from annotator.precompiled import Precompiled
from annotator.services.annotation.span_checks import check_version
from annotator.services.annotation.write_target import (
    LayerRef,
    StoredSpan,
    WriteTarget,
    mark_started,
    span_origin,
)
from annotator.services.history import record_change

_SPANS = Span.__table__


@dataclass(frozen=True)
class StoredVersion:
    """A span's id and the version stored now, as :func:`check_version` names them."""

    id: int
    version: int


_DELETE_SPAN = Precompiled(delete(_SPANS).where(_SPANS.c.id == bindparam("span_id", type_=Integer)))
# The delete of the version its caller read: a change that lands between the span's read and
# this delete (another tab's, at the same moment) leaves it no row, refused as stale.
_DELETE_SPAN_AT = Precompiled(
    delete(_SPANS).where(
        _SPANS.c.id == bindparam("span_id", type_=Integer),
        _SPANS.c.version == bindparam("version", type_=Integer),
    )
)
_VERSION_OF = Precompiled(
    select(_SPANS.c.version).where(_SPANS.c.id == bindparam("span_id", type_=Integer))
)
# The relations at a span, with their ends and origins, which its deletion's history row keeps.
_SOURCE, _TARGET = aliased(Span), aliased(Span)
_AT_SPAN = bindparam("span_id", type_=Integer)
_RELATIONS_AT = Precompiled(
    select(Relation.type, _SOURCE.label, _SOURCE.start, _SOURCE.end)
    .add_columns(_TARGET.label, _TARGET.start, _TARGET.end, Relation.note, Relation.id)
    .add_columns(*(getattr(Relation, column) for column in ORIGIN_COLUMNS))
    .join(_SOURCE, _SOURCE.id == Relation.from_span_id)
    .join(_TARGET, _TARGET.id == Relation.to_span_id)
    .where(or_(Relation.from_span_id == _AT_SPAN, Relation.to_span_id == _AT_SPAN))
    .order_by(Relation.id)
)


def delete_span(
    session: Db,
    span: Span | StoredSpan,
    *,
    target: WriteTarget | None = None,
    actor: Actor | None = None,
    version: int | None = None,
) -> None:
    """Delete a span and every relation that starts or ends at it.

    The history keeps the span with its relations (their other ends by label and offsets),
    so that a restore can bring them back. A :class:`Span` is deleted in the session; a
    :class:`StoredSpan` (with the ``target`` that opened it) by one DELETE.

    :param version: the version the caller read; None (not sent) deletes whatever is stored.
    :raises Conflict: when ``version`` is not the stored one: checked first, and again by the
        DELETE itself (a change between the read and the DELETE); the relations deleted by then
        go back with the caller's transaction, which every write rolls back on a refusal.
    """
    check_version(span, version)
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
    before = with_origin(
        span_snapshot(
            span.label, span.start, span.end, span.attributes, going, span.note, span.version
        ),
        span_origin(span),
    )
    if isinstance(span, Span):
        orm(session).delete(span)
    else:
        _delete_stored(session, span.id, version)
    if layer is not None:
        mark_started(session, layer, None if target is None else target.assignment)
        record_change(session, layer, "span", "delete", span.id, before, None, actor=actor)
    if isinstance(span, Span):
        orm(session).flush()


def _delete_stored(session: Db, span_id: int, version: int | None) -> None:
    """Delete a stored span by one DELETE; at ``version`` when the caller sent one.

    :raises Conflict: when the span left that version after it was read, or NotFound when
        it went (the transaction, with the relations it deleted, is then rolled back).
    """
    if version is None:
        _DELETE_SPAN.execute(session, {"span_id": span_id}).close()
        return
    cursor = _DELETE_SPAN_AT.execute(session, {"span_id": span_id, "version": version})
    try:
        deleted = cursor.rowcount
    finally:
        cursor.close()
    if deleted != 1:
        # Changed (or removed) by another write since it was read here: said as any stale write.
        stored = _VERSION_OF.first(session, {"span_id": span_id})
        if stored is None:
            raise no_such("span", span_id)
        check_version(StoredVersion(span_id, stored[0]), version)
        # At the version sent yet not deleted: never seen (versions only rise), and never
        # recorded as deleted when it is still there. The caller's transaction rolls back.
        raise Conflict(
            f"span {span_id} was not deleted: it changed while being deleted; read it again",
            details={"version": stored[0]},
        )


def _relations_of(session: Db, span_id: int) -> list[dict[str, object]]:
    """Return the relations at a span as a span's snapshot holds them."""
    rows = _RELATIONS_AT.all(session, {"span_id": span_id})
    return [
        with_origin(
            relation_snapshot(
                row[0], span_end(*row[1:4]), span_end(*row[4:7]), note=row[7], relation_id=row[8]
            ),
            origin_read(row[9:]),
        )
        for row in rows
    ]
