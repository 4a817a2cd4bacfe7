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
(for ``roles``, the name given the role); ``taken_by``, for a key used twice, where it was
given first: an entry's ``key``, or a value's among its ``keys`` (the same keys, ``value``
included then); ``role``, for the schema's ``roles`` (setting ``roles``), the role refused.
"""

from __future__ import annotations

import re
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
#: A place as :func:`_said` writes it into a message, with a sentence label value's after it:
#: ``span_labels[0] 'CLAIM'``, ``sentence_labels[1] 'stance' value 'FAVOR'``.
_SAID = re.compile(
    r"\b(span_labels|relation_types|sentence_labels|document_labels)\[\d+\]"
    r"(?: '([^']*)')?(?: value '([^']*)')?"
)

#: What ``value`` is when a refusal is not about one value of a list.
_NO_VALUE: Any = object()


@dataclass(frozen=True)
class Place:
    """An entry of a schema (or, with no ``entry``, the schema itself), or an attribute of one."""

    entry: str | None = None
    index: int | None = None
    name: str | None = None
    #: (index, name) of a span label's attribute.
    attribute: tuple[int, str | None] | None = None

    @classmethod
    def of(cls, entry: str, index: int, raw: Any) -> Place:
        """Return the place of the raw entry ``raw``, at ``index`` in the list ``entry``."""
        return cls(entry, index, _raw_name(raw))

    def attribute_at(self, index: int, raw: Any) -> Place:
        """Return the place of this span label's raw attribute ``raw`` at ``index``."""
        return Place(self.entry, self.index, self.name, (index, _raw_name(raw)))

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
        message: str,
        setting: str | None = None,
        *,
        value: Any = _NO_VALUE,
        taken_by: dict[str, Any] | None = None,
        role: str | None = None,
    ) -> SchemaError:
        """Return the :class:`SchemaError` of ``message`` about ``setting`` of this place."""
        details = self.as_data() | {"setting": setting}
        if value is not _NO_VALUE:
            details["value"] = value
        if taken_by is not None:
            details["taken_by"] = taken_by
        if role is not None:
            details["role"] = role
        return SchemaError(message, details)


#: The schema's own settings (its name, guidelines, ``queue_order``...).
TOP = Place()


def _raw_name(raw: Any) -> str | None:
    name = raw.get("name") if isinstance(raw, dict) else None
    return name if isinstance(name, str) else None


def _said(kind: str, index: int | None, name: str | None) -> str:
    return f"{kind}[{index}] {name!r}" if name is not None else f"{kind}[{index}]"


def said_plainly(message: str) -> str:
    """Return a refusal's message with each place in it said as a page names entries:
    ``span_labels[0] 'CLAIM'`` as ``span label CLAIM`` (a name :func:`_said` had to quote
    otherwise, for a quote inside it, is left as written)."""

    def plainly(place: re.Match[str]) -> str:
        kind, name, value = place.groups()
        named = NOUNS[kind] + (f" {name}" if name is not None else "")
        return named + (f", value {value}" if value is not None else "")

    return _SAID.sub(plainly, message)
