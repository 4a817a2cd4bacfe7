"""Which columns of a CSV file are the text, id, title and meta, and the refusal that says
what the file has when the chosen (or default) ones are not there.

Pure. The refusal names every column the file has and the likely text column, in the words
of the face that imports (``--text-column body``, the page's Text column, the API's
``text_column`` field), so that a scraper's ``headline,body`` file is one step from going in.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import Any

from annotator.core.formats.read_options import CsvColumns, ReadOptions

#: Column names that hold an article's text in the exports of scrapers, CMSs and datasets,
#: lower case; the first the header has is the likely text column.
TEXT_LIKE = (
    "body",
    "content",
    "article",
    "article_text",
    "full_text",
    "fulltext",
    "text_body",
    "body_text",
    "story",
    "document",
    "sentence",
    "message",
    "description",
    "abstract",
)
#: Rows read to find the column with the longest cells, when no name says which.
ROWS_LOOKED_AT = 50


def column_problems(
    header: Sequence[str], first_rows: Callable[[], Sequence[Sequence[str]]], reading: ReadOptions
) -> list[str]:
    """Return what is wrong with ``header`` for the columns ``reading`` chose: a column
    chosen that it lacks, or no text column; each names the file's columns and a way on.

    ``first_rows()`` gives the file's first rows, read only to guess the text column by the
    length of its cells.
    """
    columns, words = reading.columns, reading.words
    has = f"its columns: {', '.join(header)}" if header else "its header is empty"
    problems = []
    for role, column in columns.chosen():
        if column in header:
            continue
        close = difflib.get_close_matches(column, header, n=1, cutoff=0.6)
        hint = ""
        if close:
            # The meta option takes the whole list: the hint gives it with this one mended.
            given = close[0]
            if role == "meta" and columns.meta is not None:
                given = ",".join(close[0] if name == column else name for name in columns.meta)
            hint = f"; did you mean {close[0]!r} ({words.column_as(role, given)})"
        problems.append(f"no column {column!r}, chosen as the {role} column; {has}{hint}")
    if columns.text is None and "text" not in header:
        problems.append(_no_text_column(header, first_rows(), columns, reading, has))
    return problems


def _no_text_column(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    columns: CsvColumns,
    reading: ReadOptions,
    has: str,
) -> str:
    said = f"a .csv file needs a 'text' column in its header; {has}"
    likely = likely_text_column(header, rows, columns)
    if likely is None:
        return f"{said}. Choose the column of the text: {reading.words.column_as('text', 'NAME')}"
    return f"{said}. The text is likely {likely!r}: {reading.words.column_as('text', likely)}"


def likely_text_column(
    header: Sequence[str], rows: Sequence[Sequence[str]], columns: CsvColumns
) -> str | None:
    """Return the column most likely to hold the text: one named as texts are (``Text``,
    ``body``, ``content`` ...), else the one whose cells are longest on average; None when
    the file has no column left to choose."""
    taken = {column for _, column in columns.chosen()}
    free = [name for name in header if name not in taken]
    by_lower = {name.strip().lower(): name for name in reversed(free)}
    for name in ("text", *TEXT_LIKE):
        if name in by_lower:
            return by_lower[name]
    if not free:
        return None
    lengths = {name: 0 for name in free}
    for row in rows[:ROWS_LOOKED_AT]:
        for name, cell in zip(header, row, strict=False):
            if name in lengths:
                lengths[name] += len(cell)
    return max(free, key=lambda name: lengths[name])


def csv_object(row: dict[str, str], columns: CsvColumns) -> dict[str, Any]:
    """Return the JSON record of a row read as ``columns`` say."""
    # An empty id or title cell means "none": a CSV cell cannot say null.
    obj: dict[str, Any] = {"text": row.pop(columns.text_name)}
    for role, default in (("id", columns.id), ("title", columns.title)):
        value = row.pop(default or role, "")
        if value != "":
            obj[role] = value
    obj["meta"] = row if columns.meta is None else {name: row[name] for name in columns.meta}
    return obj
