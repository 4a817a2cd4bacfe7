"""Check and normalise a schema's entries: span labels (with their attributes), relation
types, and the label fields of sentences and documents."""

from __future__ import annotations

import re
from typing import Any

from annotator.core.document_targets import TARGET_FROM_MAX
from annotator.core.errors import echoed
from annotator.core.schema_keys import Keys, claim_key
from annotator.core.schema_place import Place
from annotator.core.schema_problems import Found
from annotator.core.schema_values import (
    attribute_at,
    entry_at,
    entry_name,
    given_name,
    optional_bool,
    optional_int,
    optional_str,
    storable,
    unique,
)

DEFAULT_COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

_SPAN = {"name", "key", "color", "description", "attributes"}


_ATTRIBUTE = {"name", "values", "multiple", "description"}


_RELATION = {"name", "from", "to", "max_per_source", "key", "description"}


FIELD = {
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
SENTENCE_FIELD = FIELD | {"keys"}


def span_labels(entries: list[Any], keys: Keys, found: Found) -> list[dict[str, Any]]:
    """Return the span labels that pass, noting the others' refusals in ``found``."""
    labels: list[dict[str, Any]] = []
    # Every label's name that it gives, refused or not: checked for twins.
    names: list[str | None] = []
    for i, entry in enumerate(entries):
        where = Place.of("span_labels", i, entry)
        names.append(given_name(entry))
        with found.each():
            name = entry_name(entry, where, _SPAN)
            label = _span_label(entry, i, name, where, keys, found)
            if label is not None:
                labels.append(label)
    with found.each():
        unique(names, "span_labels", entry_at("span_labels"))
    return labels


def _span_label(
    entry: dict[str, Any], i: int, name: str, where: Place, keys: Keys, found: Found
) -> dict[str, Any] | None:
    """Return one span label normalised, or None when one of its settings is refused (each
    refusal noted in ``found``)."""
    before = len(found.errors)
    key = None
    with found.each():
        key = optional_str(entry, "key", where, default=None)
        if key is not None:
            claim_key(key, where, keys)
    color = None
    with found.each():
        color = optional_str(entry, "color", where, default=DEFAULT_COLORS[i % 7])
        if not _COLOR.match(color):
            raise where.refusal(f"color must look like #1f77b4, got {echoed(color)}", "color")
    attributes = []
    given = found.list(entry, "attributes", where)
    for j, attr in enumerate(given):
        with found.each():
            attributes.append(_field(attr, where.attribute_at(j, attr), _ATTRIBUTE))
    with found.each():
        names = [given_name(attr) for attr in given]
        unique(names, f"{where}.attributes", attribute_at(where))
    description = ""
    with found.each():
        description = optional_str(entry, "description", where, default="")
    if len(found.errors) > before:
        return None
    return {
        "name": name,
        "key": key,
        "color": color,
        "description": description,
        "attributes": attributes,
    }


def relation_types(entries: list[Any], span_names: set[Any], found: Found) -> list[dict[str, Any]]:
    """Return the relation types that pass (their ends among ``span_names``), noting the
    others' refusals in ``found``."""
    relations = []
    names = [given_name(entry) for entry in entries]
    for i, entry in enumerate(entries):
        with found.each():
            where = Place.of("relation_types", i, entry)
            name = entry_name(entry, where, _RELATION)
            relations.append(_relation_type(entry, name, where, span_names))
    with found.each():
        unique(names, "relation_types", entry_at("relation_types"))
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
    max_per_source = optional_int(entry, "max_per_source", where)
    return {
        "name": name,
        "from": ends["from"],
        "to": ends["to"],
        "max_per_source": max_per_source,
        "key": optional_str(entry, "key", where, default=None),
        "description": optional_str(entry, "description", where, default=""),
    }


def label_fields(
    entries: list[Any], kind: str, allowed: set[str], found: Found
) -> list[dict[str, Any]]:
    """Return the label fields of ``kind`` that pass, each with its ``index`` in ``entries``
    (for the caller to drop), noting the others' refusals in ``found``."""
    fields = []
    for i, entry in enumerate(entries):
        with found.each():
            fields.append(_field(entry, Place.of(kind, i, entry), allowed) | {"index": i})
    with found.each():
        unique([given_name(entry) for entry in entries], kind, entry_at(kind))
    return fields


def _field(entry: Any, where: Place, allowed: set[str]) -> dict[str, Any]:
    """A label field or, ``where`` an attribute's place, a span label's attribute."""
    name = entry_name(entry, where, allowed)
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
        storable(value, f"the value {echoed(value)}", where, "values", value)
    unique(values, f"{where}.values", lambda _j, _value: where, "values")
    field: dict[str, Any] = {
        "name": name,
        "values": values,
        "multiple": optional_bool(entry, "multiple", where, default=False),
        "description": optional_str(entry, "description", where, default=""),
    }
    if "target" in allowed:
        field["target"] = optional_str(entry, "target", where, default=None)
        field["ordinal"] = optional_bool(entry, "ordinal", where, default=False)
        key = _target_from(entry, where)
        if key is not None:
            # Kept only when set, so that schemas without one stay as they were.
            field["target_from"] = key
        # A value on every sentence (or the document) before "done" (core/required_fields);
        # kept only when true, so that schemas without it stay as they were.
        if optional_bool(entry, "required", where, default=False):
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
