"""A CoNLL layer's annotations: its spans read from the tags (BIO, IOB1, BIOES/BILOU or bare
labels), and the label values and suggestions our export's comments give it."""

from __future__ import annotations

import re
from typing import Any

from annotator.core import rules
from annotator.core.errors import Invalid
from annotator.core.formats.conll import read_comment_value
from annotator.core.formats.conll_blocks import Block
from annotator.core.formats.label_map import LabelMap, Unmapped, Unresolved
from annotator.core.formats.records import Problem


def layer_spans(
    file: str,
    block: Block,
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
                    unresolved.add("label", label, file, line)
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


def _tag(tag: str) -> tuple[str, str | None]:
    """Return a tag's prefix and label (None outside any span)."""
    if tag in ("O", "_", "-"):
        return "O", None
    if len(tag) > 2 and tag[1] in "-_" and tag[0] in "BIESLU":
        return tag[0], tag[2:]
    return "I", tag  # IO tagging: a bare label


def layer_labels(
    file: str, doc_id: str, block: Block, schema: dict[str, Any]
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


#: The model is as :func:`~annotator.core.formats.conll.comment_value` writes it: a JSON
#: string when it holds a space or starts with a quote.
_SUGGESTED = re.compile(r'(\S+) (\d+) (\d+) model=("(?:[^"\\]|\\.)*"|[^"\s]\S*) score=(\S+)')


def place_suggested(file: str, block: Block, spans: list[dict[str, Any]]) -> Problem | None:
    """Give the spans that our export's ``# suggested`` comments name their model and score.

    Return the problem of a comment not in that shape or naming no span of the layer.
    """
    by_place = {(s["label"], s["start"], s["end"]): s for s in spans}
    for line, value in block.suggested:
        match = _SUGGESTED.fullmatch(value)
        if match is None:
            said = "a '# suggested' comment is LABEL START END model=M score=S"
            return Problem(file, line, said)
        label, start, end, written, score = match.groups()
        try:
            model = read_comment_value(written)
        except ValueError:
            return Problem(file, line, f"'# suggested' model {written} is no JSON string")
        span = by_place.get((label, int(start), int(end)))
        if span is None:
            return Problem(file, line, f"'# suggested' names no span {label} {start}-{end}")
        try:
            span["suggested"] = {"model": model, "score": None if score == "None" else float(score)}
        except ValueError:
            return Problem(file, line, f"'# suggested' score {score!r} is not a number")
    return None
