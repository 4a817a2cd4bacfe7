"""Dataset formats: writers from ``jsonl`` export records (CONTRACT section 5) to files.

Pure: no app, no database. A writer takes an iterable of export records and an
:class:`ExportContext` and yields ``bytes`` chunks as it goes, so that a caller can stream
them to a file or an HTTP response with flat memory. Writers count what they had to change
(a span widened to token boundaries, say) in ``context.warnings``.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from annotator.core import json_text
from annotator.core.shapes import SUGGESTION_KEYS
from annotator.core.wording import CountedPhrase

if TYPE_CHECKING:
    from annotator.core.formats.left_out import LeftOutOf, LeftOutOfDocument

Record = dict[str, Any]
Writer = Callable[[Iterable[Record], "ExportContext"], Iterator[bytes]]
#: A folder's files, each ``(path inside the folder, chunks)``, from ``(split, records)`` pairs.
FolderWriter = Callable[
    [Sequence[tuple[str, Iterable[Record]]], "ExportContext"], Iterator[tuple[str, Iterable[bytes]]]
]


@dataclass
class ExportContext:
    """What a writer needs besides the records: the project's schema and the header."""

    schema: dict[str, Any]
    #: Which project, schema version, layers and filters produced the export.
    meta: dict[str, Any]
    #: Write ``{"_meta": ...}`` as the first line (line-based formats only).
    header_line: bool = False
    #: What the writer changed or left out, counted.
    warnings: Counter[CountedPhrase] = field(default_factory=Counter)
    #: What a dataset card states beyond the header (``hf``): ``license``, the agreement
    #: report, the split's spec, seed and group field.
    dataset: dict[str, Any] = field(default_factory=dict)


def folder_only(records: Iterable[Record], context: ExportContext) -> Iterator[bytes]:
    """The ``writer`` of a format written as a folder (its ``folder_writer``): never one file."""
    raise NotImplementedError("this format is a folder: its folder_writer writes it")


@dataclass(frozen=True)
class ExportFormat:
    """A dataset format: its name, how to name and label its file, and its writer."""

    name: str
    extension: str
    mimetype: str
    description: str
    writer: Writer
    #: Accepts ``header_line`` (a first ``{"_meta": ...}`` line).
    line_based: bool = False
    #: Needs an optional package; None when it is always available.
    requires: str | None = None
    #: The extra of ``pip install 'annotator[EXTRA]'`` that brings it (default: ``requires``).
    extra: str | None = None
    #: Writes a folder (one file per split and more) instead of one file; over HTTP a zip.
    folder_writer: FolderWriter | None = None
    #: The writer takes a layer's ``spans`` as :class:`SpanRows` (and as dicts alike).
    reads_span_rows: bool = False
    #: Refuses (raises ``Invalid``) a schema the format cannot write, before the first byte;
    #: None when it writes every schema.
    check_schema: Callable[[dict[str, Any]], object] | None = None
    #: What of a layer the file has no room for (:mod:`annotator.core.formats.left_out`),
    #: counted in warnings before the first byte; None when it holds everything.
    left_out: LeftOutOf | None = None
    #: What of a document's own fields (title, meta) the file has no room for, counted once
    #: per document; None when it holds them.
    left_out_of_document: LeftOutOfDocument | None = None
    #: Writes a document that has no layer at all (nobody assigned, nothing annotated) as
    #: its bare text: a task or record to annotate. The other formats hold layers only, so
    #: such a document is not selected for them, and the header's and split's counts, the
    #: card and the summary count only what the file holds.
    writes_unannotated: bool = False
    #: Keeps a model's work apart from the annotators' (Label Studio's ``predictions``), so
    #: that the suggestions layer may ride along with any layer choice (``with_suggestions``).
    keeps_suggestions_apart: bool = False

    def missing_package(self) -> str | None:
        """Return the optional package this format needs and this Python lacks (None: it can
        write): the export refuses it, and the export page offers it disabled."""
        if self.requires and importlib.util.find_spec(self.requires) is None:
            return self.requires
        return None

    def install_said(self) -> str:
        """Say how an admin brings this format's optional package."""
        return f"pip install 'annotator[{self.extra or self.requires}]'"


# One encoder for every call, built once (core.json_text): ``json.dumps`` with options builds
# a new one each time, which cost more than the encoding itself for the small values of an
# export record.
_encode = json_text.encoder(ensure_ascii=False)


def dumps(value: Any) -> str:
    """Serialise as compact JSON keeping non-ASCII characters (emoji stay emoji)."""
    return _encode(value)


@dataclass(frozen=True, slots=True)
class RawJSON:
    """JSON text already serialised as :func:`dumps` would, to splice into a line as is.

    The ``jsonl`` export writes a document's sentences and each layer's arrays as text (one
    string format per item instead of a dict, then the encoder walking it again). Only
    :func:`dumps_record` splices it; anything else that meets one fails loudly
    (``json.dumps`` refuses the type).
    """

    text: str


#: A span as :class:`SpanRows` holds it: ``(id, label, start, end, attributes, extras)``,
#: ``attributes`` as the JSON text :func:`dumps` makes of them, ``extras`` the span's
#: suggestion keys (:func:`annotator.core.shapes.suggestion_fields`), its ``note`` and, in
#: gold, its ``source``, those it has (:data:`SPAN_ROW_EXTRAS`), or None when it has none.
SpanRow = tuple[int, str, int, int, str, dict[str, Any] | None]
#: The keys a :data:`SpanRow`'s ``extras`` may hold, in the order a span dict has them.
SPAN_ROW_EXTRAS = (*SUGGESTION_KEYS, "note", "source")


@dataclass(frozen=True, slots=True)
class SpanRows:
    """A layer's spans as tuples, for writers that never show a span's text or sentence.

    The ``spacy`` export reads spans this way (no dict per span, no text sliced): its writer
    says so with :attr:`ExportFormat.reads_span_rows`. Attributes stay JSON text so that a
    row holds no container: the garbage collector leaves such tuples alone, where a batch's
    hundred thousand rows with a dict each made it walk them again and again. Anything else
    that meets one fails loudly (``json.dumps`` refuses the type).
    """

    rows: list[SpanRow]


def dumps_record(record: Record) -> str:
    """Serialise an export record like :func:`dumps`, splicing :class:`RawJSON` values as is.

    They may stand for a value of the record or of one of its layers (``annotations[]``
    items and ``gold``).
    """
    parts = []
    for key, value in record.items():
        if key == "annotations" and type(value) is list:
            text = "[" + ", ".join(map(_dumps_layer, value)) + "]"
        elif key == "gold" and type(value) is dict:
            text = _dumps_layer(value)
        elif type(value) is RawJSON:
            text = value.text
        else:
            text = _encode(value)
        parts.append(_key(key) + text)
    return "{" + ", ".join(parts) + "}"


def _dumps_layer(layer: Any) -> str:
    if type(layer) is not dict:
        return _encode(layer)
    parts = [
        _key(key) + (value.text if type(value) is RawJSON else _encode(value))
        for key, value in layer.items()
    ]
    return "{" + ", ".join(parts) + "}"


# The keys of records and layers as JSON, with the ": " that follows them.
_KEYS: dict[str, str] = {}


def _key(key: str) -> str:
    text = _KEYS.get(key)
    if text is None:
        text = encode_basestring(key) + ": "
        if len(_KEYS) < 64:
            _KEYS[key] = text
    return text


#: Every character that ``str.splitlines()`` (and so many a reader of lines) ends a line at:
#: the one list of the line breaks a file's reader may see, for every writer that must keep a
#: value on its line (JSON's escapes below, brat's fragments).
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Those of them that JSON leaves raw inside a string: NEL, LINE and PARAGRAPH SEPARATOR (the
# others are controls, which JSON always escapes).
_ESCAPED = str.maketrans({c: f"\\u{ord(c):04x}" for c in LINE_BREAKS if c >= " "})


def line_safe(text: str) -> str:
    """Return JSON text with NEL, U+2028 and U+2029 escaped (``\\u2028``), so that a line of
    it stays one line to ``str.splitlines()``. The same JSON: outside strings JSON holds none
    of them, and inside one the escape reads back as the character, offsets unchanged."""
    # Three substring tests, not a regular expression's character class: on a chunk of 316,000
    # characters with emoji 0.5 ms against 5.7 ms (0.04 ms for text without emoji), where
    # encoding the chunk takes 1.1 ms.
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        return text.translate(_ESCAPED)
    return text


def meta_text(record: Record) -> str:
    """Return a document's ``meta`` as JSON text (keys sorted; ``{}`` when it has none), as the
    dataset formats (``hf``, ``sentences``) write it: one column of one type, where an object
    would make Arrow's readers refuse a file whose documents give a field values of two types
    (``"year": "2020"`` and ``"year": 2021``), or no field at all (a struct of no child)."""
    return _sorted_encode(record.get("meta") or {})


_sorted_encode = json_text.encoder(ensure_ascii=False, sort_keys=True)


def header_line(context: ExportContext) -> bytes:
    """Return the optional first line stating how the export was made."""
    return (line_safe(dumps({"_meta": context.meta})) + "\n").encode("utf-8")


def json_lines(lines: Iterable[str], context: ExportContext) -> Iterator[bytes]:
    """Yield a line-based export: the header line first when the export asks for it, then
    ``lines`` (each ending in a newline) in chunks.

    Every line-based format's writer ends here, so that the header line comes first, and
    only when asked, in each of them alike.
    """
    if context.header_line:
        yield header_line(context)
    yield from chunked(lines, of_json=True)


def layers_of(record: Record) -> list[Record]:
    """Return a record's layers: its ``annotations[]`` items, then gold when present."""
    layers = list(record.get("annotations") or [])
    if record.get("gold") is not None:
        layers.append(record["gold"])
    return layers


def chunked(lines: Iterable[str], size: int = 256, *, of_json: bool = False) -> Iterator[bytes]:
    """Join ``lines`` into chunks of about ``size`` lines, encoded as UTF-8; ``of_json``:
    lines of JSON, made :func:`line_safe` (one search per chunk, nothing more when clean)."""
    made = line_safe if of_json else str
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= size:
            yield made("".join(buffer)).encode("utf-8")
            buffer.clear()
    if buffer:
        yield made("".join(buffer)).encode("utf-8")


def _registry() -> dict[str, ExportFormat]:
    from annotator.core.formats import (
        brat,
        conll,
        conll2003,
        doccano,
        hf,
        jsonl,
        labelstudio,
        labelstudio_project,
        sentences,
        spacy_docbin,
    )

    formats = [
        jsonl.FORMAT,
        sentences.FORMAT,
        doccano.FORMAT,
        doccano.RELATIONS_FORMAT,
        conll.FORMAT,
        conll2003.FORMAT,
        brat.FORMAT,
        spacy_docbin.FORMAT,
        labelstudio.FORMAT,
        labelstudio_project.FORMAT,
        hf.FORMAT,
    ]
    return {f.name: f for f in formats}


FORMAT_NAMES = (
    "jsonl",
    "sentences",
    "doccano",
    "doccano-relations",
    "conll",
    "conll-2003",
    "brat",
    "spacy",
    "labelstudio",
    "labelstudio-project",
    "hf",
)


def get_format(name: str) -> ExportFormat | None:
    """Return the format called ``name``, or None."""
    return _registry().get(name)
