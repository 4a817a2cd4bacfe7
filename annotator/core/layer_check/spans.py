"""A layer's spans: offsets in the text as given, their text, labels, attributes,
``suggested`` and ``note``; each once (no two of one label and offsets); and, where the
schema forbids it, overlap."""

from __future__ import annotations

from typing import Any

from annotator.core import rules
from annotator.core.formats.label_map import LabelMap, Unmapped
from annotator.core.label_schema import entry_names
from annotator.core.span_notes import too_long
from annotator.core.text import GivenText, unstorable_reason
from annotator.core.word_cuts import word_cut

from . import fields
from .fields import unknown_fields
from .problems import checked, is_int, list_field, passes
from .result import CleanLayer
from .source import source_of
from .suggested import suggested_of


def check_spans(
    item: dict[str, Any],
    text: GivenText,
    schema: dict[str, Any],
    layer: CleanLayer,
    problems: list[str],
    lists_ok: bool,
    mapping: LabelMap | None,
    left: set[Any],
    path: str,
    names_mapped: bool = False,
    offsets_checked: bool = False,
) -> dict[Any, str]:
    """Check the spans of a layer; ``mapping`` maps their labels and attribute names (unless
    ``names_mapped``: the reader did) and their attributes' values. A span given by its
    offsets alone that cuts a word is noted in ``layer.word_cuts`` (unless ``offsets_checked``:
    the reader checked them against the text)."""
    labels_by_id: dict[Any, str] = {}
    known = entry_names(schema, "span_labels")
    definitions = {d["name"]: d for d in schema.get("span_labels", [])}
    for i, span in enumerate(list_field(item, "spans", problems)):
        if not isinstance(span, dict):
            problems.append(f"span {i} must be an object")
            continue
        unknown_fields(span, "span", fields.SPAN, f"{path}.spans[{i}]", problems)
        span_id = span.get("id", f"#{i}")
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        where = f"span {i} (id {span_id!r}, {label!r} [{start}, {end}))"
        if not isinstance(span_id, int | str) or isinstance(span_id, bool):
            problems.append(f"{where}: 'id' must be a number or a string")
            continue
        if span_id in labels_by_id:
            problems.append(f"{where}: the id {span_id!r} is used by another span of this layer")
            continue
        hint = ""
        if mapping is not None and not names_mapped and isinstance(label, str):
            try:
                label = mapping.resolve(label, known)
            except Unmapped as exc:
                hint = mapping.unknown_hint(exc.name)
            if label is None:  # NAME=-: left out, with its relations
                layer.left_out += 1
                left.add(span_id)
                continue
        attributes = span.get("attributes") or {}
        value_hints: dict[str, str] = {}
        if mapping is not None and isinstance(attributes, dict):
            # Mapped before the span's other checks: the map's entries are met whatever
            # else is wrong with it (an entry that meets nothing is warned of).
            if not names_mapped:
                attributes = mapping.rename_keys(attributes)
            definition = definitions.get(label) if isinstance(label, str) else None
            attributes = _mapped_values(mapping, definition, attributes, layer, value_hints)
        given = span.get("text")
        if isinstance(given, str) and is_int(start) and is_int(end):
            start, end = text.read_as(given, start, end)
        if not passes(problems, where, rules.check_offsets, text.given, start, end):
            continue
        assert isinstance(start, int) and isinstance(end, int)  # check_offsets made sure
        if given is not None and given != text.given[start:end]:
            problems.append(
                f"{where}: its text {given!r} does not match the document's text at those "
                f"offsets, {text.given[start:end]!r}"
            )
            continue
        vanishes = text.vanishes(start, end)
        if vanishes is not None:
            problems.append(f"{where}: {vanishes}")
            continue
        # Offsets given alone cannot be checked against the span's text: one that cuts a word
        # is warned of once the span is otherwise sound (core/word_cuts.py).
        unchecked = given is None and not offsets_checked
        cut = word_cut(text.given, start, end) if unchecked else None
        if cut is not None:
            cut = f"{where}: its text {text.given[start:end]!r} cuts a word {cut}"
        start, end = text.stored_offset(start), text.stored_offset(end)
        definition = checked(problems, where, rules.span_label, schema, label)
        if definition is None:
            problems[-1] += hint
            continue
        assert isinstance(label, str)  # it equals the name of a schema label, a string
        clean = checked(
            problems, where, rules.check_attributes, definition, attributes, lists_ok=lists_ok
        )
        if clean is None:
            said = problems[-1]
            hints = (h for n, h in value_hints.items() if f"attribute {n!r}: " in said)
            problems[-1] += next(hints, "")
            continue
        suggested = suggested_of(span, where, problems)
        if suggested is False:
            continue
        came_from = source_of(span, layer, where, problems)
        if came_from is False:
            continue
        note = span.get("note")
        why = bad_note(note)
        if why is not None:
            problems.append(f"{where}: its note {why}")
            continue
        labels_by_id[span_id] = label
        layer.spans.append((span_id, label, start, end, clean))
        if suggested is not None:
            layer.span_suggested[span_id] = suggested
        if came_from is not None:
            layer.span_sources[span_id] = came_from
        if note:
            layer.span_notes[span_id] = note
        if cut is not None:
            layer.word_cuts.append(cut)
    for span_id, error in rules.repeated_spans(s[:4] for s in layer.spans):
        problems.append(f"span {span_id!r}: {error.message}")
    if not rules.overlaps_allowed(schema):
        check_overlaps(layer, problems)
    return labels_by_id


def _mapped_values(
    mapping: LabelMap,
    definition: dict[str, Any] | None,
    attributes: dict[str, Any],
    layer: CleanLayer,
    hints: dict[str, str],
) -> dict[str, Any]:
    """Return ``attributes`` with their values made ours by ``mapping`` (one left out is
    unset), noting in ``hints`` the map entry that would take a value not ours."""
    fields = {f["name"]: f for f in (definition or {}).get("attributes", [])}
    mapped: dict[str, Any] = {}
    for name, value in attributes.items():
        field_ = fields.get(name)
        if field_ is None or value is None:
            mapped[name] = value
            continue
        ours, dropped = mapping.value(field_, value)
        layer.values_left_out += dropped
        if ours is None:
            continue
        hint = mapping.value_hint(field_, value)  # naming the file's value, not the map's
        if hint:
            hints[name] = hint
        mapped[name] = ours
    return mapped


def check_overlaps(layer: CleanLayer, problems: list[str]) -> None:
    # In order of start: a span overlaps an earlier one when it starts before the furthest
    # end so far (the span that reaches furthest is the one named).
    furthest: tuple[Any, str, int, int, dict[str, Any]] | None = None
    for span in sorted(layer.spans, key=lambda s: (s[2], s[3])):
        span_id, _label, start, end, _attributes = span
        if furthest is not None and start < furthest[3]:
            error = rules.overlap_error(start, end, repr(furthest[0]), furthest[2], furthest[3])
            problems.append(f"span {span_id!r}: {error.message}")
        if furthest is None or end > furthest[3]:
            furthest = span


def bad_note(note: Any) -> str | None:
    """Say what is wrong with a span's or relation's ``note`` (text, or null for none), or None."""
    if note is None:
        return None
    if not isinstance(note, str):
        return f"must be text or null, not {type(note).__name__}"
    return unstorable_reason(note) or too_long(note.strip())
