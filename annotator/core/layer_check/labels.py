"""A layer's sentence and document labels: their fields, values and sentences, one value a
field a unit, and a category without a field given to the one field offering it."""

from __future__ import annotations

from typing import Any

from annotator.core import rules
from annotator.core.formats.label_map import LabelMap
from annotator.core.vocabulary import DOCUMENT_UNIT

from . import fields
from .fields import unknown_fields
from .problems import checked, list_field, passes
from .result import CleanLayer
from .source import source_of
from .suggested import suggested_of


def check_labels(
    item: dict[str, Any],
    sentence_count: int,
    schema: dict[str, Any],
    layer: CleanLayer,
    problems: list[str],
    lists_ok: bool,
    mapping: LabelMap | None,
    path: str,
) -> None:
    """Check the labels of a layer; ``mapping`` makes their values ours."""
    document_fields = {f["name"]: f for f in schema.get("document_labels", [])}
    seen: set[tuple[int, str]] = set()

    def add(
        unit: int,
        name: Any,
        value: Any,
        where: str,
        mapped: bool = False,
        given: dict[str, Any] | None = None,
    ) -> None:
        document = unit == DOCUMENT_UNIT
        field_ = checked(problems, where, rules.label_field, schema, name, document=document)
        if field_ is None:
            return
        if (unit, name) in seen:
            problems.append(f"{where}: {name!r} has two values here")
            return
        given_value = value  # as the file gives it: the hint names it
        if mapping is not None and not mapped:
            value, dropped = mapping.value(field_, value)
            layer.values_left_out += dropped
            if value is None and dropped:
                return  # FIELD.VALUE=-: the label is left out
        what = f"label {name!r}"
        clean = checked(problems, where, rules.check_value, field_, value, what, lists_ok=lists_ok)
        if clean is None:
            if mapping is not None:
                problems[-1] += mapping.value_hint(field_, given_value)
            return
        suggested = None if given is None else suggested_of(given, where, problems)
        if suggested is False:
            return
        came_from = None if given is None else source_of(given, layer, where, problems)
        if came_from is False:
            return
        seen.add((unit, name))
        if suggested is not None:
            layer.label_suggested[len(layer.labels)] = suggested
        if came_from is not None:
            layer.label_sources[len(layer.labels)] = came_from
        layer.labels.append((unit, name, clean))

    for i, label in enumerate(list_field(item, "sentence_labels", problems)):
        if not isinstance(label, dict):
            problems.append(f"sentence label {i} must be an object")
            continue
        at = f"{path}.sentence_labels[{i}]"
        unknown_fields(label, "sentence label", fields.SENTENCE_LABEL, at, problems)
        sentence, name = label.get("sentence"), label.get("name")
        where = f"sentence label {i} ({name!r} of sentence {sentence!r})"
        if not passes(problems, where, rules.check_sentence, sentence, sentence_count):
            continue
        assert isinstance(sentence, int)  # check_sentence made sure
        add(sentence, name, label.get("value"), where, given=label)

    unnamed: dict[str, list[Any]] = {}
    for i, label in enumerate(list_field(item, "document_labels", problems)):
        if not isinstance(label, dict):
            problems.append(f"document label {i} must be an object")
            continue
        at = f"{path}.document_labels[{i}]"
        unknown_fields(label, "document label", fields.DOCUMENT_LABEL, at, problems)
        name, value = label.get("name"), label.get("value")
        where = f"document label {i} ({name!r})"
        if name is None:
            # A category without a field (doccano's cats): the field is the one offering it
            # (as the map makes it ours, if it does).
            offered = [(f, *_ours(mapping, f, value)) for f in document_fields.values()]
            owners = [f for f, ours, dropped in offered if dropped or ours in f["values"]]
            if len(owners) == 1:
                [(ours, dropped)] = [(o, d) for f, o, d in offered if f is owners[0]]
                layer.values_left_out += dropped
                if not dropped:
                    unnamed.setdefault(owners[0]["name"], []).append(ours)
                continue
            problems.append(
                f"document label {i} {value!r}: "
                + (
                    "no document label field offers this value"
                    if not owners
                    else f"several fields offer it: {[f['name'] for f in owners]}"
                )
            )
            continue
        add(DOCUMENT_UNIT, name, value, where, given=label)
    for name, values in unnamed.items():
        field_ = document_fields[name]
        value = values if field_.get("multiple") else (values[0] if len(values) == 1 else values)
        add(DOCUMENT_UNIT, name, value, f"category {name!r}", mapped=True)


def _ours(mapping: LabelMap | None, field_: dict[str, Any], value: Any) -> tuple[Any, int]:
    """Return a category's value as ``mapping`` makes it ours in ``field_``, and whether it
    leaves it out."""
    if mapping is None or not isinstance(value, str):
        return value, 0
    return mapping.value(field_, value)
