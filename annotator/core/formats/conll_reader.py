"""Reading CoNLL files into records: our ``conll`` export (:mod:`annotator.core.formats.conll`,
tokens with their offsets), CoNLL-2003 columns (``TOKEN ... TAG``, the text rebuilt from the
tokens) and CoNLL-U (:mod:`annotator.core.formats.conllu`).

A layer's status is its ``# status =`` comment's (our export writes one); without one, the
rule of :mod:`annotator.core.formats.layer_status` (annotated: done; empty: new). Our export's
``# document label NAME = VALUE`` comments give the layer's document label values and ``#
label NAME = VALUE`` those of the sentence whose tokens follow (a line per value of a
multi-valued field); a field or value the schema does not have is refused naming the line.
Its ``# document text = "..."`` (a JSON string), ``# document title`` and ``# document meta``
comments give the document's exact text, title and meta: the text is then stored as it was
exported (each token checked against it at its offsets), not rebuilt, so that the export
imports back into its own project. In a ``.conllu`` file a line that is neither a comment nor
a CoNLL-U token line is refused (read as plain columns, its id would become the text), and
the empty nodes left out are counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.formats.conll_blocks import Block, read_blocks
from annotator.core.formats.conll_layer import layer_labels, layer_spans, place_suggested
from annotator.core.formats.conll_text import document_fields, rebuilt_text
from annotator.core.formats.encodings import decode_as
from annotator.core.formats.label_map import LEFT_BY_MAP, LabelMap, Unresolved
from annotator.core.formats.layer_status import status_problem, status_unsaid
from annotator.core.formats.read_options import ReadOptions
from annotator.core.formats.records import (
    EMPTY,
    NO_SUCH_PATH,
    FormatError,
    Item,
    Problem,
    Record,
    Skipped,
    Source,
    Tally,
    Upload,
    records_from_objects,
)
from annotator.core.label_schema import entry_names
from annotator.core.untitled import opening_title
from annotator.core.vocabulary import GOLD
from annotator.core.wording import CountedPhrase

REBUILT = CountedPhrase(
    "CoNLL document whose text was rebuilt from the tokens",
    "CoNLL documents whose text was rebuilt from the tokens",
)


EMPTY_NODES = CountedPhrase(
    "CoNLL-U empty node left out (not in the text)",
    "CoNLL-U empty nodes left out (not in the text)",
)


def read_conll(
    paths: Iterable[Source],
    mapping: LabelMap,
    schema: dict[str, Any],
    reading: ReadOptions | None = None,
) -> Iterator[Item]:
    """Read CoNLL files: our ``conll`` export, or ``TOKEN ... TAG`` columns (CoNLL-2003).

    Our export's documents keep their ids, layers and offsets; the text between tokens is
    rebuilt as spaces, and newlines between sentences. A plain file's document (the whole file,
    or each part after a ``-DOCSTART-`` line, named ``FILE:LINE``) is rebuilt with tokens
    joined by single spaces (none after a CoNLL-U token whose MISC says ``SpaceAfter=No``,
    :mod:`annotator.core.formats.conllu`) and one sentence per line; its layer is
    ``--annotator``'s. Tags are
    BIO (also IOB1, BIOES/BILOU and bare labels); labels pass through ``mapping``. Files are
    UTF-8 unless ``reading`` chose another encoding; one that does not decode is refused with
    the encoding it likely is, as a CSV file is.
    """
    unresolved = Unresolved()
    rebuilt = left_out = 0
    for file, name, text in _files(paths, reading or ReadOptions()):
        if isinstance(text, Problem):
            yield text
            continue
        blocks, problems, empty_nodes = read_blocks(file, name, text, mapping.words)
        yield from problems
        if empty_nodes:
            yield Tally(EMPTY_NODES, empty_nodes)
        documents: dict[str, list[Block]] = {}
        for block in blocks:
            if any(block.sentences):
                documents.setdefault(block.id, []).append(block)
        yield from _empty_documents(file, blocks, documents)
        for doc_id, layers in documents.items():
            item = _record(file, doc_id, layers, mapping, schema, unresolved)
            rebuilt += isinstance(item, Record) and not any("text" in b.document for b in layers)
            if isinstance(item, Record) and item.annotated is not None:
                gold = item.annotated["gold"]
                annotated = item.annotated["annotations"] + ([] if gold is None else [gold])
                left_out += sum(layer.get(LEFT_BY_MAP, 0) for layer in annotated)
            yield item
    yield from unresolved.problems(mapping)
    if rebuilt:
        yield Tally(REBUILT, rebuilt)
    if left_out:
        yield Tally(mapping.left_out_phrase(), left_out)


def _files(
    paths: Iterable[Source], reading: ReadOptions
) -> Iterator[tuple[str, str, str | Problem]]:
    for source in paths:
        if isinstance(source, Upload):
            yield source.name, source.name, _decoded(source.name, source.data, reading)
            continue
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
            found = [p for p in found if not any(x.startswith(".") for x in p.parts)]
            named = [(p, p.relative_to(path).as_posix()) for p in found]
        elif path.is_file():
            named = [(path, path.name)]
        else:
            yield str(path), str(path), Problem(str(path), None, NO_SUCH_PATH)
            continue
        for file, name in named:
            try:
                data = file.read_bytes()
            except OSError as exc:
                yield str(file), name, Problem(str(file), None, f"cannot read: {exc}")
                continue
            yield str(file), name, _decoded(str(file), data, reading)


def _decoded(file: str, data: bytes, reading: ReadOptions) -> str | Problem:
    try:
        return decode_as(data, reading)
    except FormatError as exc:
        return Problem(file, exc.line, exc.message)


def _empty_documents(
    file: str, blocks: list[Block], documents: dict[str, list[Block]]
) -> Iterator[Skipped]:
    """Yield a document of the file that holds no token (``-DOCSTART-`` then another, or an
    empty file), skipped and listed at its line as every import skips an empty document;
    it vanished without a word."""
    said: set[str] = set()
    for block in blocks:
        if block.id not in documents and block.id not in said:
            said.add(block.id)
            yield Skipped(file, EMPTY, block.line if len(blocks) > 1 else None)


def _record(
    file: str,
    doc_id: str,
    blocks: list[Block],
    mapping: LabelMap,
    schema: dict[str, Any],
    unresolved: Unresolved,
) -> Record | Problem | Skipped:
    shape = [[(t[0], t[1], t[2], t[5]) for t in s] for s in blocks[0].sentences]
    for block in blocks[1:]:
        if [[(t[0], t[1], t[2], t[5]) for t in s] for s in block.sentences] != shape:
            message = (
                f"document {doc_id!r}: these tokens differ from those at line {blocks[0].line}"
            )
            return Problem(file, block.line, message)
    flat = [t for s in shape for t in s]
    if blocks[0].offsets and any(a[1] > b[0] for a, b in zip(flat, flat[1:], strict=False)):
        return Problem(file, blocks[0].line, f"document {doc_id!r}: tokens overlap or go back")
    fields = document_fields(file, doc_id, blocks)
    if isinstance(fields, Problem):
        return fields
    if "text" in fields:
        text = fields["text"]
        offsets = [[(t[0], t[1]) for t in s] for s in blocks[0].sentences]
    else:
        text, offsets = rebuilt_text(blocks)
    known = set(entry_names(schema, "span_labels"))
    layers, gold = [], None
    for block in blocks:
        spans, left_out = layer_spans(file, block, offsets, mapping, known, unresolved)
        problem = place_suggested(file, block, spans)
        if problem is not None:
            return problem
        layer: dict[str, Any] = {"spans": spans, "relations": []}
        if left_out:
            layer[LEFT_BY_MAP] = left_out
        labels = layer_labels(file, doc_id, block, schema)
        if isinstance(labels, Problem):
            return labels
        layer["sentence_labels"], layer["document_labels"] = labels
        if block.status is not None:
            line, said = block.status
            refused = status_problem(said, block.annotator)
            if refused is not None:
                return Problem(file, line, f"document {doc_id!r}: {refused}")
            layer["status"] = said
        if block.annotator == GOLD:
            gold = {"annotator": GOLD, "status": None, **layer}
        else:
            layer.setdefault("status", status_unsaid(layer))
            if block.annotator is not None:
                layer["annotator"] = block.annotator
            layers.append(layer)
    sentences = [
        {"index": i, "start": s[0][0], "end": s[-1][1]} for i, s in enumerate(offsets) if s
    ]
    obj = {"id": doc_id, **fields, "text": text}
    if "text" not in fields and "title" not in obj:
        # Its title comment, else the opening of its text (one sentence a line): an id such as
        # "news.conll:17" tells the documents of a file apart by place alone. Our own export
        # names its text and title exactly (``# document ...``): nothing is made up for it.
        title = next((block.title for block in blocks if block.title), None)
        title = title or opening_title(text)
        if title is not None:
            obj["title"] = title
    record = next(iter(records_from_objects(file, [(blocks[0].line, obj)])))
    if isinstance(record, Record):
        record.annotated = {
            "annotations": layers,
            "gold": gold,
            "sentences": sentences,
            "single_values_in_lists": False,
        }
    return record
