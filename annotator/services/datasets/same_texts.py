"""Documents of an import whose text a project already has under another id, or that
another document of the same import has.

Such a document is stored all the same (an id is a document; a corpus may well hold one
text twice on purpose), but said: a text stored twice under two ids is counted twice by the
agreement report and can land in both the train and the test part of a split. The same
CoNLL file copied as ``train.txt`` and ``eng.train``, or ``kremlin.txt`` uploaded again as
``kremlin (1).txt``, came in without a word. Compared by the documents' content hashes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.formats.records import Record
from annotator.core.wording import document_said
from annotator.models import Document, Project
from annotator.services.datasets.documents import IDS_PER_QUERY

#: How many documents the warnings name one by one; the others are counted in one more.
NAMED = 20


@dataclass(frozen=True, slots=True)
class NewText:
    """A document an import is about to store: its record and its text's content hash."""

    record: Record
    hash: str


def same_text_warnings(session: Session, project: Project, new: Sequence[NewText]) -> list[str]:
    """Return a warning for each of ``new`` whose text the project holds under another id,
    or an earlier one of ``new`` holds; none when every text is new."""
    stored = _stored_by_hash(session, project, sorted({doc.hash for doc in new}))
    first_of: dict[str, NewText] = {}
    said: list[str] = []
    for doc in new:
        there = stored.get(doc.hash)
        if there is not None:
            number, external_id = there
            said.append(
                f"{_where(doc.record)}: document {doc.record.id!r} has the same text as "
                f"document {document_said(number, external_id)} already in the project"
            )
        elif doc.hash in first_of:
            first = first_of[doc.hash].record
            said.append(
                f"{_where(doc.record)}: document {doc.record.id!r} has the same text as "
                f"document {first.id!r} ({_where(first)}) of this import"
            )
        else:
            first_of[doc.hash] = doc
    if len(said) > NAMED:
        more = len(said) - NAMED
        said = [*said[:NAMED], f"and {more} more documents whose text is there already"]
    return said


def _stored_by_hash(
    session: Session, project: Project, hashes: list[str]
) -> dict[str, tuple[int, str]]:
    """Return ``{content_hash: (number, external_id)}`` of the project's first document
    with each of ``hashes``."""
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(hashes), IDS_PER_QUERY):
        query = (
            select(Document.content_hash, Document.number, Document.external_id)
            .where(
                Document.project_id == project.id,
                Document.content_hash.in_(hashes[start : start + IDS_PER_QUERY]),
            )
            .order_by(Document.number)
        )
        for content_hash, number, external_id in session.execute(query):
            found.setdefault(content_hash, (number, external_id))
    return found


def _where(record: Record) -> str:
    return f"{record.file}:{record.line}" if record.line else record.file
