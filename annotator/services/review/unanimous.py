"""Accepting into gold every item on which all of a document's annotators agree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Document, GoldStatus, LabelValue, Project, Relation, Span, User
from annotator.services.accounts.permissions import require_review
from annotator.services.annotation import relations, spans
from annotator.services.annotation.layers import ensure_layer, find_layer
from annotator.services.annotation.provenance import record_decision
from annotator.services.history import acts_as
from annotator.services.review.adjudication import set_gold_label
from annotator.services.review.gold_status import mark_in_review
from annotator.services.review.layers import document_layers


@dataclass
class Accepted:
    """What one "accept every unanimous item" action added to gold."""

    spans: int = 0
    relations: int = 0
    labels: int = 0
    documents: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Return the number of items accepted."""
        return self.spans + self.relations + self.labels


@acts_as("reviewer")
def accept_unanimous(
    session: Session, reviewer: User, document: Document, result: Accepted | None = None
) -> Accepted:
    """Accept into gold every item on which all of a document's annotators (two or more) agree.

    Spans agree on label, start and end (the attributes all of them gave alike come along),
    relations on type and both ends, labels on their value. Items gold already has are kept.
    """
    require_review(session, reviewer, document.project_id, "adjudicate")
    result = result or Accepted()
    layers = document_layers(session, document)
    if len(layers) < 2:
        result.skipped.append(document.external_id)
        return result
    names = [layer.name for layer in layers]
    before = result.total
    # Gold's layer is made only when something goes into it: a document with nothing
    # unanimous keeps no gold (and exports none) and stays open.
    existing = find_layer(session, document, None)
    gold_id = existing.id if existing is not None else -1
    gold_spans = {
        (s.label, s.start, s.end): s
        for s in session.scalars(select(Span).where(Span.layer_id == gold_id))
    }
    keys_by_id: dict[int, tuple[str, int, int]] = {}
    span_sets = []
    for layer in layers:
        found = {}
        for span in layer.spans:
            key = (span.label, span.start, span.end)
            keys_by_id[span.id] = key
            found.setdefault(key, span)
        span_sets.append(found)
    common = set(span_sets[0]).intersection(*span_sets[1:])
    for key in sorted(common, key=lambda k: (k[1], k[2], k[0])):
        versions = [found[key].attributes or {} for found in span_sets]
        attributes = {
            name: value
            for name, value in versions[0].items()
            if all(v.get(name) == value for v in versions[1:])
        }
        if key not in gold_spans:
            gold = ensure_layer(session, document, None)
            span = spans.add_span(session, gold, key[0], key[1], key[2], attributes)
            record_decision(span, reviewer, names)
            gold_spans[key] = span
            result.spans += 1
    relation_sets = [
        {
            (r.type, keys_by_id.get(r.from_span_id), keys_by_id.get(r.to_span_id))
            for r in layer.relations
        }
        for layer in layers
    ]
    gold_relations = {
        (r.type, r.from_span_id, r.to_span_id)
        for r in session.scalars(select(Relation).where(Relation.layer_id == gold_id))
    }
    for kind, source, target in sorted(relation_sets[0].intersection(*relation_sets[1:]), key=str):
        ends = gold_spans.get(source), gold_spans.get(target)  # type: ignore[arg-type]
        if ends[0] is None or ends[1] is None or (kind, ends[0].id, ends[1].id) in gold_relations:
            continue
        gold = ensure_layer(session, document, None)
        relation = relations.add_relation(session, gold, kind, ends[0].id, ends[1].id)
        record_decision(relation, reviewer, names)
        result.relations += 1
    label_sets = [{(v.sentence_index, v.name): v.value for v in layer.labels} for layer in layers]
    gold_labels = {
        (v.sentence_index, v.name)
        for v in session.scalars(select(LabelValue).where(LabelValue.layer_id == gold_id))
    }
    for unit, name in sorted(set(label_sets[0]).intersection(*label_sets[1:])):
        value = label_sets[0][(unit, name)]
        if (unit, name) in gold_labels or any(s[(unit, name)] != value for s in label_sets[1:]):
            continue
        set_gold_label(session, reviewer, document, unit, name, value, names)
        result.labels += 1
    if result.total > before:
        result.documents += 1
        mark_in_review(session, document, reviewer)
    session.flush()
    return result


def accept_unanimous_project(session: Session, reviewer: User, project: Project) -> Accepted:
    """Accept every unanimous item of every document of ``project`` not yet marked final."""
    require_review(session, reviewer, project.id, "adjudicate")
    result = Accepted()
    final = set(
        session.scalars(
            select(GoldStatus.document_id)
            .join(Document, Document.id == GoldStatus.document_id)
            .where(Document.project_id == project.id, GoldStatus.status == "final")
        )
    )
    documents = session.scalars(
        select(Document).where(Document.project_id == project.id).order_by(Document.id)
    )
    for document in documents:
        if document.id not in final:
            accept_unanimous(session, reviewer, document, result)
    return result


def preview_unanimous(session: Session, reviewer: User, document: Document) -> Accepted:
    """Count what :func:`accept_unanimous` would write into the document's gold, writing nothing."""
    return _rolled_back(session, lambda: accept_unanimous(session, reviewer, document))


def preview_unanimous_project(session: Session, reviewer: User, project: Project) -> Accepted:
    """Count what :func:`accept_unanimous_project` would write into gold, writing nothing."""
    return _rolled_back(session, lambda: accept_unanimous_project(session, reviewer, project))


def _rolled_back(session: Session, accept: Callable[[], Accepted]) -> Accepted:
    """Run ``accept`` in a savepoint and roll it back: the count a reviewer is asked to confirm
    comes from the very rule that writes, so that the two cannot disagree."""
    savepoint = session.begin_nested()
    try:
        return accept()
    finally:
        savepoint.rollback()
