"""Exporting a project's dataset: one service behind the CLI, the API and the export page.

:func:`start_export` checks the choices (format, layer, status, documents) and returns an
:class:`Export` whose ``chunks`` stream the file: documents are read a batch at a time
(:mod:`annotator.services.datasets.batches`), turned into ``jsonl`` records (CONTRACT section
5) and handed to the format's writer (:mod:`annotator.core.formats`), so memory stays flat however
large the project is. For the ``jsonl`` format itself the sentences and each layer's arrays
(spans, relations, labels) come already serialised (:class:`annotator.core.formats.RawJSON`, written
by :mod:`annotator.services.datasets.batch_json`) and are spliced into the lines.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.core.formats import FORMAT_NAMES, ExportContext, ExportFormat, get_format
from annotator.core.formats.archive import Member, zip_stream
from annotator.core.formats.label_fields import label_fields
from annotator.core.formats.majority import MAJORITY, compared, majority_layer
from annotator.core.given_targets import TargetTimes
from annotator.core.splits import DEFAULT_SEED, ReleasedSplit, check_seed, read_released_split
from annotator.core.version import __version__
from annotator.core.vocabulary import GOLD_STATUSES, check_status
from annotator.core.wording import CountedPhrase
from annotator.models import GOLD, SUGGESTIONS, Project
from annotator.services.datasets.batches import (
    DocumentFilter,
    LoadedDocument,
    count_documents,
    iter_batches,
)
from annotator.services.datasets.dataset_splits import (
    SplitPlan,
    check_split_options,
    folder_members,
    plan_splits,
)
from annotator.services.datasets.document_names import named_document_ids
from annotator.services.datasets.export_gold_status import warn_gold_status
from annotator.services.datasets.export_layer import check_layer, warn_absent_layer
from annotator.services.datasets.export_left_out import (
    counted_as_written,
    warnings_before_writing,
)
from annotator.services.datasets.export_older_targets import add_older_targets
from annotator.services.older_targets import target_times

#: ``progress(done, total)`` is called as documents are written.
Progress = Callable[[int, int], None]
# Unknown ids listed in an error; the rest are counted.
SHOWN_IDS = 20


@dataclass
class ExportOptions:
    """What to export: the user's choices, as the CLI, API and page take them."""

    format: str = "jsonl"
    #: ``all``, ``gold``, ``majority``, ``suggestions`` or an annotator's name.
    layer: str = "all"
    #: Keep only annotator layers in this status (documents left with none are dropped).
    status: str | None = None
    #: Keep only documents whose gold has this status: ``final`` (gold to train on),
    #: ``in_review`` or ``open`` (:mod:`annotator.services.gold_state`).
    gold_status: str | None = None
    #: External ids of the documents to export (None: all of them).
    documents: Sequence[str] | None = None
    #: Write a first ``{"_meta": ...}`` line (line-based formats).
    header_line: bool = False
    #: ``train=0.8,dev=0.1,test=0.1``: one file per split, by document (None: one file).
    split: str | None = None
    #: The seed of the split (None: :data:`DEFAULT_SEED`, or the split file's).
    seed: int | None = None
    #: A ``meta`` field whose values never straddle two splits (``outlet``).
    group_by: str | None = None
    #: Count what the format leaves out before the first byte (the export page and the API
    #: send it then, in the ``X-Annotator-Warnings`` header, which the page shows beside its
    #: button); False: as the records are written, for a face that says its warnings after
    #: the file (the command line), reading them once.
    warnings_first: bool = True
    #: Add the suggestions layer to the chosen layers, in a format that keeps a model's work
    #: apart (:attr:`ExportFormat.keeps_suggestions_apart`): Label Studio's annotations and
    #: predictions in one project, one import.
    with_suggestions: bool = False
    #: The text of an earlier split export's ``meta.json``: the documents it lists keep their
    #: split, the others get the rule; its spec, seed and group field are the split's.
    split_from: str | None = None


@dataclass
class Export:
    """A started export: its format, a file name, the header, and the stream of bytes."""

    format: ExportFormat
    filename: str
    meta: dict[str, Any]
    context: ExportContext
    chunks: Iterator[bytes]
    documents: int = 0
    warnings: dict[CountedPhrase, int] = field(default_factory=dict)
    #: A folder export's files (``hf``, or any ``--split``): ``chunks`` is their zip; the
    #: command line writes them into a folder instead. None for a one-file export.
    members: Iterator[Member] | None = None


def start_export(
    session: Session,
    project: Project,
    options: ExportOptions,
    progress: Progress | None = None,
) -> Export:
    """Check ``options`` and return the export, ready to stream.

    A folder export (``hf``, or any format with ``split``) has ``members``, its files, and
    ``chunks``, their zip (:mod:`annotator.services.datasets.dataset_splits`).

    :raises Invalid: an unknown format, layer, status, gold status or document id, a format whose
        optional package is not installed or that cannot write the project's schema (the
        Label Studio config's clashing names), or a bad split (spec, group field, format).
    """
    fmt = get_format(options.format)
    if fmt is None:
        raise Invalid(
            f"unknown format {options.format!r}; choose one of {', '.join(FORMAT_NAMES)}",
            details={"field": "format"},
        )
    missing = fmt.missing_package()
    if missing is not None:
        raise Invalid(
            f"the {fmt.name} format needs the optional package {missing!r}, which this "
            f"server does not have: an admin installs it with {fmt.install_said()}",
            details={"field": "format"},
        )
    if fmt.check_schema is not None:
        fmt.check_schema(project.schema)
    released = None if options.split_from is None else read_released_split(options.split_from)
    spec, seed, group_by = _split_choices(fmt, options, released)
    splits = check_split_options(fmt, spec, group_by)
    check_seed(seed)
    _check_with_suggestions(fmt, options)
    # As the format and the layer are: every choice the export cannot take is one kind of
    # refusal (422 naming its field), for the API, the page's form and the command line.
    if options.status is not None:
        check_status(options.status, refusal=Invalid)
    if options.gold_status is not None:
        check_status(options.gold_status, GOLD_STATUSES, refusal=Invalid, field="gold_status")
    check_layer(session, options.layer)
    where = DocumentFilter(
        project.id,
        _document_ids(session, project, options.documents),
        options.status,
        options.gold_status,
        options.layer,
        unannotated=fmt.writes_unannotated,
    )
    meta = export_meta(project, options)
    # The schema versions, read once per export: the header counts the values given toward
    # an earlier target of their field, and each such value carries its mark.
    times = target_times(session, project.id)
    add_older_targets(session, times, where, meta["label_fields"])
    targets = times if times.changed_fields() else None
    context = ExportContext(
        schema=project.schema, meta=meta, header_line=options.header_line and fmt.line_based
    )
    _warn_unannotated(session, fmt, where, context.warnings)
    warn_absent_layer(session, where, context.warnings)
    # Counted now, said as the others are: before the first byte where the face says them
    # then, else with the writer's after the file (a page's download says none itself).
    gold_warnings: Counter[CountedPhrase] = Counter()
    not_final = warn_gold_status(session, where, gold_warnings)
    if options.warnings_first:
        context.warnings.update(gold_warnings)
    plan = None
    if splits is not None:
        plan = plan_splits(
            session,
            project,
            splits,
            spec or "",
            seed,
            group_by,
            where,
            context.warnings,
            released,
        )
        meta["split"] = plan.describe()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    layer = "" if options.layer == "all" else f"-{options.layer}"
    folder = fmt.folder_writer is not None or plan is not None
    extension = "zip" if folder else fmt.extension
    filename = f"{project.slug}{layer}-{fmt.name}-{stamp}.{extension}"
    export = Export(fmt, filename, meta, context, iter([]))
    # What the format has no room for, and what its writer drops: known before the first
    # byte where a face says it then, else counted as the records are written.
    writing = context
    if options.warnings_first:
        ahead, written_ahead = warnings_before_writing(
            session, project, fmt, context, lambda: iter_records(session, project, options, where)
        )
        context.warnings.update(ahead)
        if written_ahead:  # the writer's own were counted then: not twice
            writing = replace(context, warnings=Counter())

    later: Counter[CountedPhrase] = Counter() if options.warnings_first else gold_warnings

    def counted(records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        if options.warnings_first:
            return records
        return counted_as_written(records, project, fmt, context.warnings)

    # Arrays as JSON text only where the writer is jsonl's and no layer is computed from them.
    raw_spans = fmt.name == "jsonl" and options.layer != MAJORITY
    # Spans as tuples where the writer reads them so and no layer is computed from them.
    span_rows = fmt.reads_span_rows and options.layer != MAJORITY
    if not folder:
        records = iter_records(
            session, project, options, where, progress, export, raw_spans, span_rows, targets
        )
        export.chunks = _finish(fmt.writer(counted(records), writing), export, later)
        return export
    if fmt.folder_writer is not None:
        context.dataset = dataset_facts(session, project, plan)
        if not_final is not None and not_final.documents:
            context.dataset["gold_not_final"] = not_final.as_card()

    def records_of(part: DocumentFilter) -> Iterator[dict[str, Any]]:
        return counted(
            iter_records(
                session, project, options, part, None, export, raw_spans, span_rows, targets
            )
        )

    export.members = _finish_members(
        folder_members(fmt, writing, plan, where, records_of), export, later
    )
    # The zip (the API's and the page's download) carries the whole header, each split's
    # documents and all, as the command line's FILE.meta.json does.
    export.chunks = zip_stream(chain(export.members, [("meta.json", _meta_file(meta))]))
    return export


def _meta_file(meta: dict[str, Any]) -> Iterator[bytes]:
    yield (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def header_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Return the header as an HTTP header carries it: without the lists of ids that grow
    with the corpus, each split's documents (in the zip's ``meta.json``) and the documents
    asked for by name (``filters.documents``, counted as ``filters.documents_count``; the
    ``_meta`` line of ``header=1`` and the zip's ``meta.json`` keep them). 3,000 named
    documents made a 52 KB header, past what many proxies and clients take."""
    said = dict(meta)
    split = meta.get("split")
    if isinstance(split, dict) and "ids" in split:
        said["split"] = {k: v for k, v in split.items() if k != "ids"}
    filters = meta.get("filters")
    if isinstance(filters, dict) and isinstance(filters.get("documents"), list):
        kept = {k: v for k, v in filters.items() if k != "documents"}
        said["filters"] = kept | {"documents_count": len(filters["documents"])}
    return said


def unannotated_left_out(format_name: str) -> CountedPhrase:
    """Return the warning for the documents with no layer at all that a format holding
    layers only leaves out (jsonl and Label Studio write them as bare texts)."""
    return CountedPhrase(
        f"document with no layer (nobody assigned, nothing annotated) not written: "
        f"{format_name} holds annotated documents only",
        f"documents with no layer (nobody assigned, nothing annotated) not written: "
        f"{format_name} holds annotated documents only",
    )


def _warn_unannotated(
    session: Session, fmt: ExportFormat, where: DocumentFilter, warnings: Counter[CountedPhrase]
) -> None:
    """Count the selected documents the format leaves out for having no layer at all."""
    if where.unannotated or where.layer != "all":
        return  # another layer choice leaves out what has none of its layer, as asked
    connection = session.connection()
    bare = count_documents(connection, replace(where, unannotated=True))
    bare -= count_documents(connection, where)
    if bare:
        warnings[unannotated_left_out(fmt.name)] += bare


def _split_choices(
    fmt: ExportFormat, options: ExportOptions, released: ReleasedSplit | None
) -> tuple[str | None, int, str | None]:
    """Return the split's spec, seed and group field: the options', or the split file's.

    :raises Invalid: an option that differs from the split file's.
    """
    if released is None:
        seed = DEFAULT_SEED if options.seed is None else options.seed
        return options.split, seed, options.group_by
    given_group = (options.group_by or "").strip() or None
    if options.split is not None and check_split_options(fmt, options.split, None) != (
        released.splits
    ):
        raise Invalid(
            f"the split file's split is {released.spec}: leave the split out to reuse it",
            details={"field": "split"},
        )
    if options.seed is not None and options.seed != released.seed:
        raise Invalid(
            f"the split file's seed is {released.seed}: leave the seed out to reuse it",
            details={"field": "seed"},
        )
    if given_group is not None and given_group != released.group_by:
        raise Invalid(
            f"the split file groups by {released.group_by or 'no meta field'}: "
            "leave the group field out to reuse it",
            details={"field": "group_by"},
        )
    return released.spec, released.seed, released.group_by


def dataset_facts(session: Session, project: Project, plan: SplitPlan | None) -> dict[str, Any]:
    """Return what a dataset card states beyond the header: licence, agreement, split."""
    # Imported here: the report's measures need NumPy, which only this format's card uses.
    from annotator.services.agreement.report import agreement_report

    return {
        "license": project.schema.get("license", ""),
        "agreement": agreement_report(session, project),
        "split": None if plan is None else plan.describe(),
    }


def warnings_said(warnings: Mapping[CountedPhrase, int]) -> list[str]:
    """Return counted warnings as sentences, in one order for the CLI and the API alike."""
    ordered = sorted(warnings.items(), key=lambda item: item[0].many)
    return [what.said(count) for what, count in ordered]


def _finish_members(
    members: Iterator[Member], export: Export, later: Counter[CountedPhrase]
) -> Iterator[Member]:
    yield from members
    export.warnings = dict(export.context.warnings + later)


def _finish(
    chunks: Iterator[bytes], export: Export, later: Counter[CountedPhrase]
) -> Iterator[bytes]:
    yield from chunks
    export.warnings = dict(export.context.warnings + later)


def export_meta(project: Project, options: ExportOptions) -> dict[str, Any]:
    """Return the header of an export: which project, schema version, layers and filters,
    and what each label field's values mean (its target and description)."""
    meta = {
        "project": project.slug,
        "name": project.name,
        "schema_version": project.schema_version,
        "format": options.format,
        "layer": options.layer,
        "filters": {
            "status": options.status,
            "gold_status": options.gold_status,
            "documents": None if options.documents is None else list(options.documents),
        },
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "annotator_version": __version__,
        "label_fields": label_fields(project.schema),
    }
    if options.with_suggestions:
        meta["with_suggestions"] = True
    return meta


def _check_with_suggestions(fmt: ExportFormat, options: ExportOptions) -> None:
    if not options.with_suggestions or fmt.keeps_suggestions_apart:
        return
    apart = [name for name in FORMAT_NAMES if get_format(name).keeps_suggestions_apart]  # type: ignore[union-attr]
    raise Invalid(
        f"the {fmt.name} format cannot keep the suggestions apart from the annotators' work; "
        f"export them with the layer 'suggestions', or choose {' or '.join(apart)}",
        details={"field": "with_suggestions"},
    )


def _document_ids(
    session: Session, project: Project, external_ids: Sequence[str] | None
) -> list[int] | None:
    if external_ids is None:
        return None
    return named_document_ids(session, project, external_ids, shown=SHOWN_IDS)


def iter_records(
    session: Session,
    project: Project,
    options: ExportOptions,
    where: DocumentFilter,
    progress: Progress | None = None,
    export: Export | None = None,
    raw_spans: bool = False,
    span_rows: bool = False,
    targets: TargetTimes | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield the ``jsonl`` records of the selected documents, a batch read at a time.

    With ``raw_spans`` the ``sentences`` and each layer's arrays are serialised JSON
    (:class:`annotator.core.formats.RawJSON`), for :func:`annotator.core.formats.dumps_record`;
    with ``span_rows`` each layer's spans are :class:`annotator.core.formats.SpanRows`, for
    a writer that reads them (:attr:`annotator.core.formats.ExportFormat.reads_span_rows`);
    with ``targets`` (the project's, when a field's target changed) each label value given
    toward an earlier target carries ``given_toward``.
    """
    connection = session.connection()
    total = count_documents(connection, where) if progress is not None else 0
    done = 0
    if progress is not None:
        progress(0, total)
    suggestions = options.layer == SUGGESTIONS or options.with_suggestions
    batches = iter_batches(
        connection,
        where,
        raw_spans=raw_spans,
        suggestions=suggestions,
        span_rows=span_rows,
        gold_sources=True,
        targets=targets,
    )
    for batch in batches:
        for document in batch:
            if export is not None:
                export.documents += 1
            yield build_record(project.slug, document, options)
        done += len(batch)
        if progress is not None:
            progress(done, total)


def build_record(slug: str, document: LoadedDocument, options: ExportOptions) -> dict[str, Any]:
    """Return one document's record with the layers the export's choices keep.

    Which documents have a layer to write is the selection's rule, stated once in SQL
    (:class:`annotator.services.datasets.batches.DocumentFilter`'s ``layer`` and ``status``),
    so that split headers count what their files hold; here only which layers of a selected
    document go into its record.
    """
    layers = [
        payload
        for status, payload in document.layers.values()
        if options.status is None or status == options.status
    ]
    gold = document.gold
    choice = options.layer
    if choice == GOLD:
        layers = []
    elif choice == SUGGESTIONS:
        # Never gold: the suggestions layer alone, as an annotations[] item (CONTRACT 11).
        layers, gold = ([document.suggestions] if document.suggestions else []), None
    elif choice == MAJORITY:
        voters = [
            payload
            for status, payload in document.layers.values()
            if (options.status is None or status == options.status) and compared(status, payload)
        ]
        layers, gold = [majority_layer(voters, document.text)], None
    elif choice != "all":
        layers = [layer for layer in layers if layer["annotator"] == choice]
        gold = None
    if options.with_suggestions and choice != SUGGESTIONS and document.suggestions:
        layers = [*layers, document.suggestions]
    return {
        "id": document.external_id,
        "project": slug,
        "title": document.title,
        "meta": document.meta,
        "text": document.text,
        "sentences": document.sentences,
        "annotations": layers,
        "gold": gold,
    }
