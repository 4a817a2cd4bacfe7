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

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core import rules
from annotator.core.errors import Invalid
from annotator.core.formats import conllu as conllu_lines
from annotator.core.formats.conll import read_comment_value
from annotator.core.formats.encodings import decode_as
from annotator.core.formats.label_map import LEFT_BY_MAP, LabelMap, Unmapped, Unresolved
from annotator.core.formats.layer_status import status_problem, status_unsaid
from annotator.core.formats.option_words import OptionWords
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
from annotator.core.limits import column_integer
from annotator.core.text import normalise_text
from annotator.core.untitled import opening_title
from annotator.core.vocabulary import GOLD
from annotator.core.wording import CountedPhrase, counted

_COMMENT = re.compile(r"#\s*(\w+)\s*=\s*(.*)$")
_LABEL = re.compile(r"#\s*(document\s+)?label\s+(\S+)\s*=\s*(.*)$")
_DOCUMENT = re.compile(r"#\s*document\s+(text|title|meta)\s*=\s*(.*)$")
REBUILT = CountedPhrase(
    "CoNLL document whose text was rebuilt from the tokens",
    "CoNLL documents whose text was rebuilt from the tokens",
)
EMPTY_NODES = CountedPhrase(
    "CoNLL-U empty node left out (not in the text)",
    "CoNLL-U empty nodes left out (not in the text)",
)


#: A token as read: ``(start, end, text, tag, line, space after)``; start and end are -1
#: where the file gives no offsets, and "space after" is False only for CoNLL-U's
#: ``SpaceAfter=No``.
_Token = tuple[int, int, str, str, int, bool]


@dataclass
class _Block:
    """One document's layer as read: its tokens, sentence by sentence."""

    id: str
    line: int
    annotator: str | None = None
    sentences: list[list[_Token]] = field(default_factory=list)
    offsets: bool = False
    #: Our export's ``# suggested = LABEL START END model=M score=S`` comments, by line.
    suggested: list[tuple[int, str]] = field(default_factory=list)
    #: A ``# title = T`` comment's title.
    title: str | None = None
    #: Our export's ``# status = S`` comment: its line and the status it says.
    status: tuple[int, str] | None = None
    #: Our export's ``# label`` comments: ``(line, sentence or None for the document, name,
    #: value as written)``; a sentence's come before its tokens.
    labels: list[tuple[int, int | None, str, str]] = field(default_factory=list)
    #: Our export's ``# document text``, ``title`` and ``meta`` comments: the field, its line
    #: and the value as written.
    document: dict[str, tuple[int, str]] = field(default_factory=dict)


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
        blocks, problems, empty_nodes = _blocks(file, name, text, mapping.words)
        yield from problems
        if empty_nodes:
            yield Tally(EMPTY_NODES, empty_nodes)
        documents: dict[str, list[_Block]] = {}
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
    file: str, blocks: list[_Block], documents: dict[str, list[_Block]]
) -> Iterator[Skipped]:
    """Yield a document of the file that holds no token (``-DOCSTART-`` then another, or an
    empty file), skipped and listed at its line as every import skips an empty document;
    it vanished without a word."""
    said: set[str] = set()
    for block in blocks:
        if block.id not in documents and block.id not in said:
            said.add(block.id)
            yield Skipped(file, EMPTY, block.line if len(blocks) > 1 else None)


def _blocks(
    file: str, name: str, text: str, option_words: OptionWords
) -> tuple[list[_Block], list[Problem], int]:
    """Return the file's blocks, the problems of its lines and how many CoNLL-U empty nodes
    (``8.1``, no part of the text) it left out."""
    blocks, problems = [_Block(name, 1)], list[Problem]()
    empty_nodes = 0
    sentence: list[_Token] = []
    # A CoNLL-U multi-word token being read: the ids of its words, which the text lacks.
    words: range = range(0)
    conllu = name.lower().endswith(conllu_lines.EXTENSION)
    # Every line end is one, a lone CR too: whitespace inside a line separates columns, so a
    # line end read as whitespace would join the file's lines into one.
    lines = normalise_text(text).split("\n")
    for number, line in enumerate(lines + [""], start=1):
        line = line.strip()
        comment = _COMMENT.match(line)
        label = _LABEL.match(line)
        document = _DOCUMENT.match(line)
        if conllu and line.startswith("#") and not comment and not label and not document:
            continue  # "# newpar", "# newdoc id = x": comments of CoNLL-U, not tokens
        if not line or comment or label or document or line.startswith("-DOCSTART-"):
            if sentence:
                blocks[-1].sentences.append(sentence)
                sentence, words = [], range(0)
            if document:
                blocks[-1].document[document.group(1)] = (number, document.group(2).strip())
            elif label:
                unit = None if label.group(1) else len(blocks[-1].sentences)
                blocks[-1].labels.append((number, unit, label.group(2), label.group(3).strip()))
            elif comment and comment.group(1) in ("id", "annotator"):
                said = _comment(file, number, comment.group(1), comment.group(2), problems)
                if comment.group(1) == "id":
                    blocks.append(_Block(said, number))
                else:
                    blocks[-1].annotator = said or None
            elif comment and comment.group(1) == "suggested":
                blocks[-1].suggested.append((number, comment.group(2).strip()))
            elif comment and comment.group(1) == "title":
                blocks[-1].title = comment.group(2).strip() or None
            elif comment and comment.group(1) == "status":
                blocks[-1].status = (number, comment.group(2).strip())
            elif line.startswith("-DOCSTART-"):
                blocks.append(_Block(f"{name}:{number}", number))
            continue
        if line.startswith('{"'):
            # A JSON record would otherwise be read as tokens with its tail as a label.
            message = f"a JSON record, not a CoNLL token line: {option_words.plain_import}"
            problems.append(Problem(file, number, message))
            continue
        ud = conllu_lines.read_token_line(line)
        if ud is None and (conllu or conllu_lines.short_of_columns(line)):
            problems.append(Problem(file, number, conllu_lines.token_line_problem(line)))
            continue
        if ud is not None:
            if ud.empty:
                empty_nodes += 1
                continue
            if ud.first in words:
                if ud.first == words.start and sentence:  # the token's tag is its first word's
                    first, last, form, _tag, at, space = sentence[-1]
                    sentence[-1] = (first, last, form, ud.tag, at, space)
                continue
            words = range(ud.first, ud.last + 1) if ud.is_range else range(0)
            sentence.append(
                (-1, -1, ud.form, "O" if ud.is_range else ud.tag, number, ud.space_after)
            )
            continue
        columns = line.split()
        if len(columns) < 2:
            problems.append(Problem(file, number, "a token line is TOKEN ... TAG"))
            continue
        token, tag = columns[0], columns[-1]
        if len(columns) == 4 and _digits(columns[1]) and _digits(columns[2]):
            start, end = column_integer(columns[1]), column_integer(columns[2])
            if start is None or end is None:
                problems.append(Problem(file, number, "an offset is larger than any text"))
                continue
            if end - start != len(token):
                message = (
                    f"the token {token!r} is {counted(len(token), 'character')}, not {start}-{end}"
                )
                problems.append(Problem(file, number, message))
                continue
            blocks[-1].offsets = True
            sentence.append((start, end, token, tag, number, True))
        else:
            sentence.append((-1, -1, token, tag, number, True))
    if len(blocks) > 1 and not any(blocks[0].sentences):
        blocks.pop(0)  # the part before the first "# id =" or -DOCSTART-
    elif len(blocks) > 1 and blocks[0].id == name and not blocks[0].offsets:
        blocks[0].id = f"{name}:1"
    return blocks, problems, empty_nodes


def _comment(file: str, number: int, name: str, written: str, problems: list[Problem]) -> str:
    """Return the value of a ``# id`` or ``# annotator`` comment as our export wrote it (a JSON
    string where it had to be); a value that is not is a problem of its line, read as is."""
    written = written.strip()
    try:
        return read_comment_value(written)
    except ValueError as exc:
        problems.append(
            Problem(file, number, f"'# {name}': {written} is not a JSON string ({exc})")
        )
        return written


def _digits(column: str) -> bool:
    """Tell whether a column is an offset: ASCII digits (``str.isdigit`` also takes "²",
    which ``int`` refuses)."""
    return column.isascii() and column.isdigit()


def _place(blocks: list[_Block]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Return the rebuilt text and each block's token offsets, sentence by sentence."""
    first = blocks[0]
    if first.offsets:
        end = max(t[1] for s in first.sentences for t in s)
        chars = [" "] * end
        for before, after in zip(first.sentences, first.sentences[1:], strict=False):
            for i in range(before[-1][1], after[0][0]):
                chars[i] = "\n"
        for sentence in first.sentences:
            for start, stop, token, *_ in sentence:
                chars[start:stop] = token
        return "".join(chars), [[(t[0], t[1]) for t in s] for s in first.sentences]
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    position = 0
    for sentence in first.sentences:
        line = []
        for i, (_start, _end, token, _tag, _line, space_after) in enumerate(sentence):
            line.append((position, position + len(token)))
            # A space between tokens unless CoNLL-U says none; a line end after the last.
            gap = "\n" if i == len(sentence) - 1 else " " if space_after else ""
            parts.append(token + gap)
            position += len(token) + len(gap)
        offsets.append(line)
    return "".join(parts)[:-1], offsets


def _record(
    file: str,
    doc_id: str,
    blocks: list[_Block],
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
    fields = _document_fields(file, doc_id, blocks)
    if isinstance(fields, Problem):
        return fields
    if "text" in fields:
        text = fields["text"]
        offsets = [[(t[0], t[1]) for t in s] for s in blocks[0].sentences]
    else:
        text, offsets = _place(blocks)
    known = set(entry_names(schema, "span_labels"))
    layers, gold = [], None
    for block in blocks:
        spans, left_out = _spans(file, block, offsets, mapping, known, unresolved)
        problem = _place_suggested(file, block, spans)
        if problem is not None:
            return problem
        layer: dict[str, Any] = {"spans": spans, "relations": []}
        if left_out:
            layer[LEFT_BY_MAP] = left_out
        labels = _labels(file, doc_id, block, schema)
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


def _document_fields(file: str, doc_id: str, blocks: list[_Block]) -> dict[str, Any] | Problem:
    """Return the document's text, title and meta as our export's ``# document`` comments give
    them (a field without its comment is not there); or the problem of a bad one, at its line.

    A text must hold every token at its offsets: the tokens were written from it.
    """
    fields: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for block in blocks:
        for name, (line, written) in block.document.items():
            where = f"document {doc_id!r}: '# document {name}'"
            try:
                value = read_comment_value(written) if name == "title" else json.loads(written)
            except ValueError as exc:
                return Problem(file, line, f"{where} is not JSON ({exc})")
            wanted = dict if name == "meta" else str
            if not isinstance(value, wanted):
                kind = "an object" if name == "meta" else "a string"
                return Problem(file, line, f"{where} must be {kind}")
            if name in fields and fields[name] != value:
                return Problem(
                    file, line, f"{where} differs from the one at line {first_line[name]}"
                )
            fields[name], first_line[name] = value, line
    if "text" not in fields:
        return fields
    if not blocks[0].offsets:
        message = f"document {doc_id!r}: '# document text' needs tokens as TOKEN START END TAG"
        return Problem(file, first_line["text"], message)
    text = fields["text"]
    for sentence in blocks[0].sentences:
        for start, end, token, _tag, line, _space in sentence:
            if text[start:end] != token:
                message = (
                    f"document {doc_id!r}: the token {token!r} at {start}-{end} is not what the "
                    f"'# document text' holds there ({text[start:end]!r})"
                )
                return Problem(file, line, message)
    return fields


def _spans(
    file: str,
    block: _Block,
    offsets: list[list[tuple[int, int]]],
    mapping: LabelMap,
    known: set[str],
    unresolved: Unresolved,
) -> tuple[list[dict[str, Any]], int]:
    """Return a layer's spans, and how many of them the map left out (``NAME=-``)."""
    spans: list[dict[str, Any]] = []
    left_out = 0  # spans the map left out (NAME=-)
    current: dict[str, Any] | None = None
    for sentence, places in zip(block.sentences, offsets, strict=True):
        # Our export's spans may cross sentences (an I- tag continues one); plain files' do not.
        current = current if block.offsets else None
        for (_s, _e, _token, tag, line, _space), (start, end) in zip(sentence, places, strict=True):
            prefix, label = _tag(tag)
            if label is None:
                current = None
                continue
            if current is None or prefix in "BSU" or current["tag"] != label:
                try:
                    ours = mapping.resolve(label, known)
                    left_out += ours is None
                except Unmapped:
                    unresolved.add("labels", label, file, line)
                    ours = None
                current = {"tag": label, "label": ours, "start": start, "end": end}
                if ours is not None:
                    spans.append(current)
            current["end"] = end
            if prefix in "ESLU":
                current = None
    return [
        {"id": n, "label": s["label"], "start": s["start"], "end": s["end"], "attributes": {}}
        for n, s in enumerate(spans, start=1)
    ], left_out


def _labels(
    file: str, doc_id: str, block: _Block, schema: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | Problem:
    """Return a layer's sentence and document label values from our export's ``# label``
    comments, checked against ``schema``; or the problem of the first bad one, at its line."""
    values: dict[tuple[int | None, str], list[Any]] = {}
    lines: dict[tuple[int | None, str], int] = {}
    for line, unit, name, written in block.labels:
        where = f"document {doc_id!r}: '# {'label' if unit is not None else 'document label'}'"
        if unit is not None and unit >= len(block.sentences):
            return Problem(file, line, f"{where} comes before no sentence's tokens")
        try:
            value = read_comment_value(written)
            field_ = rules.label_field(schema, name, document=unit is None)
            rules.check_value(
                field_, [value] if field_.get("multiple") else value, f"label {name!r}"
            )
        except ValueError as exc:
            return Problem(file, line, f"{where}: {written} is not a JSON string ({exc})")
        except Invalid as exc:
            return Problem(file, line, f"{where}: {exc.message}")
        given = values.setdefault((unit, name), [])
        if value in given or (given and not field_.get("multiple")):
            first = lines[(unit, name)]
            return Problem(file, line, f"{where}: {name!r} has a value already at line {first}")
        given.append(value)
        lines.setdefault((unit, name), line)
    sentence_labels, document_labels = [], []
    for (unit, name), given in values.items():
        multiple = rules.label_field(schema, name, document=unit is None).get("multiple")
        stored = given if multiple else given[0]
        if unit is None:
            document_labels.append({"name": name, "value": stored})
        else:
            sentence_labels.append({"sentence": unit, "name": name, "value": stored})
    return sentence_labels, document_labels


_SUGGESTED = re.compile(r"(\S+) (\d+) (\d+) model=(\S+) score=(\S+)")


def _place_suggested(file: str, block: _Block, spans: list[dict[str, Any]]) -> Problem | None:
    """Give the spans that our export's ``# suggested`` comments name their model and score.

    Return the problem of a comment not in that shape or naming no span of the layer.
    """
    by_place = {(s["label"], s["start"], s["end"]): s for s in spans}
    for line, value in block.suggested:
        match = _SUGGESTED.fullmatch(value)
        if match is None:
            said = "a '# suggested' comment is LABEL START END model=M score=S"
            return Problem(file, line, said)
        label, start, end, model, score = match.groups()
        span = by_place.get((label, int(start), int(end)))
        if span is None:
            return Problem(file, line, f"'# suggested' names no span {label} {start}-{end}")
        try:
            span["suggested"] = {"model": model, "score": None if score == "None" else float(score)}
        except ValueError:
            return Problem(file, line, f"'# suggested' score {score!r} is not a number")
    return None


def _tag(tag: str) -> tuple[str, str | None]:
    """Return a tag's prefix and label (None outside any span)."""
    if tag in ("O", "_", "-"):
        return "O", None
    if len(tag) > 2 and tag[1] in "-_" and tag[0] in "BIESLU":
        return tag[0], tag[2:]
    return "I", tag  # IO tagging: a bare label
