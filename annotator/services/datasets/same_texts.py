"""Documents of an import whose text a project already has under another id, or that
another document of the same import has, and what the import does with them.

By default such a document is stored all the same (an id is a document; a corpus may well
hold one text twice on purpose), but said: a text stored twice under two ids is counted twice
by the agreement report and can land in both the train and the test part of a split. The
same CoNLL file copied as ``train.txt`` and ``eng.train``, or ``kremlin.txt`` uploaded again
as ``kremlin (1).txt``, came in without a word. Asked to
(:attr:`~annotator.services.datasets.import_options.DatasetOptions.skip_same_texts`: the
command line's ``--skip-same-texts``, the API's ``skip_same_texts``, the pages' checkbox),
the import leaves them out instead, each listed among the skipped with the id of the document
it repeats. Compared by the documents' content hashes (indexed with the project: migration
0031).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True, slots=True)
class StoredText:
    """The project's first document with a text: its row id, number and external id."""

    id: int
    number: int
    external_id: str


@dataclass(frozen=True, slots=True)
class SameText:
    """A new document whose text is already there: in the project (``stored``), or in an
    earlier document of the same import (``first``)."""

    new: NewText
    stored: StoredText | None = None
    first: NewText | None = None

    def said(self) -> str:
        """Return which document it repeats, as a warning and a skipped entry say it."""
        if self.stored is not None:
            named = document_said(self.stored.number, self.stored.external_id)
            return f"has the same text as document {named} already in the project"
        assert self.first is not None
        first = self.first.record
        return f"has the same text as document {first.id!r} ({_where(first)}) of this import"


def same_texts(session: Session, project: Project, new: Sequence[NewText]) -> list[SameText]:
    """Return each of ``new`` whose text the project holds under another id, or an earlier
    one of ``new`` holds, in input order; none when every text is new."""
    stored = _stored_by_hash(session, project, sorted({doc.hash for doc in new}))
    first_of: dict[str, NewText] = {}
    found: list[SameText] = []
    for doc in new:
        there = stored.get(doc.hash)
        if there is not None:
            found.append(SameText(doc, stored=there))
        elif doc.hash in first_of:
            found.append(SameText(doc, first=first_of[doc.hash]))
        else:
            first_of[doc.hash] = doc
    return found


def same_text_warnings(found: Sequence[SameText]) -> list[str]:
    """Return a warning for each document of ``found``, stored all the same: the first
    :data:`NAMED` one by one, then how many more."""
    said = [f"{_where(s.new.record)}: document {s.new.record.id!r} {s.said()}" for s in found]
    if len(said) > NAMED:
        more = len(said) - NAMED
        said = [*said[:NAMED], f"and {more} more documents whose text is there already"]
    return said


def same_text_skipped(found: Sequence[SameText], ids: dict[str, int]) -> list[dict[str, Any]]:
    """Return the import report's ``skipped`` entries of ``found``, left out: each with its
    file (and line), its ``id`` and, in ``same_as``, the row id of the document it repeats
    (``ids``: the stored documents of this import by external id)."""
    entries = []
    for s in found:
        record = s.new.record
        same_as = s.stored.id if s.stored is not None else ids[s.first.record.id]  # type: ignore[union-attr]
        entry: dict[str, Any] = {"file": record.file, "files": [record.file]}
        if record.line is not None:
            entry["line"] = record.line
        # "same text as document #3 (doc-7) already in the project"
        reason = s.said().removeprefix("has the ")
        entry |= {"reason": reason, "id": record.id, "same_as": same_as}
        entries.append(entry)
    return entries


def _stored_by_hash(session: Session, project: Project, hashes: list[str]) -> dict[str, StoredText]:
    """Return the project's first document (by number) with each of ``hashes``."""
    found: dict[str, StoredText] = {}
    for start in range(0, len(hashes), IDS_PER_QUERY):
        query = select(
            Document.content_hash, Document.id, Document.number, Document.external_id
        ).where(
            Document.project_id == project.id,
            Document.content_hash.in_(hashes[start : start + IDS_PER_QUERY]),
        )
        # Not ORDER BY number: SQLite would then walk the (project, number) key, reading
        # every document row of the project, rather than look each hash up in the index.
        for content_hash, row_id, number, external_id in session.execute(query):
            there = found.get(content_hash)
            if there is None or number < there.number:
                found[content_hash] = StoredText(row_id, number, external_id)
    return found


def _where(record: Record) -> str:
    return f"{record.file}:{record.line}" if record.line else record.file
