"""Where in a label schema a refusal is: said in words for people, as data for programs.

A :class:`~annotator.core.errors.SchemaError`'s message names the offending entry in words
(``span_labels[1] 'SOURCE': ...``); its ``details`` say the same as data, so that a page can
show the refusal at the field it is about and a script can point at the line to fix without
reading English. The details, every key always present:

``entry``
    the list the entry is in (``span_labels``, ``relation_types``, ``sentence_labels``,
    ``document_labels``), or null for the schema's own settings;
``index``, ``name``
    the entry's position in that list and its name (null when it has no string name);
``attribute``
    for a span label's attribute, ``{"index", "name"}`` of the attribute within the label;
``setting``
    the setting refused (``color``, ``values``, ``keys``...), or null for the entry as a whole.

And only where they apply: ``value``, the one value of a ``values`` or ``keys`` list refused
(for ``roles``, the name given the role); ``key``, the workspace key refused (an entry's
``key`` or a value's among its ``keys``); ``taken_by``, for a key used twice, where it was
given first: an entry's ``key``, or a value's among its ``keys`` (the same keys, ``value``
included then); ``role``, for the schema's ``roles`` (setting ``roles``), the role refused.

The error's ``reason`` is its message without the place it starts with. Pages never read the
place back out of the message: :func:`said_on_page` says it in their words from the details.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from annotator.core.errors import SchemaError

#: How pages name an entry of each list: a page shows no schema file, so no list's key.
NOUNS: dict[str, str] = {
    "span_labels": "span label",
    "relation_types": "relation type",
    "sentence_labels": "sentence label",
    "document_labels": "document label",
}
#: What ``value`` is when a refusal is not about one value of a list.
_NO_VALUE: Any = object()


@dataclass(frozen=True)
class Place:
    """An entry of a schema (or, with no ``entry``, the schema itself), or an attribute of one."""

    entry: str | None = None
    index: int | None = None
    name: str | None = None
    #: (index, name) of a span label's attribute (a page's own place knows its name only).
    attribute: tuple[int | None, str | None] | None = None

    @classmethod
    def of(cls, entry: str, index: int, raw: Any) -> Place:
        """Return the place of the raw entry ``raw``, at ``index`` in the list ``entry``."""
        return cls(entry, index, _raw_name(raw))

    def attribute_at(self, index: int, raw: Any) -> Place:
        """Return the place of this span label's raw attribute ``raw`` at ``index``."""
        return Place(self.entry, self.index, self.name, (index, _raw_name(raw)))

    @classmethod
    def named(cls, entry: str, name: str, attribute: str | None = None) -> Place:
        """Return the place of the entry ``name`` (its ``attribute``) as a page knows it: by
        name, its position in the schema unknown."""
        return cls(entry, None, name, None if attribute is None else (None, attribute))

    def holds(self, place: Mapping[str, Any]) -> bool:
        """Tell whether a refusal's details (or their ``taken_by``) are at this place: the
        same entry and, for an attribute, the same attribute, known by their names."""
        attribute = place.get("attribute")
        return (
            place.get("entry") == self.entry
            and place.get("name") == self.name
            and (attribute or {}).get("name") == (self.attribute or (None, None))[1]
            and (attribute is None) == (self.attribute is None)
        )

    def __str__(self) -> str:
        if self.entry is None:
            return "the schema"
        said = _said(self.entry, self.index, self.name)
        if self.attribute is None:
            return said
        return _said(f"{said}.attributes", *self.attribute)

    def as_data(self) -> dict[str, Any]:
        """Return the place as the refusal's details have it (no ``setting``)."""
        return {
            "entry": self.entry,
            "index": self.index,
            "name": self.name,
            "attribute": None
            if self.attribute is None
            else {"index": self.attribute[0], "name": self.attribute[1]},
        }

    def refusal(
        self,
        reason: str,
        setting: str | None = None,
        *,
        value: Any = _NO_VALUE,
        key: str | None = None,
        taken_by: dict[str, Any] | None = None,
        role: str | None = None,
        message: str | None = None,
    ) -> SchemaError:
        """Return the :class:`SchemaError` of ``reason`` about ``setting`` of this place.

        Its message is ``reason`` after the place (``span_labels[0] 'CLAIM': reason``), or
        ``message`` where the message says the place otherwise (a list's, a value's).
        """
        details = self.as_data() | {"setting": setting}
        if value is not _NO_VALUE:
            details["value"] = value
        if key is not None:
            details["key"] = key
        if taken_by is not None:
            details["taken_by"] = taken_by
        if role is not None:
            details["role"] = role
        return SchemaError(f"{self}: {reason}" if message is None else message, details, reason)


#: The schema's own settings (its name, guidelines, ``queue_order``...).
TOP = Place()


def _raw_name(raw: Any) -> str | None:
    name = raw.get("name") if isinstance(raw, dict) else None
    return name if isinstance(name, str) else None


def _said(kind: str, index: int | None, name: str | None) -> str:
    return f"{kind}[{index}] {name!r}" if name is not None else f"{kind}[{index}]"


def key_taken(key: str, owner: str) -> str:
    """The reason a key is refused that ``owner`` (said in a message's or a page's words) has."""
    return f"key {key!r} is already used by {owner}"


def plainly(place: Mapping[str, Any]) -> str:
    """Return a place of a refusal's details (or of their ``taken_by``) as pages name entries:
    ``span label CLAIM``, ``span label CLAIM, attribute claimer``, ``sentence label stance,
    value AGAINST`` (a value's key), ``role CLAIM`` (the schema's ``roles``), ``the schema``."""
    entry = place.get("entry")
    if entry is None:
        role = place.get("role")
        return f"role {role}" if role is not None else "the schema"
    said = f"{NOUNS[entry]} {_named(place)}"
    attribute = place.get("attribute")
    if attribute is not None:
        said += f", attribute {_named(attribute)}"
    if place.get("setting") == "keys" and "value" in place:
        said += f", value {place['value']}"
    return said


def _named(place: Mapping[str, Any]) -> str:
    """An entry or attribute by its name, or, with none, by its number counted from 1."""
    name = place.get("name")
    return name if name is not None else f"number {place['index'] + 1}"


def said_on_page(error: SchemaError, own: Place | None = None, line: int | None = None) -> str:
    """Return a schema refusal as a page says it: its place in words from its details
    (:func:`plainly`), then its reason; a key taken by another entry says that entry.

    ``own``: the entry (or attribute) the page's form is about, which the page names already.
    A refusal of it is said by its reason alone; a key it took first, refused at an entry
    the schema checks after it, is said from its side (that other entry has the key).
    ``line``: where the entry starts in the schema text the page shows, said after its name
    (a setting of the schema itself: where its key is, said first).
    """
    details = error.details if isinstance(error.details, dict) else {}
    taken_by = details.get("taken_by")
    if taken_by is not None:
        if own is not None and own.holds(taken_by) and not own.holds(details):
            return key_taken(details["key"], plainly(details))
        reason = key_taken(details["key"], plainly(taken_by))
    else:
        reason = error.reason
    if own is not None and own.holds(details):
        return reason
    if plainly(details) == "the schema":
        # A setting of the schema itself (an unknown key) has no name to say: its line alone.
        return reason if line is None else f"line {line}: {reason}"
    at = f" (line {line})" if line is not None else ""
    return f"{plainly(details)}{at}: {reason}"
