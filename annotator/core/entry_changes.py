"""What a schema change does to the settings of entries it keeps (pure).

:mod:`annotator.core.schema_diff` says what is renamed, removed and added; this module says
what changed in the entries on both sides: a label field's ``target`` ("stance toward X") or
``description``, a span label's key or colour, a relation type's ends, and so on. Each is
said in words for the version history, the audit log and the API's answer, e.g. "stance:
target changed from 'NATO' to 'Fuel subsidies'".

A field's ``target`` (with ``target_from``, the document meta key each document's own target
is taken from) and ``description`` say what its values mean, a span label's
``description`` what its spans mark and a span attribute's what its values say: annotations
made before such a change were made toward the old meaning. :func:`meaning_changes` names
those, so that the change can ask first while annotations exist
(:mod:`annotator.services.schema.meaning`). The schema has no description per value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.core.schema_renames import KINDS, Renames

#: The settings that say what an entry's annotations mean, by kind of entry: a label field's
#: values, a span label's spans, a span attribute's values.
MEANING = {
    "sentence": ("target", "target_from", "description"),
    "document": ("target", "target_from", "description"),
    "span": ("description",),
    "attribute": ("description",),
}
#: Settings compared per kind of entry, in the order they are said (names and values are
#: schema_diff's: renamed, removed, added).
_SETTINGS = {
    "span": ("description", "key", "color"),
    "relation": ("description", "from", "to", "max_per_source", "key"),
    "sentence": (
        "target",
        "target_from",
        "description",
        "multiple",
        "ordinal",
        "required",
        "keys",
    ),
    "document": ("target", "target_from", "description", "multiple", "ordinal", "required"),
}
_ATTRIBUTE_SETTINGS = ("description", "multiple")


@dataclass(frozen=True)
class EntryChange:
    """One setting of one entry changed: ``kind`` and ``name`` as the new schema names it,
    ``old`` the entry's name now (the same unless renamed)."""

    kind: str
    name: str
    setting: str
    before: Any
    after: Any
    #: An attribute's is ``LABEL.attribute``, both as they are named now.
    old: str = ""

    @property
    def meaning(self) -> bool:
        """Tell whether this changes what annotations mean (:data:`MEANING`)."""
        return self.setting in MEANING.get(self.kind, ())

    def entry_words(self) -> str:
        """Name the entry as the history names a value list: ``stance``, ``document:genre``,
        ``CLAIM``, ``CLAIM.claimer``."""
        return f"document:{self.name}" if self.kind == "document" else self.name

    def __str__(self) -> str:
        return (
            f"{self.entry_words()}: {self.setting} changed from {said(self.before)} "
            f"to {said(self.after)}"
        )


def said(value: Any) -> str:
    """Return a setting's value as the history quotes it: text in quotes, none as none."""
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v!r}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def entry_changes(old: dict[str, Any], new: dict[str, Any], renames: Renames) -> list[EntryChange]:
    """Return the settings changed of every entry (and span attribute) in both schemas."""
    changes: list[EntryChange] = []
    for kind, key in KINDS.items():
        after = {entry["name"]: entry for entry in new.get(key) or []}
        present = {entry["name"] for entry in old.get(key) or []}
        for entry in old.get(key) or []:
            name = renames.entry(kind, entry["name"])
            if name not in after or (name != entry["name"] and name in present):
                continue  # removed, or merged into another entry (compared as itself)
            for setting in _SETTINGS[kind]:
                before, now = _compared(setting, entry, after[name], renames)
                if _differ(before, now):
                    changes.append(EntryChange(kind, name, setting, before, now, entry["name"]))
            if kind == "span":
                changes += _attribute_changes(entry, after[name], renames)
    return changes


def _attribute_changes(
    old: dict[str, Any], new: dict[str, Any], renames: Renames
) -> list[EntryChange]:
    mapping = renames.attributes.get(new["name"], {})
    after = {a["name"]: a for a in new.get("attributes") or []}
    changes = []
    for attribute in old.get("attributes") or []:
        name = mapping.get(attribute["name"], attribute["name"])
        if name not in after:
            continue
        for setting in _ATTRIBUTE_SETTINGS:
            before, now = attribute.get(setting), after[name].get(setting)
            if _differ(before, now):
                changes.append(
                    EntryChange(
                        "attribute",
                        f"{new['name']}.{name}",
                        setting,
                        before,
                        now,
                        f"{old['name']}.{attribute['name']}",
                    )
                )
    return changes


def _compared(
    setting: str, old: dict[str, Any], new: dict[str, Any], renames: Renames
) -> tuple[Any, Any]:
    """Return a setting of an entry before and after, comparable: a relation type's ends
    under the labels' new names; a field's value keys by value, for the values it keeps (a
    value added or renamed is said as such, not as a change of keys)."""
    before, after = old.get(setting), new.get(setting)
    if setting in ("from", "to"):
        before = list(dict.fromkeys(renames.labels.get(x, x) for x in before or []))
    elif setting == "required":  # absent is false (core/label_schema keeps only true)
        before, after = bool(before), bool(after)
    elif setting == "keys":
        kept = [v for v in old.get("values") or [] if v in (new.get("values") or [])]
        before, after = _keys_of(old, kept), _keys_of(new, kept)
    return before, after


def _keys_of(field: dict[str, Any], values: list[str]) -> dict[str, str]:
    keys = dict(zip(field.get("values") or [], field.get("keys") or [], strict=False))
    return {value: keys[value] for value in values if keys.get(value)}


def _differ(before: Any, after: Any) -> bool:
    """Tell whether a setting changed; unset and empty (or false) are the same."""
    return (before or None) != (after or None)


def meaning_changes(changes: list[EntryChange]) -> list[EntryChange]:
    """Return the changes of what annotations mean: a label field's target or description,
    a span label's or a span attribute's description."""
    return [change for change in changes if change.meaning]
