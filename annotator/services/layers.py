"""Layers: finding one, creating it on the first write, and who may read or write which.

A layer is one annotator's annotations of one document, or the document's gold layer. Rows
are created on the first write only: reading a layer that has none reads as empty. Opening a
layer for a write is :mod:`annotator.services.write_target`; a layer as the API and the exports
show it is :mod:`annotator.services.layer_payloads`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.errors import Forbidden, NotFound
from annotator.models import GOLD, Assignment, Document, Layer, User
from annotator.permissions import find_assignment
from annotator.services.layer_payloads import layer_payload
from annotator.services.write_target import insert_layer


def find_layer(session: Session, document: Document | int, user_id: int | None) -> Layer | None:
    """Return the layer of ``user_id`` (gold when None) on ``document`` (or its id), or None."""
    document_id = document if isinstance(document, int) else document.id
    return session.scalar(
        select(Layer).where(Layer.document_id == document_id, Layer.key == Layer.key_for(user_id))
    )


def ensure_layer(session: Session, document: Document | int, user_id: int | None) -> Layer:
    """Return the layer of ``user_id`` (gold when None) on ``document``, creating it if needed.

    Two first writes may race to create it; the loser reads the winner's row
    (:func:`~annotator.services.write_target.insert_layer`).
    """
    document_id = document if isinstance(document, int) else document.id
    layer = find_layer(session, document_id, user_id)
    if layer is not None:
        return layer
    layer = session.get(Layer, insert_layer(session, document_id, user_id))
    assert layer is not None  # inserted or found in this transaction
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
