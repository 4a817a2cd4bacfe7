"""The ``brat`` format: a zip of brat standoff files, one folder per layer.

A layer's folder is its annotator's username as it is (``ольга/``), or ``gold``
(:mod:`annotator.core.formats.brat.folders`). ``<layer>/<document>.txt`` holds the text and
``<layer>/<document>.ann`` its annotations:
``T`` lines for spans (a span holding line breaks is split into fragments around them, as
brat requires: :func:`fragments`), ``A`` lines for span attributes (one line per value of a
multi-valued one), ``R`` lines for relations.
``annotation.conf`` at the top declares the labels, relation types
and attributes so that brat can open the folder, and ``meta.json`` says how the export was
made. ``<layer>/status.json`` gives each document's status in that layer (``{"doc-7":
"in_progress"}``, by file name without ``.txt``; gold's is its review status), which brat has
no room for and passes by, so that a re-import gives the statuses back. Offsets are code
points, as in brat. brat has no sentence or document labels: those are not written, and the
export warns of them, counted by field (:func:`left_out`). A span's
``note`` (the ``#`` notes a brat import kept on it, one a line) is written back as ``#`` lines
on its ``T`` line. A document id becomes a file name by the rule the layer folders follow
(:mod:`annotator.core.formats.file_names`: the letters of every script kept, what a file
system refuses made ``_``); two ids that a file system would take for one file (``Doc`` and
``doc``) get ``-2``, ``-3``..., and ``meta.json`` names the id of every file named otherwise,
so that an import gives each document its id back.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from annotator.core.formats import LINE_BREAKS, ExportContext, ExportFormat, Record, layers_of
from annotator.core.formats.archive import Sink
from annotator.core.formats.brat.files import (
    META_FILE,
    STATUS_FILE,
    document_title,
    id_stem,
    status_json,
)
from annotator.core.formats.brat.folders import LayerFolders
from annotator.core.formats.file_names import UniqueNames, portable_name
from annotator.core.formats.left_out import (
    DOCUMENT_LABELS,
    DOCUMENT_NOTES,
    SENTENCE_LABELS,
    TITLES,
    Item,
    document_fields,
    parts,
)
from annotator.core.label_schema import entry_names
from annotator.core.shapes import provenance
from annotator.core.wording import CountedPhrase

# A brat fragment's text is written on the item's line, so it cannot hold a line break.
TRIMMED = CountedPhrase(
    "span whose line breaks at the start or end were left out (brat cannot hold them)",
    "spans whose line breaks at the start or end were left out (brat cannot hold them)",
)
ONLY_LINE_BREAKS = CountedPhrase(
    "span left out because it holds nothing but line breaks",
    "spans left out because they hold nothing but line breaks",
)
RELATIONS_LEFT_OUT = CountedPhrase(
    "relation left out because a span it joins was left out",
    "relations left out because a span they join was left out",
)


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the pieces of ``[start, end)`` between line breaks (brat's discontinuous spans).

    A line break is any character ``str.splitlines()`` ends a line at (:data:`LINE_BREAKS`:
    U+2028, NEL, ``\v`` and ``\x1c`` too), for a ``T`` line holding one raw reads as two
    lines to brat and to any reader of lines. A span of nothing but line breaks has no
    piece: ``[]``.
    """
    pieces, begin = [], start
    for i in range(start, end + 1):
        if i == end or text[i] in LINE_BREAKS:
            if i > begin:
                pieces.append((begin, i))
            begin = i + 1
    return pieces


def ann_text(record: Record, layer: dict[str, Any], warnings: Counter[CountedPhrase]) -> str:
    """Return the ``.ann`` file of one layer of one document.

    What brat cannot hold (line breaks at a span's ends, a span of nothing but line breaks
    and the relations joining it) is left out and counted in ``warnings``.
    """
    text = record["text"]
    lines: list[str] = []
    numbers: dict[Any, int] = {}
    attribute = note = 0
    n = 0
    for span in layer["spans"]:
        pieces = fragments(text, span["start"], span["end"])
        if not pieces:
            warnings[ONLY_LINE_BREAKS] += 1
            continue
        if (pieces[0][0], pieces[-1][1]) != (span["start"], span["end"]):
            warnings[TRIMMED] += 1
        n += 1
        numbers[span["id"]] = n
        where = ";".join(f"{s} {e}" for s, e in pieces)
        shown = " ".join(text[s:e] for s, e in pieces)
        lines.append(f"T{n}\t{span['label']} {where}\t{shown}")
        for name, value in span["attributes"].items():
            for item in value if isinstance(value, list) else [value]:
                attribute += 1
                lines.append(f"A{attribute}\t{name} T{n} {item}")
        suggested = provenance(span)
        if suggested is not None:  # brat's note on an annotation: where it came from
            note += 1
            lines.append(
                f"#{note}\tAnnotatorNotes T{n}\tsuggested model={suggested['model']} "
                f"score={suggested['score']}"
            )
        for kept in (span.get("note") or "").splitlines():  # the annotator's own notes
            note += 1
            lines.append(f"#{note}\tAnnotatorNotes T{n}\t{' '.join(kept.split())}")
    for n, relation in enumerate(layer["relations"], start=1):
        source, target = numbers.get(relation["from"]), numbers.get(relation["to"])
        if not (source and target):
            warnings[RELATIONS_LEFT_OUT] += 1
        else:
            lines.append(f"R{n}\t{relation['type']} Arg1:T{source} Arg2:T{target}")
            suggested = provenance(relation)
            if suggested is not None:
                note += 1
                lines.append(
                    f"#{note}\tAnnotatorNotes R{n}\tsuggested model={suggested['model']} "
                    f"score={suggested['score']}"
                )
            for kept in (relation.get("note") or "").splitlines():  # as a span's
                note += 1
                lines.append(f"#{note}\tAnnotatorNotes R{n}\t{' '.join(kept.split())}")
    return "".join(line + "\n" for line in lines)


def annotation_conf(schema: dict[str, Any]) -> str:
    """Return brat's ``annotation.conf`` for a label schema."""
    lines = ["[entities]"]
    lines += entry_names(schema, "span_labels")
    lines.append("[relations]")
    for relation in schema.get("relation_types", []):
        lines.append(
            f"{relation['name']}\tArg1:{'|'.join(relation['from'])}, "
            f"Arg2:{'|'.join(relation['to'])}"
        )
    lines += [
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "[events]",
        "[attributes]",
    ]
    for label in schema.get("span_labels", []):
        for attribute in label.get("attributes", []):
            values = "|".join(attribute["values"])
            lines.append(f"{attribute['name']}\tArg:{label['name']}, Value:{values}")
    return "\n".join(lines) + "\n"


def file_base(document_id: str) -> str:
    """Return the name (without extension) of a document's files when no other document
    takes it: its id (less a ``.txt`` it ends with, :func:`id_stem`) made a portable file
    name."""
    return portable_name(id_stem(document_id))


def write(records: Iterable[Record], context: ExportContext) -> Iterator[bytes]:
    """Yield a zip archive of brat files, piece by piece; each layer folder's
    :data:`STATUS_FILE` and the :data:`META_FILE` last, once the documents are known."""
    sink = Sink()
    # One name per document in every folder, none that a file system takes for another:
    # an import reads the same name in two folders as one document.
    names = UniqueNames()
    file_names: dict[str, str] = {}  # a file name that is not its document's id: the id
    folders = LayerFolders()
    statuses: dict[str, dict[str, str]] = {}
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("annotation.conf", annotation_conf(context.schema))
        yield sink.drain()
        for record in records:
            document_id = str(record["id"])
            base = names.take(id_stem(document_id))
            if base != document_id:
                file_names[base] = document_id
            for layer in layers_of(record):
                folder = folders.folder(layer["annotator"])
                if layer.get("status") is not None:
                    statuses.setdefault(folder, {})[base] = layer["status"]
                archive.writestr(f"{folder}/{base}.txt", record["text"])
                archive.writestr(f"{folder}/{base}.ann", ann_text(record, layer, context.warnings))
                yield sink.drain()
        for folder, by_document in statuses.items():
            archive.writestr(f"{folder}/{STATUS_FILE}", status_json(by_document))
        meta = context.meta | ({"file_names": file_names} if file_names else {})
        meta |= {"annotators": folders.renamed()} if folders.renamed() else {}
        archive.writestr(META_FILE, json.dumps(meta, ensure_ascii=False, indent=1))
    yield sink.drain()


def left_out(layer: Mapping[str, Any], schema: Mapping[str, Any]) -> Iterator[Item]:
    """Yield what brat has no room for: every sentence and document label value, and the
    annotator's note on the document."""
    return parts(layer, SENTENCE_LABELS, DOCUMENT_LABELS, DOCUMENT_NOTES)


def left_out_of_document(record: Mapping[str, Any]) -> Iterator[Item]:
    """Yield what brat has no room for of a document: its meta's fields, and its title
    unless a brat import gives it back (:func:`document_title`)."""
    for item in document_fields(record):
        kind, _ = item
        if kind is not TITLES or record["title"] != document_title(record["id"], record["text"]):
            yield item


FORMAT = ExportFormat(
    name="brat",
    extension="zip",
    mimetype="application/zip",
    description="brat standoff: a zip of .txt and .ann (T, R and A lines) per document and layer",
    writer=write,
    left_out=left_out,
    left_out_of_document=left_out_of_document,
)
