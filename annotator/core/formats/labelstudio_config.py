"""The Label Studio labeling config of a project's schema: the XML its tasks are read with.

Pure. Every control is named as the ``labelstudio`` tasks' results name it
(:mod:`annotator.core.formats.labelstudio`), so that a team imports the tasks into a Label
Studio project made with this config without writing XML by hand:

- ``<Text name="text" value="$text">``: the document (every result's ``to_name``);
- ``<Labels name="label">``: one ``<Label>`` per span label, its colour as ``background``,
  its key as ``hotkey`` and its description as ``hint``;
- ``<Relations>``: one ``<Relation>`` per relation type (Label Studio does not restrict
  which labels a relation joins; our import checks the schema's ``from`` and ``to``);
- a span label's attributes: per-region ``<Choices>`` named by the attribute, shown when a
  region of that label is selected (of any label, when several labels share the name);
- sentence label fields: per-region ``<Choices>`` (a sentence's label is a choice on a region
  over the sentence's range, id ``sentence-N``, a region without a label), shown when a
  region is selected;
- document label fields: ``<Choices>`` on the whole text, always shown.

A required document field (``"required": true``) is ``required="true"``: Label Studio then
refuses to submit a task without its value, as our "done" does. A required sentence field is
not: on a per-region control Label Studio asks a value of every region, the spans' too, where
we ask one of every sentence; its heading says "(required on every sentence)" instead.

Each ``<Choices>`` follows a ``<Header>`` naming its entry (with a field's target and
description); a per-region one sits with its heading in a ``<View visibleWhen=
"region-selected">``, so that neither shows while no region is. ``choice="multiple"`` where
the schema's entry has ``multiple: true``. Checked against Label Studio 1.23.2 (its config
validation, its import, and its editor showing the regions and choices: docs/benchmarks.md,
"Label Studio project export"). The XML is written
by :mod:`xml.etree.ElementTree`, which escapes quotes, ampersands and angle brackets in
every attribute; emoji stay as they are.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import Invalid

#: The names the tasks give the document's text and the span labels' control.
TEXT = "text"
SPAN_LABELS = "label"
FILENAME = "labeling_config.xml"

# XML 1.0 has no way to write these, escaped or not (a schema value may hold them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class _Control:
    """One ``<Choices>``: what the tasks' results of one ``from_name`` need."""

    name: str
    #: Where its results sit: ``region`` (a span's attribute), ``sentence`` or ``document``.
    kind: str
    #: The schema entries it stands for, as a message names them.
    entries: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    multiple: bool = False
    #: The span labels whose regions it is shown for (attributes only).
    labels: list[str] = field(default_factory=list)
    #: Its ``<Header>``: the entry's name, target and description.
    heading: str = ""
    #: A required field's (the module's docstring says why only a document field's is marked).
    required: bool = False


def labeling_config(schema: dict[str, Any]) -> str:
    """Return the Label Studio labeling config (XML text) of a validated schema.

    :raises Invalid: two kinds of entry sharing one control name (a sentence field and an
        attribute both called ``topic``, a field called ``label`` or ``text``), which one
        Label Studio control cannot be; or a value XML cannot hold (a control character).
    """
    view = ET.Element("View")
    labels = ET.SubElement(view, "Labels", name=SPAN_LABELS, toName=TEXT)
    for entry in schema.get("span_labels") or []:
        label = ET.SubElement(labels, "Label", value=entry["name"], background=entry["color"])
        if entry.get("key"):
            label.set("hotkey", entry["key"])
        if entry.get("description"):
            label.set("hint", entry["description"])
    ET.SubElement(view, "Text", name=TEXT, value="$" + TEXT)
    if schema.get("relation_types"):
        relations = ET.SubElement(view, "Relations")
        for entry in schema["relation_types"]:
            ET.SubElement(relations, "Relation", value=entry["name"])
    for control in _controls(schema):
        _choices(view, control)
    ET.indent(view)
    text = ET.tostring(view, encoding="unicode") + "\n"
    bad = _NOT_XML.search(text)
    if bad is not None:
        raise Invalid(
            f"the schema holds the control character U+{ord(bad.group()):04X}, which a Label "
            "Studio config (XML) cannot hold; remove it from the schema's names and values",
            details={"field": "format"},
        )
    return text


def _controls(schema: dict[str, Any]) -> Iterator[_Control]:
    """Yield the ``<Choices>`` controls by name, attributes of one name merged into one."""
    found: dict[str, _Control] = {}
    taken = {TEXT: "the document's text", SPAN_LABELS: "the span labels"}

    def control(name: str, kind: str, entry: str) -> _Control:
        if name in taken:
            raise _clash(name, entry, taken[name])
        known = found.get(name)
        if known is None:
            known = found[name] = _Control(name, kind)
        elif known.kind != kind or kind != "region":
            raise _clash(name, entry, known.entries[0])
        known.entries.append(entry)
        return known

    for label in schema.get("span_labels") or []:
        for attribute in label.get("attributes") or []:
            where = f"attribute {attribute['name']!r} of span label {label['name']!r}"
            _fill(control(attribute["name"], "region", where), attribute)
            found[attribute["name"]].labels.append(label["name"])
    for kind, key in (("sentence", "sentence_labels"), ("document", "document_labels")):
        for entry in schema.get(key) or []:
            where = f"{kind} label field {entry['name']!r}"
            _fill(control(entry["name"], kind, where), entry)
    yield from found.values()


def _fill(control: _Control, entry: dict[str, Any]) -> None:
    control.values += [value for value in entry["values"] if value not in control.values]
    control.multiple = control.multiple or bool(entry.get("multiple"))
    control.required = bool(entry.get("required"))  # a field's: one entry per control
    if control.heading:  # an attribute several labels share: its name says enough
        control.heading = entry["name"]
        return
    heading = entry["name"]
    if entry.get("target_from"):
        # One config for every task: it names where each document's own target is.
        fallback = f", else {entry['target']}" if entry.get("target") else ""
        heading += f" (target: each document's meta {entry['target_from']}{fallback})"
    elif entry.get("target"):
        heading += f" (target: {entry['target']})"
    if entry.get("description"):
        heading += f": {entry['description']}"
    if control.required and control.kind == "sentence":
        heading += " (required on every sentence)"
    control.heading = heading


def _clash(name: str, entry: str, other: str) -> Invalid:
    return Invalid(
        f"the Label Studio config cannot hold the {entry}: its results are named {name!r}, "
        f"as are those of {other}, and one Label Studio control cannot be both; rename one "
        "of them, or export the labelstudio format (tasks only)",
        details={"field": "format"},
    )


def _choices(view: ET.Element, control: _Control) -> None:
    if control.kind != "document":
        # A region's controls show only while a region is selected: their heading with them.
        view = ET.SubElement(view, "View", visibleWhen="region-selected")
        if len(control.labels) == 1:
            view.set("whenLabelValue", control.labels[0])
    # A heading starts with the entry's name (a letter or "_"): never "$", which Label Studio
    # would read as a reference to the task's data.
    ET.SubElement(view, "Header", value=control.heading, size="6")
    attributes = {
        "name": control.name,
        "toName": TEXT,
        "choice": "multiple" if control.multiple else "single",
        "showInline": "true",
    }
    if control.kind != "document":
        attributes["perRegion"] = "true"
    elif control.required:
        attributes["required"] = "true"
    if control.kind == "region":
        attributes["visibleWhen"] = "region-selected"
        if len(control.labels) == 1:
            attributes["whenLabelValue"] = control.labels[0]
    choices = ET.SubElement(view, "Choices", attributes)
    for value in control.values:
        ET.SubElement(choices, "Choice", value=value)
