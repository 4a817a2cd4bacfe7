"""The bytes of a project file: a gzip of JSON lines, written and read a record at a time.

The records are :mod:`annotator.core.formats.project_file`'s; this module writes them
(deterministically: compact JSON, no file name in the gzip header, whose time stamp is the dump
time) and reads them back, checking their order and shapes as they come.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from annotator.core import json_input
from annotator.core.formats.kept_notes import notes_onto_spans
from annotator.core.formats.project_file import (
    FORMAT,
    RECORD_ORDER,
    SINGLE_RECORDS,
    VERSION,
    ProjectFileError,
    check,
    shown,
)
from annotator.core.formats.project_ids import ITEM_PARTS, id_kinds
from annotator.core.formats.project_numbers import NUMBERS_SINCE
from annotator.core.wording import counted

# Compact and keeping non-ASCII text as it is: a record's bytes depend on its values alone.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)

#: The longest line read (a document with its layers): a longer one is refused rather than
#: read whole into memory, whatever the gzip unpacks to.
MAX_LINE = 256 << 20


def write_file(records: Iterable[dict[str, Any]], dumped_at: int) -> Iterator[bytes]:
    """Yield the gzip of ``records`` as JSON lines, as it is written.

    :param dumped_at: the dump time, in seconds since 1970, kept in the gzip header alone.
    """
    buffer = io.BytesIO()
    # No file name in the header, and the default level: the bytes depend on the records
    # and the time alone.
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=6, mtime=dumped_at) as out:
        for record in records:
            out.write(_ENCODER.encode(record).encode("utf-8") + b"\n")
            if buffer.tell() >= 1 << 16:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def read_file(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, record)`` from a project file, checking each record's shape.

    The file may be gzip (as written) or plain JSON lines. Records must come in
    :data:`RECORD_ORDER`, the first being a header of a version this reader knows, the last
    an ``end`` record counting the documents.

    :raises ProjectFileError: naming the line and field of the first problem.
    """
    lines = _lines(stream)
    rank, number, documents, version = -1, 0, 0, VERSION
    for number, raw in lines:
        record = _parse(raw, number)
        kind = record.get("record")
        if rank < 0 and kind != "header":
            raise ProjectFileError(number, "record", f"not a project file (no {FORMAT!r} header)")
        if kind not in RECORD_ORDER:
            raise ProjectFileError(number, "record", f"unknown record kind {shown(kind)}")
        if rank == 0 and kind != "project":
            raise ProjectFileError(number, "record", "the project record must follow the header")
        place = RECORD_ORDER.index(kind)
        if place < rank or (place == rank and kind in SINGLE_RECORDS):
            raise ProjectFileError(number, "record", f"a {kind} record is out of place here")
        rank = place
        if kind == "header":
            _check_header(record)
            version = record["version"]
        elif kind == "project" and version < NUMBERS_SINCE:
            # The project's count of document numbers came with version 10.
            record.setdefault("documents_numbered", None)
        elif kind == "document" and version < VERSION:
            _upgrade_document(record, version)
        check(kind, record, number)
        if kind == "ids":
            _check_ids_kind(record, version, number)
        if kind == "document":
            documents += 1
        if kind == "end":
            if record["documents"] != documents:
                raise ProjectFileError(
                    number,
                    "documents",
                    f"the file holds {counted(documents, 'document')}, its end record says "
                    f"{record['documents']}",
                )
            yield number, record
            for extra, _ in lines:
                raise ProjectFileError(extra, None, "a line after the end record")
            return
        yield number, record
    if number == 0:
        raise ProjectFileError(1, None, "the file is empty")
    raise ProjectFileError(number + 1, None, "the file ends before its end record (cut off?)")


def _no_sources(record: dict[str, Any], layers: list[Any]) -> None:
    """Give an older file's items and changes no gold source (how was not kept then)."""
    for layer in layers:
        for part in ("spans", "relations", "labels"):
            items = layer.get(part) if isinstance(layer, dict) else None
            for item in items if isinstance(items, list) else ():
                if isinstance(item, dict):
                    item.setdefault("source_how", None)
                    item.setdefault("source_of", None)
    changes = record.get("changes")
    for change in changes if isinstance(changes, list) else ():
        if isinstance(change, dict):
            change.setdefault("item_source", None)


def _upgrade_document(record: dict[str, Any], version: int) -> None:
    """Give an older file's document the fields its version did not write, empty."""
    if version == 1:
        record.setdefault("changes", [])  # version 1 kept no history of the layers
    if version < 3:
        record.setdefault("decisions", [])  # nor did versions before 3 keep decisions
    if version < NUMBERS_SINCE:
        record.setdefault("number", None)  # a load numbers an older file's documents anew
    layers = record.get("layers")
    if not isinstance(layers, list):
        return  # the shape's check names the problem
    if version < 6:  # notes on spans came with version 6
        named = (
            (layer.get("name"), layer.get("spans")) for layer in layers if isinstance(layer, dict)
        )
        notes_onto_spans(record.get("meta"), named)
    if version < 7:  # notes on relations came with version 7
        for layer in layers:
            relations = layer.get("relations") if isinstance(layer, dict) else None
            for relation in relations if isinstance(relations, list) else ():
                if isinstance(relation, dict):
                    relation.setdefault("note", None)
    if version < 8:  # a label value's suggestion (score and model) came with version 8
        for layer in layers:
            labels = layer.get("labels") if isinstance(layer, dict) else None
            for label in labels if isinstance(labels, list) else ():
                if isinstance(label, dict):
                    label.setdefault("score", None)
                    label.setdefault("model", None)
    if version < 9:  # how a gold item was decided, and a change's item source, came with 9
        _no_sources(record, layers)
    without_ids = [part for kind, part in ITEM_PARTS.items() if kind not in id_kinds(version)]
    for layer in layers:  # versions before 4 wrote no span or relation ids, before 5 no label's
        for part in without_ids:
            items = layer.get(part) if isinstance(layer, dict) else None
            for item in items if isinstance(items, list) else ():
                if isinstance(item, dict):
                    item.setdefault("id", None)


def _check_ids_kind(record: dict[str, Any], version: int, number: int) -> None:
    """Refuse an ``ids`` record of a kind whose items carry no ids in the file's version."""
    kinds = id_kinds(version)
    if not kinds:
        raise ProjectFileError(number, "record", "ids records came with format version 4")
    if record["kind"] not in kinds:
        raise ProjectFileError(
            number, "kind", f"{record['kind']!r} is not one of {', '.join(map(repr, kinds))}"
        )


def _check_header(record: dict[str, Any]) -> None:
    if record.get("format") != FORMAT:
        raise ProjectFileError(1, "format", f"not a project file (expected {FORMAT!r})")
    version = record.get("version")
    if type(version) is not int or not 1 <= version <= VERSION:
        raise ProjectFileError(
            1,
            "version",
            f"format version {shown(version)} is not one this annotator reads "
            f"(1 to {VERSION}): load it with the annotator that wrote it, or a newer one",
        )


def _parse(raw: bytes, number: int) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProjectFileError(number, None, f"not UTF-8 (at byte {exc.start})") from None
    try:
        record = json_input.loads(text)
    except json.JSONDecodeError as exc:
        raise ProjectFileError(
            number, None, f"invalid JSON at column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(record, dict):
        raise ProjectFileError(number, None, "expected a JSON object")
    return record


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """Yield the numbered lines of the file, unzipped when it is gzip."""
    start = stream.read(2)
    source: IO[bytes] = io.BufferedReader(_Prefixed(start, stream), 1 << 16)
    if start == b"\x1f\x8b":
        source = gzip.GzipFile(fileobj=source, mode="rb")  # type: ignore[assignment]
    number = 0
    try:
        while raw := source.readline(MAX_LINE + 1):
            number += 1
            if len(raw) > MAX_LINE:
                raise ProjectFileError(
                    number, None, f"longer than {MAX_LINE >> 20} MB: not a project file's line"
                )
            if raw.strip():
                yield number, raw
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ProjectFileError(number + 1, None, f"the gzip stream is damaged ({exc})") from None


class _Prefixed(io.RawIOBase):
    """A stream with bytes already read put back in front of it."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix, self._rest = prefix, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            size = min(len(buffer), len(self._prefix))
            buffer[:size] = self._prefix[:size]
            self._prefix = self._prefix[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
