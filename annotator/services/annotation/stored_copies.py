"""Copies stored before a layer held a span once: the layers that hold two or more spans of
one label and offsets (or two relations of one type between the same spans), for
``annotator db copies`` to list, and ``annotator db copies --merge`` to merge
(:mod:`annotator.services.annotation.copies_merge`).

Every write refuses a copy now (:func:`annotator.core.rules.duplicate_span`); a database
written before that rule may hold some, and they are read, reviewed and exported as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.models import Document, Layer, Project, Relation, Span, User


@dataclass(frozen=True, slots=True)
class StoredCopies:
    """One span stored more than once in a layer: where, and every copy's id."""

    project: str
    document: str
    document_id: int
    layer: str
    label: str
    start: int
    end: int
    span_ids: tuple[int, ...]


def stored_copies(session: Session) -> list[StoredCopies]:
    """Return every span a layer holds more than once, by project, document and layer."""
    key = (Span.layer_id, Span.label, Span.start, Span.end)
    repeated = (
        select(*key, func.count().label("copies"))
        .group_by(*key)
        .having(func.count() > 1)
        .subquery()
    )
    rows = session.execute(
        select(
            Project.slug,
            Document.external_id,
            Document.id,
            func.coalesce(User.username, Layer.key),
            Span.label,
            Span.start,
            Span.end,
            Span.id,
        )
        .join(
            repeated,
            (repeated.c.layer_id == Span.layer_id)
            & (repeated.c.label == Span.label)
            & (repeated.c.start == Span.start)
            & (repeated.c.end == Span.end),
        )
        .join(Layer, Layer.id == Span.layer_id)
        .join(Document, Document.id == Layer.document_id)
        .join(Project, Project.id == Document.project_id)
        .outerjoin(User, User.id == Layer.user_id)
        .order_by(Project.slug, Document.id, Layer.id, Span.start, Span.end, Span.label, Span.id)
    ).all()
    found: dict[tuple[str, str, int, str, str, int, int], list[int]] = {}
    for slug, external_id, document_id, layer, label, start, end, span_id in rows:
        where = (slug, external_id, document_id, layer, label, start, end)
        found.setdefault(where, []).append(span_id)
    return [StoredCopies(*where, span_ids=tuple(ids)) for where, ids in found.items()]


@dataclass(frozen=True, slots=True)
class StoredRelationCopies:
    """One relation stored more than once in a layer: where, and every copy's id."""

    project: str
    document: str
    document_id: int
    layer: str
    type: str
    from_span: int
    to_span: int
    relation_ids: tuple[int, ...]


def stored_relation_copies(session: Session) -> list[StoredRelationCopies]:
    """Return every relation a layer holds more than once (one type, the same two spans)."""
    key = (Relation.layer_id, Relation.type, Relation.from_span_id, Relation.to_span_id)
    repeated = select(*key).group_by(*key).having(func.count() > 1).subquery()
    rows = session.execute(
        select(
            Project.slug,
            Document.external_id,
            Document.id,
            func.coalesce(User.username, Layer.key),
            Relation.type,
            Relation.from_span_id,
            Relation.to_span_id,
            Relation.id,
        )
        .join(
            repeated,
            (repeated.c.layer_id == Relation.layer_id)
            & (repeated.c.type == Relation.type)
            & (repeated.c.from_span_id == Relation.from_span_id)
            & (repeated.c.to_span_id == Relation.to_span_id),
        )
        .join(Layer, Layer.id == Relation.layer_id)
        .join(Document, Document.id == Layer.document_id)
        .join(Project, Project.id == Document.project_id)
        .outerjoin(User, User.id == Layer.user_id)
        .order_by(Project.slug, Document.id, Layer.id, *key[1:], Relation.id)
    ).all()
    found: dict[tuple[str, str, int, str, str, int, int], list[int]] = {}
    for *where, relation_id in rows:
        found.setdefault(tuple(where), []).append(relation_id)  # type: ignore[arg-type]
    return [StoredRelationCopies(*where, relation_ids=tuple(ids)) for where, ids in found.items()]
