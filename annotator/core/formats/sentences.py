"""The ``sentences`` format: one line per sentence and layer (CONTRACT section 9).

``{"doc_id", "sentence", "text", "start", "end", "annotator", "status", "spans", "labels",
"document_labels"}``: ``start`` and ``end`` place the sentence in its document, ``status`` is
its layer's; ``spans`` are the spans that start in the sentence, with offsets relative to it
(each with its ``note`` and ``suggested`` when it has them, as in ``jsonl``). A span that runs
past the end of its sentence is cut at that end (its ``text`` too) and counted in a warning, as
is a span that starts in the whitespace between two sentences (left out); ``labels`` maps each
sentence label field to its value, and ``document_labels`` each document label field of the
same layer (a document's stance or genre, on every one of its rows, so that a classifier
trained on sentences can be given it or judged by it without joining the jsonl export back);
so do the document's ``title`` and ``meta`` (JSON text, as ``hf`` writes it:
:func:`annotator.core.formats.meta_text`).
A field that takes each document's target from its meta (``target_from``) has that target
beside its value, in ``targets`` (or ``document_targets``), so that a model can be trained on
(text, target, stance); a field with one target for all has it in the header alone.
A value accepted from a suggestion has its ``{model, score}`` under its field in
``labels_suggested`` (or ``document_labels_suggested``), keys there only when some has.
Relations are not written (one may join spans of two sentences): the export warns of them,
counted by type.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from annotator.core.document_targets import row_targets
from annotator.core.formats import (
    SPAN_ROW_EXTRAS,
    ExportContext,
    ExportFormat,
    Record,
    dumps,
    json_lines,
    layers_of,
    meta_text,
)
from annotator.core.formats.left_out import DOCUMENT_NOTES, RELATIONS, parts
from annotator.core.shapes import provenance
from annotator.core.wording import CountedPhrase

CLIPPED = CountedPhrase(
    "span cut at the end of its sentence", "spans cut at the end of their sentence"
)
BETWEEN = CountedPhrase(
    "span left out: it starts between two sentences",
    "spans left out: they start between two sentences",
)


def sentence_rows(record: Record, context: ExportContext | None = None) -> Iterator[dict[str, Any]]:
    """Yield the sentence rows of one export record."""
    text = record["text"]
    sentences = record["sentences"]
    for layer in layers_of(record):
        spans: list[list[dict[str, Any]]] = [[] for _ in sentences]
        for span in layer["spans"]:
            index = span["sentence"]
            if not 0 <= index < len(sentences):
                continue
            s = sentences[index]
            if span["start"] >= s["end"]:
                # It starts in the gap after its sentence (only whitespace lies there).
                if context is not None:
                    context.warnings[BETWEEN] += 1
                continue
            end = min(span["end"], s["end"])
            if end != span["end"] and context is not None:
                context.warnings[CLIPPED] += 1
            spans[index].append(
                {
                    "id": span["id"],
                    "label": span["label"],
                    "start": span["start"] - s["start"],
                    "end": end - s["start"],
                    "text": text[span["start"] : end],
                    "attributes": span["attributes"],
                }
                # Where it came from (CONTRACT section 11), and its note, as in jsonl.
                | {key: span[key] for key in SPAN_ROW_EXTRAS if key in span}
            )
        labels: list[dict[str, Any]] = [{} for _ in sentences]
        suggested: list[dict[str, Any]] = [{} for _ in sentences]
        for label in layer["sentence_labels"]:
            if 0 <= label["sentence"] < len(sentences):
                labels[label["sentence"]][label["name"]] = label["value"]
                _note_provenance(suggested[label["sentence"]], label)
        document_labels = {label["name"]: label["value"] for label in layer["document_labels"]}
        document_suggested: dict[str, Any] = {}
        for label in layer["document_labels"]:
            _note_provenance(document_suggested, label)
        targets = _targets(record, context)
        # The document's own fields on each of its rows, as its labels are: a model judged by
        # outlet, or a split grouped by it, needs no join back to the jsonl export.
        title, meta = record.get("title"), meta_text(record)
        for s in sentences:
            i = s["index"]
            row = {
                "doc_id": record["id"],
                "sentence": i,
                "text": text[s["start"] : s["end"]],
                "start": s["start"],
                "end": s["end"],
                "annotator": layer["annotator"],
                "status": layer["status"],
                "spans": spans[i],
                "labels": labels[i],
                "document_labels": document_labels,
                "title": title,
                "meta": meta,
            }
            # Where an accepted label value came from (CONTRACT 11), beside the bare values.
            if suggested[i]:
                row["labels_suggested"] = suggested[i]
            if document_suggested:
                row["document_labels_suggested"] = document_suggested
            row |= targets
            yield row


def _targets(record: Record, context: ExportContext | None) -> dict[str, Any]:
    """Return the targets a row carries beside its values: ``targets`` (sentence fields) and
    ``document_targets`` (document fields), each field that takes each document's own target
    from its meta by name, and only when the schema has such a field (a target for all is in
    the header)."""
    if context is None:
        return {}
    meta = record.get("meta")
    found = {
        key: row_targets(context.schema, kind, meta)
        for key, kind in (("targets", "sentence"), ("document_targets", "document"))
    }
    return {key: targets for key, targets in found.items() if targets}


def _note_provenance(found: dict[str, Any], label: dict[str, Any]) -> None:
    """Add ``label``'s ``{model, score}`` to ``found`` under its field, when it has one."""
    given = provenance(label)
    if given is not None:
        found[label["name"]] = given


def write(records: Iterable[Record], context: ExportContext) -> Iterator[bytes]:
    """Yield one JSON line per sentence and layer."""
    rows = (row for record in records for row in sentence_rows(record, context))
    return json_lines((dumps(row) + "\n" for row in rows), context)


FORMAT = ExportFormat(
    name="sentences",
    extension="jsonl",
    mimetype="application/x-ndjson",
    description="One sentence per line and layer, with sentence-relative spans and its labels",
    writer=write,
    line_based=True,
    # A row is a sentence; a relation may join spans of two (and its note goes with it).
    left_out=lambda layer, schema: parts(layer, RELATIONS, DOCUMENT_NOTES),
)
