"""Copies stored before a layer held a span once: the layers that hold two or more spans of
one label and offsets (or two relations of one type between the same spans), for
``annotator db copies`` to list, and ``annotator db copies --merge`` to merge
(:mod:`annotator.services.annotation.copies_merge`).

Every write refuses a copy now (:func:`annotator.core.rules.duplicate_span`); a database
written before that rule may hold some, and they are read, reviewed and exported as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from annotator.core.wording import document_said
from annotator.models import Document, Layer, Project, Relation, Span, User


@dataclass(frozen=True, slots=True)
class StoredCopies:
    """One span stored more than once in a layer: where, and every copy's id."""

    project: str
    document: str
    #: The document's number in its project (the ``#`` the project page shows).
    document_number: int
    layer: str
    label: str
    start: int
    end: int
    span_ids: tuple[int, ...]


#: What makes two spans of a layer copies, and two relations (the layer first).
SPAN_COPY_KEY = (Span.layer_id, Span.label, Span.start, Span.end)
RELATION_COPY_KEY = (Relation.layer_id, Relation.type, Relation.from_span_id, Relation.to_span_id)

#: Where a copy is: project, document's external id and number, layer, then the key's last
#: three (a span's label, start and end; a relation's type and two spans' ids).
Where = tuple[str, str, int, str, str, int, int]


def layer_said(project: str, document: str, number: int, layer: str) -> str:
    """Return a layer in words, as ``annotator db copies`` names it: the document as every
    message names it (:func:`~annotator.core.wording.document_said`, ``#3 (b1)``: its number
    in the project and its external id; a row id is no number a user sees)."""
    return f"project {project}, document {document_said(number, document)}, layer {layer}"


def _repeated(session: Session, table: Any, key: tuple[Any, ...]) -> dict[Where, list[int]]:
    """Return the ids of ``table``'s rows that share ``key`` (its layer first) with another,
    by where they are: project slug, document external id and number, the layer's name (its
    annotator's, or its key), then the rest of the key; in that order, ids ascending."""
    repeated = select(*key).group_by(*key).having(func.count() > 1).subquery()
    same = [getattr(repeated.c, column.key) == column for column in key]
    rows = session.execute(
        select(
            Project.slug,
            Document.external_id,
            Document.number,
            func.coalesce(User.username, Layer.key),
            *key[1:],
            table.id,
        )
        .join(repeated, and_(*same))
        .join(Layer, Layer.id == key[0])
        .join(Document, Document.id == Layer.document_id)
        .join(Project, Project.id == Document.project_id)
        .outerjoin(User, User.id == Layer.user_id)
        .order_by(Project.slug, Document.number, Layer.id, *key[1:], table.id)
    ).all()
    found: dict[Where, list[int]] = {}
    for *where, row_id in rows:
        found.setdefault(tuple(where), []).append(row_id)
    return found


def stored_copies(session: Session) -> list[StoredCopies]:
    """Return every span a layer holds more than once, by project, document and layer."""
    found = _repeated(session, Span, SPAN_COPY_KEY)
    return [StoredCopies(*where, span_ids=tuple(ids)) for where, ids in found.items()]


@dataclass(frozen=True, slots=True)
class StoredRelationCopies:
    """One relation stored more than once in a layer: where, and every copy's id."""

    project: str
    document: str
    document_number: int
    layer: str
    type: str
    from_span: int
    to_span: int
    relation_ids: tuple[int, ...]


def stored_relation_copies(session: Session) -> list[StoredRelationCopies]:
    """Return every relation a layer holds more than once (one type, the same two spans)."""
    found = _repeated(session, Relation, RELATION_COPY_KEY)
    return [StoredRelationCopies(*where, relation_ids=tuple(ids)) for where, ids in found.items()]
