"""Layers: finding one, creating it on the first write, opening one to read or write.

A layer is one annotator's annotations of one document, or the document's gold layer. Rows
are created on the first write only: reading a layer that has none reads as empty. Who may
read or write which layer is :mod:`annotator.services.annotation.access`; the API's write
path opens its layer with :mod:`annotator.services.annotation.write_target`; a layer as the
API and the exports show it is :mod:`annotator.services.annotation.payloads`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.document_targets import targets_answer
from annotator.core.shapes import document_note_fields
from annotator.db import AppSession
from annotator.models import Document, Layer, Project
from annotator.services.accounts.permissions import find_assignment
from annotator.services.annotation.access import resolve_read_layer, resolve_write_target
from annotator.services.annotation.notes import find_note
from annotator.services.annotation.payloads import layer_payload
from annotator.services.annotation.write_target import insert_layer
from annotator.services.gold.state import gold_status_column
from annotator.services.gold.writes import note_gold_write
from annotator.services.schema.older_targets import mark_older_targets


def find_layer(session: Session, document: Document | int, user_id: int | None) -> Layer | None:
    """Return the layer of ``user_id`` (gold when None) on ``document`` (or its id), or None."""
    document_id = document if isinstance(document, int) else document.id
    return session.scalar(
        select(Layer).where(Layer.document_id == document_id, Layer.key == Layer.key_for(user_id))
    )


def ensure_layer(session: AppSession, document: Document | int, user_id: int | None) -> Layer:
    """Return the layer of ``user_id`` (gold when None) on ``document``, creating it if needed.

    Two first writes may race to create it; the loser reads the winner's row
    (:func:`~annotator.services.annotation.write_target.insert_layer`).
    """
    document_id = document if isinstance(document, int) else document.id
    if user_id is None:
        note_gold_write(session, document_id)
    layer = find_layer(session, document_id, user_id)
    if layer is not None:
        return layer
    layer = session.get(Layer, insert_layer(session, document_id, user_id))
    assert layer is not None  # inserted or found in this transaction
    return layer


def open_layer(session: AppSession, user: Actor, document: Document, layer: str | None) -> Layer:
    """Return the layer ``user`` writes on ``document``: their own, or gold (``layer="gold"``).

    :raises Forbidden: when the caller may not write that layer.
    """
    owner_id, _assignment = resolve_write_target(session, user, document, layer)
    return ensure_layer(session, document, owner_id)


def read_layer(
    session: AppSession, user: Actor, document: Document, annotator: str | None = None
) -> dict[str, Any]:
    """Return the layer ``user`` asks for (default: their own), checking they may read it."""
    name, owner = resolve_read_layer(session, user, document, annotator)
    owner_id = None if owner is None else owner.id
    layer = find_layer(session, document, owner_id)
    if owner is not None:
        assignment = find_assignment(session, owner, document)
        status = None if assignment is None else assignment.status
    else:
        # Gold's status is the document's gold status, as every export gives it.
        status = session.scalar(select(gold_status_column()).where(Document.id == document.id))
    payload = layer_payload(
        session, document, layer, annotator=name, status=status, include_version=True
    )
    if owner is not None:
        # The layer's annotator's note on the document, as the export's layer carries it;
        # only theirs, and only to a caller resolve_read_layer let read their layer.
        note = find_note(session, document, owner)
        if note is not None:
            payload.update(document_note_fields(note.note, note.unsure))
    # The API's answer, not the exports': a value given toward an older target is marked.
    mark_older_targets(session, document.project_id, None if layer is None else layer.id, payload)
    project = session.get(Project, document.project_id)
    if project is not None:  # what each field's values are toward on this document
        payload["targets"] = targets_answer(project.schema, document.meta)
    return payload
