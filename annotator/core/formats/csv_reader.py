"""Reading a ``.csv`` file of documents (CONTRACT section 5): a row per document, its
columns chosen by :class:`~annotator.core.formats.read_options.CsvColumns`.

Pure. Like every reader it yields records and problems (file, line, message) and never stops
at the first bad row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from annotator.core.formats.csv_columns import ROWS_LOOKED_AT, column_problems, csv_object
from annotator.core.formats.read_options import ReadOptions
from annotator.core.formats.records import FormatError, Item, Problem, records_from_objects
from annotator.core.wording import counted


def read_csv(display: str, name: str, text: str, reading: ReadOptions) -> Iterator[Item]:
    """Read ``text``, the file shown as ``display`` whose ids are made from ``name``."""
    _allow_csv_fields_up_to(len(text))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield Problem(display, 1, f"not valid CSV: {exc}")
        return
    header = header or []
    problems = column_problems(header, lambda: _first_rows(text), reading)
    if problems:
        for message in problems:
            yield Problem(display, 1, message)
        return
    duplicates = sorted({column for column in header if header.count(column) > 1})
    if duplicates:
        yield Problem(display, 1, f"repeated column names: {', '.join(duplicates)}")
        return
    pairs: list[tuple[int, Any]] = []
    start = reader.line_num + 1
    try:
        for row in reader:
            if row and len(row) != len(header):
                error = f"row has {counted(len(row), 'field')}, the header has {len(header)}"
                pairs.append((start, FormatError(error, start)))
            elif row:
                record = csv_object(dict(zip(header, row, strict=True)), reading.columns)
                pairs.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        pairs.append((start, FormatError(f"not valid CSV: {exc}", start)))
    yield from records_from_objects(display, pairs, id_prefix=name)


def _first_rows(text: str) -> list[list[str]]:
    """Return the rows after the header that read, up to :data:`ROWS_LOOKED_AT`."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    try:
        next(reader, None)
        for row in reader:
            rows.append(row)
            if len(rows) >= ROWS_LOOKED_AT:
                break
    except csv.Error:
        pass  # the reading proper says what is wrong, with its line
    return rows


def _allow_csv_fields_up_to(size: int) -> None:
    # The csv module refuses a field over 131,072 characters by default, so a long article
    # that imports from .txt or .jsonl would not from .csv. No cell is longer than the text
    # it is read from, which the upload limit already bounds. The limit is process-wide:
    # only ever raise it, so a concurrent read never sees it shrink.
    if csv.field_size_limit() < size:
        csv.field_size_limit(size)
