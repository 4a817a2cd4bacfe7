"""The project file: a whole project as one gzip of JSON lines (``annotator projects dump``).

One line per record, each naming its kind in ``"record"``, in this order: one ``header``
(the format's name and version), one ``project``, then ``user``, ``member``,
``schema_version``, ``assist_model``, ``assist_label_model`` and ``history`` records,
``ids`` records (the span,
relation and label value ids the documents hold, declared before them so that a load knows
at once whether it can keep them all), one ``document`` record per document (with its sentences,
assignments, notes, gold status and every layer), and one ``end`` record that counts the
documents, so that a cut-off file is refused.

The shapes below are the one home of every record's fields and their order: the dump builds
records with :func:`build` and the load checks them with :func:`check`; the file's bytes are
written and read by :mod:`annotator.core.formats.project_stream`. The only database ids
written are those of spans, relations and label values, which a load keeps where it can
(:mod:`annotator.core.formats.project_ids`); users are named, documents go by their external
id and carry their number in the project, which a load keeps
(:mod:`annotator.core.formats.project_numbers`), and a relation names its spans by their
place in its layer's ``spans``, as a change names its span, relation or label value, so that
a load that must renumber has nothing else to rewrite.
Times are :data:`annotator.core.times.STAMP_FORMAT`.
The dump time is the gzip header's own time stamp, so that two dumps of the same project
differ in those four bytes alone.

To carry a new table, add a record kind (a shape and its place in :data:`RECORD_ORDER`) or a
field of ``document`` or ``layer``, and raise :data:`VERSION` if an older reader would misread
it; the load refuses versions newer than its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from annotator.core.errors import Invalid
from annotator.core.limits import INT_MAX, INT_MIN
from annotator.core.text import unstorable_reason
from annotator.core.times import parse_stamp

FORMAT = "annotator-project"
#: 2: a document holds its layers' history (``changes``); a version 1 file has none.
#: 3: a document holds gold's "none taken" decisions (``decisions``); older files have none.
#: 4: spans and relations carry their ``id``, declared beforehand by ``ids`` records, and a
#: change's ``item`` may name a relation; older files have no ids (a load numbers anew).
#: 5: label values carry their ``id`` too (``ids`` records of kind ``label``), and a change's
#: ``item`` may name a label value; older files have none (a load numbers them anew).
#: 6: a span carries its ``note`` (brat's ``#`` notes, kept in ``meta.brat_notes`` before).
#: 7: a relation carries its ``note`` too; older files' relations have none.
#: 8: a label value carries the ``score`` and ``model`` of the suggestion it is or came from,
#: and ``assist_label_model`` records the label fields' classifiers; older files have neither.
#: 9: gold spans, relations and label values carry how they were decided (``source_how``:
#: core/gold_source.py) and over how many annotators (``source_of``), and a change its gold
#: item's source (``item_source``); older files have none of them.
#: 10: a document carries its number in the project (``number``, its ``#N``) and the project
#: the count of numbers it has given (``documents_numbered``), kept by a load
#: (core/formats/project_numbers.py); older files have neither (a load numbers 1..n).
VERSION = 10
#: The file name's ending, for downloads and the command line's default.
EXTENSION = "annotator.jsonl.gz"
MIMETYPE = "application/gzip"


@dataclass(frozen=True, slots=True)
class Field:
    """A record's field: its name, what it holds, and whether it may be null.

    ``kind`` is ``str``, ``int``, ``number``, ``bool``, ``time``, ``object`` (any JSON
    object), ``json`` (any JSON value), ``names`` (a list of strings), ``ranges`` (a list of
    ``[start, end]`` pairs), ``list:SHAPE`` (a list of records of that shape) or
    ``one:SHAPE`` (one record of that shape).
    """

    name: str
    kind: str
    nullable: bool = False


def _fields(spec: str) -> tuple[Field, ...]:
    """Read ``"name:kind name:kind? ..."`` (a ``?`` marks a field that may be null)."""
    fields = []
    for item in spec.split():
        name, kind = item.split(":", 1)
        fields.append(Field(name, kind.rstrip("?"), kind.endswith("?")))
    return tuple(fields)


#: Every shape, top-level records and the parts of a document alike, fields in file order.
SHAPES: dict[str, tuple[Field, ...]] = {
    "header": _fields("record:str format:str version:int annotator_version:str"),
    "project": _fields(
        "record:str slug:str name:str schema_version:int documents_numbered:int? "
        "created_at:time schema:object"
    ),
    "user": _fields("record:str name:str"),
    "member": _fields("record:str user:str role:str created_at:time"),
    "schema_version": _fields(
        "record:str version:int change:str created_by:str? created_at:time schema:object"
    ),
    "assist_model": _fields(
        "record:str version:int kind:str created_by:str? created_at:time documents:int "
        "labels:names scores:object data:str"
    ),
    "assist_label_model": _fields(
        "record:str version:int scope:str field:str created_at:time scores:object "
        "documents:names data:str"
    ),
    "history": _fields(
        "record:str at:time actor:str action:str target:str before:json? after:json?"
    ),
    "document": _fields(
        "record:str id:str number:int? title:str? meta:object segmenter_version:str "
        "created_at:time "
        "text:str sentences:ranges gold_status:one:gold_status? assignments:list:assignment "
        "notes:list:note layers:list:layer rejections:list:rejection changes:list:change "
        "decisions:list:decision"
    ),
    # The ids of one kind ("span", "relation" or "label") as ordered, disjoint [start, end) ranges;
    # a kind's ranges may go on in further ids records when there are many.
    "ids": _fields("record:str kind:str ranges:ranges"),
    "end": _fields("record:str documents:int"),
    "gold_status": _fields("status:str updated_by:str? updated_at:time"),
    "assignment": _fields(
        "user:str status:str created_at:time updated_at:time first_done_at:time?"
    ),
    "note": _fields("user:str note:str unsure:bool updated_at:time"),
    "layer": _fields(
        "name:str created_at:time seconds:int spans:list:span relations:list:relation "
        "labels:list:label"
    ),
    "span": _fields(
        "id:int? label:str start:int end:int attributes:object version:int score:number? "
        "model:str? note:str? "
        "decided_by:str? source_layer:str? source_how:str? source_of:int? created_at:time "
        "updated_at:time"
    ),
    "relation": _fields(
        "id:int? type:str from:int to:int score:number? model:str? note:str? decided_by:str? "
        "source_layer:str? source_how:str? source_of:int? created_at:time"
    ),
    # One change to a layer (services/history.py), oldest first: ``layer`` is a layer's name
    # (an annotator's or gold), ``item`` the place of the span (relation, label value)
    # changed in that layer's ``spans`` (``relations``, ``labels``) while it exists: null for
    # an item since deleted and for other kinds.
    "change": _fields(
        "layer:str at:time actor:str? kind:str action:str source:str item:int? "
        "before:json? after:json? item_source:json?"
    ),
    # Gold holds none of a difference's versions (services/review/none_taken.py): the
    # difference by its key, made of its items' contents, so that it holds after a load.
    "decision": _fields("difference:str kind:str summary:str decided_by:str? decided_at:time"),
    # An annotator's "no" to a suggested span (services/assist/rejections.py).
    "rejection": _fields(
        "user:str label:str start:int end:int model:str score:number? created_at:time"
    ),
    "label": _fields(
        "id:int? sentence:int? name:str value:json score:number? model:str? decided_by:str? "
        "source_layer:str? source_how:str? source_of:int? created_at:time updated_at:time"
    ),
}
#: The top-level records in the order the file holds them; each may repeat but ``header``,
#: ``project`` and ``end``.
RECORD_ORDER = (
    "header",
    "project",
    "user",
    "member",
    "schema_version",
    "assist_model",
    "assist_label_model",
    "history",
    "ids",
    "document",
    "end",
)
#: The records a file holds exactly once.
SINGLE_RECORDS = ("header", "project", "end")
#: Audit entries of a project that the file carries as its history: who was assigned,
#: reassigned, unassigned, made a member or dropped, when and by whom.
HISTORY_ACTIONS = ("assignment.", "member.")


# Each shape's field names, for build (called for every span of a dump) and check.
_NAMES = {shape: tuple(item.name for item in fields) for shape, fields in SHAPES.items()}
_KNOWN = {shape: frozenset(names) for shape, names in _NAMES.items()}


class ProjectFileError(Invalid):
    """A project file that cannot be loaded; the message names the line and the field."""

    code = "invalid_project_file"

    def __init__(self, line: int, field: str | None, problem: str) -> None:
        where = f"line {line}" + (f": {field}" if field else "")
        super().__init__(f"{where}: {problem}", details={"line": line, "field": field})
        self.line = line


def build(shape: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the record ``shape`` with ``values``, its fields in the shape's order.

    A top-level record gets its ``"record"`` field from ``shape``.
    """
    names = _NAMES[shape]
    if names[0] == "record":
        return {"record": shape} | {name: values[name] for name in names[1:]}
    return {name: values[name] for name in names}


def check(shape: str, record: Any, line: int, path: str = "") -> None:
    """Check that ``record`` has exactly the fields of ``shape``, each of its kind.

    Each time (a ``time`` field, here or in a part) is replaced by its ``datetime``, read
    once, for the load to store.

    :param path: where the record sits in its line (``layers[0]``), for the messages.
    :raises ProjectFileError: naming ``line`` and the field's path (``layers[0].spans[2].end``).
    """
    _check(shape, record, line, (path,) if path else ())


# Paths are built only for a message: a load checks every field of every span.
Path = tuple[str | int, ...]


def _path_text(path: Path) -> str | None:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or None


def _check(shape: str, record: Any, line: int, path: Path) -> None:
    if not isinstance(record, dict):
        raise ProjectFileError(line, _path_text(path), f"expected a {shape} object")
    fields, known = SHAPES[shape], _KNOWN[shape]
    if len(record) != len(fields) or not known.issuperset(record):
        for key in record:
            if key not in known:
                raise ProjectFileError(
                    line, _path_text((*path, key)), f"unknown field in a {shape} record"
                )
    for item in fields:
        value = record.get(item.name, _MISSING)
        if value is None:
            if not item.nullable:
                raise ProjectFileError(line, _path_text((*path, item.name)), "must not be null")
        elif value is _MISSING:
            raise ProjectFileError(line, _path_text((*path, item.name)), "missing")
        elif item.kind == "time":
            record[item.name] = _moment(value, line, path, item.name)
        else:
            _check_kind(item.kind, value, line, path, item.name)


_MISSING = object()


def _check_kind(kind: str, value: Any, line: int, path: Path, name: str) -> None:
    if kind.startswith("one:"):
        _check(kind[4:], value, line, (*path, name))
        return
    if kind.startswith("list:"):
        if not isinstance(value, list):
            raise ProjectFileError(line, _path_text((*path, name)), "expected a list")
        shape = kind[5:]
        for i, item in enumerate(value):
            _check(shape, item, line, (*path, name, i))
        return
    if not _KINDS[kind](value):
        raise ProjectFileError(
            line, _path_text((*path, name)), f"expected {_WORDS[kind]}, got {shown(value)}"
        )
    if kind == "int" and not INT_MIN <= value <= INT_MAX:
        raise ProjectFileError(
            line, _path_text((*path, name)), f"{value} is out of range ({INT_MIN} to {INT_MAX})"
        )
    if kind in _TEXT_KINDS:
        _check_storable(value, line, (*path, name))


# Kinds whose strings (keys too) a load stores as text, or as JSON that pages show as text:
# a NUL or lone surrogate was a server error on PostgreSQL, or stored on SQLite where no live
# project could hold it (every face refuses such a string).
_TEXT_KINDS = frozenset({"str", "names", "object", "json"})


def _check_storable(value: Any, line: int, path: Path) -> None:
    if isinstance(value, str):
        reason = unstorable_reason(value)
        if reason is not None:
            raise ProjectFileError(line, _path_text(path), reason)
    elif isinstance(value, dict):
        for key, item in value.items():
            reason = unstorable_reason(key)
            if reason is not None:
                raise ProjectFileError(line, _path_text(path), f"a key {reason}")
            _check_storable(item, line, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_storable(item, line, (*path, i))


def _moment(value: Any, line: int, path: Path, name: str) -> datetime:
    try:
        if isinstance(value, str):
            return parse_stamp(value)
    except ValueError:
        pass
    raise ProjectFileError(
        line,
        _path_text((*path, name)),
        f"expected a time like 2026-01-31T12:00:00.000000Z, got {shown(value)}",
    )


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_ranges(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(pair, list) and len(pair) == 2 and all(map(_is_int, pair)) for pair in value
    )


_KINDS = {
    "str": lambda v: isinstance(v, str),
    "time": lambda v: isinstance(v, str),
    "int": _is_int,
    "number": lambda v: type(v) in (int, float),
    "bool": lambda v: type(v) is bool,
    "object": lambda v: isinstance(v, dict),
    "json": lambda v: True,
    "names": lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v),
    "ranges": _is_ranges,
}
_WORDS = {
    "str": "a string",
    "time": "a time",
    "int": "an integer",
    "number": "a number",
    "bool": "true or false",
    "object": "an object",
    "json": "a JSON value",
    "names": "a list of strings",
    "ranges": "a list of [start, end] pairs",
}


def shown(value: Any) -> str:
    """Return a value as the file has it, cut short for an error message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
