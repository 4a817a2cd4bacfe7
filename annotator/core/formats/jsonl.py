"""The ``jsonl`` format: one document per line, exactly as CONTRACT section 5 shows it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from annotator.core.formats import (
    ExportContext,
    ExportFormat,
    Record,
    dumps_record,
    json_lines,
)


def write(records: Iterable[Record], context: ExportContext) -> Iterator[bytes]:
    """Yield one JSON line per record (arrays already written as text are spliced in as is)."""
    return json_lines((dumps_record(record) + "\n" for record in records), context)


FORMAT = ExportFormat(
    name="jsonl",
    extension="jsonl",
    mimetype="application/x-ndjson",
    description="One document per line: text, sentences, every layer, gold (re-importable)",
    writer=write,
    line_based=True,
    writes_unannotated=True,
)
