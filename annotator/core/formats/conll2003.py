"""The ``conll-2003`` format: CoNLL-2003 NER columns, as other tools read them unchanged.

Per document and layer::

    -DOCSTART- -X- O O

    Officials _ _ B-SOURCE
    said _ _ B-CUE
    ...

a blank line after the ``-DOCSTART-`` line and after each sentence. Four columns separated by
one space: the token, a part-of-speech and a chunk column we have nothing for (``_``), and the
BIO (IOB2) tag last. The tokens and tags are those of our ``conll`` export
(:mod:`annotator.core.formats.conll_tags`): a span widened to the tokens it touches, one
overlapping a span already tagged left out (BIO cannot nest), each counted in the same
warnings.

The ``-DOCSTART-`` line is spaCy's (``python -m spacy convert -c ner`` splits documents at
that very text; CoNLL-2003's own ``-DOCSTART- -X- -X- O`` is no delimiter to it, so it would
read a token ``-DOCSTART-`` and group sentences by tens instead), and it starts with
``-DOCSTART-`` as every other reader of these files looks for. There are no comment lines and
no escaping: a token ``#`` is written as it is, since a CoNLL-2003 reader takes every line for
tokens (our ``conll`` export's ``\\#`` would be read as the token ``\\#``).

Bare tokens have no room for anything but the spans' labels: a document's id, title, meta and
exact text (its spacing, so every offset), a layer's annotator and status (a document with
several layers comes once for each, none named), label values, attributes, relations, notes and
where a span came from are not written, and the export warns of each, counted
(:func:`left_out`, :func:`left_out_of_document`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from annotator.core.formats import ExportContext, ExportFormat, Record, chunked
from annotator.core.formats.conll_tags import tagged_layers
from annotator.core.formats.left_out import (
    ATTRIBUTES,
    DOCUMENT_IDS,
    DOCUMENT_LABELS,
    DOCUMENT_NOTES,
    EXACT_TEXTS,
    LAYERS,
    NOTES,
    RELATIONS,
    SENTENCE_LABELS,
    SPAN_PROVENANCE,
    Item,
    document_fields,
    parts,
)
from annotator.core.shapes import provenance

#: The line before each document: spaCy's document delimiter, exactly.
DOCSTART = "-DOCSTART- -X- O O"
#: The part-of-speech and chunk columns, which we have nothing for.
NO_VALUE = "_"


def left_out(layer: Mapping[str, Any], schema: Mapping[str, Any]) -> Iterator[Item]:
    """Yield what bare tokens have no room for in a layer: everything but its spans' labels
    and places, and the layer's name and status."""
    yield LAYERS, ""
    yield from parts(
        layer,
        SENTENCE_LABELS,
        DOCUMENT_LABELS,
        ATTRIBUTES,
        RELATIONS,
        NOTES,
        DOCUMENT_NOTES,
    )
    for span in layer["spans"]:
        if provenance(span) is not None:
            yield SPAN_PROVENANCE, ""


def left_out_of_document(record: Mapping[str, Any]) -> Iterator[Item]:
    """Yield what bare tokens have no room for of a document's own: its id, its exact text,
    its title and each field of its meta."""
    yield DOCUMENT_IDS, ""
    yield EXACT_TEXTS, ""
    yield from document_fields(record)


def _lines(records: Iterable[Record], context: ExportContext) -> Iterator[str]:
    for record in records:
        text = record["text"]
        for _layer, sentences in tagged_layers(record, context):
            yield f"{DOCSTART}\n\n"
            for tagged in sentences:
                for start, end, tag in tagged.tokens:
                    yield f"{text[start:end]} {NO_VALUE} {NO_VALUE} {tag}\n"
                yield "\n"


def write(records: Iterable[Record], context: ExportContext) -> Iterator[bytes]:
    """Yield the CoNLL-2003 lines of every document and layer."""
    yield from chunked(_lines(records, context), size=4096)


FORMAT = ExportFormat(
    name="conll-2003",
    extension="conll",
    mimetype="text/plain; charset=utf-8",
    description="CoNLL-2003 NER columns for spacy convert and other CoNLL readers: "
    "tokens and BIO tags only",
    writer=write,
    left_out=left_out,
    left_out_of_document=left_out_of_document,
)
