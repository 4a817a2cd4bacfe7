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

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.core.formats import FORMAT_NAMES, ExportContext, ExportFormat, get_format
from annotator.core.formats.archive import Member, zip_stream
from annotator.core.formats.majority import MAJORITY
from annotator.core.splits import DEFAULT_SEED, ReleasedSplit, check_seed, read_released_split
from annotator.core.vocabulary import GOLD_STATUSES, check_status
from annotator.core.wording import CountedPhrase
from annotator.models import Project
from annotator.services.datasets.batches import DocumentFilter
from annotator.services.datasets.dataset_splits import (
    check_split_options,
    folder_members,
    plan_splits,
)
from annotator.services.datasets.document_names import named_document_ids
from annotator.services.datasets.export_gold_status import warn_gold_status
from annotator.services.datasets.export_header import dataset_facts, export_meta, meta_file
from annotator.services.datasets.export_layer import check_layer, warn_absent_layer
from annotator.services.datasets.export_left_out import (
    counted_as_written,
    warn_unannotated,
    warnings_before_writing,
)
from annotator.services.datasets.export_older_targets import add_older_targets
from annotator.services.datasets.export_options import Export, ExportOptions, Progress
from annotator.services.datasets.export_records import iter_records
from annotator.services.schema.older_targets import target_times

# Unknown ids listed in an error; the rest are counted.
SHOWN_IDS = 20


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
    warn_unannotated(session, fmt, where, context.warnings)
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
    export.chunks = zip_stream(chain(export.members, [("meta.json", meta_file(meta))]))
    return export


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
