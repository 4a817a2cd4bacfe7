"""The documents an import brings: which ids the project has with another text (refused),
and storing the new ones, with one multi-row ``INSERT`` per batch for documents and one for
sentences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from annotator.core.formats.option_words import OptionWords
from annotator.core.formats.readers import Problem, Record
from annotator.core.wording import document_said
from annotator.models import Document, Project
from annotator.services.datasets.documents import (
    PreparedDocument,
    by_external_id,
    prepare_document,
    store_documents,
)
from annotator.services.datasets.import_refusal import problem_at
from annotator.services.datasets.import_report import ImportReport

#: ``progress(done, total)`` is called as documents are stored.
Progress = Callable[[int, int], None]

# Documents per INSERT batch, and ids per lookup of existing documents.
BATCH = 500


@dataclass(slots=True)
class Pending:
    """A document of the input: its record, its text as stored, and that text's hash."""

    record: Record
    text: str
    hash: str


def taken_ids(
    session: Session,
    project: Project,
    taken: list[str],
    pending: dict[str, Pending],
    words: OptionWords,
) -> list[Problem]:
    """Refuse each id ``taken`` by a document of ``project`` with another text, naming that
    document and the ways on: a new id, or deleting the old one (and its annotations)."""
    if not taken:
        return []
    documents = by_external_id(session, project, taken, Document)
    problems = []
    for external_id in taken:
        document = documents[external_id]
        named = document_said(document.number, external_id)
        delete = words.deleting(project.slug, document.number, document.id)
        message = (
            f"document {named} already exists in project {project.slug!r} with a different "
            "text; an imported id keeps its text, because annotations refer to its offsets: "
            f"import the corrected text under a new id, or delete {named} first ({delete}; "
            "its annotations go with it) and import again"
        )
        problems.append(problem_at(pending[external_id].record, message))
    return problems


def existing_hashes(session: Session, project: Project, ids: list[str]) -> dict[str, str]:
    """Return ``{external_id: content_hash}`` of those ``ids`` the project already has."""
    return by_external_id(session, project, ids, Document.content_hash)


def store_new(
    session: Session,
    project: Project,
    docs: list[Pending],
    report: ImportReport,
    progress: Progress | None,
    given_sentences: dict[str, list[tuple[int, int]]],
) -> None:
    """Store the new documents ``docs`` in batches of :data:`BATCH`, counting them and their
    sentences in ``report``; ``given_sentences`` are those annotated records came with."""
    total = len(docs)
    if progress is not None:
        progress(0, total)
    for start in range(0, total, BATCH):
        batch = docs[start : start + BATCH]
        prepared = [_prepared(d, given_sentences.get(d.record.id)) for d in batch]
        store_documents(session, project, prepared)
        report.created += len(batch)
        report.sentences += sum(len(p.sentences) for p in prepared)
        if progress is not None:
            progress(report.created, total)


def _prepared(doc: Pending, sentences: list[tuple[int, int]] | None) -> PreparedDocument:
    """Prepare a document; sentences that came with an annotated record are kept as given."""
    if sentences is None:
        return prepare_document(doc.record.id, doc.text, doc.record.title, doc.record.meta)
    record = doc.record
    return PreparedDocument(
        record.id, doc.text, record.title, record.meta or {}, doc.hash, list(sentences)
    )
