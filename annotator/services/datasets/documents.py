"""Documents: adding one (normalised, hashed, split into sentences) and finding them.

A user's list of documents is :mod:`annotator.services.datasets.document_queue`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, insert, select, text
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict, no_such
from annotator.core.search_text import search_fields
from annotator.core.segmentation import SEGMENTER_VERSION, split_sentences
from annotator.core.text import content_hash, normalise_text, unstorable_reason
from annotator.models import (
    Document,
    DocumentSearch,
    Project,
    Sentence,
    utcnow,
)
from annotator.services.datasets.document_numbers import next_numbers

#: The most external ids one query names: an IN list of as many bound parameters, far under
#: what SQLite (32,766) and PostgreSQL (65,535) take, whatever else the query binds.
IDS_PER_QUERY = 500


@dataclass
class PreparedDocument:
    """A document ready to store: normalised text, its hash and its sentences."""

    external_id: str
    text: str
    title: str | None
    meta: dict[str, Any]
    content_hash: str
    sentences: list[tuple[int, int]] = field(default_factory=list)


def prepare_document(
    external_id: str, text: str, title: str | None = None, meta: dict[str, Any] | None = None
) -> PreparedDocument:
    """Normalise ``text`` (CONTRACT section 1), hash it and split it into sentences."""
    text = normalise_text(text)
    return PreparedDocument(
        external_id=external_id,
        text=text,
        title=title,
        meta=meta or {},
        content_hash=content_hash(text),
        sentences=split_sentences(text),
    )


def store_documents(
    session: Session, project: Project, prepared: list[PreparedDocument]
) -> list[int]:
    """Insert prepared documents, their sentences and search rows; return the new ids, in order.

    The caller has checked they are new. Core statements, one for the documents and one for
    all their sentences: an import stores thousands of rows a batch, and ORM objects for them
    would cost more than the database does.
    """
    if not prepared:
        return []
    connection = session.connection()
    now = utcnow()
    numbers = next_numbers(connection, project.id, len(prepared))
    rows = [
        _document_row(project, document, number, now)
        for document, number in zip(prepared, numbers, strict=True)
    ]
    ids = list(connection.execute(_INSERT_DOCUMENTS, rows).scalars().all())
    connection.execute(
        insert(DocumentSearch.__table__),
        [
            search_row(doc_id, project.id, document.title, document.external_id, document.meta)
            for doc_id, document in zip(ids, prepared, strict=True)
        ],
    )
    sentence_rows = [
        {"document_id": doc_id, "index": i, "start": start, "end": end}
        for doc_id, document in zip(ids, prepared, strict=True)
        for i, (start, end) in enumerate(document.sentences)
    ]
    if sentence_rows:
        insert_sentences(connection, sentence_rows)
    return ids


def insert_returning_ids(connection: Any, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` into ``table`` in one statement; return their new ids in the rows'
    order (a bulk insert with RETURNING keeps it on both databases), none for no rows."""
    if not rows:
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(connection.execute(statement, rows).scalars())


_INSERT_DOCUMENTS = insert(Document.__table__).returning(
    Document.__table__.c.id, sort_by_parameter_order=True
)


@cache
def _unnest_sentences() -> Any:
    # Built on first use: the PostgreSQL dialect's import is wasted on a SQLite server.
    from sqlalchemy.dialects.postgresql import ARRAY

    return text(
        'INSERT INTO sentence (document_id, "index", start, "end") '
        "SELECT * FROM unnest(:document_id, :index, :start, :end)"
    ).bindparams(
        *(
            bindparam(name, type_=ARRAY(Integer))
            for name in ("document_id", "index", "start", "end")
        )
    )


def insert_sentences(connection: Connection, rows: list[dict[str, int]]) -> None:
    """Insert sentence rows: one ``executemany``, or on PostgreSQL one ``unnest`` of arrays.

    psycopg runs an ``executemany`` as one INSERT per row, some 50 microseconds each; sending
    four arrays in one statement stores the same rows about four times faster.
    """
    if connection.dialect.name != "postgresql":
        connection.execute(insert(Sentence.__table__), rows)
        return
    columns = ("document_id", "index", "start", "end")
    arrays = {name: [row[name] for row in rows] for name in columns}
    connection.execute(_unnest_sentences(), arrays)


def search_row(
    document_id: int, project_id: int, title: str | None, external_id: str, meta: dict[str, Any]
) -> dict[str, Any]:
    """Return the ``document_search`` row of a document: what the list's search compares.

    Documents are only ever added here and deleted (the row goes with its document's foreign
    key), never edited, so the row written with the document stays true.
    """
    fields = search_fields(title, external_id, meta)
    return {"document_id": document_id, "project_id": project_id} | fields._asdict()


def _document_row(
    project: Project, prepared: PreparedDocument, number: int, now: datetime
) -> dict[str, Any]:
    return {
        "project_id": project.id,
        "external_id": prepared.external_id,
        "number": number,
        "title": prepared.title,
        "meta": prepared.meta,
        "text": prepared.text,
        "content_hash": prepared.content_hash,
        "segmenter_version": SEGMENTER_VERSION,
        "created_at": now,
    }


def add_document(
    session: Session,
    project: Project,
    external_id: str,
    text: str,
    title: str | None = None,
    meta: dict[str, Any] | None = None,
) -> tuple[Document, bool]:
    """Add one document; return it and whether it is new.

    Re-adding an ``external_id`` with the same text is a no-op; with another text it is
    refused, because annotations already made refer to the old text's offsets.
    """
    prepared = prepare_document(external_id, text, title, meta)
    existing = find_document(session, project, external_id)
    if existing is not None:
        if existing.content_hash != prepared.content_hash:
            raise Conflict(f"document {external_id!r} already exists with a different text")
        return existing, False
    (document_id,) = store_documents(session, project, [prepared])
    document = session.get(Document, document_id)
    assert document is not None  # inserted just now, in this transaction
    return document, True


def find_document(session: Session, project: Project, external_id: str) -> Document | None:
    """Return the project's document with ``external_id``, or None."""
    if unstorable_reason(external_id) is not None:
        return None  # no document has it, and PostgreSQL would refuse the query
    return session.scalar(
        select(Document).where(
            Document.project_id == project.id, Document.external_id == external_id
        )
    )


def get_document(session: Session, document_id: int) -> Document:
    """Return the document with ``document_id`` or raise :class:`NotFound`."""
    document = session.get(Document, document_id)
    if document is None:
        raise no_such("document", document_id)
    return document


def document_in_project(session: Session, project: Project, document_id: int) -> Document:
    """Return the project's document ``document_id`` or raise :class:`NotFound`."""
    document = session.get(Document, document_id)
    if document is None or document.project_id != project.id:
        # Another project's document gets the answer of a missing one: ids do not leak.
        raise no_such("document", document_id)
    return document


def by_external_id(
    session: Session, project: Project, external_ids: Sequence[str], what: Any, *options: Any
) -> dict[str, Any]:
    """Return ``{external_id: what}`` for those ``external_ids`` that name documents of
    ``project``, asking for :data:`IDS_PER_QUERY` ids at a time.

    :param what: a column of :class:`Document`, or the entity (its loader ``options`` given).
    """
    # An id the database cannot hold names no document (PostgreSQL would refuse the query).
    storable = [
        external_id for external_id in external_ids if unstorable_reason(external_id) is None
    ]
    found: dict[str, Any] = {}
    for start in range(0, len(storable), IDS_PER_QUERY):
        query = (
            select(Document.external_id, what)
            .options(*options)
            .where(
                Document.project_id == project.id,
                Document.external_id.in_(storable[start : start + IDS_PER_QUERY]),
            )
        )
        found.update((row[0], row[1]) for row in session.execute(query))
    return found
