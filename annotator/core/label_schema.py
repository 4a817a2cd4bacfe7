"""Validate and normalise a project's label schema (CONTRACT section 2).

Pure: plain data in, plain data out. Every refusal is a
:class:`~annotator.core.errors.SchemaError` whose message names the offending entry
(``span_labels[1] 'SOURCE': ...``), so that a user can fix a file of hundreds of lines without
guessing, and whose ``details`` say the same as data (:mod:`annotator.core.schema_place`), so
that a page puts it at its field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal

from annotator.core.document_targets import TARGET_FROM_MAX
from annotator.core.errors import SchemaError, closest, did_you_mean, echoed
from annotator.core.limits import LABEL_NAME_MAX
from annotator.core.look_alike import look_alike_key
from annotator.core.project_settings import STORED_SUGGESTIONS
from annotator.core.report_keys import reserved_name_reason
from annotator.core.schema_place import TOP, Place, key_taken
from annotator.core.schema_roles import check_roles
from annotator.core.text import unstorable_reason
from annotator.core.wording import counted
from annotator.core.workspace_keys import reserved_reason

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
    "roles",
}
_SPAN = {"name", "key", "color", "description", "attributes"}
_ATTRIBUTE = {"name", "values", "multiple", "description"}
_RELATION = {"name", "from", "to", "max_per_source", "key", "description"}
_FIELD = {
    "name",
    "values",
    "multiple",
    "target",
    "target_from",
    "ordinal",
    "required",
    "description",
}
# A sentence label field may give its values keys, so that one key press sets a value
# without first making the field the active one.
_SENTENCE_FIELD = _FIELD | {"keys"}


#: The lists of named entries a schema holds: span labels, relation types, and the label
#: fields of sentences and of the whole document.
EntryKind = Literal["span_labels", "relation_types", "sentence_labels", "document_labels"]


def entry_names(schema: Mapping[str, Any], kind: EntryKind) -> list[str]:
    """Return the names of a (validated) schema's entries of ``kind``, in the schema's order."""
    return [entry["name"] for entry in schema.get(kind) or []]


def unused_color(schema: Mapping[str, Any]) -> str:
    """Return the first default colour no span label of ``schema`` has, so that a label added
    without choosing one is told apart from the others (when all are taken, they repeat)."""
    taken = {str(entry.get("color", "")).lower() for entry in schema.get("span_labels") or []}
    free = [color for color in DEFAULT_COLORS if color not in taken]
    return free[0] if free else DEFAULT_COLORS[len(taken) % len(DEFAULT_COLORS)]


def validate_schema(raw: Any) -> dict[str, Any]:
    """Return the schema normalised with its defaults, or raise ``SchemaError``.

    Every problem is found at once, not only the first: the error is the first problem's
    (its message and details), with all of them in :attr:`SchemaError.problems` and the
    others said after the first in its message (:func:`all_at_once`).
    """
    if not isinstance(raw, dict):
        said = "the schema must be a JSON object"
        raise TOP.refusal(said, message=said)
    found = _Found()
    with found.each():
        _no_unknown(raw, _TOP, TOP)
    schema: dict[str, Any] = {}
    settings: dict[str, Callable[[], Any]] = {
        "name": lambda: _optional_str(raw, "name", TOP, default=""),
        "guidelines": lambda: _optional_str(raw, "guidelines", TOP, default=""),
        "allow_overlap": lambda: _optional_bool(raw, "allow_overlap", TOP, default=True),
        "annotators_per_document": lambda: _optional_int(raw, "annotators_per_document", TOP),
        "suggestions": lambda: _one_of(raw, "suggestions", SUGGESTION_MODES, STORED_SUGGESTIONS),
        "train_every": lambda: _train_every(raw),
        "train_on_done": lambda: _optional_bool(raw, "train_on_done", TOP, default=False),
        "queue_order": lambda: _one_of(raw, "queue_order", QUEUE_ORDERS, "documents"),
    }
    for setting, read in settings.items():
        with found.each():
            schema[setting] = read()
    with found.each():
        licence = _optional_str(raw, "license", TOP, default="").strip()
        if len(licence) > LICENSE_MAX:
            raise TOP.refusal(f"license is longer than {LICENSE_MAX} characters", "license")
        if licence:
            # Kept only when set, so that schemas without one stay as they were.
            schema["license"] = licence
    keys: _Keys = {}
    schema["span_labels"] = _span_labels(found.list(raw, "span_labels"), keys, found)
    # The names of labels refused for something else (a colour) are still theirs: a relation
    # type naming one is not refused for it too.
    span_names = {e.get("name") for e in found.list(raw, "span_labels") if isinstance(e, dict)}
    schema["relation_types"] = _relation_types(found.list(raw, "relation_types"), span_names, found)
    sentence_entries = found.list(raw, "sentence_labels")
    schema["sentence_labels"] = _fields(sentence_entries, "sentence_labels", _SENTENCE_FIELD, found)
    for field in schema["sentence_labels"]:
        i = field.pop("index")
        entry = sentence_entries[i]
        with found.each():
            field["keys"] = _value_keys(entry, field, Place.of("sentence_labels", i, entry), keys)
    schema["document_labels"] = _fields(
        found.list(raw, "document_labels"), "document_labels", _FIELD, found
    )
    for field in schema["document_labels"]:
        field.pop("index", None)
    if "roles" in raw and not found.errors:
        # Kept only when given: without, each role is played by its own name (schema_roles).
        # Checked against a sound schema only: its rules read the entries above.
        with found.each():
            schema["roles"] = check_roles(raw["roles"], schema)
    found.raise_any()
    return schema


class _Found:
    """The problems found so far in a schema: each check runs in :meth:`each`, so that one
    problem does not hide the next."""

    def __init__(self) -> None:
        self.errors: list[SchemaError] = []

    @contextmanager
    def each(self) -> Iterator[None]:
        """Run a check, keeping its refusal and going on."""
        try:
            yield
        except SchemaError as exc:
            self.errors.append(exc)

    def list(self, entry: dict[str, Any], key: str, where: Place = TOP) -> list[Any]:
        """Return the list ``key`` of ``entry`` (empty when it is not one, noting that)."""
        try:
            return _list(entry, key, where)
        except SchemaError as exc:
            if all(e.message != exc.message for e in self.errors):
                self.errors.append(exc)
            return []

    def raise_any(self) -> None:
        """Raise the problems found, all at once (:func:`all_at_once`), if any."""
        if self.errors:
            raise all_at_once(self.errors)


def all_at_once(errors: list[SchemaError]) -> SchemaError:
    """Return the refusal of a schema with every one of ``errors``: the first's message and
    details (so that a caller reading one place finds it where it was), the others said
    after it in the message and listed in ``details["more"]``, each with its message."""
    first = errors[0]
    if len(errors) == 1:
        return first
    rest = errors[1:]
    more = [
        (e.details if isinstance(e.details, dict) else {}) | {"message": e.message} for e in rest
    ]
    details = (first.details if isinstance(first.details, dict) else {}) | {"more": more}
    said = "; ".join(e.message for e in rest)
    message = f"{first.message}; and {counted(len(rest), 'more problem')}: {said}"
    error = SchemaError(message, details, first.reason)
    error.problems = list(errors)
    return error


def _span_labels(entries: list[Any], keys: _Keys, found: _Found) -> list[dict[str, Any]]:
    labels: list[dict[str, Any]] = []
    # Every label's name that it gives, refused or not: checked for twins.
    names: list[str | None] = []
    for i, entry in enumerate(entries):
        where = Place.of("span_labels", i, entry)
        names.append(_given_name(entry))
        with found.each():
            name = _entry_name(entry, where, _SPAN)
            label = _span_label(entry, i, name, where, keys, found)
            if label is not None:
                labels.append(label)
    with found.each():
        _unique(names, "span_labels", _entry_at("span_labels"))
    return labels


def _span_label(
    entry: dict[str, Any], i: int, name: str, where: Place, keys: _Keys, found: _Found
) -> dict[str, Any] | None:
    """Return one span label normalised, or None when one of its settings is refused (each
    refusal noted in ``found``)."""
    before = len(found.errors)
    key = None
    with found.each():
        key = _optional_str(entry, "key", where, default=None)
        if key is not None:
            _claim_key(key, where, keys)
    color = None
    with found.each():
        color = _optional_str(entry, "color", where, default=DEFAULT_COLORS[i % 7])
        if not _COLOR.match(color):
            raise where.refusal(f"color must look like #1f77b4, got {echoed(color)}", "color")
    attributes = []
    given = found.list(entry, "attributes", where)
    for j, attr in enumerate(given):
        with found.each():
            attributes.append(_field(attr, where.attribute_at(j, attr), _ATTRIBUTE))
    with found.each():
        names = [_given_name(attr) for attr in given]
        _unique(names, f"{where}.attributes", _attribute_at(where))
    description = ""
    with found.each():
        description = _optional_str(entry, "description", where, default="")
    if len(found.errors) > before:
        return None
    return {
        "name": name,
        "key": key,
        "color": color,
        "description": description,
        "attributes": attributes,
    }


def _relation_types(
    entries: list[Any], span_names: set[Any], found: _Found
) -> list[dict[str, Any]]:
    relations = []
    names = [_given_name(entry) for entry in entries]
    for i, entry in enumerate(entries):
        with found.each():
            where = Place.of("relation_types", i, entry)
            name = _entry_name(entry, where, _RELATION)
            relations.append(_relation_type(entry, name, where, span_names))
    with found.each():
        _unique(names, "relation_types", _entry_at("relation_types"))
    return relations


def _relation_type(
    entry: dict[str, Any], name: str, where: Place, span_names: set[Any]
) -> dict[str, Any]:
    """Return one relation type normalised, or raise its first refusal."""
    ends = {}
    for end in ("from", "to"):
        labels = entry.get(end)
        if (
            not isinstance(labels, list)
            or not labels
            or not all(isinstance(x, str) for x in labels)
        ):
            # `from: CLAIM`: one name where a list is wanted.
            said = f": write it as [{labels}]" if isinstance(labels, str) and labels else ""
            raise where.refusal(f"'{end}' must be a non-empty list of span label names{said}", end)
        unknown = [x for x in labels if x not in span_names]
        if unknown:
            raise where.refusal(f"'{end}' names unknown span labels {unknown}", end)
        ends[end] = labels
    max_per_source = _optional_int(entry, "max_per_source", where)
    return {
        "name": name,
        "from": ends["from"],
        "to": ends["to"],
        "max_per_source": max_per_source,
        "key": _optional_str(entry, "key", where, default=None),
        "description": _optional_str(entry, "description", where, default=""),
    }


#: Every key of the workspace the schema assigns -> its owner: an entry, and the value whose
#: key it is (None: the entry's own key).
_Keys = dict[str, tuple[Place, str | None]]


def _claim_key(key: str, where: Place, keys: _Keys, value: str | None = None) -> None:
    """Give ``key`` to the entry at ``where`` (to its ``value``), or refuse a key not free."""
    said = _key_owner(where, value)
    about = _key_setting(value) | {"key": key}
    if len(key) != 1 or key.isspace():
        reason = f"key must be a single character, got {echoed(key)}"
        raise where.refusal(reason, **about, message=f"{said}: {reason}")
    kept = reserved_reason(key)
    if kept is not None:
        raise where.refusal(kept, **about, message=f"{said}: {kept}")
    if key in keys:
        owner, owners_value = keys[key]
        taken_by = owner.as_data() | _key_setting(owners_value)
        reason = key_taken(key, _key_owner(owner, owners_value))
        raise where.refusal(reason, **about, taken_by=taken_by, message=f"{said}: {reason}")
    keys[key] = (where, value)


def _key_owner(where: Place, value: str | None) -> str:
    """The owner of a key as messages say it: an entry, or one value of its ``keys``."""
    return str(where) if value is None else f"{where} value {echoed(value)}"


def _key_setting(value: str | None) -> dict[str, Any]:
    """Where a key is set: the entry's ``key``, or one ``value``'s among its ``keys``."""
    return {"setting": "key"} if value is None else {"setting": "keys", "value": value}


def _value_keys(
    entry: dict[str, Any], field: dict[str, Any], where: Place, keys: _Keys
) -> list[str | None]:
    """The key of each value of a sentence label field (``None``: no key), in value order."""
    given = entry.get("keys")
    if given is None:
        return [None] * len(field["values"])
    if not isinstance(given, list) or len(given) != len(field["values"]):
        raise where.refusal(
            f"'keys' must be a list of {counted(len(field['values']), 'key')} or nulls, "
            "one per value",
            "keys",
        )
    for value, key in zip(field["values"], given, strict=True):
        if key is None:
            continue
        if not isinstance(key, str):
            raise where.refusal(
                f"the key of {echoed(value)} must be a string, got {echoed(key)}",
                "keys",
                value=value,
            )
        _claim_key(key, where, keys, value)
    return list(given)


def _fields(
    entries: list[Any], kind: str, allowed: set[str], found: _Found
) -> list[dict[str, Any]]:
    """Return the label fields of ``kind`` that pass, each with its ``index`` in ``entries``
    (for the caller to drop), noting the others' refusals in ``found``."""
    fields = []
    for i, entry in enumerate(entries):
        with found.each():
            fields.append(_field(entry, Place.of(kind, i, entry), allowed) | {"index": i})
    with found.each():
        _unique([_given_name(entry) for entry in entries], kind, _entry_at(kind))
    return fields


def _given_name(entry: Any) -> str | None:
    """Return an entry's name as given, when it gives one (None: checked elsewhere)."""
    name = entry.get("name") if isinstance(entry, dict) else None
    return name if isinstance(name, str) else None


def _field(entry: Any, where: Place, allowed: set[str]) -> dict[str, Any]:
    """A label field or, ``where`` an attribute's place, a span label's attribute."""
    name = _entry_name(entry, where, allowed)
    values = entry.get("values")
    if not isinstance(values, list) or not values:
        raise where.refusal("'values' must be a non-empty list", "values")
    for value in values:
        if not isinstance(value, str) or not value.strip():
            # YAML 1.1 reads yes/no/on/off as booleans: `values: [yes, no]` comes as True, False.
            why = (
                ": YAML reads yes, no, on, off, true and false as true or false; "
                'quote them, as "yes"'
                if isinstance(value, bool)
                else ""
            )
            raise where.refusal(
                f"every value must be a non-empty string, got {echoed(value)}{why}",
                "values",
                value=value,
            )
        _storable(value, f"the value {echoed(value)}", where, "values", value)
    _unique(values, f"{where}.values", lambda _j, _value: where, "values")
    field: dict[str, Any] = {
        "name": name,
        "values": values,
        "multiple": _optional_bool(entry, "multiple", where, default=False),
        "description": _optional_str(entry, "description", where, default=""),
    }
    if "target" in allowed:
        field["target"] = _optional_str(entry, "target", where, default=None)
        field["ordinal"] = _optional_bool(entry, "ordinal", where, default=False)
        key = _target_from(entry, where)
        if key is not None:
            # Kept only when set, so that schemas without one stay as they were.
            field["target_from"] = key
        # A value on every sentence (or the document) before "done" (core/required_fields);
        # kept only when true, so that schemas without it stay as they were.
        if _optional_bool(entry, "required", where, default=False):
            field["required"] = True
    return field


def _target_from(entry: dict[str, Any], where: Place) -> str | None:
    """Return the meta key a field takes each document's target from (None: none given)."""
    if "target_from" not in entry or entry["target_from"] is None:
        return None
    key = entry["target_from"]
    if not isinstance(key, str) or not key.strip() or len(key) > TARGET_FROM_MAX:
        raise where.refusal(
            "'target_from' must be the name of a document meta key, a non-empty text of at "
            f"most {TARGET_FROM_MAX} characters, got {echoed(key)}",
            "target_from",
        )
    return key


def _entry_name(entry: Any, where: Place, allowed: set[str]) -> str:
    if not isinstance(entry, dict):
        raise where.refusal("must be an object")
    _no_unknown(entry, allowed, where)
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise where.refusal(
            f"'name' must be a name of letters, digits, '_', ':' or '-', got {echoed(name)}",
            "name",
        )
    if len(name) > LABEL_NAME_MAX:
        raise where.refusal(
            f"'name' is {len(name)} characters long; a name takes at most {LABEL_NAME_MAX}",
            "name",
        )
    if where.attribute is None and where.entry is not None:
        reserved = reserved_name_reason(where.entry, name)
        if reserved is not None:
            raise where.refusal(reserved, "name")
    return name


def _no_unknown(entry: dict[str, Any], allowed: set[str], where: Place) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        said = f"unknown field(s) {unknown}{_meant(unknown, allowed)}; allowed: {sorted(allowed)}"
        raise where.refusal(said, unknown[0])


def _meant(unknown: list[str], allowed: set[str]) -> str:
    """Say the allowed key each unknown one is close to (``colour``: ``color``), if any."""
    if len(unknown) == 1:
        return did_you_mean(str(unknown[0]), allowed)
    close = [(name, closest(str(name), allowed)) for name in unknown]
    said = [f"{name!r}: did you mean {meant!r}?" for name, meant in close if meant is not None]
    return f" ({'; '.join(said)})" if said else ""


def _list(entry: dict[str, Any], key: str, where: Place = TOP) -> list[Any]:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise where.refusal(f"'{key}' must be a list", key)
    return value


def _entry_at(kind: str) -> Callable[[int, str], Place]:
    """The place of the entry ``name`` at an index of the list ``kind``."""
    return lambda i, name: Place(kind, i, name)


def _attribute_at(label: Place) -> Callable[[int, str], Place]:
    """The place of the attribute ``name`` at an index of the span label at ``label``."""
    return lambda j, name: label.attribute_at(j, {"name": name})


def _unique(
    names: list[str | None] | list[str],
    said: str,
    place_at: Callable[[int, str], Place],
    setting: str = "name",
) -> None:
    """Refuse a name ``names`` holds twice, at its second place; ``setting`` ``values``: a
    value of a list held twice, said as that value.

    Twice means alike to a reader too, as for user names (:mod:`annotator.core.look_alike`):
    'claim' beside 'CLAIM' would be a second label in the palette, the exports and the
    agreement report that annotators could not tell from the first.
    """
    seen: dict[str, str] = {}
    for i, name in enumerate(names):
        if name is None:  # an entry without a name: refused for that alone
            continue
        key = look_alike_key(name) if isinstance(name, str) else name
        if key not in seen:
            seen[key] = name
            continue
        first = seen[key]
        if first == name:
            reason = f"{echoed(name)} appears twice"
        else:
            reason = f"{echoed(name)} reads as {first!r}: they differ only in case or width"
        message = f"{said}: {reason}"
        if setting == "values":
            raise place_at(i, name).refusal(reason, setting, value=name, message=message)
        raise place_at(i, name).refusal(reason, setting, message=message)


def _optional_str(entry: dict[str, Any], key: str, where: Place, default: Any) -> Any:
    value = entry.get(key, default)
    if value is not default and not isinstance(value, str):
        if value is None and key == "color":
            # `color: #d62728` in YAML: the # starts a comment and leaves the key empty.
            raise where.refusal(
                "'color' must be a string, got nothing: in YAML, # starts a comment; quote "
                'the colour, as color: "#d62728"',
                key,
            )
        raise where.refusal(f"'{key}' must be a string", key)
    if isinstance(value, str):
        _storable(value, f"'{key}'", where, key)
    return value


def _storable(text: str, what: str, where: Place, setting: str, *value: str) -> None:
    """Refuse ``text`` (``setting`` of ``where``, or its one ``value``) that cannot be stored."""
    # The schema is stored as JSON text: PostgreSQL refuses a NUL in it (500), and a lone
    # surrogate from a JSON "\ud800" escape cannot be encoded at all.
    reason = unstorable_reason(text)
    if reason is not None:
        if value:
            raise where.refusal(f"{what} {reason}", setting, value=value[0])
        raise where.refusal(f"{what} {reason}", setting)


#: When annotators see the project's suggestions: always, never (a blind first pass), or only
#: on a document they have marked done (a second pass after an unaided first one).
SUGGESTION_MODES = ("on", "off", "after_done")
#: What a new project made without saying gets (pages, API, command line). A stored schema
#: without the key still reads as ``on``, as it did before the setting existed: only new
#: projects change. After done, because suggestions shown from the start anchor stance and
#: claim judgments, and a project should choose that rather than find it out.
NEW_PROJECT_SUGGESTIONS = "after_done"
#: How each annotator's queue is ordered: by document, or most uncertain for the model first.
QUEUE_ORDERS = ("documents", "uncertainty")


def _one_of(raw: dict[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    """The schema's setting ``key``, one of ``choices``."""
    chosen = _optional_str(raw, key, TOP, default=default)
    if chosen not in choices:
        raise TOP.refusal(f"'{key}' must be one of {', '.join(choices)}, got {echoed(chosen)}", key)
    return str(chosen)


def _train_every(raw: dict[str, Any]) -> int:
    """After how many new gold documents the model trains by itself (0: never)."""
    value = raw.get("train_every", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TOP.refusal(
            "'train_every' must be a whole number of gold documents, 0 for never",
            "train_every",
        )
    return value


def _optional_bool(entry: dict[str, Any], key: str, where: Place, default: bool) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise where.refusal(f"'{key}' must be true or false", key)
    return value


def _optional_int(entry: dict[str, Any], key: str, where: Place) -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise where.refusal(f"'{key}' must be a whole number of at least 1", key)
    return value
