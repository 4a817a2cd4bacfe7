"""Importing documents: all or nothing per run, in bulk.

Every record is checked first (format problems, duplicate ids, ids already in the project
with another text); if anything is wrong, :class:`ImportFailed` lists every problem with its
file and line and nothing is stored. Only then are the new documents split into sentences and
inserted, with one multi-row ``INSERT`` per batch for documents and one for sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Forbidden, ImportFailed, Invalid
from annotator.core.formats.brat.reader import read_brat
from annotator.core.formats.conll_reader import read_conll
from annotator.core.formats.label_map import nothing_to_map
from annotator.core.formats.option_words import OptionWords
from annotator.core.formats.read_options import CsvColumns
from annotator.core.formats.readers import (
    Item,
    Notice,
    Problem,
    Record,
    Skipped,
    Tally,
    read_paths,
    records_from_objects,
)
from annotator.core.formats.records import EMPTY, Source
from annotator.core.formats.texts_only import without_layers
from annotator.core.text import content_hash, normalise_text
from annotator.core.wording import CountedPhrase, counted, document_said
from annotator.db import AppSession
from annotator.models import Document, Project
from annotator.services.datasets.annotated_import import (
    EMPTIED,
    DatasetOptions,
    check_datasets,
    word_cut_warnings,
)
from annotator.services.datasets.documents import (
    PreparedDocument,
    by_external_id,
    prepare_document,
    store_documents,
)
from annotator.services.datasets.same_texts import NewText, same_text_warnings
from annotator.services.datasets.store import store_datasets
from annotator.services.gold_state import restore_gold_statuses

#: ``progress(done, total)`` is called as documents are stored.
Progress = Callable[[int, int], None]

#: Formats of other tools' corpora that ``import_paths`` reads when asked by name.
IMPORT_FORMATS = ("brat", "conll")

# Documents per INSERT batch, and ids per lookup of existing documents.
BATCH = 500
# An import of a huge broken file lists this many problems; the message gives the count.
MAX_DETAILS = 1000


@dataclass
class ImportReport:
    """What an import did. ``errors`` is empty: an import with errors stores nothing."""

    created: int = 0
    unchanged: int = 0
    sentences: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    #: Whether records brought annotations; then the report has an ``annotations`` entry.
    annotated: bool = False
    #: Annotation layers stored, and those already there with the same annotations.
    layers: int = 0
    layers_unchanged: int = 0
    #: Annotators' layers already there whose status the import changed (each recorded in
    #: the layer's history): a done or skipped layer an import reopened is said, not unseen.
    statuses_changed: int = 0
    users_created: list[str] = field(default_factory=list)
    #: Spans and relations in the layers stored, and the annotators those layers belong to.
    spans: int = 0
    relations: int = 0
    annotators: list[str] = field(default_factory=list)
    #: What the reader of another tool's format changed or left out, counted.
    tallies: dict[CountedPhrase, int] = field(default_factory=dict)
    #: What the import did that may not be what was meant: entries of the label map that
    #: matched nothing in the files, spans whose offsets cut a word.
    warnings: list[str] = field(default_factory=list)
    #: How a reader read what could be read another way: each folder of a brat corpus read
    #: as an annotator's layer, by name, so that a folder misread as one is seen.
    notices: list[str] = field(default_factory=list)
    #: Each document of the input, created or unchanged: external id to id,
    #: so that a script's next call (``GET /documents/<id>``) needs no listing first.
    ids: dict[str, int] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        """Return the number of documents in the input (created or already there)."""
        return self.created + self.unchanged

    def as_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        report = {
            "created": self.created,
            "unchanged": self.unchanged,
            "documents": self.documents,
            "sentences": self.sentences,
            "skipped": self.skipped,
            "errors": self.errors,
            "ids": self.ids,
        }
        if self.tallies:
            # Keyed by the plural phrase, whatever the count, so that scripts find one key.
            report["tallies"] = {what.many: count for what, count in self.tallies.items()}
        if self.warnings:
            report["warnings"] = list(self.warnings)
        if self.notices:
            report["notices"] = list(self.notices)
        if self.annotated:
            report["annotations"] = {
                "layers": self.layers,
                "layers_unchanged": self.layers_unchanged,
                "statuses_changed": self.statuses_changed,
                "spans": self.spans,
                "relations": self.relations,
                "annotators": self.annotators,
                "users_created": self.users_created,
            }
        return report

    def statuses_said(self) -> str:
        """Return how many layers' statuses the import changed, in words (the summary's and
        the import page's)."""
        statuses = counted(self.statuses_changed, "layer's status", "layers' statuses")
        return f"{statuses} changed (each in the layer's history)"

    def summary(self) -> str:
        """Return a one-line summary for people."""
        line = (
            f"Imported {counted(self.created, 'new document')} "
            f"({counted(self.sentences, 'sentence')}); "
            f"{self.unchanged} unchanged."
        )
        if self.layers or self.layers_unchanged:
            line += f" Annotation layers: {self.layers} new, {self.layers_unchanged} unchanged."
        if self.statuses_changed:
            line += f" {self.statuses_said()}."
        if self.spans or self.relations:
            line += f" They hold {counted(self.spans, 'span')} and "
            line += f"{counted(self.relations, 'relation')}."
        if self.annotators:
            line += f" Layers of: {', '.join(self.annotators)}."
        if self.users_created:
            line += f" Created annotators: {', '.join(self.users_created)}."
        for what, count in self.tallies.items():
            line += f" {what.said(count)}."
        empty = sum(skipped["reason"] == EMPTY for skipped in self.skipped)
        if empty:
            line += f" Skipped {counted(empty, 'empty document')}."
        if len(self.skipped) > empty:
            line += f" Skipped {counted(len(self.skipped) - empty, 'file')} of other types."
        return line


@dataclass(slots=True)
class _Pending:
    record: Record
    text: str
    hash: str


def import_paths(
    session: AppSession,
    project: Project,
    paths: Iterable[Source],
    progress: Progress | None = None,
    options: DatasetOptions | None = None,
    format: str | None = None,
) -> ImportReport:
    """Import files and folders, or uploaded files; all or nothing.

    The command line and the upload service (the project pages and the API) both import
    through here. Files are read by extension (:mod:`annotator.core.formats.readers`);
    records in the ``jsonl`` export shape, doccano lines and Label Studio tasks bring their
    annotations along (:mod:`annotator.services.datasets.annotated_import`). ``format``
    reads the paths as another tool's corpus instead (:data:`IMPORT_FORMATS`).

    :raises Invalid: for an unknown format or a label map that cannot be read.
    :raises Forbidden: a non-admin's files hold annotators' layers (see :func:`import_items`).
    :raises ImportFailed: listing every problem; nothing is stored then.
    """
    items = read_items(project, paths, options, format)
    # A corpus's reader maps its labels itself (brat's events need the map as they are read).
    report = import_items(session, project, items, progress, options, mapped=format is not None)
    if report.documents == 0:
        raise ImportFailed("nothing to import: the files hold no documents", details=[])
    return report


def import_records(
    session: AppSession,
    project: Project,
    records: Iterable[Any],
    progress: Progress | None = None,
    source: str = "request",
) -> ImportReport:
    """Import parsed JSON records (``{"text", "id"?, "title"?, "meta"?}``); all or nothing.

    A problem's ``line`` is the record's position (from 1). A record without ``id`` gets one
    made from its text, so that sending the same records again changes nothing.
    """
    pairs = ((number, obj) for number, obj in enumerate(records, start=1))
    return import_items(session, project, records_from_objects(source, pairs), progress)


def import_items(
    session: AppSession,
    project: Project,
    items: Iterable[Item],
    progress: Progress | None = None,
    options: DatasetOptions | None = None,
    mapped: bool = False,
) -> ImportReport:
    """Import what the readers of :mod:`annotator.core.formats.readers` yielded; all or nothing.

    The annotations records bring have their labels mapped by ``options.label_map`` unless
    ``mapped`` says their reader has done it.

    :raises Invalid: for a label map that cannot be read.
    :raises Forbidden: when ``options.actor`` is not an admin and a record holds an
        annotator's layer (:func:`require_layer_import`), before anything is written.
    """
    options = options or DatasetOptions()
    mapping = options.mapping()  # the readers' own when they mapped the names (``mapped``)
    report = ImportReport()
    problems: list[Problem] = []
    pending: dict[str, _Pending] = {}
    annotated: list[Record] = []
    # A document is counted once however many records name it: doccano's export writes a
    # line per document and layer, which were counted as more documents, unchanged.
    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
        elif isinstance(item, Skipped):
            report.skipped.append(item.as_dict())
        elif isinstance(item, Tally):
            report.tallies[item.what] = report.tallies.get(item.what, 0) + item.count
        elif isinstance(item, Notice):
            report.notices.append(item.message)
        else:
            if options.texts_only and item.annotated is not None:
                item.annotated, left = without_layers(item.annotated)
                for what, count in left.items():
                    report.tallies[what] = report.tallies.get(what, 0) + count
            require_layer_import(options.actor, item)
            text = normalise_text(item.text)
            for what, count in item.tallies.items():
                report.tallies[what] = report.tallies.get(what, 0) + count
            if item.annotated is not None:
                for what, count in (item.annotated.get("tallies") or {}).items():
                    report.tallies[what] = report.tallies.get(what, 0) + count
                if text != item.text:  # the annotations' offsets count the text as given
                    item.given_text, item.text = item.text, text
                annotated.append(item)
            new = _Pending(item, text, content_hash(text))
            seen = pending.get(item.id)
            if seen is None:
                pending[item.id] = new
            elif seen.hash != new.hash:
                first = _where(seen.record)
                problems.append(_problem(item, f"id {item.id!r} has another text at {first}"))

    session.flush()
    existing = _existing_hashes(session, project, list(pending))
    to_create: list[_Pending] = []
    taken: list[str] = []  # ids the project has with another text
    for external_id, doc in pending.items():
        stored = existing.get(external_id)
        if stored is None:
            to_create.append(doc)
        elif stored == doc.hash:
            report.unchanged += 1
        else:
            taken.append(external_id)
    problems += _taken_ids(session, project, taken, pending, options.words)
    plan = None
    map_problem = None  # an entry of the map that matched nothing, said after the problems
    if annotated:
        known = {ident for ident, stored in existing.items() if stored == pending[ident].hash}
        plan, found = check_datasets(
            session, project, annotated, known, options, mapping, names_mapped=mapped
        )
        problems += found
        if plan.left_out:
            # Added to what a reader that maps as it reads (CoNLL) counted itself.
            phrase = mapping.left_out_phrase()
            report.tallies[phrase] = report.tallies.get(phrase, 0) + plan.left_out
        if plan.emptied:
            report.tallies[EMPTIED] = plan.emptied
        if plan.values_left_out:
            report.tallies[mapping.value_left_out_phrase()] = plan.values_left_out
        unmatched = mapping.unmatched()
        if unmatched:
            # A typo in the map does nothing, and what it was to map goes in as it was: a
            # warning, not a refusal, as a map made for a whole corpus may well name labels
            # that some of its files lack. An import refused for a name or value neither
            # mapped nor ours names it last among its problems: a misspelt entry is the likely
            # cause. (Refused for anything else, the next try will warn of it.)
            said = mapping.unmatched_message(unmatched)
            if not problems:
                report.warnings.append(said)
            elif mapping.refused:
                map_problem = Problem(mapping.words.label_map, None, said)
    elif options.label_map is not None and pending:
        opening = next(iter(pending.values())).record
        problems.append(_problem(opening, nothing_to_map(options.words)))
    if problems:
        raise _failure(problems, map_problem)
    if plan is not None:
        report.warnings += word_cut_warnings(plan.word_cuts)
    new_texts = [NewText(doc.record, doc.hash) for doc in to_create]
    report.warnings += same_text_warnings(session, project, new_texts)

    _store(session, project, to_create, report, progress, plan.sentences if plan else {})
    stored_ids = by_external_id(session, project, list(pending), Document.id)
    report.ids = {external_id: stored_ids[external_id] for external_id in pending}
    if plan is not None:
        report.annotated = True
        report.users_created = list(plan.new_users)
        written = store_datasets(session, project, plan, options.actor)
        report.layers, report.statuses_changed = written.layers, written.statuses_changed
        report.layers_unchanged = plan.layers_unchanged
        gold = {stored_ids[external]: status for external, status in plan.gold_statuses.items()}
        restore_gold_statuses(session, gold, options.actor)
        report.spans = sum(len(clean.spans) for _, _, clean in plan.layers)
        report.relations = sum(len(clean.relations) for _, _, clean in plan.layers)
        report.annotators = sorted({owner for _, owner, _ in plan.layers if owner is not None})
    return report


def require_layer_import(actor: Actor | None, record: Record) -> None:
    """Raise :class:`Forbidden` if a non-admin's import holds an annotator's layer.

    Such a layer is stored as that annotator's work (an assignment with its status), which
    agreement and review then count as theirs: only an admin may put work in someone's name.
    Documents and gold may come from anyone who may import; ``actor`` None is the command
    line, run by whoever runs the server.
    """
    if actor is None or actor.role == "admin":
        return
    annotated = record.annotated
    if annotated and annotated.get("annotations"):
        raise Forbidden(
            f"only admins may import annotators' layers (record {record.id!r} has"
            " 'annotations'); import the documents and gold alone, or ask an admin"
        )


def read_items(
    project: Project,
    paths: Iterable[Source],
    options: DatasetOptions | None = None,
    format: str | None = None,
) -> Iterator[Item]:
    """Return the items of ``paths`` read as ``format`` (None: each file by its extension).

    :raises Invalid: for an unknown format or a ``--map`` that cannot be read.
    """
    options = options or DatasetOptions()
    mapping = options.mapping()  # read before the files: a map that cannot be read stops here
    if format is None:
        # Its refusals name the options as the face that gave them does.
        return read_paths(paths, replace(options.reading, words=options.words))
    if format not in IMPORT_FORMATS:
        raise Invalid(f"unknown import format {format!r}; use one of {', '.join(IMPORT_FORMATS)}")
    reading = replace(options.reading, words=options.words)
    if reading.columns != CsvColumns():
        # brat and CoNLL files have no CSV columns: a choice made for them would be ignored
        # without a word. Their encoding is read as chosen.
        raise Invalid(
            f"the CSV columns are for files read by their extension, not for "
            f"{options.words.format} {format}: leave them as they are"
        )
    if format == "brat":
        return read_brat(paths, mapping, project.schema, options.annotator, reading)
    return read_conll(paths, mapping, project.schema, reading)


def _taken_ids(
    session: Session,
    project: Project,
    taken: list[str],
    pending: dict[str, _Pending],
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
        problems.append(_problem(pending[external_id].record, message))
    return problems


def _existing_hashes(session: Session, project: Project, ids: list[str]) -> dict[str, str]:
    """Return ``{external_id: content_hash}`` of those ``ids`` the project already has."""
    return by_external_id(session, project, ids, Document.content_hash)


def _store(
    session: Session,
    project: Project,
    docs: list[_Pending],
    report: ImportReport,
    progress: Progress | None,
    given_sentences: dict[str, list[tuple[int, int]]],
) -> None:
    total = len(docs)
    if progress is not None:
        progress(0, total)
    for start in range(0, total, BATCH):
        batch = docs[start : start + BATCH]
        prepared = [_prepare(d, given_sentences.get(d.record.id)) for d in batch]
        store_documents(session, project, prepared)
        report.created += len(batch)
        report.sentences += sum(len(p.sentences) for p in prepared)
        if progress is not None:
            progress(report.created, total)


def _prepare(doc: _Pending, sentences: list[tuple[int, int]] | None) -> PreparedDocument:
    """Prepare a document; sentences that came with an annotated record are kept as given."""
    if sentences is None:
        return prepare_document(doc.record.id, doc.text, doc.record.title, doc.record.meta)
    record = doc.record
    return PreparedDocument(
        record.id, doc.text, record.title, record.meta or {}, doc.hash, list(sentences)
    )


def _where(record: Record) -> str:
    return f"{record.file}:{record.line}" if record.line else record.file


def _problem(record: Record, message: str) -> Problem:
    return Problem(record.file, record.line, message)


def _failure(problems: list[Problem], last: Problem | None = None) -> ImportFailed:
    """Return the refusal of an import with ``problems``; ``last`` (the map's entry that
    matched nothing) follows them, kept even where the details are cut at ``MAX_DETAILS``:
    a thousand spans refused for a misspelt label must still show the entry misspelt."""
    # In input order: files as they were read, lines within a file.
    order: dict[str, int] = {}
    for p in problems:
        order.setdefault(p.file, len(order))
    problems = sorted(problems, key=lambda p: (order[p.file], p.line or 0))
    kept = problems[: MAX_DETAILS - (last is not None)]
    if last is not None:
        problems.append(last)
        kept.append(last)
    count = len(problems)
    if count == 1:
        message = f"nothing was imported: {problems[0]}"
    else:
        message = f"nothing was imported: {counted(count, 'problem')}; the first: {problems[0]}"
    details = [{"file": p.file, "line": p.line, "message": p.message} for p in kept]
    failure = ImportFailed(message, details=details)
    failure.problem_count = count  # type: ignore[attr-defined]
    return failure


def iter_problems(details: list[dict[str, Any]]) -> Iterator[str]:
    """Yield ``FILE:LINE: message`` lines for the details of an :class:`ImportFailed`."""
    for detail in details:
        where = f"{detail['file']}:{detail['line']}" if detail.get("line") else detail["file"]
        yield f"{where}: {detail['message']}"
