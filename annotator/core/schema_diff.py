"""What a change of a project's label schema does to its names and values (pure).

A change is a new schema plus ``renames`` (CONTRACT section 10)::

    {"labels": {OLD: NEW}, "values": {FIELD: {OLD: NEW}}}

-   ``labels`` renames a *named entry*: a span label, a relation type, or a sentence or
    document label field, whichever of these kinds OLD is in the current schema (each of
    them when it is in several). NEW must be of the same kind in the new schema, and OLD must
    be gone from it. When NEW was already there, OLD is *merged* into it: every use of OLD
    becomes NEW (span labels, relation types and label values; a label field cannot be merged
    into another, whose values could collide).
-   ``values`` renames values, per value list named by its name in the *new* schema: a
    sentence label field (``stance``), a document label field (``document:genre``, or just
    ``genre`` when no sentence field has that name), or a span attribute (``CLAIM.claimer``).
    NEW may again be a value already there (a merge).

Without a new schema, :func:`apply_renames` makes it from the current one. Attribute names
are not renamed: add the new attribute, and remove the old one once nothing uses it.
:func:`diff_schemas` then says what is renamed and what is removed; the caller counts the
uses of what is removed, and refuses the change while anything uses it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import Invalid, Malformed

#: Kinds of named entries, with the schema list that holds each.
KINDS = {
    "span": "span_labels",
    "relation": "relation_types",
    "sentence": "sentence_labels",
    "document": "document_labels",
}
_KIND_WORDS = {
    "span": "span label",
    "relation": "relation type",
    "sentence": "sentence label field",
    "document": "document label field",
}

#: A value list: ("sentence" | "document", field, "") or ("attribute", span label, attribute).
Slot = tuple[str, str, str]


@dataclass(frozen=True)
class Renames:
    """The renames of one change, checked for shape."""

    labels: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.labels or self.values)


@dataclass
class SchemaDiff:
    """What a change renames, removes and adds; names of removals are the current ones."""

    #: (kind, old, new) for each named entry renamed or merged.
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    #: (slot in the new schema's names, old, new) for each value renamed or merged.
    renamed_values: list[tuple[Slot, str, str]] = field(default_factory=list)
    #: (kind, name) of named entries removed.
    removed: list[tuple[str, str]] = field(default_factory=list)
    #: (span label, attribute) of attributes removed.
    removed_attributes: list[tuple[str, str]] = field(default_factory=list)
    #: (slot in the current schema's names, value) of values removed.
    removed_values: list[tuple[Slot, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """Return the change in words, for the version history."""
        words = [f"renamed {_KIND_WORDS[k]} {a} to {b}" for k, a, b in self.renamed]
        words += [f"renamed value {a} of {slot_name(s)} to {b}" for s, a, b in self.renamed_values]
        words += [f"removed {_KIND_WORDS[k]} {name}" for k, name in self.removed]
        words += [f"removed attribute {label}.{a}" for label, a in self.removed_attributes]
        words += [f"removed value {v} of {slot_name(s)}" for s, v in self.removed_values]
        words += self.added
        return "; ".join(words)


def slot_name(slot: Slot) -> str:
    """Return how ``renames.values`` and messages name a value list."""
    kind, owner, attribute = slot
    if kind == "attribute":
        return f"{owner}.{attribute}"
    return f"document:{owner}" if kind == "document" else owner


def parse_renames(raw: Any) -> Renames:
    """Return ``renames`` checked for shape, or raise :class:`Malformed` naming what is wrong."""
    if raw is None:
        return Renames()
    if not isinstance(raw, dict) or set(raw) - {"labels", "values"}:
        raise Malformed("'renames' must be an object with 'labels' and/or 'values'")
    labels = _string_map(raw.get("labels") or {}, "renames.labels")
    values_raw = raw.get("values") or {}
    if not isinstance(values_raw, dict):
        raise Malformed("'renames.values' must be an object of field -> {OLD: NEW}")
    values = {
        str(key): _string_map(item, f"renames.values.{key}") for key, item in values_raw.items()
    }
    return Renames(labels, values)


def _string_map(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise Malformed(f"'{where}' must map names to new names (strings)")
    return dict(raw)


def names(schema: dict[str, Any]) -> dict[str, list[str]]:
    """Return the names of each kind of entry of a (normalised or raw) schema."""
    return {
        kind: [str(e.get("name")) for e in schema.get(key) or [] if isinstance(e, dict)]
        for kind, key in KINDS.items()
    }


def value_slots(schema: dict[str, Any]) -> dict[Slot, list[str]]:
    """Return every value list of a schema: label fields' values and span attributes' values."""
    slots: dict[Slot, list[str]] = {}
    for kind in ("sentence", "document"):
        for entry in schema.get(KINDS[kind]) or []:
            slots[(kind, entry["name"], "")] = list(entry.get("values") or [])
    for label in schema.get("span_labels") or []:
        for attribute in label.get("attributes") or []:
            slots[("attribute", label["name"], attribute["name"])] = list(
                attribute.get("values") or []
            )
    return slots


def resolve_slot(key: str, slots: dict[Slot, list[str]]) -> Slot:
    """Return the value list ``renames.values`` names by ``key``, or raise :class:`Invalid`."""
    candidates: list[Slot] = [("sentence", key, "")]
    if key.startswith("document:"):
        candidates.append(("document", key.removeprefix("document:"), ""))
    candidates.append(("document", key, ""))
    if "." in key:
        label, _, attribute = key.partition(".")
        candidates.append(("attribute", label, attribute))
    for slot in candidates:
        if slot in slots:
            return slot
    raise Invalid(
        f"renames.values: no label field or span attribute {key!r} in the new schema",
        details={"field": key},
    )


def apply_renames(schema: dict[str, Any], renames: Renames) -> dict[str, Any]:
    """Return a copy of ``schema`` with ``renames`` applied (merged entries and values go)."""
    new = copy.deepcopy(schema)
    for key in KINDS.values():
        entries = new.get(key) or []
        present = {e["name"] for e in entries}
        kept = []
        for entry in entries:
            target = renames.labels.get(entry["name"])
            if target is None:
                kept.append(entry)
            elif target not in present:
                entry["name"] = target
                kept.append(entry)
        new[key] = kept
    for relation in new.get("relation_types") or []:
        for end in ("from", "to"):
            ends = [renames.labels.get(x, x) for x in relation[end]]
            relation[end] = list(dict.fromkeys(ends))
    slots = value_slots(new)
    for key, mapping in renames.values.items():
        slot = resolve_slot(key, slots)
        holder = slot_entry(new, slot)
        values = list(holder["values"])
        value_keys = holder.get("keys")
        kept_values, kept_keys = [], []
        for i, value in enumerate(values):
            target = mapping.get(value, value)
            if target != value and target in values:
                continue  # merged into a value already there
            kept_values.append(target)
            if value_keys is not None:
                kept_keys.append(value_keys[i])
        holder["values"] = kept_values
        if value_keys is not None:
            holder["keys"] = kept_keys
    return new


def slot_entry(schema: dict[str, Any], slot: Slot) -> dict[str, Any]:
    """Return the entry of ``schema`` that holds the value list ``slot`` (to change in place)."""
    kind, owner, attribute = slot
    if kind == "attribute":
        label = next(e for e in schema["span_labels"] if e["name"] == owner)
        entry: dict[str, Any] = next(a for a in label["attributes"] if a["name"] == attribute)
        return entry
    found: dict[str, Any] = next(e for e in schema[KINDS[kind]] if e["name"] == owner)
    return found


def diff_schemas(old: dict[str, Any], new: dict[str, Any], renames: Renames) -> SchemaDiff:
    """Return what going from ``old`` to ``new`` renames, removes and adds (both normalised).

    :raises Invalid: a rename that does not fit the two schemas (its old name is unknown or
        still there, its new name missing), or a label field merged into another.
    """
    diff = SchemaDiff()
    old_names, new_names = names(old), names(new)
    for source, target in renames.labels.items():
        kinds = [k for k in KINDS if source in old_names[k]]
        if not kinds:
            raise Invalid(f"renames.labels: {source!r} is not in the current schema")
        for kind in kinds:
            if source in new_names[kind]:
                raise Invalid(f"renames.labels: {source!r} is renamed but still in the schema")
            if target not in new_names[kind]:
                raise Invalid(
                    f"renames.labels: {target!r} is not a {_KIND_WORDS[kind]} of the new schema"
                )
            if kind in ("sentence", "document") and target in old_names[kind]:
                raise Invalid(
                    f"renames.labels: the {_KIND_WORDS[kind]} {source!r} cannot be merged into "
                    f"{target!r}, which exists already"
                )
            diff.renamed.append((kind, source, target))
    for kind in KINDS:
        renamed = {a for k, a, _ in diff.renamed if k == kind}
        for name in old_names[kind]:
            if name not in new_names[kind] and name not in renamed:
                diff.removed.append((kind, name))
        added = [n for n in new_names[kind] if n not in old_names[kind]]
        added = [n for n in added if n not in {b for k, _, b in diff.renamed if k == kind}]
        diff.added += [f"added {_KIND_WORDS[kind]} {n}" for n in added]
    _diff_values(old, new, renames, diff)
    return diff


def _new_slot(slot: Slot, renames: Renames) -> Slot:
    """Return the name a current value list has in the new schema, after ``labels`` renames."""
    kind, owner, attribute = slot
    return (kind, renames.labels.get(owner, owner), attribute)


def _diff_values(
    old: dict[str, Any], new: dict[str, Any], renames: Renames, diff: SchemaDiff
) -> None:
    old_slots, new_slots = value_slots(old), value_slots(new)
    value_renames: dict[Slot, dict[str, str]] = {}
    for key, mapping in renames.values.items():
        slot = resolve_slot(key, new_slots)
        value_renames[slot] = mapping
        sources = [s for s in old_slots if _new_slot(s, renames) == slot]
        known = {v for s in sources for v in old_slots[s]}
        for source, target in mapping.items():
            if source not in known:
                raise Invalid(f"renames.values: {source!r} is not a value of {key} now")
            if source in new_slots[slot]:
                raise Invalid(f"renames.values: {source!r} is renamed but still a value of {key}")
            if target not in new_slots[slot]:
                raise Invalid(
                    f"renames.values: {target!r} is not a value of {key} in the new schema"
                )
            diff.renamed_values.append((slot, source, target))
    dropped_kinds = {(k, n) for k, n in diff.removed}
    for slot, values in old_slots.items():
        kind, owner, attribute = slot
        if kind != "attribute" and (kind, owner) in dropped_kinds:
            continue  # the whole field goes: counted as such
        if kind == "attribute" and ("span", owner) in dropped_kinds:
            continue
        target_slot = _new_slot(slot, renames)
        if target_slot not in new_slots:
            if kind == "attribute":
                diff.removed_attributes.append((owner, attribute))
            continue
        mapping = value_renames.get(target_slot, {})
        for value in values:
            if value not in new_slots[target_slot] and value not in mapping:
                diff.removed_values.append((slot, value))
    existing_labels = {renames.labels.get(n, n) for n in names(old)["span"]}
    for slot, values in new_slots.items():
        sources = [s for s in old_slots if _new_slot(s, renames) == slot]
        if not sources:
            # An attribute of a label that was there before (not of a new label).
            if slot[0] == "attribute" and slot[1] in existing_labels:
                diff.added.append(f"added attribute {slot_name(slot)}")
            continue
        before = {v for s in sources for v in old_slots[s]}
        targets = set(value_renames.get(slot, {}).values())
        added = [v for v in values if v not in before and v not in targets]
        if added:
            diff.added.append(f"added value(s) {', '.join(added)} of {slot_name(slot)}")
