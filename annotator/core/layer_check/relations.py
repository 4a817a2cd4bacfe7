"""A layer's relations: their types, ends among the layer's spans, duplicates,
``max_per_source``, ``suggested`` and ``note``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from annotator.core import rules
from annotator.core.formats.label_map import LabelMap, Unlabelled, Unmapped
from annotator.core.label_schema import entry_names

from . import fields
from .fields import unknown_fields
from .problems import checked, list_field, passes
from .result import CleanLayer
from .source import source_of
from .spans import bad_note
from .suggested import suggested_of


def check_relations(
    item: dict[str, Any],
    schema: dict[str, Any],
    labels_by_id: dict[Any, str],
    layer: CleanLayer,
    problems: list[str],
    mapping: LabelMap | None,
    left: set[Any],
    path: str,
    refused: set[Any] | None = None,
) -> None:
    """Check the relations of a layer. One from or to a span in ``refused`` (a span whose
    own problem is said) is passed by: "names no span" of it would be a second, false one."""
    seen: set[tuple[str, Any, Any]] = set()
    known = entry_names(schema, "relation_types")
    per_source: Counter[tuple[str, Any]] = Counter()
    for i, relation in enumerate(list_field(item, "relations", problems)):
        if not isinstance(relation, dict):
            problems.append(f"relation {i} must be an object")
            continue
        unknown_fields(relation, "relation", fields.RELATION, f"{path}.relations[{i}]", problems)
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
        definition = checked(problems, where, rules.relation_type, schema, type_)
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
        if bad and all(isinstance(ends[e], int | str) and ends[e] in (refused or ()) for e in bad):
            continue
        if bad:
            problems.append(f"{where}: '{bad[0]}' names no span of this layer")
            continue
        labelled = {end: (ref, labels_by_id[ref]) for end, ref in ends.items()}
        if not passes(problems, where, rules.check_relation_ends, definition, labelled):
            continue
        if (type_, source, target) in seen:
            problems.append(f"{where}: {rules.duplicate_relation(type_, source, target).message}")
            continue
        existing = per_source[(type_, source)]
        limit = rules.check_max_per_source
        if not passes(problems, where, limit, definition, repr(source), existing):
            continue
        suggested = suggested_of(relation, where, problems)
        if suggested is False:
            continue
        came_from = source_of(relation, layer, where, problems)
        if came_from is False:
            continue
        note = relation.get("note")
        why = bad_note(note)
        if why is not None:
            problems.append(f"{where}: its note {why}")
            continue
        seen.add((type_, source, target))
        per_source[(type_, source)] += 1
        if suggested is not None:
            layer.relation_suggested[len(layer.relations)] = suggested
        if came_from is not None:
            layer.relation_sources[len(layer.relations)] = came_from
        if note:
            layer.relation_notes[len(layer.relations)] = note
        layer.relations.append((type_, source, target))
