"""Accepting into gold every item on which all of a document's annotators agree.

:func:`unanimous_items` is the one home of "what is unanimous and not yet in gold": it only
reads. Accepting writes exactly its items; the count a page asks the reviewer to confirm is
their number, so that the two cannot disagree and asking writes nothing (on SQLite, a page
view that wrote, even in a savepoint rolled back, would take the write lock).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.span_notes import gold_note
from annotator.db import AppSession
from annotator.models import Document, LabelValue, Project, Relation, Span, User
from annotator.services.accounts.permissions import require_review
from annotator.services.annotation import relations, spans
from annotator.services.annotation.layers import ensure_layer, find_layer
from annotator.services.annotation.provenance import record_decision
from annotator.services.history import acts_as
from annotator.services.review.adjudication import set_gold_label
from annotator.services.review.gold_status import final_documents, mark_in_review
from annotator.services.review.layers import document_layers

# A span as the annotators are compared on it: label, start, end.
SpanKey = tuple[str, int, int]
#: A relation as every annotator's layer is compared by: its type and its ends' keys.
RelationKey = tuple[str, Any, Any]


@dataclass
class Accepted:
    """What one "accept every unanimous item" action added to gold (or would add)."""

    spans: int = 0
    relations: int = 0
    labels: int = 0
    documents: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Return the number of items accepted."""
        return self.spans + self.relations + self.labels

    def add(self, items: UnanimousItems) -> None:
        """Count one document's unanimous items in."""
        self.spans += len(items.spans)
        self.relations += len(items.relations)
        self.labels += len(items.labels)
        self.documents += 1 if items.total else 0


@dataclass
class UnanimousItems:
    """The items all of a document's annotators gave alike that its gold does not hold yet."""

    annotators: list[str]
    # Each span's key with the attributes every annotator gave alike, and its note
    # (core/span_notes.py gold_note: every annotator's joined, held to the note limit).
    spans: list[tuple[SpanKey, dict[str, Any], str | None]] = field(default_factory=list)
    # Each relation's type and ends, the ends by key (a span gold has, or one of ``spans``),
    # and its note (joined as a span's).
    relations: list[tuple[str, SpanKey, SpanKey, str | None]] = field(default_factory=list)
    # Each label's unit (sentence index or the document unit), field name and value.
    labels: list[tuple[int, str, Any]] = field(default_factory=list)
    # Gold's spans already there, by key: the ends the relations are written between.
    gold_spans: dict[SpanKey, Span] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Return the number of items."""
        return len(self.spans) + len(self.relations) + len(self.labels)


def unanimous_items(session: Session, document: Document) -> UnanimousItems | None:
    """Return what all of ``document``'s annotators agree on and gold lacks, reading only.

    Spans agree on label, start and end (the attributes all of them gave alike come along),
    relations on type and both ends, labels on their value. An item gold already has is not
    one of them: neither is a label field gold gave another value. None when fewer than two
    annotators have the document.
    """
    layers = document_layers(session, document)
    if len(layers) < 2:
        return None
    items = UnanimousItems([layer.name for layer in layers])
    existing = find_layer(session, document, None)
    gold_id = existing.id if existing is not None else -1
    items.gold_spans = {
        (s.label, s.start, s.end): s
        for s in session.scalars(select(Span).where(Span.layer_id == gold_id))
    }
    keys_by_id: dict[int, SpanKey] = {}
    span_sets = []
    for layer in layers:
        found: dict[SpanKey, Span] = {}
        for span in layer.spans:
            key = (span.label, span.start, span.end)
            keys_by_id[span.id] = key
            found.setdefault(key, span)
        span_sets.append(found)
    common = set(span_sets[0]).intersection(*span_sets[1:])
    for key in sorted(common, key=lambda k: (k[1], k[2], k[0])):
        if key in items.gold_spans:
            continue
        versions = [found[key].attributes or {} for found in span_sets]
        attributes = {
            name: value
            for name, value in versions[0].items()
            if all(v.get(name) == value for v in versions[1:])
        }
        notes = gold_note(
            (layer.name, found[key].note) for layer, found in zip(layers, span_sets, strict=True)
        )
        items.spans.append((key, attributes, notes))
    gold_relations = {
        (r.type, r.from_span_id, r.to_span_id)
        for r in session.scalars(select(Relation).where(Relation.layer_id == gold_id))
    }
    relation_sets: list[dict[RelationKey, str | None]] = [
        {
            (r.type, keys_by_id.get(r.from_span_id), keys_by_id.get(r.to_span_id)): r.note
            for r in layer.relations
        }
        for layer in layers
    ]
    common_relations = set(relation_sets[0]).intersection(*relation_sets[1:])
    for kind, source, target in sorted(common_relations, key=str):
        # Both ends are spans every annotator has, so gold has them or is about to.
        if source not in common or target not in common:
            continue
        old = items.gold_spans.get(source), items.gold_spans.get(target)
        if (
            old[0] is not None
            and old[1] is not None
            and (kind, old[0].id, old[1].id) in gold_relations
        ):
            continue
        notes = gold_note(
            (layer.name, found[(kind, source, target)])
            for layer, found in zip(layers, relation_sets, strict=True)
        )
        items.relations.append((kind, source, target, notes))
    label_sets = [{(v.sentence_index, v.name): v.value for v in layer.labels} for layer in layers]
    gold_labels = {
        (v.sentence_index, v.name)
        for v in session.scalars(select(LabelValue).where(LabelValue.layer_id == gold_id))
    }
    for unit, name in sorted(set(label_sets[0]).intersection(*label_sets[1:])):
        value = label_sets[0][(unit, name)]
        if (unit, name) in gold_labels or any(s[(unit, name)] != value for s in label_sets[1:]):
            continue
        items.labels.append((unit, name, value))
    return items


@acts_as("reviewer")
def accept_unanimous(
    session: AppSession, reviewer: Actor, document: Document, result: Accepted | None = None
) -> Accepted:
    """Accept into gold every item of :func:`unanimous_items`; gold keeps what it has."""
    require_review(session, reviewer, document.project_id, "adjudicate")
    result = result or Accepted()
    items = unanimous_items(session, document)
    if items is None:
        result.skipped.append(document.external_id)
        return result
    if not items.total:
        # Gold's layer is made only when something goes into it: a document with nothing
        # unanimous keeps no gold (and exports none) and stays open.
        return result
    gold = ensure_layer(session, document, None)
    ends = dict(items.gold_spans)
    for key, attributes, note in items.spans:
        span = spans.add_span(session, gold, key[0], key[1], key[2], attributes, note=note)
        record_decision(span, reviewer, items.annotators)
        ends[key] = span
    for kind, source, target, note in items.relations:
        relation = relations.add_relation(
            session, gold, kind, ends[source].id, ends[target].id, note=note
        )
        record_decision(relation, reviewer, items.annotators)
    for unit, name, value in items.labels:
        set_gold_label(session, reviewer, document, unit, name, value, items.annotators)
    result.add(items)
    mark_in_review(session, document, reviewer)
    session.flush()
    return result


def accept_unanimous_project(session: AppSession, reviewer: Actor, project: Project) -> Accepted:
    """Accept every unanimous item of every document of ``project`` not yet marked final."""
    require_review(session, reviewer, project.id, "adjudicate")
    result = Accepted()
    for document in _open_documents(session, project):
        accept_unanimous(session, reviewer, document, result)
    return result


def preview_unanimous(session: Session, reviewer: Actor, document: Document) -> Accepted:
    """Count what :func:`accept_unanimous` would write into the document's gold, writing nothing."""
    require_review(session, reviewer, document.project_id, "adjudicate")
    return _counted(session, [document])


def preview_unanimous_project(session: Session, reviewer: User, project: Project) -> Accepted:
    """Count what :func:`accept_unanimous_project` would write into gold, writing nothing."""
    require_review(session, reviewer, project.id, "adjudicate")
    return _counted(session, _open_documents(session, project))


def _counted(session: Session, documents: list[Document]) -> Accepted:
    result = Accepted()
    for document in documents:
        items = unanimous_items(session, document)
        if items is None:
            result.skipped.append(document.external_id)
        else:
            result.add(items)
    return result


def _open_documents(session: Session, project: Project) -> list[Document]:
    """The project's documents whose gold is not marked final, in order of id."""
    final = final_documents(session, project)
    query = select(Document).where(Document.project_id == project.id)
    return [d for d in session.scalars(query.order_by(Document.id)) if d.id not in final]
