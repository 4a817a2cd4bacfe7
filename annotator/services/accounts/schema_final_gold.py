"""What a schema rename does to gold marked final: renamed too, said, and kept in its history.

The decision, made here and nowhere else: a rename keeps meaning (a label, type, field,
attribute or value is called something else; nothing is added, removed or moved), so it
renames final gold as it renames every other layer. Gold that kept the old name would hold a
name the schema no longer has: its export, its review page and every check of the schema
would no longer read it, and setting gold back to in review to rename it by hand is the very
change the rename makes. So a rename is no change of gold in :mod:`annotator.services.
gold_lock`'s sense, and is not refused; but it is not silent either. Before the renames
reach the data, :func:`read_final_gold` reads the items of every final gold layer of the
project; after, :func:`record_renamed` records each item renamed in its document's gold
history (an ``update`` by whoever changed the schema, the item's source kept as it was) and
counts the documents, which :func:`renamed_words` says in the schema version's change (the
API's ``schema_change``, the settings page's list of versions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.gold_source import column_source
from annotator.core.history import label_snapshot, relation_snapshot, span_end, span_snapshot
from annotator.core.schema_diff import SchemaDiff
from annotator.core.vocabulary import FINAL, GOLD
from annotator.core.wording import counted
from annotator.db import AppSession
from annotator.models import Document, GoldStatus, LabelValue, Layer, Project, Relation, Span
from annotator.services.history import acting, deciding, record_change

_SOURCE = (Span.source_how, Span.source_of, Span.source_layer)


@dataclass(frozen=True, slots=True)
class _GoldLayer:
    """A final gold layer as :func:`~annotator.services.history.record_change` names it."""

    document_id: int
    user_id: None = None
    key: str = GOLD


@dataclass
class FinalGold:
    """The items of a project's final gold layers, as they were before a rename."""

    layers: dict[int, _GoldLayer] = field(default_factory=dict)
    spans: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    relations: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    labels: dict[int, tuple[Any, ...]] = field(default_factory=dict)


def read_final_gold(session: Session, project: Project, diff: SchemaDiff) -> FinalGold | None:
    """Read the items of ``project``'s final gold layers, when ``diff`` renames anything."""
    if not (diff.renamed or diff.renamed_attributes or diff.renamed_values):
        return None
    final = (
        select(Layer.id, Layer.document_id)
        .join(Document, Document.id == Layer.document_id)
        .join(GoldStatus, GoldStatus.document_id == Document.id)
        # A status of final is only ever stored (core/vocabulary.py FINAL).
        .where(Document.project_id == project.id, Layer.key == GOLD, GoldStatus.status == FINAL)
    )
    layers = {layer_id: _GoldLayer(document) for layer_id, document in session.execute(final)}
    if not layers:
        return None
    gold = FinalGold(layers)
    _read(session, gold)
    return gold


def _read(session: Session, gold: FinalGold) -> None:
    ids = list(gold.layers)

    def rows(query: Select[Any]) -> dict[int, tuple[Any, ...]]:
        return {row[0]: tuple(row[1:]) for row in session.execute(query)}

    gold.spans = rows(
        select(Span.id, Span.layer_id, Span.label, Span.start, Span.end, Span.attributes)
        .add_columns(Span.note, *_SOURCE)
        .where(Span.layer_id.in_(ids))
    )
    gold.relations = rows(
        select(Relation.id, Relation.layer_id, Relation.type, Relation.from_span_id)
        .add_columns(Relation.to_span_id, Relation.note, Relation.source_how)
        .add_columns(Relation.source_of, Relation.source_layer)
        .where(Relation.layer_id.in_(ids))
    )
    gold.labels = rows(
        select(LabelValue.id, LabelValue.layer_id, LabelValue.sentence_index, LabelValue.name)
        .add_columns(LabelValue.value, LabelValue.source_how, LabelValue.source_of)
        .add_columns(LabelValue.source_layer)
        .where(LabelValue.layer_id.in_(ids))
    )


def record_renamed(session: Session, before: FinalGold, actor: Actor | None) -> int:
    """Record in its document's gold history each final gold item a rename changed, as the
    schema's changer's update; return how many documents it touched."""
    assert isinstance(session, AppSession)  # the app's sessions all are: history writes on it
    after = FinalGold(before.layers)
    _read(session, after)
    touched: set[int] = set()

    def record(kind: str, item: int, row: tuple[Any, ...], old: Any, new: Any) -> None:
        layer = before.layers[row[0]]
        # The item's source is what it was: a rename decides nothing.
        with deciding(session, column_source(*row[-3:])):
            record_change(session, layer, kind, "update", item, old, new)
        touched.add(layer.document_id)

    def span(rows: dict[int, tuple[Any, ...]], span_id: int) -> Any:
        _layer, label, start, end, attributes, note = rows[span_id][:6]
        return span_snapshot(label, start, end, attributes, note=note)

    def end(rows: dict[int, tuple[Any, ...]], span_id: int) -> Any:
        return span_end(*rows[span_id][1:4])

    with acting(session, actor, "reviewer"):
        for span_id, row in after.spans.items():
            if row != before.spans[span_id]:
                record(
                    "span", span_id, row, span(before.spans, span_id), span(after.spans, span_id)
                )
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
    return len(touched)


def renamed_words(documents: int) -> str:
    """Say in the schema version's change how many final documents a rename reached ("": none)."""
    if not documents:
        return ""
    whose = "its" if documents == 1 else "each one's"
    return (
        f"renamed in the final gold of {counted(documents, 'document')} too "
        f"({whose} gold history records each item)"
    )
