"""Read a CoNLL file's lines into blocks: each one document's layer, its tokens sentence by
sentence and what our export's comments say of it (id, annotator, status, labels, text).

Our export, CoNLL-2003 columns (``TOKEN ... TAG``) and CoNLL-U lines
(:mod:`annotator.core.formats.conllu`) are told apart line by line; a line that is none of
them is a problem at its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.core.formats import conllu as conllu_lines
from annotator.core.formats.conll import read_comment_value, read_token_column
from annotator.core.formats.option_words import OptionWords
from annotator.core.formats.records import Problem
from annotator.core.limits import column_integer
from annotator.core.text import normalise_text
from annotator.core.wording import counted

_COMMENT = re.compile(r"#\s*(\w+)\s*=\s*(.*)$")


_LABEL = re.compile(r"#\s*(document\s+)?label\s+(\S+)\s*=\s*(.*)$")


_DOCUMENT = re.compile(r"#\s*document\s+(text|title|meta)\s*=\s*(.*)$")


#: A token as read: ``(start, end, text, tag, line, space after)``; start and end are -1
#: where the file gives no offsets, and "space after" is False only for CoNLL-U's
#: ``SpaceAfter=No``.
Token = tuple[int, int, str, str, int, bool]


@dataclass
class Block:
    """One document's layer as read: its tokens, sentence by sentence."""

    id: str
    line: int
    annotator: str | None = None
    sentences: list[list[Token]] = field(default_factory=list)
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


def read_blocks(
    file: str, name: str, text: str, option_words: OptionWords
) -> tuple[list[Block], list[Problem], int]:
    """Return the file's blocks, the problems of its lines and how many CoNLL-U empty nodes
    (``8.1``, no part of the text) it left out."""
    blocks, problems = [Block(name, 1)], list[Problem]()
    empty_nodes = 0
    sentence: list[Token] = []
    # A CoNLL-U multi-word token being read: the ids of its words, which the text lacks.
    words: range = range(0)
    conllu = name.lower().endswith(conllu_lines.EXTENSION)
    # How the file's first plain token line lays out its columns: every one has as many.
    width: _Width | None = None
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
                    blocks.append(Block(said, number))
                else:
                    blocks[-1].annotator = said or None
            elif comment and comment.group(1) == "suggested":
                blocks[-1].suggested.append((number, comment.group(2).strip()))
            elif comment and comment.group(1) == "title":
                blocks[-1].title = comment.group(2).strip() or None
            elif comment and comment.group(1) == "status":
                blocks[-1].status = (number, comment.group(2).strip())
            elif line.startswith("-DOCSTART-"):
                blocks.append(Block(f"{name}:{number}", number))
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
        # Split as the file is (_Width); the spaces beside a tab are no part of a column.
        # The line is stripped: its first column, the token, and its last, the tag, are
        # never empty, whichever the columns between.
        tabs = width.tabs if width else "\t" in line
        columns = [c.strip() for c in line.split("\t")] if tabs else line.split()
        if len(columns) < 2:
            problems.append(Problem(file, number, "a token line is TOKEN ... TAG"))
            continue
        # The tag is the last column: a line with a column more or less than the file's
        # others would give it another column's value, a stray word read as a label.
        width = width or _Width(len(columns), number, tabs)
        if len(columns) != width.count:
            problems.append(Problem(file, number, width.problem(len(columns))))
            continue
        token, tag = columns[0], columns[-1]
        if len(columns) == 4 and _digits(columns[1]) and _digits(columns[2]):
            start, end = column_integer(columns[1]), column_integer(columns[2])
            if start is None or end is None:
                problems.append(Problem(file, number, "an offset is larger than any text"))
                continue
            token = read_token_column(token, end - start)
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


@dataclass(frozen=True)
class _Width:
    """The columns of a file's first plain token line, which every other one must have.

    A file whose first token line has a tab is split on tabs, an empty column kept
    (``Token<TAB><TAB>B-CLAIM`` is three, its part of speech missing): split on whitespace,
    such a line lost a column and was refused. Any other file is split on runs of
    whitespace, a tab among them lining columns up.
    """

    count: int
    line: int
    tabs: bool

    def problem(self, count: int) -> str:
        """Say that a token line has ``count`` columns, not the file's ``count``."""
        noun = "tab-separated column" if self.tabs else "column"
        return (
            f"this token line has {counted(count, noun)} and the file's first (line "
            f"{self.line}) {self.count}; every token line of a file has the same columns, "
            "TOKEN ... TAG"
        )


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
