"""An annotator's note and "unsure" flag on a document, which reviewers read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Conflict
from annotator.core.span_notes import require_short
from annotator.core.times import iso
from annotator.db import AppSession
from annotator.models import Document, DocumentNote, Project, User
from annotator.services.accounts.permissions import may_review, require_assignment
from annotator.services.annotation.access import resolve_read_layer


def note_payload(row: DocumentNote | None, annotator: str) -> dict[str, Any]:
    """Return a note as the API shows it (an empty note when there is no row)."""
    return {
        "annotator": annotator,
        "note": row.note if row is not None else "",
        "unsure": row.unsure if row is not None else False,
        "updated_at": iso(row.updated_at) if row is not None else None,
        # 0 for a note never written: what a first write from a page sends back.
        "version": row.version if row is not None else 0,
    }


def find_note(
    session: Session, document: Document, user: Actor, *, for_update: bool = False
) -> DocumentNote | None:
    """Return ``user``'s note on ``document``, or None; ``for_update`` holds its row until the
    transaction ends (PostgreSQL: a second writer waits, then reads what the first wrote)."""
    query = select(DocumentNote).where(
        DocumentNote.document_id == document.id, DocumentNote.user_id == user.id
    )
    if for_update:
        query = query.with_for_update(of=DocumentNote).execution_options(populate_existing=True)
    return session.scalar(query)


def set_note(
    session: AppSession,
    user: Actor,
    document: Document,
    note: str,
    unsure: bool,
    version: int | None = None,
) -> DocumentNote:
    """Set ``user``'s note and unsure flag on a document assigned to them.

    :param version: the note's version the writer read (0: no note yet); None writes
        whatever is stored (the last writer wins, as before versions).
    :raises Forbidden: when the document is not assigned to ``user``.
    :raises Invalid: a note longer than :data:`~annotator.core.span_notes.MAX_NOTE`
        characters.
    :raises Conflict: ``version`` is not the stored one (another tab saved since).
    """
    require_assignment(session, user, document)
    require_short(note)  # a span's limit and words; a document's note is kept untrimmed
    # Held while its version is checked and raised: two tabs saving from one version at once
    # are a write and a refusal, not two writes (SQLite's writes begin IMMEDIATE already).
    row = find_note(session, document, user, for_update=True)
    if row is None:
        _require_version(version, 0)
        try:
            with session.begin_nested():
                row = DocumentNote(
                    document_id=document.id, user_id=user.id, note=note, unsure=unsure
                )
                session.add(row)
                session.flush()
        except IntegrityError:  # a second tab saved the first note at the same moment
            row = find_note(session, document, user, for_update=True)
            if row is None:
                raise
            _require_version(version, row.version)
        else:
            return row
    else:
        _require_version(version, row.version)
    row.note, row.unsure, row.version = note, unsure, row.version + 1
    session.flush()
    return row


def _require_version(sent: int | None, stored: int) -> None:
    """Refuse a write from a page that read an older note than the one stored."""
    if sent is not None and sent != stored:
        raise Conflict(
            f"your note on this document is stale: you sent version {sent}, it is at {stored}"
            " (saved from another tab or window since)",
            details={"field": "version", "version": stored},
        )


def document_notes(
    session: AppSession, user: Actor, document: Document, annotator: str | None = None
) -> list[dict[str, Any]]:
    """Return the notes on a document that ``user`` may read: reviewers all, others their own.

    :param annotator: only that annotator's note, who must be one whose layer ``user`` may
        read (:func:`~annotator.services.annotation.access.resolve_read_layer`); gold has none.
    :raises Forbidden: an annotator asks for another's note.
    :raises NotFound: ``annotator`` names no user.
    """
    query = _with_names().where(DocumentNote.document_id == document.id)
    if annotator:
        _name, owner = resolve_read_layer(session, user, document, annotator)
        if owner is None:
            return []
        query = query.where(DocumentNote.user_id == owner.id)
    elif not may_review(session, user, document.project_id):
        query = query.where(DocumentNote.user_id == user.id)
    rows = session.execute(query.order_by(DocumentNote.id))
    return [note_payload(row, username) for row, username in rows]


def project_notes(
    session: Session, project: Project, document: Document | None = None
) -> list[dict[str, Any]]:
    """Return every note of ``project`` (or of one document) that says something.

    A note says something when it has text or is marked unsure. For reviewers' and admins'
    eyes (the command line): each payload also names its document's ``external_id``.
    """
    query = (
        _with_names()
        .add_columns(Document.external_id)
        .join(Document, Document.id == DocumentNote.document_id)
        .where(
            Document.project_id == project.id,
            _says_something(),
        )
        .order_by(Document.id, DocumentNote.id)
    )
    if document is not None:
        query = query.where(Document.id == document.id)
    return [
        {"document": external_id} | note_payload(row, username)
        for row, username, external_id in session.execute(query)
    ]


def _with_names() -> Select[DocumentNote, str]:
    """Notes with their writers' names, read in the same query."""
    return select(DocumentNote, User.username).join(User, User.id == DocumentNote.user_id)


def note_counts(session: Session, project: Project) -> dict[str, tuple[int, int]]:
    """Return, by document ``external_id``, how many notes say something and how many of
    them are marked unsure (for the review queue's column): one grouped query."""
    query = (
        select(
            Document.external_id,
            func.count(),
            func.sum(case((DocumentNote.unsure.is_(True), 1), else_=0)),
        )
        .join(Document, Document.id == DocumentNote.document_id)
        .where(Document.project_id == project.id, _says_something())
        .group_by(Document.id, Document.external_id)
    )
    return {
        external_id: (said, int(unsure)) for external_id, said, unsure in session.execute(query)
    }


def _says_something() -> ColumnElement[bool]:
    """A note says something when it has text or is marked unsure."""
    return or_(DocumentNote.note != "", DocumentNote.unsure.is_(True))
