"""What a schema rename does to gold marked final: renamed too, said, and kept in its history.

The decision, made here and nowhere else: a rename keeps meaning (a label, type, field,
attribute or value is called something else; nothing is added, removed or moved), so it
renames final gold as it renames every other layer. Gold that kept the old name would hold a
name the schema no longer has: its export, its review page and every check of the schema
would no longer read it, and setting gold back to in review to rename it by hand is the very
change the rename makes. So a rename is no change of gold in :mod:`annotator.services.
gold.lock`'s sense, and is not refused; but it is not silent either. Before the renames
reach the data, :func:`read_final_gold` reads the items of the project's final gold layers
that the renames touch (by name); after, :func:`record_renamed` reads them again and records
each one renamed in its document's gold history, all in one statement (an ``update`` by
whoever changed the schema, through the ``schema`` path, the item's source kept as it was),
and counts the documents,
which :func:`renamed_words` says in the schema version's change (the
API's ``schema_change``, the settings page's list of versions) and :func:`said_with_renamed`
in the labels pages' message after a rename (noted on the session by the change, which
returns no count through :func:`~annotator.services.accounts.project_admin.edit_project`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.gold_source import source_json
from annotator.core.history import label_snapshot, relation_snapshot, span_end, span_snapshot
from annotator.core.schema_diff import SchemaDiff
from annotator.core.vocabulary import FINAL, GOLD
from annotator.core.wording import counted
from annotator.db import AppSession
from annotator.models import Document, GoldStatus, LabelValue, Layer, Project, Relation, Span
from annotator.services.history import change_row, record_changes
from annotator.services.id_chunks import chunks

_SOURCE = (Span.source_how, Span.source_of, Span.source_layer)
#: How many final documents the session's last schema change renamed in (session.info).
_RENAMED_KEY = "annotator.final_gold_renamed"


@dataclass(frozen=True, slots=True)
class _Touched:
    """The names (as the data holds them before the rename) whose items a rename changes."""

    span_labels: list[str]
    relation_types: list[str]
    label_fields: list[str]


@dataclass
class FinalGold:
    """The items of a project's final gold layers that a rename touches, as they were before.

    ``layers`` maps each final gold layer's id to its document's; ``spans`` holds the spans
    renamed and the ends of the relations renamed, whose snapshots name them.
    """

    layers: dict[int, int] = field(default_factory=dict)
    spans: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    relations: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    labels: dict[int, tuple[Any, ...]] = field(default_factory=dict)


def read_final_gold(session: Session, project: Project, diff: SchemaDiff) -> FinalGold | None:
    """Read the items of ``project``'s final gold layers that ``diff``'s renames touch."""
    touched = _touched(diff)
    if not (touched.span_labels or touched.relation_types or touched.label_fields):
        return None
    final = (
        select(Layer.id, Layer.document_id)
        .join(Document, Document.id == Layer.document_id)
        .join(GoldStatus, GoldStatus.document_id == Document.id)
        # A status of final is only ever stored (core/vocabulary.py FINAL).
        .where(Document.project_id == project.id, Layer.key == GOLD, GoldStatus.status == FINAL)
    )
    layers = {layer_id: document for layer_id, document in session.execute(final)}
    if not layers:
        return None
    gold = FinalGold(layers)
    in_final = list(layers)
    if touched.relation_types:
        renamed = Relation.layer_id.in_(in_final) & Relation.type.in_(touched.relation_types)
        gold.relations = _rows(session, _relations().where(renamed))
        # Their ends too: a relation's snapshot names the spans it joins.
        ends = (
            select(Relation.from_span_id)
            .where(renamed)
            .union(select(Relation.to_span_id).where(renamed))
        )
        spans = or_(Span.label.in_(touched.span_labels), Span.id.in_(ends))
    else:
        spans = Span.label.in_(touched.span_labels)
    if touched.span_labels or gold.relations:
        gold.spans = _rows(session, _spans().where(Span.layer_id.in_(in_final), spans))
    if touched.label_fields:
        fields = LabelValue.layer_id.in_(in_final) & LabelValue.name.in_(touched.label_fields)
        gold.labels = _rows(session, _labels().where(fields))
    return gold


def _touched(diff: SchemaDiff) -> _Touched:
    """The old names of what ``diff`` renames, and of the labels and fields whose attributes
    or values it renames (those are named by their new names: each with its old ones)."""
    old_names: dict[tuple[str, str], set[str]] = {}
    for kind, old, new in diff.renamed:
        old_names.setdefault((kind, new), set()).add(old)

    def as_before(kind: str, name: str) -> set[str]:
        # A label merged into one that exists already: both old names hold it.
        return {name} | old_names.get((kind, name), set())

    spans = {old for kind, old, _new in diff.renamed if kind == "span"}
    for label, _old, _new in diff.renamed_attributes:
        spans |= as_before("span", label)
    fields = {old for kind, old, _new in diff.renamed if kind in ("sentence", "document")}
    for (kind, owner, _attribute), _old, _new in diff.renamed_values:
        if kind == "attribute":
            spans |= as_before("span", owner)
        else:
            fields |= as_before(kind, owner)
    types = {old for kind, old, _new in diff.renamed if kind == "relation"}
    return _Touched(sorted(spans), sorted(types), sorted(fields))


def _spans() -> Select[Any]:
    return select(Span.id, Span.layer_id, Span.label, Span.start, Span.end).add_columns(
        Span.attributes, Span.note, *_SOURCE
    )


def _relations() -> Select[Any]:
    return (
        select(Relation.id, Relation.layer_id, Relation.type, Relation.from_span_id)
        .add_columns(Relation.to_span_id, Relation.note, Relation.source_how)
        .add_columns(Relation.source_of, Relation.source_layer)
    )


def _labels() -> Select[Any]:
    return (
        select(LabelValue.id, LabelValue.layer_id, LabelValue.sentence_index, LabelValue.name)
        .add_columns(LabelValue.value, LabelValue.source_how, LabelValue.source_of)
        .add_columns(LabelValue.source_layer)
    )


def _rows(session: Session, query: Select[Any]) -> dict[int, tuple[Any, ...]]:
    return {row[0]: tuple(row[1:]) for row in session.execute(query)}


def _by_ids(
    session: Session, query: Select[Any], column: Any, ids: list[int]
) -> dict[int, tuple[Any, ...]]:
    found: dict[int, tuple[Any, ...]] = {}
    for chunk in chunks(ids):
        found |= _rows(session, query.where(column.in_(chunk)))
    return found


def _read_again(session: Session, before: FinalGold) -> FinalGold:
    """Read the items ``before`` holds again, by their ids: as the rename left them."""
    return FinalGold(
        before.layers,
        _by_ids(session, _spans(), Span.id, list(before.spans)),
        _by_ids(session, _relations(), Relation.id, list(before.relations)),
        _by_ids(session, _labels(), LabelValue.id, list(before.labels)),
    )


def record_renamed(session: Session, before: FinalGold, actor: Actor | None) -> int:
    """Record in its document's gold history each final gold item a rename changed, as the
    schema's changer's update (all in one statement); return how many documents it touched."""
    assert isinstance(session, AppSession)  # the app's sessions all are: history writes on it
    after = _read_again(session, before)
    rows: list[Mapping[str, Any]] = []
    actor_id = None if actor is None else actor.id

    def record(kind: str, item: int, row: tuple[Any, ...], old: Any, new: Any) -> None:
        # The item's source is what it was: a rename decides nothing.
        rows.append(
            change_row(
                before.layers[row[0]],
                GOLD,
                kind,
                "update",
                item,
                old,
                new,
                actor_id=actor_id,
                # By the schema's path: whoever changed it decided nothing of gold.
                source="schema",
                item_source=source_json(*row[-3:]),
            )
        )

    def span(rows: dict[int, tuple[Any, ...]], span_id: int) -> Any:
        _layer, label, start, end, attributes, note = rows[span_id][:6]
        return span_snapshot(label, start, end, attributes, note=note)

    def end(rows: dict[int, tuple[Any, ...]], span_id: int) -> Any:
        return span_end(*rows[span_id][1:4])

    for span_id, row in after.spans.items():
        if row != before.spans[span_id]:
            record("span", span_id, row, span(before.spans, span_id), span(after.spans, span_id))
    for relation_id, row in after.relations.items():
        if row[1] != before.relations[relation_id][1]:  # its type: its own name
            was = before.relations[relation_id]
            old = relation_snapshot(
                was[1], end(before.spans, was[2]), end(before.spans, was[3]), note=was[4]
            )
            new = relation_snapshot(
                row[1], end(after.spans, row[2]), end(after.spans, row[3]), note=row[4]
            )
            record("relation", relation_id, row, old, new)
    for label_id, row in after.labels.items():
        was = before.labels[label_id]
        if row != was:
            record("label", label_id, row, label_snapshot(*was[1:4]), label_snapshot(*row[1:4]))
    record_changes(session, rows)
    return len({row["document_id"] for row in rows})


def note_renamed(session: Session, documents: int) -> None:
    """Remember how many final documents this session's schema change renamed in (0: none)."""
    session.info[_RENAMED_KEY] = documents


def said_with_renamed(session: Session, said: str) -> str:
    """Return ``said`` (a page's words for the rename it made) with the final gold the change
    renamed in (:func:`renamed_words`), forgetting the note; ``said`` alone when none."""
    words = renamed_words(session.info.pop(_RENAMED_KEY, 0))
    return f"{said}; {words}" if words else said


def renamed_words(documents: int) -> str:
    """Say in the schema version's change how many final documents a rename reached ("": none)."""
    if not documents:
        return ""
    whose = "its" if documents == 1 else "each one's"
    return (
        f"renamed in the final gold of {counted(documents, 'document')} too "
        f"({whose} gold history records each item)"
    )
