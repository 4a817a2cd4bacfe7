"""The ``spacy`` format: a spaCy ``DocBin`` (needs the optional ``spacy`` extra).

One ``Doc`` per document and layer, tokenised by ``spacy.blank("en")`` (no model needed):
``doc.spans["sc"]`` holds every span (overlaps allowed, as spancat expects), ``doc.ents`` those
that do not overlap an earlier one (spans taken in order of start, longest first), ``doc.cats``
the document labels as ``"field=value": 1.0``, and sentence starts follow the project's
sentences. ``doc.user_data`` keeps what spaCy has no place for: ``id``, the document's
``title`` and ``meta``, ``annotator``, ``status``, the spans with their exact character
offsets, attributes, notes, where an accepted suggestion came from and (gold) their
``source``, relations (with their notes), sentence and document labels
(each with its ``suggested``, as in ``jsonl``) and the annotator's note on the document
(``note``, ``unsure``, as ``jsonl`` has them): nothing of a layer is left out. Spans are
widened to token boundaries (counted in a warning). The file is one DocBin, the bytes
``DocBin.to_bytes`` writes for the same Docs, built with memory flat however large the
project (:mod:`annotator.core.formats.docbin_file`).

Why no ``Doc`` per layer: ``DocBin.add`` reads every token's strings through Python and packs
the user data and span groups with a new msgpack packer each time (spaCy's packer looks up its
plugins on every creation), which made this format about 50 times slower than ``jsonl``. Here a
document is tokenised once, its spans and sentences aligned to tokens once per layer
(``char_span``'s rule, by bisection), and each layer adds two columns to the document's token
rows. Spans are read as rows (:class:`annotator.core.formats.SpanRows`, no dict per span);
records whose spans are dicts are read alike. tests/test_export_spacy.py builds the ``Doc``s
the slow way and compares the bytes.
"""

from __future__ import annotations

import json
import struct
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from annotator.core.formats import (
    SPAN_ROW_EXTRAS,
    ExportContext,
    ExportFormat,
    Record,
    SpanRow,
    SpanRows,
    dumps,
    layers_of,
)
from annotator.core.shapes import DOCUMENT_NOTE_KEYS
from annotator.core.wording import CountedPhrase

WIDENED = CountedPhrase("span widened to token boundaries", "spans widened to token boundaries")
NOT_ENTS = CountedPhrase(
    "span kept out of doc.ents because it overlaps another (all are in doc.spans)",
    "spans kept out of doc.ents because they overlap another (all are in doc.spans)",
)
NO_TOKEN = CountedPhrase(
    "span left out because it covers no token", "spans left out because they cover no token"
)

# spaCy's IOB codes as ``Token.ent_iob`` stores them.
_INSIDE, _OUTSIDE, _BEGIN = 1, 2, 3
_SPAN_GROUP = "sc"
# A span as SpanGroup.to_bytes packs it: id, kb_id, label, start, end, start_char, end_char.
_SPAN = struct.Struct(">QQQllll")
# The rows of a document's token block (docbin_file): ORTH, NORM, SENT_START, ENT_IOB, ENT_TYPE.
_SENT_START, _IOB, _TYPE = 2, 3, 4


def _span_order(span: SpanRow) -> tuple[int, int, int]:
    """Spans by start, longest first: the order ``doc.ents`` takes them in."""
    return span[2], -span[3], span[0]


def write(records: Iterable[Record], context: ExportContext) -> Iterator[bytes]:
    """Yield the bytes of one DocBin holding a Doc per document and layer."""
    builder = _DocBinBuilder()
    try:
        for record in records:
            layers = layers_of(record)
            if not layers:
                continue  # a document without layers adds no Doc
            tokens = builder.tokenise(record)
            for layer in layers:
                builder.add(tokens, record, layer, context)
        yield from builder.finish()
    finally:
        builder.file.close()


@dataclass
class _Tokens:
    """A document tokenised once, shared by its layers."""

    length: int
    #: ``(5, length)`` uint64: ORTH, NORM, SENT_START, and ENT_IOB and ENT_TYPE to set per
    #: layer (every other column of ``DocBin.attrs`` is zero for a tokenised Doc).
    block: Any
    spaces: bytes
    #: Each token's first character, and the character after it (its trailing space excluded).
    starts: list[int]
    ends: list[int]
    #: Where the last token's trailing space ends: no token holds a character from there on.
    covered: int


class _DocBinBuilder:
    """Fill a ``DocBin`` with the fields ``DocBin.add`` would store, without a ``Doc`` each."""

    def __init__(self) -> None:
        import numpy
        from spacy import attrs
        from spacy.tokens import DocBin

        from annotator.core.formats.docbin_file import DocBinFile

        self.numpy = numpy
        self.nlp = _blank_english()
        self.strings = self.nlp.vocab.strings
        doc_bin = DocBin(store_user_data=True)
        columns = list(doc_bin.attrs)
        kept = [attrs.ORTH, attrs.NORM, attrs.SENT_START, attrs.ENT_IOB, attrs.ENT_TYPE]
        self.file = DocBinFile(doc_bin.version, columns, [columns.index(a) for a in kept])
        # One to_array call a document: what a tokenizer sets of a token.
        self.read = [attrs.ORTH, attrs.IDX, attrs.LENGTH, attrs.SPACY, attrs.NORM]
        # Each span label's hash in spaCy's string store.
        self.label_hashes: dict[str, int] = {}
        # The hashes of every token's text and norm, turned into strings once at the end.
        self.token_hashes: set[int] = set()
        # Each distinct attribute set's JSON text, decoded.
        self.attributes: dict[str, dict[str, Any]] = {}

    def tokenise(self, record: Record) -> _Tokens:
        """Tokenise a document and mark its sentence starts, once for all its layers."""
        numpy = self.numpy
        doc = self.nlp.make_doc(record["text"])
        length = len(doc)
        orth, idx, size, spaces, norm = doc.to_array(self.read).reshape((length, 5)).T
        starts = idx.tolist()
        ends = (idx + size).tolist()
        covered = ends[-1] + int(spaces[-1]) if length else 0
        self.token_hashes.update(orth.tolist())
        self.token_hashes.update(norm.tolist())
        block = numpy.zeros((5, length), dtype=numpy.uint64)
        block[0] = orth
        block[1] = norm
        tokens = _Tokens(length, block, spaces.astype(bool).tobytes(), starts, ends, covered)
        # As a Doc would be: every token "not a start" (-1), then the first and each
        # sentence's first token a start.
        sent_starts = [-1] * length
        for sentence in record["sentences"]:
            found = _align(tokens, sentence["start"], sentence["end"])
            if found is not None:
                sent_starts[found[0]] = 1
        if length:
            sent_starts[0] = 1
        block[_SENT_START] = numpy.asarray(sent_starts, dtype=numpy.int64).view(numpy.uint64)
        return tokens

    def finish(self) -> Iterator[bytes]:
        """Yield the DocBin's bytes."""
        if self.token_hashes and self.file.lengths:
            strings = self.strings
            self.file.strings.update(strings[key] for key in self.token_hashes)
            # DocBin.add records each token's empty tag, lemma, dependency and so on.
            self.file.strings.add("")
        yield from self.file.chunks()

    def add(
        self, tokens: _Tokens, record: Record, layer: dict[str, Any], context: ExportContext
    ) -> None:
        """Add one layer of a document as ``DocBin.add`` adds a ``Doc``."""
        spans = layer["spans"]
        rows = spans.rows if type(spans) is SpanRows else [_row(span) for span in spans]
        # Entities as Python lists, put into the token block's rows at once: numpy's
        # per-element writes cost more than the rest of the loop.
        length = tokens.length
        iob = [_OUTSIDE] * length
        types = [0] * length
        packed_spans: list[bytes] = []
        labels: set[str] = set()
        hashes = self.label_hashes
        warnings = context.warnings
        starts, ends, covered = tokens.starts, tokens.ends, tokens.covered
        taken_until = -1
        for _id, name, start, end, _attributes, _suggested in sorted(rows, key=_span_order):
            # _align, inline: a call per span cost a fifth of this loop.
            first = bisect_right(starts, start) - 1
            last = bisect_right(starts, end - 1)
            if first >= 0 and start == ends[first]:
                first += 1
            if start >= covered or end > covered or first < 0 or last <= first:
                warnings[NO_TOKEN] += 1
                continue
            start_char, end_char = starts[first], ends[last - 1]
            if start_char != start or end_char != end:
                warnings[WIDENED] += 1
            label = hashes.get(name)
            if label is None:
                label = hashes[name] = self.strings.add(name)
            labels.add(name)
            packed_spans.append(_SPAN.pack(0, 0, label, first, last, start_char, end_char))
            if first >= taken_until:
                iob[first] = _BEGIN
                iob[first + 1 : last] = [_INSIDE] * (last - first - 1)
                types[first:last] = [label] * (last - first)
                taken_until = last
            else:
                warnings[NOT_ENTS] += 1
        block = tokens.block.copy()
        block[_IOB] = iob
        block[_TYPE] = types
        if labels:
            # DocBin.add records each span's label and its empty kb_id and id.
            labels.add("")
            self.file.strings.update(labels)
        cats: dict[str, float] = {}
        for label_value in layer["document_labels"]:
            value = label_value["value"]
            for item in value if isinstance(value, list) else [value]:
                cats[f"{label_value['name']}={item}"] = 1.0
        pack = self.file.packer.pack
        group = pack({"name": _SPAN_GROUP, "attrs": {}, "spans": packed_spans})
        self.file.add(
            length,
            block,
            tokens.spaces,
            cats,
            pack({group: [_SPAN_GROUP]}),
            pack(self._user_data(record, layer, rows)),
        )

    def _user_data(
        self, record: Record, layer: dict[str, Any], rows: list[SpanRow]
    ) -> dict[str, Any]:
        """Return a layer's ``doc.user_data``: what spaCy has no place for."""
        decoded = self.attributes
        spans = []
        for i, label, start, end, text, extras in rows:
            attributes = decoded.get(text)
            if attributes is None:
                attributes = decoded[text] = json.loads(text)
            span = {"id": i, "label": label, "start": start, "end": end, "attributes": attributes}
            if extras:
                span.update((k, extras[k]) for k in SPAN_ROW_EXTRAS if k in extras)
            spans.append(span)
        return {
            "id": record["id"],
            # The document's own fields, as jsonl has them: spaCy's Doc has no place for either.
            "title": record.get("title"),
            "meta": record.get("meta") or {},
            "annotator": layer["annotator"],
            "status": layer["status"],
            "spans": spans,
            "relations": layer["relations"],
            "sentence_labels": layer["sentence_labels"],
            # doc.cats has each document label value bare: here as jsonl has them, with
            # where an accepted one came from.
            "document_labels": layer["document_labels"],
            # The annotator's note on the document, as jsonl's layer has it.
            **{key: layer[key] for key in DOCUMENT_NOTE_KEYS if key in layer},
        }


@cache
def _blank_english() -> Any:
    """Return ``spacy.blank("en")``, made once a process.

    Making it compiles the tokenizer's rules and special cases: a tenth of a second, which
    every export paid. Its vocabulary grows by the strings it meets; what it writes does not
    depend on them (tokens and labels go into the file by their hashes, strings collected
    apart), and its tokenizer's cache only saves work.
    """
    import spacy

    return spacy.blank("en")


def _row(span: dict[str, Any]) -> SpanRow:
    """Return a span of a record as :class:`SpanRows` holds it."""
    extras = {k: span[k] for k in SPAN_ROW_EXTRAS if k in span}
    attributes = dumps(span["attributes"])
    return span["id"], span["label"], span["start"], span["end"], attributes, extras


def _align(tokens: _Tokens, start: int, end: int) -> tuple[int, int, int, int] | None:
    """Return the tokens covering ``[start, end)`` and their characters, or None.

    ``Doc.char_span(start, end, alignment_mode="expand")`` to the letter: the token holding a
    character is the one whose text or trailing space holds it; a start on a token's
    trailing space moves to the next token; an alignment without tokens is None.
    """
    if start >= tokens.covered or end - 1 >= tokens.covered:
        return None
    first = bisect_right(tokens.starts, start) - 1
    last = bisect_right(tokens.starts, end - 1)
    if first < 0 or last <= 0:
        return None
    if start == tokens.ends[first]:
        first += 1
    if last <= first:
        return None
    return first, last, tokens.starts[first], tokens.ends[last - 1]


FORMAT = ExportFormat(
    name="spacy",
    extension="spacy",
    mimetype="application/octet-stream",
    description="spaCy DocBin: doc.spans['sc'], doc.ents, doc.cats, one Doc per layer",
    writer=write,
    requires="spacy",
    reads_span_rows=True,
)
