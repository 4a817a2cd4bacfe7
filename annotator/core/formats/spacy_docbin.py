"""The ``spacy`` format: a spaCy ``DocBin`` (needs the optional ``spacy`` extra).

One ``Doc`` per document and layer, tokenised by ``spacy.blank("en")`` (no model needed):
``doc.spans["sc"]`` holds every span (overlaps allowed, as spancat expects), ``doc.ents``
those that do not overlap an earlier one (spans taken in order of start, longest first),
``doc.cats`` the document labels as ``"field=value": 1.0``, and sentence starts follow the
project's sentences. ``doc.user_data`` keeps what spaCy has no place for: ``id``,
``annotator``, ``status``, the spans with their exact character offsets and attributes,
relations and sentence labels. Spans are widened to token boundaries (counted in a warning).
A DocBin is one msgpack value, so the file is written once every document is read; what it
holds per Doc is a small token array and a few packed strings, not a ``Doc``.

Why no ``Doc`` per layer: ``DocBin.add`` reads every token's strings through Python and packs
the user data and span groups with a new msgpack packer each time (spaCy's packer looks up its
plugins on every creation), which made this format about 50 times slower than ``jsonl``. Here a
document is tokenised once, its spans and sentences aligned to tokens once (``char_span``,
whatever the number of layers), and each layer's rows are columns set in a copy of the
document's token array, packed by one packer. The DocBin's fields are what ``DocBin.add``
stores for the same ``Doc``, byte for byte (tests/test_export_spacy.py builds the ``Doc``s
the slow way and compares).
"""

from __future__ import annotations

import itertools
import struct
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from annotator.core.formats import ExportContext, ExportFormat, Record, layers_of
from annotator.core.shapes import SUGGESTION_KEYS

WIDENED = "spans widened to token boundaries"
NOT_ENTS = "spans kept out of doc.ents because they overlap another (all are in doc.spans)"
NO_TOKEN = "spans left out because they cover no token"

# spaCy's IOB codes as ``Token.ent_iob`` stores them.
_INSIDE, _OUTSIDE, _BEGIN = 1, 2, 3
_SPAN_GROUP = "sc"
# A span as SpanGroup.to_bytes packs it: id, kb_id, label, start, end, start_char, end_char.
_SPAN = struct.Struct(">QQQllll")


def _span_order(span: dict[str, Any]) -> tuple[int, int, int]:
    """Spans by start, longest first: the order ``doc.ents`` takes them in."""
    return span["start"], -span["end"], span["id"]


def write(records: Iterable[Record], context: ExportContext) -> Iterator[bytes]:
    """Yield the bytes of one DocBin holding a Doc per document and layer."""
    builder = _DocBinBuilder()
    for record in records:
        document = builder.tokenise(record)
        for layer in layers_of(record):
            builder.add(document, record, layer, context)
        # Alignment is done: only the token columns stay until the file is written.
        document.starts = document.ends = []
    yield from builder.finish()


@dataclass
class _Tokens:
    """A document tokenised once, shared by its layers."""

    length: int
    #: The ORTH and SENT_START columns of ``doc.to_array(DocBin.attrs)``.
    orth: Any
    sent_starts: Any
    #: The whole array, kept only when a column other than those two is not all zeros (a
    #: blank pipeline sets no tags, lemmas or dependencies); each layer sets its entities.
    dense: Any
    spaces: Any
    #: Each token's first character, and the character after it (its trailing space excluded).
    starts: list[int]
    ends: list[int]
    #: Where the last token's trailing space ends: no token holds a character from there on.
    covered: int
    #: The hashes of the tokens' texts and norms, still to record (None once recorded).
    hashes: Any


@dataclass
class _Layer:
    """One Doc of the DocBin: its document's tokens and the layer's entities."""

    tokens: _Tokens
    #: ``Token.ent_iob`` and ``Token.ent_type`` of each token.
    iob: Any
    types: Any


class _DocBinBuilder:
    """Fill a ``DocBin`` with the fields ``DocBin.add`` would store, without a ``Doc`` each."""

    def __init__(self) -> None:
        import numpy
        import spacy
        import srsly
        from spacy import attrs
        from spacy.tokens import DocBin

        self.numpy = numpy
        self.nlp = spacy.blank("en")
        self.strings = self.nlp.vocab.strings
        self.doc_bin = DocBin(store_user_data=True)
        columns = list(self.doc_bin.attrs)
        self.ent_iob = columns.index(attrs.ENT_IOB)
        self.ent_type = columns.index(attrs.ENT_TYPE)
        self.sent_start = columns.index(attrs.SENT_START)
        self.token_columns = [attrs.IDX, attrs.LENGTH, attrs.SPACY, attrs.NORM]
        # One packer for the whole file: srsly builds its plugin chain per packer.
        self.packer = srsly.msgpack.Packer(use_bin_type=True)
        # Each layer's tokens and entities, in the order of the Docs.
        self.layers: list[_Layer] = []
        # Each span label's hash in spaCy's string store.
        self.label_hashes: dict[str, int] = {}
        # The hashes of every token's text and norm, turned into strings once at the end.
        self.token_hashes: set[int] = set()

    def tokenise(self, record: Record) -> _Tokens:
        """Tokenise a document and mark its sentence starts, once for all its layers."""
        numpy = self.numpy
        doc = self.nlp.make_doc(record["text"])
        length = len(doc)
        array = doc.to_array(list(self.doc_bin.attrs))
        if len(array.shape) == 1:
            array = array.reshape((length, 1))
        offsets = doc.to_array(self.token_columns).reshape((length, len(self.token_columns)))
        starts = offsets[:, 0].tolist()
        ends = (offsets[:, 0] + offsets[:, 1]).tolist()
        spaces = offsets[:, 2:3].astype(bool)
        covered = ends[-1] + int(offsets[-1, 2]) if length else 0
        # As a Doc would be: every token "not a start" (-1), then the first and each
        # sentence's first token a start.
        sent_starts = numpy.full(length, -1, dtype=numpy.int64)
        if length:
            sent_starts[0] = 1
        hashes = numpy.concatenate((array[:, 0], offsets[:, 3]))
        orth = array[:, 0].copy()
        rest = numpy.delete(array, [0, self.sent_start], axis=1)
        dense = array if rest.any() else None
        tokens = _Tokens(
            length,
            orth,
            sent_starts.view(numpy.uint64),
            dense,
            spaces,
            starts,
            ends,
            covered,
            hashes,
        )
        for sentence in record["sentences"]:
            found = _align(tokens, sentence["start"], sentence["end"])
            if found is not None:
                sent_starts[found[0]] = 1
        return tokens

    def token_array(self, layer: _Layer) -> Any:
        """Return a layer's rows as ``doc.to_array(DocBin.attrs)`` gives them."""
        numpy, tokens = self.numpy, layer.tokens
        if tokens.dense is None:
            array = numpy.zeros((tokens.length, len(self.doc_bin.attrs)), dtype=numpy.uint64)
            array[:, 0] = tokens.orth
        else:
            array = tokens.dense.copy()
        array[:, self.sent_start] = tokens.sent_starts
        array[:, self.ent_iob] = layer.iob
        array[:, self.ent_type] = layer.types
        return array

    def finish(self) -> Iterator[bytes]:
        """Yield the DocBin's bytes as ``DocBin.to_bytes`` makes them, compressed piece by piece.

        ``to_bytes`` stacks every token array, copies the stack into one msgpack value and
        compresses that: three copies of the largest part of the file. Here the same msgpack
        map is written key by key, each Doc's token array straight into the compressor.
        """
        doc_bin = self.doc_bin
        if self.token_hashes:
            strings = self.strings
            doc_bin.strings.update(strings[key] for key in self.token_hashes)
            # DocBin.add records each token's empty tag, lemma, dependency and so on.
            doc_bin.strings.add("")
        pack = self.packer.pack
        compressor = zlib.compressobj()  # zlib.compress's defaults, as DocBin.to_bytes uses
        lengths = self.numpy.asarray([x.tokens.length for x in self.layers], dtype="int32")
        fields: list[tuple[str, Any]] = [
            ("version", doc_bin.version),
            ("attrs", doc_bin.attrs),
            ("tokens", self.layers),
            ("spaces", doc_bin.spaces),
            ("lengths", lengths.tobytes("C")),
            ("strings", sorted(doc_bin.strings)),
            ("cats", doc_bin.cats),
            ("flags", doc_bin.flags),
            ("span_groups", doc_bin.span_groups),
            ("user_data", doc_bin.user_data),
        ]
        pieces: list[bytes] = [self.packer.pack_map_header(len(fields))]
        for key, value in fields:
            pieces.append(pack(key))
            if key == "tokens":
                # Stacked arrays are their rows' bytes one after the other; each Doc's rows
                # are made, compressed and dropped in turn.
                width = 8 * len(doc_bin.attrs)
                pieces.append(_bin_header(width * int(lengths.sum())))
                rows: Iterable[bytes] = (self.token_array(x).tobytes("C") for x in value)
            elif key == "spaces":
                pieces.append(_bin_header(sum(array.nbytes for array in value)))
                rows = (array.tobytes("C") for array in value)
            else:
                pieces.append(pack(value))
                rows = ()
            for piece in itertools.chain(pieces, rows):
                compressed = compressor.compress(piece)
                if compressed:
                    yield compressed
            pieces.clear()
        yield compressor.flush()

    def add(
        self, tokens: _Tokens, record: Record, layer: dict[str, Any], context: ExportContext
    ) -> None:
        """Add one layer of a document as ``DocBin.add`` adds a ``Doc``."""
        if tokens.hashes is not None:
            # A document without layers adds no Doc, hence no strings.
            self.token_hashes.update(tokens.hashes.tolist())
            tokens.hashes = None
        # Entities as Python lists, put into the token array's columns at once: numpy's
        # per-element writes cost more than the rest of the loop.
        iob = [_OUTSIDE] * tokens.length
        types = [0] * tokens.length
        packed_spans: list[bytes] = []
        labels: set[str] = set()
        hashes = self.label_hashes
        taken_until = -1
        for span in sorted(layer["spans"], key=_span_order):
            found = _align(tokens, span["start"], span["end"])
            if found is None:
                context.warnings[NO_TOKEN] += 1
                continue
            first, last, start_char, end_char = found
            if start_char != span["start"] or end_char != span["end"]:
                context.warnings[WIDENED] += 1
            name = span["label"]
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
                context.warnings[NOT_ENTS] += 1
        numpy = self.numpy
        # The layer's token array is made when the file is written, a Doc at a time.
        self.layers.append(
            _Layer(tokens, numpy.asarray(iob, numpy.uint8), numpy.asarray(types, numpy.uint64))
        )
        doc_bin = self.doc_bin
        doc_bin.spaces.append(tokens.spaces)
        doc_bin.flags.append({"has_unknown_spaces": False})
        if labels:
            # DocBin.add records each span's label and its empty kb_id and id.
            labels.add("")
            doc_bin.strings.update(labels)
        cats: dict[str, float] = {}
        for label_value in layer["document_labels"]:
            value = label_value["value"]
            for item in value if isinstance(value, list) else [value]:
                cats[f"{label_value['name']}={item}"] = 1.0
        doc_bin.cats.append(cats)
        doc_bin.user_data.append(self.packer.pack(_user_data(record, layer)))
        group = self.packer.pack({"name": _SPAN_GROUP, "attrs": {}, "spans": packed_spans})
        doc_bin.span_groups.append(self.packer.pack({group: [_SPAN_GROUP]}))


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


def _bin_header(size: int) -> bytes:
    """Return msgpack's header of a byte string of ``size`` bytes (bin 8, 16 or 32)."""
    if size < 1 << 8:
        return b"\xc4" + size.to_bytes(1, "big")
    if size < 1 << 16:
        return b"\xc5" + size.to_bytes(2, "big")
    return b"\xc6" + size.to_bytes(4, "big")


def _user_data(record: Record, layer: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": record["id"],
        "annotator": layer["annotator"],
        "status": layer["status"],
        "spans": [
            {k: s[k] for k in ("id", "label", "start", "end", "attributes")}
            | {k: s[k] for k in SUGGESTION_KEYS if k in s}
            for s in layer["spans"]
        ],
        "relations": layer["relations"],
        "sentence_labels": layer["sentence_labels"],
    }


FORMAT = ExportFormat(
    name="spacy",
    extension="spacy",
    mimetype="application/octet-stream",
    description="spaCy DocBin: doc.spans['sc'], doc.ents, doc.cats, one Doc per layer",
    writer=write,
    requires="spacy",
)
