"""Layers: finding the one to read or write, and serialising one (CONTRACT section 5).

A layer is one annotator's annotations of one document, or the document's gold layer. Rows
are created on the first write only: reading a layer that has none reads as empty.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, and_, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, lazyload

from annotator.errors import Forbidden, NotFound
from annotator.models import (
    DOCUMENT_UNIT,
    GOLD,
    Assignment,
    Document,
    LabelValue,
    Layer,
    Project,
    Relation,
    Sentence,
    Span,
    User,
)
from annotator.permissions import find_assignment


@dataclass
class WriteTarget:
    """A layer opened for a write, with what the write is checked against."""

    layer: Layer
    text: str
    schema: dict[str, Any]
    #: The layer owner's assignment when the caller already has it (None: look it up).
    assignment: Assignment | None = None


def find_layer(session: Session, document: Document | int, user_id: int | None) -> Layer | None:
    """Return the layer of ``user_id`` (gold when None) on ``document`` (or its id), or None."""
    document_id = document if isinstance(document, int) else document.id
    return session.scalar(
        select(Layer).where(Layer.document_id == document_id, Layer.key == Layer.key_for(user_id))
    )


def ensure_layer(session: Session, document: Document | int, user_id: int | None) -> Layer:
    """Return the layer of ``user_id`` (gold when None) on ``document``, creating it if needed.

    Two first writes may race to create the same layer; the loser's insert breaks the
    UNIQUE (document_id, key) constraint inside a savepoint, and it then reads the winner's row.
    """
    document_id = document if isinstance(document, int) else document.id
    layer = find_layer(session, document_id, user_id)
    if layer is not None:
        return layer
    return _insert_layer(session, document_id, user_id)


def _insert_layer(session: Session, document_id: int, user_id: int | None) -> Layer:
    try:
        with session.begin_nested():
            layer = Layer(document_id=document_id, user_id=user_id, key=Layer.key_for(user_id))
            session.add(layer)
    except IntegrityError:
        found = find_layer(session, document_id, user_id)
        if found is None:
            raise
        layer = found
    return layer


def resolve_read_layer(
    session: Session, user: User, document: Document, annotator: str | None
) -> tuple[str, User | None]:
    """Return the name of the layer ``user`` asks to read and its owner (None for gold).

    Annotators may read only their own layer, and only on documents assigned to them;
    reviewers and admins may read every layer.

    :raises Forbidden: when the caller may not read that layer.
    :raises NotFound: when ``annotator`` names no user.
    """
    name = user.username if annotator in (None, "") else annotator
    own = name == user.username
    if not user.is_reviewer:
        if not own:
            what = "the gold layer" if name == GOLD else f"the layer of {name!r}"
            raise Forbidden(f"annotators may read only their own layer, not {what}")
        if find_assignment(session, user, document) is None:
            raise Forbidden(f"document {document.id} is not assigned to you")
    if name == GOLD:
        return GOLD, None
    if own:
        return name, user
    owner = session.scalar(select(User).where(User.username == name))
    if owner is None:
        raise NotFound(f"no user called {name!r}")
    return name, owner


def resolve_write_target(
    session: Session, user: User, document: Document, layer: str | None
) -> tuple[int | None, Assignment | None]:
    """Return whose layer ``user`` writes (None for gold) and the caller's assignment.

    The default is the caller's own layer, which needs an assignment to the document;
    ``layer="gold"`` is for reviewers and admins.

    :raises Forbidden: when the caller may not write that layer.
    """
    if layer == GOLD:
        if not user.is_reviewer:
            raise Forbidden("only reviewers and admins may write the gold layer")
        return None, None
    if layer not in (None, "", user.username):
        raise Forbidden("you may write only your own layer (or, as a reviewer, ?layer=gold)")
    assignment = find_assignment(session, user, document)
    if assignment is None:
        raise Forbidden(f"document {document.id} is not assigned to you")
    return user.id, assignment


# Built once: the write path runs these on every request, and building a statement (and its
# cache key) costs more than running it.
_WRITE_TARGET = (
    select(Document.text, Project.schema, Assignment, Layer)
    .join(Project, Project.id == Document.project_id)
    .outerjoin(
        Assignment,
        and_(
            Assignment.document_id == Document.id,
            Assignment.user_id == bindparam("user_id", type_=Integer),
        ),
    )
    .outerjoin(
        Layer,
        and_(Layer.document_id == Document.id, Layer.key == bindparam("key", type_=String)),
    )
    .where(Document.id == bindparam("document_id", type_=Integer))
    # The owner is the caller (or nobody, for gold): no need to join the user rows again.
    .options(lazyload(Assignment.user), lazyload(Layer.user))
)
_SENTENCE_AT = select(func.max(Sentence.index)).where(
    Sentence.document_id == bindparam("document_id", type_=Integer),
    Sentence.start <= bindparam("offset", type_=Integer),
)


def open_write_target(
    session: Session, user: User, document_id: int, layer: str | None
) -> WriteTarget:
    """Open the layer ``user`` writes on a document: their own, or gold (``layer="gold"``).

    One query loads the document's text, the project's schema, the caller's assignment and
    the layer; the layer row is created on the first write.

    :raises NotFound: when there is no such document.
    :raises Forbidden: when the caller may not write that layer.
    """
    owner_id = None if layer == GOLD else user.id
    params = {"document_id": document_id, "user_id": user.id, "key": Layer.key_for(owner_id)}
    row = session.execute(_WRITE_TARGET, params).first()
    if row is None:
        raise NotFound(f"no document {document_id}")
    text, schema, assignment, found = row
    if owner_id is None:
        if not user.is_reviewer:
            raise Forbidden("only reviewers and admins may write the gold layer")
        assignment = None
    elif layer not in (None, "", user.username):
        raise Forbidden("you may write only your own layer (or, as a reviewer, ?layer=gold)")
    elif assignment is None:
        raise Forbidden(f"document {document_id} is not assigned to you")
    if found is None:
        found = _insert_layer(session, document_id, owner_id)
    return WriteTarget(layer=found, text=text, schema=schema, assignment=assignment)


def write_target(session: Session, layer: Layer | WriteTarget) -> WriteTarget:
    """Return ``layer`` with its document's text and its project's schema."""
    if isinstance(layer, WriteTarget):
        return layer
    row = session.execute(
        select(Document.text, Project.schema)
        .join(Project, Project.id == Document.project_id)
        .where(Document.id == layer.document_id)
    ).one()
    return WriteTarget(layer=layer, text=row.text, schema=row.schema)


def mark_started(session: Session, layer: Layer, assignment: Assignment | None = None) -> None:
    """Move the layer owner's assignment from ``new`` to ``in_progress``.

    :param assignment: the owner's assignment, when the caller has it; else it is looked up.
    """
    # The first write of any kind to an annotator's layer starts their assignment.
    if layer.user_id is None:
        return
    if assignment is None or assignment.user_id != layer.user_id:
        assignment = session.scalar(
            select(Assignment).where(
                Assignment.document_id == layer.document_id, Assignment.user_id == layer.user_id
            )
        )
    if assignment is not None and assignment.status == "new":
        assignment.status = "in_progress"


def sentence_starts(document: Document) -> list[int]:
    """Return the start offsets of the document's sentences, in order."""
    return [sentence.start for sentence in document.sentences]


def sentence_index(session: Session, document_id: int, offset: int) -> int:
    """Return the index of the sentence holding ``offset``, as :func:`sentence_at` does.

    One query on the sentence offsets, for a caller that has no list of sentence starts.
    """
    # A Core statement on the connection: nothing to load into the session.
    index = session.connection().scalar(
        _SENTENCE_AT, {"document_id": document_id, "offset": offset}
    )
    return 0 if index is None else index


def sentence_at(starts: Sequence[int], offset: int) -> int:
    """Return the index of the sentence holding ``offset``.

    An offset between sentences belongs to the last sentence starting before it, and an
    offset before the first sentence to sentence 0 (CONTRACT section 9).
    """
    return max(bisect_right(starts, offset) - 1, 0)


def span_payload(
    span: Span,
    text: str,
    starts: Sequence[int],
    *,
    include_version: bool = False,
    sentence: int | None = None,
) -> dict[str, Any]:
    """Return a span as the API and the exports show it.

    :param sentence: the span's sentence index, when the caller has it (``starts`` unused).
    """
    payload = {
        "id": span.id,
        "label": span.label,
        "start": span.start,
        "end": span.end,
        "text": text[span.start : span.end],
        "sentence": sentence_at(starts, span.start) if sentence is None else sentence,
        "attributes": dict(span.attributes or {}),
    }
    if include_version:
        payload["version"] = span.version
    return payload


def relation_payload(relation: Relation) -> dict[str, Any]:
    """Return a relation as the API and the exports show it."""
    return {
        "id": relation.id,
        "type": relation.type,
        "from": relation.from_span_id,
        "to": relation.to_span_id,
    }


def label_payload(row_sentence: int, name: str, value: Any) -> dict[str, Any]:
    """Return a sentence or document label value as the API shows it."""
    sentence = None if row_sentence == DOCUMENT_UNIT else row_sentence
    return {"sentence": sentence, "name": name, "value": value}


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

    :param annotator: the layer's public name (a username, or ``gold``).
    :param status: the annotator's assignment status (None for gold or when unassigned).
    :param starts: the document's sentence starts, when the caller already has them.
    :param include_version: add each span's ``version`` (the API does; exports don't).
    """
    payload: dict[str, Any] = {
        "annotator": annotator,
        "status": status,
        "spans": [],
        "relations": [],
        "sentence_labels": [],
        "document_labels": [],
    }
    layer_id = layer.id if isinstance(layer, Layer) else layer
    if layer_id is None:
        return payload
    if starts is None:
        starts = sentence_starts(document)
    spans = session.scalars(
        select(Span).where(Span.layer_id == layer_id).order_by(Span.start, Span.end, Span.id)
    )
    payload["spans"] = [
        span_payload(span, document.text, starts, include_version=include_version) for span in spans
    ]
    relations = session.scalars(
        select(Relation).where(Relation.layer_id == layer_id).order_by(Relation.id)
    )
    payload["relations"] = [relation_payload(relation) for relation in relations]
    labels = session.execute(
        select(LabelValue.sentence_index, LabelValue.name, LabelValue.value)
        .where(LabelValue.layer_id == layer_id)
        .order_by(LabelValue.sentence_index, LabelValue.name)
    )
    for sentence, name, value in labels:
        if sentence == DOCUMENT_UNIT:
            payload["document_labels"].append({"name": name, "value": value})
        else:
            payload["sentence_labels"].append(label_payload(sentence, name, value))
    return payload


def read_layer(
    session: Session, user: User, document: Document, annotator: str | None = None
) -> dict[str, Any]:
    """Return the layer ``user`` asks for (default: their own), checking they may read it."""
    name, owner = resolve_read_layer(session, user, document, annotator)
    owner_id = None if owner is None else owner.id
    layer = find_layer(session, document, owner_id)
    status = None
    if owner is not None:
        assignment = find_assignment(session, owner, document)
        status = None if assignment is None else assignment.status
    return layer_payload(
        session, document, layer, annotator=name, status=status, include_version=True
    )
