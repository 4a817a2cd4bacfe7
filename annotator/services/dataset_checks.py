"""Checking one imported layer against its document's text and the project's label schema.

Pure: plain data in, a clean layer and a list of problems out. Every problem names the
span, relation or label it is about (position in the file and id), so that with the file
and line the import service adds, a user can find it at once. The rules are those of the
annotation service: offsets inside the text, labels, attributes and values from the schema,
relations between allowed labels, ``max_per_source``, overlap when the schema forbids it;
and, on the way in only, every span's ``text`` must equal the document's text at its offsets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annotator.errors import Invalid
from annotator.models import ASSIGNMENT_STATUSES, DOCUMENT_UNIT
from annotator.services.labels import check_value


@dataclass
class CleanLayer:
    """A layer that passed every check, ready to store."""

    status: str | None
    #: ``(file id, label, start, end, attributes)`` in file order.
    spans: list[tuple[Any, str, int, int, dict[str, Any]]] = field(default_factory=list)
    #: ``(type, from file id, to file id)``.
    relations: list[tuple[str, Any, Any]] = field(default_factory=list)
    #: ``(sentence index or DOCUMENT_UNIT, name, value)``.
    labels: list[tuple[int, str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Tell whether the layer holds no annotations at all."""
        return not (self.spans or self.relations or self.labels)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _value(field_: dict[str, Any], value: Any, what: str, lists_ok: bool) -> Any:
    # Label Studio sends every choice as a list, even for a single-valued field.
    if lists_ok and not field_.get("multiple") and isinstance(value, list) and len(value) == 1:
        value = value[0]
    return check_value(field_, value, what)


def check_layer(
    item: Any,
    text: str,
    sentence_count: int,
    schema: dict[str, Any],
    *,
    gold: bool,
    lists_ok: bool = False,
) -> tuple[CleanLayer, list[str]]:
    """Return the clean layer and the problems of one ``annotations[]`` item (or gold)."""
    problems: list[str] = []
    if not isinstance(item, dict):
        return CleanLayer(None), ["a layer must be an object"]
    status = item.get("status")
    if gold:
        status = None
    elif status is not None and status not in ASSIGNMENT_STATUSES:
        problems.append(f"status {status!r} is not one of {', '.join(ASSIGNMENT_STATUSES)}")
    layer = CleanLayer(status)
    labels_by_id = _check_spans(item, text, schema, layer, problems, lists_ok)
    _check_relations(item, schema, labels_by_id, layer, problems)
    _check_labels(item, sentence_count, schema, layer, problems, lists_ok)
    return layer, problems


def _list(item: dict[str, Any], name: str, problems: list[str]) -> list[Any]:
    value = item.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"'{name}' must be a list")
        return []
    return value


def _check_spans(
    item: dict[str, Any],
    text: str,
    schema: dict[str, Any],
    layer: CleanLayer,
    problems: list[str],
    lists_ok: bool,
) -> dict[Any, str]:
    definitions = {d["name"]: d for d in schema.get("span_labels", [])}
    labels_by_id: dict[Any, str] = {}
    for i, span in enumerate(_list(item, "spans", problems)):
        if not isinstance(span, dict):
            problems.append(f"span {i} must be an object")
            continue
        span_id = span.get("id", f"#{i}")
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        where = f"span {i} (id {span_id!r}, {label!r} [{start}, {end}))"
        if not isinstance(span_id, int | str) or isinstance(span_id, bool):
            problems.append(f"{where}: 'id' must be a number or a string")
            continue
        if span_id in labels_by_id:
            problems.append(f"{where}: the id {span_id!r} is used by another span of this layer")
            continue
        if not (_is_int(start) and _is_int(end)) or not 0 <= start < end <= len(text):
            problems.append(
                f"{where}: offsets must be integers with 0 <= start < end <= {len(text)}"
            )
            continue
        given = span.get("text")
        if given is not None and given != text[start:end]:
            problems.append(
                f"{where}: its text {given!r} does not match the document's text at those "
                f"offsets, {text[start:end]!r}"
            )
            continue
        definition = definitions.get(label)
        if definition is None:
            problems.append(
                f"{where}: unknown span label {label!r}; the schema has {sorted(definitions)}"
            )
            continue
        attributes = span.get("attributes") or {}
        clean = _attributes(definition, attributes, where, problems, lists_ok)
        if clean is None:
            continue
        labels_by_id[span_id] = label
        layer.spans.append((span_id, label, start, end, clean))
    if not schema.get("allow_overlap", True):
        ordered = sorted(layer.spans, key=lambda s: (s[2], s[3]))
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after[2] < before[3]:
                problems.append(
                    f"span {after[0]!r} [{after[2]}, {after[3]}) overlaps span {before[0]!r} "
                    f"[{before[2]}, {before[3]}) and this project does not allow overlaps"
                )
    return labels_by_id


def _attributes(
    definition: dict[str, Any], attributes: Any, where: str, problems: list[str], lists_ok: bool
) -> dict[str, Any] | None:
    if not isinstance(attributes, dict):
        problems.append(f"{where}: 'attributes' must be an object")
        return None
    fields = {f["name"]: f for f in definition.get("attributes", [])}
    clean: dict[str, Any] = {}
    for name, value in attributes.items():
        if name not in fields:
            problems.append(f"{where}: label {definition['name']!r} has no attribute {name!r}")
            return None
        if value is None:
            continue
        try:
            clean[name] = _value(fields[name], value, f"attribute {name!r}", lists_ok)
        except Invalid as exc:
            problems.append(f"{where}: {exc.message}")
            return None
    return clean


def _check_relations(
    item: dict[str, Any],
    schema: dict[str, Any],
    labels_by_id: dict[Any, str],
    layer: CleanLayer,
    problems: list[str],
) -> None:
    types = {t["name"]: t for t in schema.get("relation_types", [])}
    seen: set[tuple[str, Any, Any]] = set()
    per_source: Counter[tuple[str, Any]] = Counter()
    for i, relation in enumerate(_list(item, "relations", problems)):
        if not isinstance(relation, dict):
            problems.append(f"relation {i} must be an object")
            continue
        type_, source, target = relation.get("type"), relation.get("from"), relation.get("to")
        where = f"relation {i} (id {relation.get('id')!r}, {type_!r} {source!r} -> {target!r})"
        definition = types.get(type_)
        if definition is None:
            problems.append(f"{where}: unknown relation type; the schema has {sorted(types)}")
            continue
        ends = {"from": source, "to": target}
        bad = [
            end
            for end, ref in ends.items()
            if not isinstance(ref, int | str) or ref not in labels_by_id
        ]
        if bad:
            problems.append(f"{where}: '{bad[0]}' names no span of this layer")
            continue
        if source == target:
            problems.append(f"{where}: a relation needs two different spans")
            continue
        wrong = [end for end, ref in ends.items() if labels_by_id[ref] not in definition[end]]
        if wrong:
            end = wrong[0]
            problems.append(
                f"{where}: {type_} cannot go {end} a {labels_by_id[ends[end]]!r} "
                f"span; allowed: {definition[end]}"
            )
            continue
        if (type_, source, target) in seen:
            problems.append(f"{where}: the same relation appears twice")
            continue
        seen.add((type_, source, target))
        per_source[(type_, source)] += 1
        limit = definition.get("max_per_source")
        if limit is not None and per_source[(type_, source)] > limit:
            problems.append(f"{where}: more than {limit} {type_} relation(s) leave span {source!r}")
            continue
        layer.relations.append((type_, source, target))


def _check_labels(
    item: dict[str, Any],
    sentence_count: int,
    schema: dict[str, Any],
    layer: CleanLayer,
    problems: list[str],
    lists_ok: bool,
) -> None:
    sentence_fields = {f["name"]: f for f in schema.get("sentence_labels", [])}
    document_fields = {f["name"]: f for f in schema.get("document_labels", [])}
    seen: set[tuple[int, str]] = set()

    def add(unit: int, name: Any, value: Any, field_: dict[str, Any] | None, where: str) -> None:
        if field_ is None:
            kind = "document" if unit == DOCUMENT_UNIT else "sentence"
            fields = document_fields if unit == DOCUMENT_UNIT else sentence_fields
            problems.append(
                f"{where}: unknown {kind} label {name!r}; the schema has {sorted(fields)}"
            )
            return
        if (unit, name) in seen:
            problems.append(f"{where}: {name!r} has two values here")
            return
        try:
            clean = _value(field_, value, f"label {name!r}", lists_ok)
        except Invalid as exc:
            problems.append(f"{where}: {exc.message}")
            return
        seen.add((unit, name))
        layer.labels.append((unit, name, clean))

    for i, label in enumerate(_list(item, "sentence_labels", problems)):
        if not isinstance(label, dict):
            problems.append(f"sentence label {i} must be an object")
            continue
        sentence, name = label.get("sentence"), label.get("name")
        where = f"sentence label {i} ({name!r} of sentence {sentence!r})"
        if not _is_int(sentence) or not 0 <= sentence < sentence_count:
            problems.append(f"{where}: the document has sentences 0 to {sentence_count - 1}")
            continue
        add(sentence, name, label.get("value"), sentence_fields.get(name), where)

    unnamed: dict[str, list[Any]] = {}
    for i, label in enumerate(_list(item, "document_labels", problems)):
        if not isinstance(label, dict):
            problems.append(f"document label {i} must be an object")
            continue
        name, value = label.get("name"), label.get("value")
        where = f"document label {i} ({name!r})"
        if name is None:
            # A category without a field (doccano's cats): the field is the one offering it.
            owners = [f for f in document_fields.values() if value in f["values"]]
            if len(owners) != 1:
                problems.append(
                    f"document label {i} {value!r}: "
                    + (
                        "no document label field offers this value"
                        if not owners
                        else f"several fields offer it: {[f['name'] for f in owners]}"
                    )
                )
                continue
            unnamed.setdefault(owners[0]["name"], []).append(value)
            continue
        add(DOCUMENT_UNIT, name, value, document_fields.get(name), where)
    for name, values in unnamed.items():
        field_ = document_fields[name]
        value = values if field_.get("multiple") else (values[0] if len(values) == 1 else values)
        add(DOCUMENT_UNIT, name, value, field_, f"category {name!r}")
