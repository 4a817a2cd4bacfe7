"""Checking one imported layer against its document's text and the project's label schema.

Pure: plain data in, a clean layer and a list of problems out. Every problem names the
span, relation or label it is about (position in the file and id), so that with the file
and line the import service adds, a user can find it at once. The rules are those of every
live write, called from :mod:`annotator.core.rules`: offsets inside the text, labels,
attributes and values from the schema, relations between allowed labels, ``max_per_source``,
overlap when the schema forbids it; and, on the way in only, every span's ``text`` must equal
the document's text at its offsets. Offsets count the text as the file gave it
(:class:`~annotator.core.text.GivenText`): they are checked there and stored moved onto the
stored text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, ParamSpec, TypeGuard, TypeVar

from annotator.core import rules
from annotator.core.errors import AnnotatorError
from annotator.core.formats.label_map import LabelMap, Unlabelled, Unmapped
from annotator.core.label_schema import entry_names
from annotator.core.limits import MODEL_NAME_MAX
from annotator.core.text import GivenText
from annotator.core.vocabulary import ASSIGNMENT_STATUSES, DOCUMENT_UNIT

#: Where an imported span or relation came from: the suggestion's score and model.
Suggested = tuple[float | None, str]


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
    #: ``(score, model)`` of the suggestion a span came from, by its file id (CONTRACT 11).
    span_suggested: dict[Any, Suggested] = field(default_factory=dict)
    #: ``(score, model)`` of the suggestion a relation came from, by its index in
    #: :attr:`relations`.
    relation_suggested: dict[int, Suggested] = field(default_factory=dict)
    #: Spans and relations the label map left out (``NAME=-``), with the relations of
    #: the spans it left out.
    left_out: int = 0

    @property
    def empty(self) -> bool:
        """Tell whether the layer holds no annotations at all."""
        return not (self.spans or self.relations or self.labels)


def check_layer(
    item: Any,
    text: GivenText,
    sentence_count: int,
    schema: dict[str, Any],
    *,
    gold: bool,
    lists_ok: bool = False,
    mapping: LabelMap | None = None,
) -> tuple[CleanLayer, list[str]]:
    """Return the clean layer and the problems of one ``annotations[]`` item (or gold).

    :param text: the document's text as the file gave it (its offsets count in it) and as
        stored (the clean layer's offsets count in that).
    :param mapping: the import's label map, when the layer's span labels and relation types
        are another tool's names (doccano, Label Studio); None when they are ours already
        (a brat or CoNLL reader mapped them). Their names stay in the messages.
    """
    problems: list[str] = []
    if not isinstance(item, dict):
        return CleanLayer(None), ["a layer must be an object"]
    status = item.get("status")
    if gold:
        status = None
    elif status is not None and status not in ASSIGNMENT_STATUSES:
        problems.append(f"status {status!r} is not one of {', '.join(ASSIGNMENT_STATUSES)}")
    layer = CleanLayer(status)
    left: set[Any] = set()
    labels_by_id = _check_spans(item, text, schema, layer, problems, lists_ok, mapping, left)
    _check_relations(item, schema, labels_by_id, layer, problems, mapping, left)
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


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _passes(
    problems: list[str], where: str, check: Callable[_P, None], *args: _P.args, **kwargs: _P.kwargs
) -> bool:
    """Run one check of :mod:`annotator.core.rules`; on a breach note it and return False."""
    try:
        check(*args, **kwargs)
    except AnnotatorError as exc:
        problems.append(f"{where}: {exc.message}")
        return False
    return True


def _checked(
    problems: list[str], where: str, check: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
) -> _T | None:
    """Return what one rule of :mod:`annotator.core.rules` returns (a schema definition, a
    clean value, never None); on a breach note it and return None."""
    try:
        return check(*args, **kwargs)
    except AnnotatorError as exc:
        problems.append(f"{where}: {exc.message}")
        return None


def _is_int(value: Any) -> TypeGuard[int]:
    return rules.is_integer(value)


def _check_spans(
    item: dict[str, Any],
    text: GivenText,
    schema: dict[str, Any],
    layer: CleanLayer,
    problems: list[str],
    lists_ok: bool,
    mapping: LabelMap | None,
    left: set[Any],
) -> dict[Any, str]:
    labels_by_id: dict[Any, str] = {}
    known = entry_names(schema, "span_labels")
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
        hint = ""
        if mapping is not None and isinstance(label, str):
            try:
                label = mapping.resolve(label, known)
            except Unmapped as exc:
                hint = mapping.unknown_hint(exc.name)
            if label is None:  # NAME=-: left out, with its relations
                layer.left_out += 1
                left.add(span_id)
                continue
        given = span.get("text")
        if isinstance(given, str) and _is_int(start) and _is_int(end):
            start, end = text.read_as(given, start, end)
        if not _passes(problems, where, rules.check_offsets, text.given, start, end):
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
        start, end = text.stored_offset(start), text.stored_offset(end)
        definition = _checked(problems, where, rules.span_label, schema, label)
        if definition is None:
            problems[-1] += hint
            continue
        assert isinstance(label, str)  # it equals the name of a schema label, a string
        attributes = span.get("attributes") or {}
        if mapping is not None and isinstance(attributes, dict):
            attributes = mapping.rename_keys(attributes)
        clean = _checked(
            problems, where, rules.check_attributes, definition, attributes, lists_ok=lists_ok
        )
        if clean is None:
            continue
        suggested = _suggested(span, where, problems)
        if suggested is False:
            continue
        labels_by_id[span_id] = label
        layer.spans.append((span_id, label, start, end, clean))
        if suggested is not None:
            layer.span_suggested[span_id] = suggested
    if not rules.overlaps_allowed(schema):
        _check_overlaps(layer, problems)
    return labels_by_id


def _check_overlaps(layer: CleanLayer, problems: list[str]) -> None:
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


def _check_relations(
    item: dict[str, Any],
    schema: dict[str, Any],
    labels_by_id: dict[Any, str],
    layer: CleanLayer,
    problems: list[str],
    mapping: LabelMap | None,
    left: set[Any],
) -> None:
    seen: set[tuple[str, Any, Any]] = set()
    known = entry_names(schema, "relation_types")
    per_source: Counter[tuple[str, Any]] = Counter()
    for i, relation in enumerate(_list(item, "relations", problems)):
        if not isinstance(relation, dict):
            problems.append(f"relation {i} must be an object")
            continue
        type_, source, target = relation.get("type"), relation.get("from"), relation.get("to")
        named = "no label," if type_ is None or type_ == "" else repr(type_)
        where = f"relation {i} (id {relation.get('id')!r}, {named} {source!r} -> {target!r})"
        hint = ""
        if mapping is not None:
            try:
                type_ = mapping.relation_type(type_, known)
            except Unlabelled as exc:
                problems.append(f"{where}: {exc}")
                continue
            except Unmapped as exc:
                hint = mapping.unknown_hint(exc.name)
            if type_ is None or source in left or target in left:
                layer.left_out += 1  # NAME=-, or one of its spans was left out
                continue
        definition = _checked(problems, where, rules.relation_type, schema, type_)
        if definition is None:
            problems[-1] += hint
            continue
        assert isinstance(type_, str)  # it equals the name of a schema relation type, a string
        ends = {"from": source, "to": target}
        bad = [
            end
            for end, ref in ends.items()
            if not isinstance(ref, int | str) or ref not in labels_by_id
        ]
        if bad:
            problems.append(f"{where}: '{bad[0]}' names no span of this layer")
            continue
        labelled = {end: (ref, labels_by_id[ref]) for end, ref in ends.items()}
        if not _passes(problems, where, rules.check_relation_ends, definition, labelled):
            continue
        if (type_, source, target) in seen:
            problems.append(f"{where}: {rules.duplicate_relation(type_, source, target).message}")
            continue
        existing = per_source[(type_, source)]
        limit = rules.check_max_per_source
        if not _passes(problems, where, limit, definition, repr(source), existing):
            continue
        suggested = _suggested(relation, where, problems)
        if suggested is False:
            continue
        seen.add((type_, source, target))
        per_source[(type_, source)] += 1
        if suggested is not None:
            layer.relation_suggested[len(layer.relations)] = suggested
        layer.relations.append((type_, source, target))


def _suggested(
    item: dict[str, Any], where: str, problems: list[str]
) -> Suggested | None | Literal[False]:
    """Return the ``(score, model)`` of an item's ``suggested``, None when it has none, or
    False when it is not ``{"model", "score"}`` (the problem noted)."""
    value = item.get("suggested")
    if value is None:
        return None
    reason = None
    if not isinstance(value, dict):
        reason = '\'suggested\' must be an object, {"model", "score"}'
    else:
        model, score = value.get("model"), value.get("score")
        if isinstance(model, bool) or not isinstance(model, str | int) or model == "":
            reason = "'suggested' needs a 'model' (a model's version, or rules)"
        elif len(str(model)) > MODEL_NAME_MAX:
            reason = f"'suggested' model is longer than {MODEL_NAME_MAX} characters"
        elif score is not None and (
            isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1
        ):
            reason = f"'suggested' score must be a number from 0 to 1 or null, not {score!r}"
        else:
            return (None if score is None else float(score), str(model))
    problems.append(f"{where}: {reason}")
    return False


def _check_labels(
    item: dict[str, Any],
    sentence_count: int,
    schema: dict[str, Any],
    layer: CleanLayer,
    problems: list[str],
    lists_ok: bool,
) -> None:
    document_fields = {f["name"]: f for f in schema.get("document_labels", [])}
    seen: set[tuple[int, str]] = set()

    def add(unit: int, name: Any, value: Any, where: str) -> None:
        document = unit == DOCUMENT_UNIT
        field_ = _checked(problems, where, rules.label_field, schema, name, document=document)
        if field_ is None:
            return
        if (unit, name) in seen:
            problems.append(f"{where}: {name!r} has two values here")
            return
        what = f"label {name!r}"
        clean = _checked(problems, where, rules.check_value, field_, value, what, lists_ok=lists_ok)
        if clean is None:
            return
        seen.add((unit, name))
        layer.labels.append((unit, name, clean))

    for i, label in enumerate(_list(item, "sentence_labels", problems)):
        if not isinstance(label, dict):
            problems.append(f"sentence label {i} must be an object")
            continue
        sentence, name = label.get("sentence"), label.get("name")
        where = f"sentence label {i} ({name!r} of sentence {sentence!r})"
        if not _passes(problems, where, rules.check_sentence, sentence, sentence_count):
            continue
        assert isinstance(sentence, int)  # check_sentence made sure
        add(sentence, name, label.get("value"), where)

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
        add(DOCUMENT_UNIT, name, value, where)
    for name, values in unnamed.items():
        field_ = document_fields[name]
        value = values if field_.get("multiple") else (values[0] if len(values) == 1 else values)
        add(DOCUMENT_UNIT, name, value, f"category {name!r}")
