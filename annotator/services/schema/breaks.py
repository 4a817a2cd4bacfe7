"""What a project's annotations would break of a new schema's stricter rules.

A schema change may tighten a rule that annotations were written under: a relation type's
ends narrowed, a lower ``max_per_source``, ``allow_overlap`` turned off, or a field or
attribute no longer ``multiple``. Annotations written before would then break the schema
they live under: the project's own export could not be imported again (the import checks
every layer against the schema), and a reviewer could not save gold that copies them. So
:func:`~annotator.services.schema.changes.change_schema` refuses such a change
with the counts, as it refuses removing what is still used.

The rules themselves are :mod:`annotator.core.rules`' (the ones every write and every import
applies); this module only finds the annotations they would refuse. The suggestions layer is
left out: suggestions are candidates, checked when one is accepted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from annotator.core import rules
from annotator.core.schema_diff import apply_renames
from annotator.core.schema_renames import KINDS, Renames, Slot
from annotator.core.vocabulary import DOCUMENT_UNIT, GOLD, SUGGESTIONS
from annotator.core.wording import counted
from annotator.models import Document, LabelValue, Layer, Relation, Span
from annotator.services.schema.json_columns import holds_list

#: A query of any columns, as :func:`_in_project` narrows it.
Query = TypeVar("Query", bound="Select[*tuple[Any, ...]]")


@dataclass(frozen=True)
class Tally:
    """How many of a project's annotations something concerns: the figures of a refused
    schema change, here (:class:`Break`) and for what a change would remove
    (:class:`~annotator.services.schema.changes.Use`)."""

    what: str
    rows: int
    documents: int
    gold: int
    #: What the rows are, in the plural ("relations", "spans", "label values").
    noun: str

    def figures(self) -> str:
        """Say the rows, their documents and those in gold."""
        return (
            f"{counted(self.rows, self.noun[:-1], self.noun)} in "
            f"{counted(self.documents, 'document')} (gold: {self.gold})"
        )


def tally_columns() -> tuple[Any, Any, Any]:
    """The columns of a :class:`Tally`'s figures, for a query of rows joined to their layer."""
    return (
        func.count(),
        func.count(func.distinct(Layer.document_id)),
        func.count().filter(Layer.key == GOLD),
    )


@dataclass(frozen=True)
class Break(Tally):
    """Annotations a new schema's rule would refuse: what, how many, where."""

    def __str__(self) -> str:
        return f"{self.what}: {self.figures()}"


def find_breaks(
    session: Session,
    project_id: int,
    old: dict[str, Any],
    new: dict[str, Any],
    renames: Renames,
) -> list[Break]:
    """Return what of the project's annotations the schema ``new`` would refuse.

    Called once the change's renames are carried through the data, so that the names in the
    annotations are ``new``'s; ``old`` is the current schema and ``renames`` the change's, which
    give its names their new ones. Only the rules ``new`` tightens are looked at, so that
    annotations written before such changes were refused do not hold up an unrelated change
    (new guidelines, say); a merge counts as tightening what it merges into: a relation type
    that takes another's relations, a field or attribute that takes another's lists.
    """
    before = {t["name"]: t for t in apply_renames(old, renames).get("relation_types") or []}
    merged_into = {
        name for name in renames.labels.values() if name in _names(old, "relation_types")
    }
    types = {t["name"]: t for t in new.get("relation_types") or []}
    narrowed = {
        name: t
        for name, t in types.items()
        if name in merged_into
        or (
            name in before
            and not (
                set(before[name]["from"]) <= set(t["from"])
                and set(before[name]["to"]) <= set(t["to"])
            )
        )
    }
    lowered = {
        name: t["max_per_source"]
        for name, t in types.items()
        if t.get("max_per_source") is not None
        and (
            name in merged_into
            or name not in before
            or _lower(t["max_per_source"], before[name].get("max_per_source"))
        )
    }
    breaks = _relation_ends(session, project_id, narrowed) if narrowed else []
    breaks += _max_per_source(session, project_id, lowered) if lowered else []
    if rules.overlaps_allowed(old) and not rules.overlaps_allowed(new):
        breaks += _overlaps(session, project_id)
    breaks += _lists(session, project_id, _list_valued(old, renames), new)
    return breaks


def _names(schema: dict[str, Any], key: str) -> set[str]:
    return {entry["name"] for entry in schema.get(key) or []}


def _lower(limit: int, before: int | None) -> bool:
    """Tell whether ``limit`` allows fewer relations per source than ``before`` (None: any)."""
    return before is None or limit < before


def _in_project(query: Query, project_id: int, layer_id: Any) -> Query:
    """``query`` joined to its rows' layer and document, for the project's annotated layers."""
    return (
        query.join(Layer, Layer.id == layer_id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project_id, Layer.key != SUGGESTIONS)
    )


def _relation_ends(
    session: Session, project_id: int, types: dict[str, dict[str, Any]]
) -> list[Break]:
    """Relations of ``types`` whose ends' labels their type would no longer allow."""
    source, target = aliased(Span), aliased(Span)
    query = (
        select(Relation.type, source.label, target.label, *tally_columns())
        .join(source, source.id == Relation.from_span_id)
        .join(target, target.id == Relation.to_span_id)
        .where(Relation.type.in_(list(types)))
        .group_by(Relation.type, source.label, target.label)
    )
    breaks = []
    for type_, from_label, to_label, rows, documents, gold in session.execute(
        _in_project(query, project_id, Relation.layer_id)
    ):
        definition = types[type_]
        refused = [
            f"{end} {label}"
            for end, label in (("from", from_label), ("to", to_label))
            if not rules.end_allows(definition, end, label)
        ]
        if refused:
            breaks.append(
                Break(
                    f"relation type {type_} {' and '.join(refused)}, "
                    "which it would no longer allow",
                    rows,
                    documents,
                    gold,
                    "relations",
                )
            )
    return breaks


def _max_per_source(session: Session, project_id: int, limits: dict[str, int]) -> list[Break]:
    """Source spans with more relations of a type than its new ``max_per_source``."""
    query = (
        select(Relation.type, Layer.document_id, Layer.key == GOLD, func.count())
        .where(Relation.type.in_(list(limits)))
        .group_by(Relation.type, Relation.from_span_id, Layer.document_id, Layer.key)
    )
    over: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for type_, document_id, gold, count in session.execute(
        _in_project(query, project_id, Relation.layer_id)
    ):
        if rules.exceeds_max_per_source(limits[type_], count):
            over[type_].append((document_id, bool(gold)))
    return [
        Break(
            f"relation type {type_} with more than {limits[type_]} per source span",
            len(sources),
            len({document_id for document_id, _gold in sources}),
            sum(gold for _document_id, gold in sources),
            "source spans",
        )
        for type_, sources in sorted(over.items())
    ]


def _overlaps(session: Session, project_id: int) -> list[Break]:
    # In order of start, a span overlaps an earlier one of its layer when it starts before
    # the furthest end so far: the order and test of the import's check (core.layer_check).
    furthest = (
        func.max(Span.end)
        .over(
            partition_by=Span.layer_id,
            order_by=(Span.start, Span.end, Span.id),
            rows=(None, -1),
        )
        .label("furthest")
    )
    ordered = _in_project(
        select(Span.start, furthest, Layer.document_id, Layer.key), project_id, Span.layer_id
    ).subquery()
    rows, documents, gold = session.execute(
        select(
            func.count(),
            func.count(func.distinct(ordered.c.document_id)),
            func.count().filter(ordered.c.key == GOLD),
        ).where(ordered.c.start < ordered.c.furthest)
    ).one()
    if not rows:
        return []
    return [Break("spans overlapping another of their layer", rows, documents, gold, "spans")]


def _list_valued(old: dict[str, Any], renames: Renames) -> set[Slot]:
    """The value lists of ``old`` that took lists of values, as slots under the new
    schema's names (a label merged into another gives it its list-valued attributes; a
    renamed field or attribute is named by its new name)."""

    slots = {
        renames.slot((kind, field["name"], ""))
        for kind in ("sentence", "document")
        for field in old.get(KINDS[kind]) or []
        if field.get("multiple")
    }
    return slots | {
        renames.slot(("attribute", label["name"], attribute["name"]))
        for label in old.get("span_labels") or []
        for attribute in label.get("attributes") or []
        if attribute.get("multiple")
    }


def _lists(
    session: Session, project_id: int, list_valued: set[Slot], new: dict[str, Any]
) -> list[Break]:
    """Fields and attributes that took lists of values and would take one value only.

    A multiple field stores even one choice as a list, which a single field refuses too.
    """
    breaks = []
    dialect = session.connection().dialect.name
    for kind, key in (("sentence", "sentence_labels"), ("document", "document_labels")):
        for field in new.get(key) or []:
            if (kind, field["name"], "") in list_valued and not field.get("multiple"):
                unit = (
                    LabelValue.sentence_index == DOCUMENT_UNIT
                    if kind == "document"
                    else LabelValue.sentence_index != DOCUMENT_UNIT
                )
                condition = (LabelValue.name == field["name"]) & unit
                query = (
                    select(*tally_columns())
                    .select_from(LabelValue)
                    .where(condition, holds_list(dialect, LabelValue.value))
                )
                breaks += _break(
                    session,
                    _in_project(query, project_id, LabelValue.layer_id),
                    f"{kind} label {field['name']} {_LISTS_WHERE_ONE}",
                    "label values",
                )
    for label in new.get("span_labels") or []:
        for attribute in label.get("attributes") or []:
            slot = ("attribute", label["name"], attribute["name"])
            if slot in list_valued and not attribute.get("multiple"):
                condition = (Span.label == label["name"]) & holds_list(
                    dialect, Span.attributes, attribute["name"]
                )
                query = select(*tally_columns()).select_from(Span).where(condition)
                breaks += _break(
                    session,
                    _in_project(query, project_id, Span.layer_id),
                    f"attribute {label['name']}.{attribute['name']} {_LISTS_WHERE_ONE}",
                    "spans",
                )
    return breaks


#: What a field or attribute no longer multiple says of the annotations it would refuse.
_LISTS_WHERE_ONE = "with lists of values, which would take one value"


def _break(session: Session, query: Query, what: str, noun: str) -> list[Break]:
    rows, documents, gold = session.execute(query).one()
    return [Break(what, rows, documents, gold, noun)] if rows else []
