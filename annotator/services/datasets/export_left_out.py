"""What an export's format leaves out, counted before the first byte.

A format that has no room for some part of the layers (brat's sentence and document labels,
CoNLL's relations...) says which in :attr:`annotator.core.formats.ExportFormat.left_out`.
:func:`left_out_warnings` reads the export's records once before they are written and counts
those parts, so that the warnings are known before the file starts: the command line says them
after the file as it says the others, and the export page and the API with the download's
headers (``X-Annotator-Warnings``, which the page shows beside its button), which only carry
what is known by then.

That reading costs as much again as the export's own (a third of a brat export's CPU time at
100,000 spans), so it is skipped when the project can hold nothing the format leaves out: no
label field, relation type or span attribute in its schema, and no note on a span, a relation
or a document; and a face that says its warnings after the file (the command line) counts them
as the records are written instead (:func:`counted_as_written`), reading them once.

The documents a format holding layers only leaves out for having none are counted in SQL
(:func:`warn_unannotated`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from annotator.core.formats import ExportContext, ExportFormat, layers_of
from annotator.core.formats.left_out import Tally
from annotator.core.wording import CountedPhrase
from annotator.models import Document, DocumentNote, Layer, Project, Relation, Span
from annotator.services.datasets.batches import DocumentFilter, count_documents


def left_out_warnings(
    session: Session,
    project: Project,
    fmt: ExportFormat,
    records: Callable[[], Iterable[dict[str, Any]]],
) -> Counter[CountedPhrase]:
    """Return what ``fmt`` leaves out of the export's ``records``, as counted warnings.

    :param records: reads the export's records again (the same documents and layers).
    """
    if fmt.left_out is None and fmt.left_out_of_document is None:
        return Counter()
    if fmt.left_out_of_document is None and not _may_hold_any(session, project):
        return Counter()
    warnings: Counter[CountedPhrase] = Counter()
    for _ in counted_as_written(records(), project, fmt, warnings):
        pass
    return warnings


def warnings_before_writing(
    session: Session,
    project: Project,
    fmt: ExportFormat,
    context: ExportContext,
    records: Callable[[], Iterable[dict[str, Any]]],
) -> tuple[Counter[CountedPhrase], bool]:
    """Return what the export will warn of, known before its first byte, and whether that
    holds what the format's writer says as it writes.

    A format with room for less than a layer holds and a writer of its own (not a folder's)
    is written once over the records with its bytes thrown away: what the writer drops as it
    writes (CoNLL's span nested in another, brat's span trimmed to its text) is counted with
    what the format has no room for, as the export page warns before the download and the
    API's header before the body. That costs the export's own CPU once more (the command line,
    which says its warnings after the file, skips it). A folder's format (hf) is counted by
    what it has no room for only.

    :param records: reads the export's records again (the same documents and layers).
    """
    if fmt.left_out is None and fmt.left_out_of_document is None:
        return Counter(), False
    if fmt.folder_writer is not None:
        return left_out_warnings(session, project, fmt, records), False
    scratch = replace(context, warnings=Counter())
    for _ in fmt.writer(counted_as_written(records(), project, fmt, scratch.warnings), scratch):
        pass
    return scratch.warnings, True


def counted_as_written(
    records: Iterable[dict[str, Any]],
    project: Project,
    fmt: ExportFormat,
    warnings: Counter[CountedPhrase],
) -> Iterator[dict[str, Any]]:
    """Pass the export's ``records`` on, counting what ``fmt`` leaves out of them; the count
    goes into ``warnings`` once the last record has been passed on."""
    left_out, of_document = fmt.left_out, fmt.left_out_of_document
    if left_out is None and of_document is None:
        yield from records
        return
    tally = Tally.empty()
    for record in records:
        if of_document is not None:
            tally.add(of_document(record))
        if left_out is not None:
            for layer in layers_of(record):
                tally.add(left_out(layer, project.schema))
        yield record
    warnings.update(tally.said(fmt.name))


def _may_hold_any(session: Session, project: Project) -> bool:
    """Tell whether the project's layers may hold a label value, relation, attribute or note
    (a span's, a relation's, or an annotator's on the document)."""
    schema: Mapping[str, Any] = project.schema
    if schema.get("sentence_labels") or schema.get("document_labels"):
        return True
    if schema.get("relation_types"):
        return True
    if any(label.get("attributes") for label in schema.get("span_labels") or []):
        return True
    # A note comes from another tool (brat's #), whatever the schema; an annotator's note
    # on the document from the workspace.
    in_project = (
        select(Layer.id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id)
    )
    documents = select(Document.id).where(Document.project_id == project.id)
    says_something = or_(DocumentNote.note != "", DocumentNote.unsure.is_(True))
    noted = or_(
        exists().where(Span.layer_id.in_(in_project), Span.note.is_not(None)),
        exists().where(Relation.layer_id.in_(in_project), Relation.note.is_not(None)),
        exists().where(DocumentNote.document_id.in_(documents), says_something),
    )
    return bool(session.scalar(select(noted)))


def unannotated_left_out(format_name: str) -> CountedPhrase:
    """Return the warning for the documents with no layer at all that a format holding
    layers only leaves out (jsonl and Label Studio write them as bare texts)."""
    return CountedPhrase(
        f"document with no layer (nobody assigned, nothing annotated) not written: "
        f"{format_name} holds annotated documents only",
        f"documents with no layer (nobody assigned, nothing annotated) not written: "
        f"{format_name} holds annotated documents only",
    )


def warn_unannotated(
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
