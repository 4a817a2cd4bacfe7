"""The ``renames`` of a label schema change: their format, checked for shape, and their fit to
the current schema (pure).

A change is a new schema plus ``renames`` (CONTRACT section 10, extended)::

    {"labels": {OLD: NEW}, "values": {FIELD: {OLD: NEW}},
     "fields": {"sentence": {OLD: NEW}, "document": {OLD: NEW}},
     "attributes": {LABEL: {OLD: NEW}}}

-   ``labels`` renames a *named entry*: a span label, a relation type, or a sentence or
    document label field, whichever of these kinds OLD is in the current schema (each of
    them when it is in several). NEW must be of the same kind in the new schema, and OLD must
    be gone from it. When NEW was already there, OLD is *merged* into it: every use of OLD
    becomes NEW (span labels, relation types and label values; a label field cannot be merged
    into another, whose values could collide).
-   ``fields`` renames label fields, under the kind they are of: ``sentence`` or
    ``document``. Its kind is said, never guessed, so that one rename cannot be read two
    ways (a sentence and a document field may share a name, and a name may hold ``:``). NEW
    must be no field of that kind yet (a rename onto a taken name is refused, naming it).
-   ``attributes`` renames a span label's attributes; LABEL is the span label's name in the
    *new* schema (after a rename under ``labels``), OLD an attribute it has now, NEW none it
    has (a taken name is refused, naming it). An attribute is the key of its value in every
    span's attributes: the key is renamed in every layer.
-   ``values`` renames values, per value list named by its name in the *new* schema: a
    sentence label field (``stance``), a document label field (``document:genre``, or just
    ``genre`` when no sentence field has that name), or a span attribute (``CLAIM.claimer``).
    NEW may again be a value already there (a merge).

A name is renamed under one of ``labels`` and ``fields``, not both. What a change renames and
removes is :mod:`annotator.core.schema_diff`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import Invalid, Malformed
from annotator.core.schema_place import NOUNS

#: Kinds of named entries, with the schema list that holds each.
KINDS = {
    "span": "span_labels",
    "relation": "relation_types",
    "sentence": "sentence_labels",
    "document": "document_labels",
}
#: What each kind of named entry is called in messages and the version history: as pages
#: call the entries of its list (schema_place.NOUNS, the one wording), a label field with
#: "field" after, as the history's stored text has always said it ("renamed sentence label
#: field stance to position"), which must read as before.
KIND_WORDS = {
    kind: NOUNS[key] + (" field" if kind in ("sentence", "document") else "")
    for kind, key in KINDS.items()
}

#: A value list: ("sentence" | "document", field, "") or ("attribute", span label, attribute).
Slot = tuple[str, str, str]


@dataclass(frozen=True)
class Renames:
    """The renames of one change, checked for shape."""

    labels: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Label fields renamed, by kind: {"sentence" | "document": {OLD: NEW}}.
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Attributes renamed, by span label (its new schema's name): {LABEL: {OLD: NEW}}.
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.labels or self.values or self.fields or self.attributes)

    def entry(self, kind: str, name: str) -> str:
        """Return the new name of the entry ``name`` of ``kind`` (its own when not renamed)."""
        return self.fields.get(kind, {}).get(name) or self.labels.get(name, name)

    def slot(self, slot: Slot) -> Slot:
        """Return the name a current value list has in the new schema."""
        kind, owner, attribute = slot
        if kind == "attribute":
            label = self.labels.get(owner, owner)
            return (kind, label, self.attributes.get(label, {}).get(attribute, attribute))
        return (kind, self.entry(kind, owner), attribute)

    def as_json(self) -> dict[str, Any]:
        """Return the renames as the API takes them (``fields`` and ``attributes`` when given)."""
        said: dict[str, Any] = {"labels": self.labels, "values": self.values}
        if self.fields:
            said["fields"] = self.fields
        if self.attributes:
            said["attributes"] = self.attributes
        return said


def names(schema: dict[str, Any]) -> dict[str, list[str]]:
    """Return the names of each kind of entry of a (normalised or raw) schema."""
    return {
        kind: [str(e.get("name")) for e in schema.get(key) or [] if isinstance(e, dict)]
        for kind, key in KINDS.items()
    }


def parse_renames(raw: Any) -> Renames:
    """Return ``renames`` checked for shape, or raise :class:`Malformed` naming what is wrong."""
    if raw is None:
        return Renames()
    if not isinstance(raw, dict) or set(raw) - {"labels", "values", "fields", "attributes"}:
        raise Malformed(
            "'renames' must be an object with any of 'labels', 'values', 'fields', 'attributes'"
        )
    labels = _string_map(_part(raw, "labels"), "renames.labels")
    values = _string_maps(_part(raw, "values"), "renames.values", "field")
    fields_raw = _part(raw, "fields")
    if not isinstance(fields_raw, dict) or set(fields_raw) - {"sentence", "document"}:
        raise Malformed(
            '\'renames.fields\' must be an object of "sentence" and/or "document" -> '
            "{OLD: NEW}: a label field is renamed under its kind"
        )
    fields = _string_maps(fields_raw, "renames.fields", "kind")
    attributes = _string_maps(_part(raw, "attributes"), "renames.attributes", "span label")
    return Renames(labels, values, fields, attributes)


def _part(raw: dict[str, Any], name: str) -> Any:
    """Return a part of ``renames``, ``{}`` when it is left out or null (and only then: a
    ``[]`` or ``false`` there is refused by its check, as the API document says)."""
    part = raw.get(name)
    return {} if part is None else part


def _string_maps(raw: Any, where: str, key: str) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        raise Malformed(f"'{where}' must be an object of {key} -> {{OLD: NEW}}")
    return {str(name): _string_map(item, f"{where}.{name}") for name, item in raw.items()}


def _string_map(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise Malformed(f"'{where}' must map names to new names (strings)")
    return dict(raw)


def check_renames(schema: dict[str, Any], renames: Renames) -> None:
    """Refuse renames of label fields and attributes that do not fit the current ``schema``.

    :raises Invalid: a name renamed under both ``labels`` and ``fields``, an OLD the schema
        lacks, or a NEW it has already (a taken name, named); ``details`` say which rename.
    """
    current = names(schema)
    for kind, mapping in renames.fields.items():
        word = KIND_WORDS[kind]
        for source, target in mapping.items():
            place = {"renames": f"fields.{kind}", "name": source, "new": target}
            if source in renames.labels:
                raise Invalid(
                    f"renames: {source!r} is renamed under both renames.labels and "
                    "renames.fields; name it under one",
                    details=place,
                )
            if source not in current[kind]:
                raise Invalid(
                    f"renames.fields.{kind}: there is no {word} {source!r} in the current schema",
                    details=place,
                )
            if target in current[kind]:
                raise Invalid(
                    f"renames.fields.{kind}: the {word} {target!r} is taken; give {source!r} "
                    "another name",
                    details=place,
                )
    for label, mapping in renames.attributes.items():
        sources = [
            e
            for e in schema.get("span_labels") or []
            if renames.labels.get(e["name"], e["name"]) == label
        ]
        if not sources:
            raise Invalid(
                f"renames.attributes: there is no span label {label!r} in the current schema",
                details={"renames": "attributes", "name": label},
            )
        attributes = {a["name"] for e in sources for a in e.get("attributes") or []}
        for source, target in mapping.items():
            place = {"renames": f"attributes.{label}", "name": source, "new": target}
            if source not in attributes:
                raise Invalid(
                    f"renames.attributes.{label}: there is no attribute {source!r} of {label}",
                    details=place,
                )
            if target in attributes:
                raise Invalid(
                    f"renames.attributes.{label}: the attribute {target!r} of {label} is taken; "
                    f"give {source!r} another name",
                    details=place,
                )
