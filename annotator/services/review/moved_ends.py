"""A gold relation's source after one of its ends moved: who gives exactly it now.

A relation's source names the annotators whose own relation is exactly what gold holds: its
type, and its ends' label and offsets (:mod:`annotator.core.gold_source`). When gold's span
moves, its relations follow it (the same rows), and what they hold is no longer what the
annotators they named gave: carol's SOURCE extent taken in place of the one alice and bob
agreed on leaves their majority's relation ending where only carol's does. A take, a hand
edit in the gold layer (``PATCH /spans/<id>?layer=gold``, the workspace's too) and a
restore of a span's earlier version each move a gold span, and each asks here after it; a
take's re-pointing asks for the relation it draws again. (The span write itself,
:func:`annotator.services.annotation.spans.update_span`, cannot: annotating comes before
the review.) The rule itself is :func:`~annotator.core.gold_source.after_an_end_moved`.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from annotator.core.gold_source import Source, after_an_end_moved, column_source, source_columns
from annotator.core.quorum import SpanKey
from annotator.models import Relation, Span
from annotator.services.review.givers import relation_givers
from annotator.services.review.layers import layers_of


def recount_relations_at(session: Session, document_id: int, span_ids: Collection[int]) -> None:
    """Give gold's relations at the spans ``span_ids`` of document ``document_id`` (moved,
    or relabelled) the source :func:`~annotator.core.gold_source.after_an_end_moved` says.

    Their history keeps no row of it: a relation's change rows are of what a reviewer did to
    it, and its source now is its row's, which every export and a later change read.
    """
    at = session.scalars(
        select(Relation).where(
            or_(Relation.from_span_id.in_(span_ids), Relation.to_span_id.in_(span_ids))
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
    for relation in at:
        before = column_source(relation.source_how, relation.source_of, relation.source_layer)
        givers = relation_givers(
            layers, relation.type, keys[relation.from_span_id], keys[relation.to_span_id]
        )
        after = after_an_end_moved(before, givers)
        if after != before:
            for column, value in source_columns(after).items():
                setattr(relation, column, value)
    session.flush()


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
