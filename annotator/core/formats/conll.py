"""The ``conll`` format: one token per line with its offsets and a BIO tag.

Per document and layer::

    # id = doc-7
    # document text = "Officials said the plan will cut costs..."
    # document title = Budget
    # document meta = {"outlet": "TASS"}
    # annotator = alice
    # status = done
    # document label genre = NEWS
    # label stance = AGAINST
    Officials 0 9 B-SOURCE
    said 10 14 B-CUE
    ...

with a blank line after each sentence. The ``# document`` lines come in the document's first
block only (:func:`document_lines`): its exact text, title and meta. ``# status`` is the layer's
(an annotator's assignment status, gold's review status), so that a re-import gives it back; a
layer without one (the suggestions) has no such line. The layer's document label values follow
as ``# document label NAME = VALUE`` and each sentence's label values come before its tokens as
``# label NAME = VALUE``, a line per value (a multi-valued field has several). Every comment's
value (the id, the annotator, the title, a label value) is written by :func:`comment_value`
and read back by :func:`read_comment_value`: as is, or, when it has spaces at its ends, a line
break (U+2028 too) or a leading ``"``, as a JSON string. Every JSON
string of a comment (the text's, a value's, the meta) has NEL, U+2028 and U+2029 escaped
(:func:`annotator.core.formats.line_safe`), so that ``str.splitlines()`` reads it as one line. Span
attributes, relations and notes have no room here: they are not written, and the export warns of
them, counted and named (:func:`left_out`). Columns are separated by one space: the token, its
start and end (code points in the document, end-exclusive) and its tag, last, as CoNLL-2003
readers expect. The tokens and their tags are :mod:`annotator.core.formats.conll_tags`'s, as
the ``conll-2003`` export's (:mod:`annotator.core.formats.conll2003`): a span widened to the
tokens it touches, one overlapping a span already tagged left out (BIO cannot nest), each
counted in warnings. A token starting with ``#`` is written after a backslash
(:func:`token_column`), so that no reader takes its line for a comment; the comments and that
backslash make this file no input for CoNLL-2003 readers, which ``conll-2003`` is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from annotator.core.formats import (
    ExportContext,
    ExportFormat,
    chunked,
    dumps,
    line_safe,
)
from annotator.core.formats import Record as ExportRecord
from annotator.core.formats.conll_tags import tagged_layers
from annotator.core.formats.left_out import (
    ATTRIBUTES,
    DOCUMENT_NOTES,
    LABEL_PROVENANCE,
    NOTES,
    RELATIONS,
    Item,
    parts,
)
from annotator.core.shapes import provenance

#: What a token starting with ``#`` is written after (:func:`token_column`).
TOKEN_ESCAPE = "\\"


def token_column(token: str) -> str:
    """Return a token as its line's first column writes it: as is, or after a backslash when
    it starts with ``#`` (``\\# 19 20 B-SOURCE``), for a reader that drops every line
    starting with ``#`` as a comment would drop the token. The offsets still say its length,
    one less: :func:`read_token_column` takes the backslash off by them."""
    return TOKEN_ESCAPE + token if token.startswith("#") else token


def read_token_column(written: str, length: int) -> str:
    """Return the token a first column holds, ``length`` characters long by its offsets:
    :func:`token_column`'s backslash before a ``#`` taken off (a token of that very text,
    one character longer, is left as it is)."""
    escaped = TOKEN_ESCAPE + "#"
    if written.startswith(escaped) and len(written) == length + 1:
        return written[1:]
    return written


def comment_value(value: str, *, spaced: bool = True) -> str:
    """Return a value as a comment (``# id``, ``# label``...) writes it: as is, or as a JSON
    string where reading it back as is would change it (spaces at its ends, a line break of
    any kind, a ``"`` first): the one escaping of every comment.

    :param spaced: False for a value with more after it on its line (``model=M score=S``),
        read up to the next space: a value with any whitespace in it is a JSON string then.
    """
    plain = value == value.strip() and value[:1] != '"' and value.splitlines() == [value]
    if not spaced:
        plain = plain and not any(char.isspace() for char in value)
    return value if plain else line_safe(dumps(value))


def read_comment_value(written: str) -> str:
    """Return the value a comment holds, as :func:`comment_value` wrote it.

    :raises ValueError: a value starting with ``"`` that is no JSON string.
    """
    if not written.startswith('"'):
        return written
    # Text starting with a quote decodes to a string or not at all ('"a" 1' is extra data).
    value: str = json.loads(written)
    return value


def _label_lines(prefix: str, labels: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    for label in labels:
        value = label["value"]
        for one in value if isinstance(value, list) else [value]:
            yield f"# {prefix} {label['name']} = {comment_value(one)}\n"


def document_lines(record: Mapping[str, Any]) -> Iterator[str]:
    """Yield the comments that give a document's text, title and meta back to an import.

    The tokens' offsets place every character but the whitespace between them; ``# document
    text`` (a JSON string) holds the text exactly, so that the import stores the very text
    (and matches the document already in its project). ``# document title`` is written as a
    label value is, ``# document meta`` as a JSON object; neither when empty.
    """
    yield f"# document text = {line_safe(dumps(record['text']))}\n"
    if record.get("title") is not None:
        yield f"# document title = {comment_value(record['title'])}\n"
    if record.get("meta"):
        yield f"# document meta = {line_safe(dumps(record['meta']))}\n"


def left_out(layer: Mapping[str, Any], schema: Mapping[str, Any]) -> Iterator[Item]:
    """Yield what CoNLL has no room for: span attributes, relations, notes (the spans',
    the relations' and the annotator's on the document) and where an accepted label value
    came from (its ``# label`` comment gives the value alone)."""
    return parts(layer, ATTRIBUTES, RELATIONS, NOTES, DOCUMENT_NOTES, LABEL_PROVENANCE)


def _lines(records: Iterable[ExportRecord], context: ExportContext) -> Iterator[str]:
    for record in records:
        text = record["text"]
        for number, (layer, sentences) in enumerate(tagged_layers(record, context)):
            yield f"# id = {comment_value(record['id'])}\n"
            if number == 0:  # the document's own fields, once: its first layer's block
                yield from document_lines(record)
            yield f"# annotator = {comment_value(layer['annotator'])}\n"
            if layer.get("status") is not None:
                yield f"# status = {layer['status']}\n"
            # Tags have no room for where a span came from: one comment per suggested span.
            for span in layer["spans"]:
                found = provenance(span)
                if found is not None:
                    model = comment_value(str(found["model"]), spaced=False)
                    yield (
                        f"# suggested = {span['label']} {span['start']} {span['end']} "
                        f"model={model} score={found['score']}\n"
                    )
            yield from _label_lines("document label", layer["document_labels"])
            by_sentence: dict[int, list[Mapping[str, Any]]] = {}
            for label in layer["sentence_labels"]:
                by_sentence.setdefault(label["sentence"], []).append(label)
            for tagged in sentences:
                yield from _label_lines("label", by_sentence.get(tagged.sentence["index"], ()))
                for start, end, tag in tagged.tokens:
                    yield f"{token_column(text[start:end])} {start} {end} {tag}\n"
                yield "\n"


def write(records: Iterable[ExportRecord], context: ExportContext) -> Iterator[bytes]:
    """Yield the CoNLL lines of every document and layer."""
    yield from chunked(_lines(records, context), size=4096)


FORMAT = ExportFormat(
    name="conll",
    extension="conll",
    mimetype="text/plain; charset=utf-8",
    description="Token per line with offsets and a BIO tag; spans widened to tokens",
    writer=write,
    left_out=left_out,
)
