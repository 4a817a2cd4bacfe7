"""A gold relation's source after one of its ends moved: who gives exactly it now.

A relation's source names the annotators whose own relation is exactly what gold holds: its
type, and its ends' label and offsets (:mod:`annotator.core.gold_source`). When gold's span
moves, its relations follow it (the same rows), and what they hold is no longer what the
annotators they named gave: carol's SOURCE extent taken in place of the one alice and bob
agreed on leaves their majority's relation ending where only carol's does. A take, a hand
edit in the gold layer (``PATCH /spans/<id>?layer=gold``, the workspace's too) and a
restore of a span's earlier version each move a gold span, and each asks here after it; a
take's re-pointing asks for the relation it draws again. A relation whose source changes
has a history row of its own, linked to the span's change that moved it (``caused_by_id``),
and a restore of that span change gives it back the source that row kept: found by the link,
not by the relation's type and ends, which a later row of the same relation (moved back
there with another source, and away again) may share. (The span write itself,
:func:`annotator.services.annotation.spans.update_span`, cannot: annotating comes before
the review.) The rule itself is :func:`~annotator.core.gold_source.after_an_end_moved`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.gold_source import Source, after_an_end_moved, column_source, source_columns
from annotator.core.history import (
    decode,
    kept_origin,
    moved_end,
    origin_of,
    relation_snapshot,
    span_end,
    with_origin,
)
from annotator.core.quorum import SpanKey
from annotator.db import AppSession
from annotator.models import GOLD, Layer, LayerChange, Relation, Span
from annotator.services.history import deciding, record_change
from annotator.services.review.givers import relation_givers
from annotator.services.review.layers import layers_of


def recount_relations_at(
    session: AppSession,
    document_id: int,
    moved: Mapping[int, SpanKey],
    *,
    actor: Actor | None = None,
    restoring: int | None = None,
) -> None:
    """Give gold's relations at the spans ``moved`` of document ``document_id`` (moved, or
    relabelled) the source :func:`~annotator.core.gold_source.after_an_end_moved` says.

    A relation whose source changes has a change row of its own, in the same transaction:
    its ends as they were (with the source it had, kept for a restore) and as they are,
    and its source now, so that its history says who it came from after the move.

    :param moved: each moved span's id, with its label and offsets before it moved.
    :param actor: who moved it, when no :func:`~annotator.services.history.acting` says.
    :param restoring: the id of the change a restore of a span's extent puts back: a
        relation whose own row that change caused, found exactly as it is now, is counted
        from the source that row kept (alice's and bob's ``majority`` back, not ``chosen``).
    """
    at = session.scalars(
        select(Relation).where(
            or_(Relation.from_span_id.in_(moved), Relation.to_span_id.in_(moved))
        )
    ).all()
    if not at:
        return  # the common case (a span without relations): one query
    end_ids = {end for r in at for end in (r.from_span_id, r.to_span_id)}
    # Columns, not ORM rows: a span the API changed by its own UPDATE may be in the session
    # as it was.
    keys: dict[int, SpanKey] = {
        row.id: (row.label, row.start, row.end)
        for row in session.execute(
            select(Span.id, Span.label, Span.start, Span.end).where(Span.id.in_(end_ids))
        )
    }
    layers = layers_of(session, [document_id], plain=True).get(document_id, [])
    kept = {} if restoring is None else _kept_here(session, document_id, restoring, at, keys)
    cause: int | None = None
    for relation in at:
        before = column_source(relation.source_how, relation.source_of, relation.source_layer)
        givers = relation_givers(
            layers, relation.type, keys[relation.from_span_id], keys[relation.to_span_id]
        )
        after = after_an_end_moved(kept.get(relation.id, before), givers)
        if after == before:
            continue
        was = with_origin(_snapshot(relation, {**keys, **moved}), origin_of(relation))
        for column, value in source_columns(after).items():
            setattr(relation, column, value)
        layer = session.get(Layer, relation.layer_id)
        assert layer is not None  # a relation's layer goes only with it
        if cause is None:  # asked once, and only when a relation's source changes
            cause = _moving_change(session, document_id, moved)
        with deciding(session, after):
            record_change(
                session,
                layer,
                "relation",
                "update",
                relation.id,
                was,
                _snapshot(relation, keys),
                actor=actor,
                caused_by=cause,
            )
    session.flush()


def _moving_change(session: Session, document_id: int, moved: Collection[int]) -> int | None:
    """Return the id of the change that moved the spans ``moved``: each caller writes the
    span's change row just before it asks here, in the same transaction, under the layer's
    hold, so it is the newest gold span row of those spans."""
    return session.scalar(
        select(func.max(LayerChange.id)).where(
            LayerChange.document_id == document_id,
            LayerChange.layer_key == GOLD,
            LayerChange.kind == "span",
            LayerChange.item_id.in_(moved),
        )
    )


def _snapshot(relation: Relation, keys: Mapping[int, SpanKey]) -> dict[str, Any]:
    """Return ``relation`` as its change rows hold it, its ends at ``keys``."""
    source, target = (span_end(*keys[end]) for end in (relation.from_span_id, relation.to_span_id))
    return relation_snapshot(relation.type, source, target, note=relation.note)


def _kept_here(
    session: Session,
    document_id: int,
    since: int,
    relations: Collection[Relation],
    keys: Mapping[int, SpanKey],
) -> dict[int, Source | None]:
    """Return, for each of ``relations`` whose row change ``since`` caused (its end moved)
    and found exactly as it is now (type, ends and their offsets), the source that row kept:
    the source it had here before that change moved it away.

    Rows written before the link was kept (or loaded from a project file, which names no
    change by id) are read as they were then: the first row after ``since`` that followed an
    end and found the relation as it is now.
    """
    here = {r.id: _snapshot(r, keys) for r in relations}
    rows = session.execute(
        select(LayerChange.item_id, LayerChange.before, LayerChange.after, LayerChange.caused_by_id)
        .where(
            LayerChange.document_id == document_id,
            LayerChange.layer_key == GOLD,
            LayerChange.kind == "relation",
            LayerChange.id > since,
            LayerChange.item_id.in_(here),
        )
        .order_by(LayerChange.id)
    )
    kept: dict[int, Source | None] = {}
    for item, text, after, cause in rows:
        found = decode(text)
        if item is None or item in kept or not isinstance(found, dict):
            continue
        linked = cause == since
        unlinked_move = cause is None and moved_end("relation", found, decode(after))
        if not (linked or unlinked_move):
            continue  # another change's, or no move at all (a deletion, a note)
        origin = kept_origin(found)
        if origin is not None and _same_place(found, here[item]):
            kept[item] = column_source(
                origin["source_how"], origin["source_of"], origin["source_layer"]
            )
    return kept


def _same_place(snapshot: Mapping[str, Any], now: Mapping[str, Any]) -> bool:
    """Tell whether a relation snapshot has the type and ends ``now`` has (its note aside)."""
    return all(snapshot.get(key) == now[key] for key in ("type", "from", "to"))


def redrawn_source(
    session: Session,
    document_id: int,
    before: Source | None,
    kind: str,
    source: SpanKey,
    target: SpanKey,
) -> Source | None:
    """Return the source of a gold relation whose source was ``before``, drawn again of
    ``kind`` between spans at ``source`` and ``target`` (a take's re-pointing)."""
    layers = layers_of(session, [document_id], plain=True).get(document_id, [])
    return after_an_end_moved(before, relation_givers(layers, kind, source, target))
