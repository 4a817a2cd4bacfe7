"""An import record (CONTRACT section 5) and the checks every record passes.

Pure: no app, no database. The readers of :mod:`annotator.core.formats.readers` turn files into
parsed objects; this module turns each object into a :class:`Record` or a :class:`Problem` naming
its file, line and field, so that an import can report everything wrong at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.formats.kept_notes import KEY as KEPT_NOTES
from annotator.core.formats.kept_notes import NOTES_NOT_PLACED, notes_onto_spans
from annotator.core.limits import title_too_long
from annotator.core.text import normalise_text, unstorable_reason
from annotator.core.vocabulary import GOLD
from annotator.core.wording import CountedPhrase, json_type

RECORD_FIELDS = ("text", "id", "title", "meta")
# Fields of the jsonl export (CONTRACT section 5): with them a record brings annotations.
EXPORT_FIELDS = ("annotations", "gold", "sentences", "project")
MAX_ID_LENGTH = 512


@dataclass(slots=True)
class Record:
    """A valid document record and where it came from."""

    id: str
    text: str
    title: str | None
    meta: dict[str, Any]
    file: str
    line: int | None
    #: Annotations brought along (the ``jsonl`` export shape, doccano or Label Studio),
    #: as ``{"annotations", "gold", "sentences"?, "single_values_in_lists"?}``; checked
    #: against the project by :mod:`annotator.services.datasets.annotated_import`.
    annotated: dict[str, Any] | None = None
    #: The text as the file gave it, once :attr:`text` is the stored text and differs from
    #: it (``\\r\\n``, a byte-order mark): the offsets of ``annotated`` count in it.
    given_text: str | None = None
    #: What reading the record left out, counted for the import's report (an older
    #: export's ``meta.brat_notes`` that no span took).
    tallies: dict[CountedPhrase, int] = field(default_factory=dict)


@dataclass(slots=True)
class Problem:
    """Something wrong in the input, located as precisely as the format allows."""

    file: str
    line: int | None
    message: str
    #: A record of a JSON array: its index there, and its ``id`` when it gives one. A whole
    #: array often comes on one line, where the line alone names no record.
    index: int | None = None
    id: str | None = None

    def __str__(self) -> str:
        return f"{problem_place(self.file, self.line, self.index, self.id)}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """Return it as an import's refusal lists it: ``file``, ``line``, ``message``, and
        ``index`` and ``id`` where known."""
        said: dict[str, Any] = {"file": self.file, "line": self.line, "message": self.message}
        if self.index is not None:
            said["index"] = self.index
        if self.id is not None:
            said["id"] = self.id
        return said


def problem_place(
    file: str, line: int | None, index: int | None = None, record_id: str | None = None
) -> str:
    """Say where a problem is: ``FILE:LINE`` (or the file alone), or for a record of a JSON
    array ``FILE[INDEX] (id 'X', line N)``, as ``jq '.[INDEX]'`` finds it."""
    if index is None:
        return f"{file}:{line}" if line else file
    said = [f"id {record_id!r}"] if record_id is not None else []
    if line:
        said.append(f"line {line}")
    return f"{file}[{index}]" + (f" ({', '.join(said)})" if said else "")


#: Why an empty document (a blank ``.txt``, a CoNLL document with no token, a JSONL, JSON or
#: CSV record whose text is blank) is skipped, on every path: the rest of the import goes
#: in, and the report lists it by file (and line).
EMPTY = "empty: no text to annotate"
#: Why a document with no text is refused all the same: annotations came with it, which
#: skipping it would drop without a word (their offsets cannot fit a blank text anyway).
EMPTY_ANNOTATED = "'text' is empty, yet annotations come with it"


def holds_no_text(text: str) -> bool:
    """Tell whether a document's text leaves nothing to annotate (empty, or blanks alone):
    the one rule of what every reader skips as :data:`EMPTY`."""
    return not text.strip()


@dataclass(slots=True)
class Skipped:
    """A file in a folder that was not read, or an empty document left out, and why."""

    file: str
    reason: str
    #: The line an empty document of a file of several starts at (a CoNLL ``-DOCSTART-``).
    line: int | None = None
    #: Every file of a document made of several (a brat ``.txt`` and its ``.ann`` files),
    #: ``file`` first; empty for a document of one file, which is ``file`` alone.
    files: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Tell whether it is an empty document rather than a file of another type."""
        return self.reason == EMPTY

    def as_dict(self) -> dict[str, Any]:
        """Return it as an import report lists it: ``file``, ``files`` (every file of it, a
        list, ``file`` first), ``reason`` and any ``line``."""
        files = list(self.files) or [self.file]
        said: dict[str, Any] = {"file": self.file, "files": files, "reason": self.reason}
        if self.line is not None:
            said["line"] = self.line
        return said


def skipped_said(entry: dict[str, Any]) -> str:
    """Return an import report's ``skipped`` entry as the command line and the pages say it:
    ``FILE[:LINE]: reason``, or each of its files, comma-separated, when it has several."""
    where = ", ".join(entry.get("files") or [entry["file"]])
    if entry.get("line"):
        where = f"{where}:{entry['line']}"
    return f"{where}: {entry['reason']}"


#: Why a path given to an import was not read, whatever its format.
NO_SUCH_PATH = "no such file or folder"


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent over HTTP, read where a reader takes a path: its name and its bytes.

    ``name`` is shown in messages (and its extension says the format, where that decides);
    ``unpacked_limit`` caps what a zip may unpack to, in bytes (None: no cap), so that a
    small archive cannot expand past what the upload limit lets in unzipped.
    """

    name: str
    data: bytes
    unpacked_limit: int | None = None


#: What an import reads: a file or folder on disk, or an uploaded file.
Source = str | Path | Upload


@dataclass(slots=True)
class Tally:
    """Something a reader did that the import report counts (spans split, text rebuilt)."""

    what: CountedPhrase
    count: int = 1


@dataclass(slots=True)
class Notice:
    """How a reader read something that could be read another way, said so that a wrong
    reading is seen ("read the .ann files in folder 'x' as annotator x")."""

    message: str


Item = Record | Problem | Skipped | Tally | Notice


class FormatError(ValueError):
    """A syntax error in JSON input, with the line it was found on."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def records_from_objects(
    file: str,
    pairs: Iterable[tuple[int | None, Any]],
    id_prefix: str | None = None,
    *,
    array: bool = False,
) -> Iterator[Record | Problem | Skipped]:
    """Check parsed records; a record without ``id`` gets ``<id_prefix>:<line>``.

    Without ``id_prefix`` (a request body) the default id is made from the text instead,
    ``text-<hash>``, so that sending the same records twice stays a no-op. A record whose
    text is blank is skipped (:data:`EMPTY`), as every reader skips an empty document.
    ``array``: the pairs are a JSON array's items, and a problem names its record by index
    and given id.
    """
    for index, (line, obj) in enumerate(pairs):
        if isinstance(obj, FormatError):
            yield Problem(file, obj.line or line, obj.message)
            continue
        if isinstance(obj, dict) and "_meta" in obj and len(obj) == 1:
            continue  # the header line of an export (``--header``) describes, holds no document
        try:
            yield _check_record(obj, file, line, id_prefix)
        except FormatError as exc:
            if array:
                yield Problem(file, line, exc.message, index, _given_id(obj))
            else:
                yield Problem(file, line, exc.message)


def _given_id(obj: Any) -> str | None:
    """Return a record's ``id`` as given, when it is one that could name it."""
    raw = obj.get("id") if isinstance(obj, dict) else None
    if isinstance(raw, bool) or not isinstance(raw, str | int) or not str(raw).strip():
        return None
    return str(raw)[:MAX_ID_LENGTH]


def _check_record(obj: Any, file: str, line: int | None, id_prefix: str | None) -> Record | Skipped:
    if not isinstance(obj, dict):
        raise FormatError(f"a record must be a JSON object, not {json_type(obj)}")
    obj, annotated = _annotated_shape(obj)
    allowed = RECORD_FIELDS + EXPORT_FIELDS if annotated is not None else RECORD_FIELDS
    unknown = [name for name in obj if name not in allowed]
    if unknown:
        raise FormatError(
            f"unknown field {', '.join(map(repr, unknown))}; a record has "
            f"{', '.join(RECORD_FIELDS)}: put extra data under meta"
        )
    if "text" not in obj:
        raise FormatError("'text' is missing")
    text = obj["text"]
    if not isinstance(text, str):  # null too: the field is there, and said so
        raise FormatError(f"'text' must be a string, not {json_type(text)}")
    # The record's other fields are checked before a blank text is skipped: a record the
    # import would refuse with a text is refused without one too (the API keeps its schema).
    meta = _meta(obj.get("meta"))
    title = _title(obj.get("title"))
    record_id = _record_id(obj, line, id_prefix)
    if holds_no_text(text):
        if _holds_annotations(annotated):
            raise FormatError(EMPTY_ANNOTATED)
        return Skipped(file, EMPTY, line)
    _check_storable("text", text)
    record = Record(
        id=record_id,
        text=text,
        title=title,
        meta=meta,
        file=file,
        line=line,
        annotated=annotated,
    )
    if KEPT_NOTES in meta:
        # An export written before notes were their span's own: never the shared meta.
        left_out = notes_onto_spans(meta, _layers(annotated))
        if left_out:
            record.tallies[NOTES_NOT_PLACED] = left_out
    return record


def _holds_annotations(annotated: dict[str, Any] | None) -> bool:
    """Tell whether a record's layers hold anything (a layer saying only "assigned" holds
    nothing)."""
    if annotated is None:
        return False
    layers = [*annotated["annotations"], annotated["gold"]]
    kinds = ("spans", "relations", "sentence_labels", "document_labels")
    return any(isinstance(layer, dict) and any(layer.get(k) for k in kinds) for layer in layers)


def _layers(annotated: dict[str, Any] | None) -> list[tuple[Any, Any]]:
    """Return the ``(annotator, spans)`` of a record's layers (``gold`` for gold)."""
    if annotated is None:
        return []
    layers = [
        (layer.get("annotator"), layer.get("spans"))
        for layer in annotated["annotations"]
        if isinstance(layer, dict)
    ]
    gold = annotated["gold"]
    return layers + ([(GOLD, gold.get("spans"))] if gold is not None else [])


def _annotated_shape(obj: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Return the record in the export shape and its annotations (None for a plain record)."""
    from annotator.core.formats.annotated import annotated_shape
    from annotator.core.formats.doccano import ShapeError

    try:
        return annotated_shape(obj, EXPORT_FIELDS)
    except ShapeError as exc:
        raise FormatError(str(exc)) from None


def _record_id(obj: dict[str, Any], line: int | None, id_prefix: str | None) -> str:
    raw = obj.get("id")
    if raw is None:
        if id_prefix is None:
            digest = hashlib.sha256(normalise_text(obj["text"]).encode("utf-8")).hexdigest()
            return f"text-{digest[:16]}"
        return id_prefix if line is None else f"{id_prefix}:{line}"
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise FormatError(f"'id' must be a string or an integer, not {json_type(raw)}")
    value = str(raw)
    if not value.strip():
        raise FormatError("'id' is empty")
    if len(value) > MAX_ID_LENGTH:
        raise FormatError(f"'id' is longer than {MAX_ID_LENGTH} characters")
    _check_storable("id", value)
    return value


def _title(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise FormatError(f"'title' must be a string, not {json_type(value)}")
    too_long = title_too_long(value)
    if too_long is not None:
        raise FormatError(f"'title' is {too_long}")
    _check_storable("title", value)
    return value


def _meta(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FormatError(f"'meta' must be an object, not {json_type(value)}")
    _check_storable_within("meta", value)
    return value


def _check_storable(name: str, value: str) -> None:
    reason = unstorable_reason(value)
    if reason is not None:
        raise FormatError(f"'{name}' {reason}")


def _check_storable_within(name: str, value: Any) -> None:
    """Refuse a string anywhere in ``value``, keys too, that cannot be stored.

    Meta is stored, searched and shown as text like the title; a NUL or a lone surrogate
    in it failed the whole import with a 500 instead of naming the line.
    """
    if isinstance(value, str):
        _check_storable(name, value)
    elif isinstance(value, dict):
        for key, item in value.items():
            reason = unstorable_reason(key)
            if reason is not None:
                raise FormatError(f"'{name}' has a key that {reason}")
            _check_storable_within(f"{name}.{key}", item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_storable_within(f"{name}[{i}]", item)
