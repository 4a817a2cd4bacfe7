"""What a change of a project's label schema does to its names and values (pure).

A change is a new schema plus ``renames``, whose format and fit to the current schema are
:mod:`annotator.core.schema_renames`'. Without a new schema, :func:`apply_renames` makes it
from the current one. :func:`diff_schemas` then says what is renamed, removed, added and
changed (an entry's settings: :mod:`annotator.core.entry_changes`); the
caller counts the uses of what is removed, and refuses the change while anything uses it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from annotator.core.entry_changes import EntryChange, entry_changes
from annotator.core.errors import Invalid
from annotator.core.schema_renames import (
    KIND_WORDS,
    KINDS,
    Renames,
    Slot,
    check_renames,
    names,
)


@dataclass
class SchemaDiff:
    """What a change renames, removes and adds; names of removals are the current ones."""

    #: (kind, old, new) for each named entry renamed or merged.
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    #: (span label in the new schema's names, old, new) for each attribute renamed.
    renamed_attributes: list[tuple[str, str, str]] = field(default_factory=list)
    #: (slot in the new schema's names, old, new) for each value renamed or merged.
    renamed_values: list[tuple[Slot, str, str]] = field(default_factory=list)
    #: (kind, name) of named entries removed.
    removed: list[tuple[str, str]] = field(default_factory=list)
    #: (span label, attribute) of attributes removed.
    removed_attributes: list[tuple[str, str]] = field(default_factory=list)
    #: (slot in the current schema's names, value) of values removed.
    removed_values: list[tuple[Slot, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    #: Settings changed of entries both schemas have (a field's target, a label's colour).
    changed: list[EntryChange] = field(default_factory=list)

    def describe(self) -> str:
        """Return the change in words, for the version history."""
        words = [f"renamed {KIND_WORDS[k]} {a} to {b}" for k, a, b in self.renamed]
        words += [
            f"renamed attribute {label}.{a} to {label}.{b}"
            for label, a, b in self.renamed_attributes
        ]
        words += [f"renamed value {a} of {slot_name(s)} to {b}" for s, a, b in self.renamed_values]
        words += [f"removed {KIND_WORDS[k]} {name}" for k, name in self.removed]
        words += [f"removed attribute {label}.{a}" for label, a in self.removed_attributes]
        words += [f"removed value {v} of {slot_name(s)}" for s, v in self.removed_values]
        words += map(str, self.changed)
        words += self.added
        return "; ".join(words)


def renamed_in(words: str) -> list[tuple[str, str, str]]:
    """Return the named entries a version's change in words renamed, as (kind, old, new).

    The version history keeps no renames but these words (:meth:`SchemaDiff.describe`), which
    say the entries' renames first, one item each, with names that hold no space or ``;``
    (:mod:`annotator.core.label_schema`): read back while items are such renames, so that
    nothing later (a target's own text) can pass for one.
    """
    found = []
    for item in words.split("; "):
        match = _RENAMED.fullmatch(item)
        if match is None:
            break
        found.append((_KIND_OF[match["kind"]], match["old"], match["new"]))
    return found


_KIND_OF = {said: kind for kind, said in KIND_WORDS.items()}
_RENAMED = re.compile(
    "renamed (?P<kind>" + "|".join(map(re.escape, _KIND_OF)) + r") (?P<old>\S+) to (?P<new>\S+)"
)


def slot_name(slot: Slot) -> str:
    """Return how ``renames.values`` and messages name a value list."""
    kind, owner, attribute = slot
    if kind == "attribute":
        return f"{owner}.{attribute}"
    return f"document:{owner}" if kind == "document" else owner


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
    """Return a copy of ``schema`` with ``renames`` applied (merged entries and values go).

    :raises Invalid: renames of label fields or attributes that do not fit (:func:`check_renames`).
    """
    check_renames(schema, renames)
    new = copy.deepcopy(schema)
    for kind, key in KINDS.items():
        entries = new.get(key) or []
        present = {e["name"] for e in entries}
        kept = []
        for entry in entries:
            target = renames.entry(kind, entry["name"])
            if target == entry["name"]:
                kept.append(entry)
            elif target not in present:
                entry["name"] = target
                kept.append(entry)
        new[key] = kept
    for label in new.get("span_labels") or []:
        mapping = renames.attributes.get(label["name"], {})
        for attribute in label.get("attributes") or []:
            attribute["name"] = mapping.get(attribute["name"], attribute["name"])
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
    check_renames(old, renames)
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
                    f"renames.labels: {target!r} is not a {KIND_WORDS[kind]} of the new schema"
                )
            if kind in ("sentence", "document") and target in old_names[kind]:
                raise Invalid(
                    f"renames.labels: the {KIND_WORDS[kind]} {source!r} cannot be merged into "
                    f"{target!r}, which exists already"
                )
            diff.renamed.append((kind, source, target))
    for kind, mapping in renames.fields.items():
        for source, target in mapping.items():
            _fits(source, target, new_names[kind], f"fields.{kind}", f"a {KIND_WORDS[kind]}")
            diff.renamed.append((kind, source, target))
    new_attributes = {
        label["name"]: [a["name"] for a in label.get("attributes") or []]
        for label in new.get("span_labels") or []
    }
    for label, mapping in renames.attributes.items():
        for source, target in mapping.items():
            after = new_attributes.get(label, [])
            _fits(source, target, after, f"attributes.{label}", f"an attribute of {label}")
            diff.renamed_attributes.append((label, source, target))
    for kind in KINDS:
        renamed = {a for k, a, _ in diff.renamed if k == kind}
        for name in old_names[kind]:
            if name not in new_names[kind] and name not in renamed:
                diff.removed.append((kind, name))
        added = [n for n in new_names[kind] if n not in old_names[kind]]
        added = [n for n in added if n not in {b for k, _, b in diff.renamed if k == kind}]
        diff.added += [f"added {KIND_WORDS[kind]} {n}" for n in added]
    _diff_values(old, new, renames, diff)
    diff.changed = entry_changes(old, new, renames)
    return diff


def _fits(source: str, target: str, after: list[str], where: str, what: str) -> None:
    """Refuse a rename whose OLD name is still in the new schema or NEW is not."""
    if source in after:
        raise Invalid(f"renames.{where}: {source!r} is renamed but still in the schema")
    if target not in after:
        raise Invalid(f"renames.{where}: {target!r} is not {what} in the new schema")


def _diff_values(
    old: dict[str, Any], new: dict[str, Any], renames: Renames, diff: SchemaDiff
) -> None:
    old_slots, new_slots = value_slots(old), value_slots(new)
    value_renames: dict[Slot, dict[str, str]] = {}
    for key, mapping in renames.values.items():
        slot = resolve_slot(key, new_slots)
        value_renames[slot] = mapping
        sources = [s for s in old_slots if renames.slot(s) == slot]
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
        target_slot = renames.slot(slot)
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
        sources = [s for s in old_slots if renames.slot(s) == slot]
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
