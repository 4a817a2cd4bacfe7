"""A document as a message names it, read from its row: the one place that reads it.

Every message names a document as :func:`annotator.core.wording.document_said` words it,
``#12 (reuters-0412)``: its number in the project and its external id, what a user can type
back into any form or command that names documents
(:mod:`annotator.services.datasets.document_names`). Never its title, which no form reads
(and which may be long, or the same as another's), nor its row id, which reads as a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.document_naming import NAMED_IN_A_MESSAGE, documents_said
from annotator.core.wording import document_said
from annotator.db import Db, orm
from annotator.models import Document

#: How many documents one query reads the names of.
NAMES_PER_QUERY = 500


def numbers_and_external_ids(
    db: Db | Session, document_ids: Iterable[int]
) -> dict[int, tuple[int, str]]:
    """Return ``{id: (number, external id)}`` of the stored documents among ``document_ids``
    (one gone is missing), one query a batch of :data:`NAMES_PER_QUERY`."""
    session = db if isinstance(db, Session) else orm(db)
    ordered = sorted(set(document_ids))
    found: dict[int, tuple[int, str]] = {}
    for start in range(0, len(ordered), NAMES_PER_QUERY):
        query = select(Document.id, Document.number, Document.external_id).where(
            Document.id.in_(ordered[start : start + NAMES_PER_QUERY])
        )
        found.update((doc_id, (number, name)) for doc_id, number, name in session.execute(query))
    return found


def document_named(db: Db | Session, document: Document | int) -> str:
    """Return ``document`` (or the document of that id) as a message names it,
    ``#12 (reuters-0412)``; for an id, read once, on the way to the message."""
    if isinstance(document, Document):
        return document_said(document.number, document.external_id)
    return document_said(*numbers_and_external_ids(db, [document])[document])


def documents_named(
    db: Db | Session, document_ids: Sequence[int], shown: int | None = NAMED_IN_A_MESSAGE
) -> str:
    """Return the documents ``document_ids`` as a message lists them, ``#N (external id)``
    in the order given (:func:`~annotator.core.document_naming.documents_said`); ``shown``
    None names every one. A document deleted since is left out."""
    found = numbers_and_external_ids(db, document_ids)
    return documents_said([found[doc_id] for doc_id in document_ids if doc_id in found], shown)
