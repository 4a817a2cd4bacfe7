"""Validate and normalise a project's label schema (CONTRACT section 2).

Pure: plain data in, plain data out. Every refusal is a :class:`SchemaError` whose message
names the offending entry (``span_labels[1] 'SOURCE': ...``), so that a user can fix a file
of hundreds of lines without guessing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal, cast

from annotator.core.errors import SchemaError
from annotator.core.limits import LABEL_NAME_MAX
from annotator.core.text import unstorable_reason
from annotator.core.wording import counted

# Keys the workspace keeps for itself: moving between sentences (j, k), linking (l), help,
# attribute and field values (digits), the next and previous suggestion (. and ,).
RESERVED_KEYS = frozenset("jkl?0123456789.,")
DEFAULT_COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_:\-]*$")
#: A licence is an identifier (``cc-by-4.0``) or a short statement, shown on dataset cards.
LICENSE_MAX = 200

_TOP = {
    "name",
    "guidelines",
    "allow_overlap",
    "annotators_per_document",
    "suggestions",
    "license",
    "train_every",
    "train_on_done",
    "queue_order",
    "span_labels",
    "relation_types",
    "sentence_labels",
    "document_labels",
}
_SPAN = {"name", "key", "color", "description", "attributes"}
_ATTRIBUTE = {"name", "values", "multiple", "description"}
_RELATION = {"name", "from", "to", "max_per_source", "key", "description"}
_FIELD = {"name", "values", "multiple", "target", "ordinal", "description"}
# A sentence label field may give its values keys, so that one key press sets a value
# without first making the field the active one.
_SENTENCE_FIELD = _FIELD | {"keys"}


#: The lists of named entries a schema holds: span labels, relation types, and the label
#: fields of sentences and of the whole document.
EntryKind = Literal["span_labels", "relation_types", "sentence_labels", "document_labels"]
#: How pages name an entry of each kind.
NOUNS: dict[EntryKind, str] = {
    "span_labels": "span label",
    "relation_types": "relation type",
    "sentence_labels": "sentence label",
    "document_labels": "document label",
}
#: An entry's place in a schema file as the refusals below say it (:func:`_where`), with a
#: sentence label value's after it: ``span_labels[0] 'CLAIM'``, ``... 'stance' value 'FAVOR'``.
_PLACE = re.compile(
    r"\b(span_labels|relation_types|sentence_labels|document_labels)\[\d+\]"
    r"(?: '([^']*)')?(?: value '([^']*)')?"
)


def entry_names(schema: Mapping[str, Any], kind: EntryKind) -> list[str]:
    """Return the names of a (validated) schema's entries of ``kind``, in the schema's order."""
    return [entry["name"] for entry in schema.get(kind) or []]


def plain_places(message: str) -> str:
    """Return a refusal of this module with each entry's place in the schema file said as a
    page that shows no file says it: ``span_labels[0] 'CLAIM'`` as ``span label CLAIM``."""

    def said(place: re.Match[str]) -> str:
        kind, name, value = place.groups()
        named = NOUNS[cast(EntryKind, kind)] + (f" {name}" if name is not None else "")
        return named + (f", value {value}" if value is not None else "")

    return _PLACE.sub(said, message)


def unused_color(schema: Mapping[str, Any]) -> str:
    """Return the first default colour no span label of ``schema`` has, so that a label added
    without choosing one is told apart from the others (when all are taken, they repeat)."""
    taken = {str(entry.get("color", "")).lower() for entry in schema.get("span_labels") or []}
    free = [color for color in DEFAULT_COLORS if color not in taken]
    return free[0] if free else DEFAULT_COLORS[len(taken) % len(DEFAULT_COLORS)]


def validate_schema(raw: Any) -> dict[str, Any]:
    """Return the schema normalised with its defaults, or raise :class:`SchemaError`."""
    if not isinstance(raw, dict):
        raise SchemaError("the schema must be a JSON object")
    _no_unknown(raw, _TOP, "the schema")
    schema: dict[str, Any] = {
        "name": _optional_str(raw, "name", "the schema", default=""),
        "guidelines": _optional_str(raw, "guidelines", "the schema", default=""),
        "allow_overlap": _optional_bool(raw, "allow_overlap", "the schema", default=True),
        "annotators_per_document": _optional_int(raw, "annotators_per_document", "the schema"),
        "suggestions": _suggestion_mode(raw),
        "train_every": _train_every(raw),
        "train_on_done": _optional_bool(raw, "train_on_done", "the schema", default=False),
        "queue_order": _queue_order(raw),
    }
    licence = _optional_str(raw, "license", "the schema", default="").strip()
    if len(licence) > LICENSE_MAX:
        raise SchemaError(f"the schema: license is longer than {LICENSE_MAX} characters")
    if licence:
        # Kept only when set, so that schemas without one stay as they were.
        schema["license"] = licence
    keys: dict[str, str] = {}  # every key of the workspace the schema assigns -> its owner
    schema["span_labels"] = _span_labels(_list(raw, "span_labels"), keys)
    span_names = set(entry_names(schema, "span_labels"))
    schema["relation_types"] = _relation_types(_list(raw, "relation_types"), span_names)
    sentence_entries = _list(raw, "sentence_labels")
    schema["sentence_labels"] = _fields(sentence_entries, "sentence_labels", _SENTENCE_FIELD)
    for i, (entry, field) in enumerate(
        zip(sentence_entries, schema["sentence_labels"], strict=True)
    ):
        field["keys"] = _value_keys(entry, field, _where("sentence_labels", i, entry), keys)
    schema["document_labels"] = _fields(_list(raw, "document_labels"), "document_labels", _FIELD)
    return schema


def _span_labels(entries: list[Any], keys: dict[str, str]) -> list[dict[str, Any]]:
    labels: list[dict[str, Any]] = []
    for i, entry in enumerate(entries):
        where = _where("span_labels", i, entry)
        name = _entry_name(entry, where, _SPAN)
        key = _optional_str(entry, "key", where, default=None)
        if key is not None:
            _claim_key(key, where, keys)
        color = _optional_str(entry, "color", where, default=DEFAULT_COLORS[i % 7])
        if not _COLOR.match(color):
            raise SchemaError(f"{where}: color must look like #1f77b4, got {color!r}")
        attributes = [
            _field(attr, f"{where}.attributes", j, _ATTRIBUTE)
            for j, attr in enumerate(_list(entry, "attributes", where))
        ]
        _unique([a["name"] for a in attributes], f"{where}.attributes")
        labels.append(
            {
                "name": name,
                "key": key,
                "color": color,
                "description": _optional_str(entry, "description", where, default=""),
                "attributes": attributes,
            }
        )
    _unique([label["name"] for label in labels], "span_labels")
    return labels


def _relation_types(entries: list[Any], span_names: set[str]) -> list[dict[str, Any]]:
    relations = []
    for i, entry in enumerate(entries):
        where = _where("relation_types", i, entry)
        name = _entry_name(entry, where, _RELATION)
        ends = {}
        for end in ("from", "to"):
            labels = entry.get(end)
            if (
                not isinstance(labels, list)
                or not labels
                or not all(isinstance(x, str) for x in labels)
            ):
                raise SchemaError(f"{where}: '{end}' must be a non-empty list of span label names")
            unknown = [x for x in labels if x not in span_names]
            if unknown:
                raise SchemaError(f"{where}: '{end}' names unknown span labels {unknown}")
            ends[end] = labels
        max_per_source = _optional_int(entry, "max_per_source", where)
        relations.append(
            {
                "name": name,
                "from": ends["from"],
                "to": ends["to"],
                "max_per_source": max_per_source,
                "key": _optional_str(entry, "key", where, default=None),
                "description": _optional_str(entry, "description", where, default=""),
            }
        )
    _unique([r["name"] for r in relations], "relation_types")
    return relations


def _claim_key(key: str, where: str, keys: dict[str, str]) -> None:
    """Give ``key`` to the entry at ``where``, or refuse a key that is not free."""
    if len(key) != 1 or key.isspace():
        raise SchemaError(f"{where}: key must be a single character, got {key!r}")
    if key.lower() in RESERVED_KEYS:
        raise SchemaError(f"{where}: key {key!r} is reserved by the workspace")
    if key in keys:
        raise SchemaError(f"{where}: key {key!r} is already used by {keys[key]}")
    keys[key] = where


def _value_keys(
    entry: dict[str, Any], field: dict[str, Any], where: str, keys: dict[str, str]
) -> list[str | None]:
    """The key of each value of a sentence label field (``None``: no key), in value order."""
    given = entry.get("keys")
    if given is None:
        return [None] * len(field["values"])
    if not isinstance(given, list) or len(given) != len(field["values"]):
        raise SchemaError(
            f"{where}: 'keys' must be a list of {counted(len(field['values']), 'key')} or nulls, "
            "one per value"
        )
    for value, key in zip(field["values"], given, strict=True):
        if key is None:
            continue
        if not isinstance(key, str):
            raise SchemaError(f"{where}: the key of {value!r} must be a string, got {key!r}")
        _claim_key(key, f"{where} value {value!r}", keys)
    return list(given)


def _fields(entries: list[Any], kind: str, allowed: set[str]) -> list[dict[str, Any]]:
    fields = [_field(entry, kind, i, allowed) for i, entry in enumerate(entries)]
    _unique([f["name"] for f in fields], kind)
    return fields


def _field(entry: Any, kind: str, i: int, allowed: set[str]) -> dict[str, Any]:
    where = _where(kind, i, entry)
    name = _entry_name(entry, where, allowed)
    values = entry.get("values")
    if not isinstance(values, list) or not values:
        raise SchemaError(f"{where}: 'values' must be a non-empty list")
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise SchemaError(f"{where}: every value must be a non-empty string, got {value!r}")
        _storable(value, f"{where}: the value {value!r}")
    _unique(values, f"{where}.values")
    field: dict[str, Any] = {
        "name": name,
        "values": values,
        "multiple": _optional_bool(entry, "multiple", where, default=False),
        "description": _optional_str(entry, "description", where, default=""),
    }
    if "target" in allowed:
        field["target"] = _optional_str(entry, "target", where, default=None)
        field["ordinal"] = _optional_bool(entry, "ordinal", where, default=False)
    return field


def _where(kind: str, i: int, entry: Any) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    return f"{kind}[{i}] {name!r}" if isinstance(name, str) else f"{kind}[{i}]"


def _entry_name(entry: Any, where: str, allowed: set[str]) -> str:
    if not isinstance(entry, dict):
        raise SchemaError(f"{where}: must be an object")
    _no_unknown(entry, allowed, where)
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise SchemaError(
            f"{where}: 'name' must be a name of letters, digits, '_', ':' or '-', got {name!r}"
        )
    if len(name) > LABEL_NAME_MAX:
        raise SchemaError(
            f"{where}: 'name' is {len(name)} characters long; a name takes at most {LABEL_NAME_MAX}"
        )
    return name


def _no_unknown(entry: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise SchemaError(f"{where}: unknown field(s) {unknown}; allowed: {sorted(allowed)}")


def _list(entry: dict[str, Any], key: str, where: str = "the schema") -> list[Any]:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise SchemaError(f"{where}: '{key}' must be a list")
    return value


def _unique(names: list[str], where: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise SchemaError(f"{where}: {name!r} appears twice")
        seen.add(name)


def _optional_str(entry: dict[str, Any], key: str, where: str, default: Any) -> Any:
    value = entry.get(key, default)
    if value is not default and not isinstance(value, str):
        raise SchemaError(f"{where}: '{key}' must be a string")
    if isinstance(value, str):
        _storable(value, f"{where}: '{key}'")
    return value


def _storable(value: str, what: str) -> None:
    # The schema is stored as JSON text: PostgreSQL refuses a NUL in it (500), and a lone
    # surrogate from a JSON "\ud800" escape cannot be encoded at all.
    reason = unstorable_reason(value)
    if reason is not None:
        raise SchemaError(f"{what} {reason}")


#: When annotators see the project's suggestions: always, never (a blind first pass), or only
#: on a document they have marked done (a second pass after an unaided first one).
SUGGESTION_MODES = ("on", "off", "after_done")


def _suggestion_mode(raw: dict[str, Any]) -> str:
    mode = _optional_str(raw, "suggestions", "the schema", default="on")
    if mode not in SUGGESTION_MODES:
        raise SchemaError(
            f"the schema: 'suggestions' must be one of {', '.join(SUGGESTION_MODES)}, got {mode!r}"
        )
    return str(mode)


def _train_every(raw: dict[str, Any]) -> int:
    """After how many new gold documents the model trains by itself (0: never)."""
    value = raw.get("train_every", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SchemaError(
            "the schema: 'train_every' must be a whole number of gold documents, 0 for never"
        )
    return value


#: How each annotator's queue is ordered: by document, or most uncertain for the model first.
QUEUE_ORDERS = ("documents", "uncertainty")


def _queue_order(raw: dict[str, Any]) -> str:
    order = _optional_str(raw, "queue_order", "the schema", default="documents")
    if order not in QUEUE_ORDERS:
        raise SchemaError(
            f"the schema: 'queue_order' must be one of {', '.join(QUEUE_ORDERS)}, got {order!r}"
        )
    return str(order)


def _optional_bool(entry: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise SchemaError(f"{where}: '{key}' must be true or false")
    return value


def _optional_int(entry: dict[str, Any], key: str, where: str) -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SchemaError(f"{where}: '{key}' must be a whole number of at least 1")
    return value
