"""The records an export writes: the selected documents read a batch at a time
(:mod:`annotator.services.datasets.batches`), each made a ``jsonl`` record (CONTRACT
section 5) with the layers the export's choices keep."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.formats.majority import MAJORITY, compared, majority_layer
from annotator.core.given_targets import TargetTimes
from annotator.models import GOLD, SUGGESTIONS, Project
from annotator.services.datasets.batches import (
    DocumentFilter,
    LoadedDocument,
    count_documents,
    iter_batches,
)
from annotator.services.datasets.export_options import Export, ExportOptions, Progress


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
