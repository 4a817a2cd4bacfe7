"""A CoNLL document's text: the one our export's ``# document`` comments give (each token
checked against it at its offsets), or else one rebuilt from the tokens."""

from __future__ import annotations

import json
from typing import Any

from annotator.core.formats.conll import read_comment_value
from annotator.core.formats.conll_blocks import Block
from annotator.core.formats.records import Problem


def rebuilt_text(blocks: list[Block]) -> tuple[str, list[list[tuple[int, int]]]]:
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


def document_fields(file: str, doc_id: str, blocks: list[Block]) -> dict[str, Any] | Problem:
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
