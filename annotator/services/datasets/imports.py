"""Importing documents: all or nothing per run, in bulk.

Every record is checked first (format problems, duplicate ids, ids already in the project
with another text); if anything is wrong, :class:`ImportFailed` lists every problem with its
file and line and nothing is stored (:mod:`~annotator.services.datasets.import_refusal`).
Only then are the new documents split into sentences and inserted, with one multi-row
``INSERT`` per batch for documents and one for sentences
(:mod:`~annotator.services.datasets.new_documents`). What was read comes from
:mod:`~annotator.services.datasets.import_sources`; what was done is an
:class:`~annotator.services.datasets.import_report.ImportReport`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.caller import Actor
from annotator.core.errors import Forbidden, ImportFailed
from annotator.core.formats.label_map import nothing_to_map
from annotator.core.formats.readers import (
    Item,
    Notice,
    Problem,
    Record,
    Skipped,
    Tally,
    records_from_objects,
)
from annotator.core.formats.records import Source
from annotator.core.formats.texts_only import without_layers
from annotator.core.text import content_hash, normalise_text
from annotator.db import AppSession
from annotator.models import Document, Project
from annotator.services.datasets.annotated_import import check_datasets
from annotator.services.datasets.dataset_plan import EMPTIED, word_cut_warnings
from annotator.services.datasets.documents import by_external_id
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.import_refusal import failure, problem_at, where
from annotator.services.datasets.import_report import ImportReport
from annotator.services.datasets.import_required import imported_blank_warnings
from annotator.services.datasets.import_sources import read_items
from annotator.services.datasets.new_documents import (
    Pending,
    Progress,
    existing_hashes,
    store_new,
    taken_ids,
)
from annotator.services.datasets.same_texts import (
    NewText,
    same_text_skipped,
    same_text_warnings,
    same_texts,
)
from annotator.services.datasets.store import store_datasets
from annotator.services.gold.state import restore_gold_statuses


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
    reads the paths as another tool's corpus instead
    (:mod:`~annotator.services.datasets.import_sources`).

    :raises Invalid: for an unknown format or a label map that cannot be read.
    :raises Forbidden: a non-admin's files hold annotators' layers (see :func:`import_items`).
    :raises ImportFailed: listing every problem; nothing is stored then.
    """
    items = read_items(project, paths, options, format)
    # A corpus's reader maps its labels itself (brat's events need the map as they are read).
    report = import_items(session, project, items, progress, options, mapped=format is not None)
    if report.documents == 0 and not report.same_texts_skipped:
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
    pending: dict[str, Pending] = {}
    annotated: list[Record] = []
    # The files in the order they were read, for the refusal's order: a reader says some
    # problems only at its end (names it refused across the whole run, counted).
    read: dict[str, None] = {}
    # A document is counted once however many records name it: doccano's export writes a
    # line per document and layer, which were counted as more documents, unchanged.
    for item in items:
        if isinstance(item, Problem | Skipped | Record):
            read.setdefault(item.file)
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
            new = Pending(item, text, content_hash(text))
            seen = pending.get(item.id)
            if seen is None:
                pending[item.id] = new
            elif seen.hash != new.hash:
                first = where(seen.record)
                problems.append(problem_at(item, f"id {item.id!r} has another text at {first}"))

    session.flush()
    existing = existing_hashes(session, project, list(pending))
    to_create: list[Pending] = []
    taken: list[str] = []  # ids the project has with another text
    for external_id, doc in pending.items():
        stored = existing.get(external_id)
        if stored is None:
            to_create.append(doc)
        elif stored == doc.hash:
            report.unchanged += 1
        else:
            taken.append(external_id)
    problems += taken_ids(session, project, taken, pending, options.words)
    same = same_texts(session, project, [NewText(doc.record, doc.hash) for doc in to_create])
    if options.skip_same_texts and same:
        # Left out before their annotations are checked: none of it is stored.
        repeats = {s.new.record.id for s in same}
        to_create = [doc for doc in to_create if doc.record.id not in repeats]
        annotated = [record for record in annotated if record.id not in repeats]
        for external_id in repeats:
            del pending[external_id]
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
        problems.append(problem_at(opening, nothing_to_map(options.words)))
    if problems:
        raise failure(problems, map_problem, read)
    if plan is not None:
        report.warnings += word_cut_warnings(plan.word_cuts)
    if not options.skip_same_texts:
        report.warnings += same_text_warnings(same)

    store_new(session, project, to_create, report, progress, plan.sentences if plan else {})
    stored_ids = by_external_id(session, project, list(pending), Document.id)
    report.ids = {external_id: stored_ids[external_id] for external_id in pending}
    if options.skip_same_texts:
        report.skipped += same_text_skipped(same, stored_ids)
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
        report.warnings += imported_blank_warnings(session, project, plan, stored_ids)
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
