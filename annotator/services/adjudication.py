"""Adjudication: turning annotators' versions into the gold layer, and each document's gold status.

A reviewer accepts one annotator's version of an item (a span with its attributes, one
attribute, a relation, a sentence or document label), or every item all annotators of a
document agree on. Gold rows are written through the annotation services, so every schema
rule holds for gold too; each records who decided it (``decided_by_id``) and the layer(s) it
came from (``source_layer``: annotator names, comma-separated).

Gold status: ``open`` until the gold layer holds anything, then ``in_review``; a reviewer
marks it ``final`` (and may reopen it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.errors import Invalid, NotFound
from annotator.models import (
    DOCUMENT_UNIT,
    GOLD_STATUSES,
    Document,
    GoldStatus,
    LabelValue,
    Layer,
    Project,
    Relation,
    Span,
    User,
)
from annotator.permissions import require_reviewer
from annotator.services import annotation, labels
from annotator.services.layers import ensure_layer


def _decided(row: Span | Relation | LabelValue, reviewer: User, sources: Iterable[str]) -> None:
    row.decided_by_id = reviewer.id
    row.source_layer = ",".join(sorted(set(sources)))[:255] or None


def _annotator_layer(session: Session, layer_id: int, document: Document | None = None) -> Layer:
    layer = session.get(Layer, layer_id)
    if layer is None or layer.is_gold:
        raise Invalid("only an annotator's item can be accepted into gold")
    if document is not None and layer.document_id != document.id:
        raise Invalid(f"that item is not in document {document.id}")
    return layer


def _gold_span_like(session: Session, gold: Layer, span: Span) -> Span | None:
    return session.scalars(
        select(Span).where(
            Span.layer_id == gold.id,
            Span.label == span.label,
            Span.start == span.start,
            Span.end == span.end,
        )
    ).first()


def accept_span(session: Session, reviewer: User, span_id: int) -> Span:
    """Copy an annotator's span, with its attributes, into gold (or update gold's equal span)."""
    require_reviewer(reviewer, "adjudicate")
    span = annotation.get_span(session, span_id)
    layer = _annotator_layer(session, span.layer_id)
    document = session.get(Document, layer.document_id)
    assert document is not None
    gold = ensure_layer(session, document, None)
    existing = _gold_span_like(session, gold, span)
    if existing is None:
        existing = annotation.add_span(
            session, gold, span.label, span.start, span.end, dict(span.attributes or {})
        )
    else:
        annotation.update_span(session, existing, attributes=dict(span.attributes or {}))
    _decided(existing, reviewer, [layer.name])
    _touch(session, document, reviewer)
    session.flush()
    return existing


def accept_attribute(session: Session, reviewer: User, span_id: int, name: str) -> Span:
    """Set one attribute of gold's equal span to an annotator's value (adding the span if none)."""
    require_reviewer(reviewer, "adjudicate")
    span = annotation.get_span(session, span_id)
    layer = _annotator_layer(session, span.layer_id)
    document = session.get(Document, layer.document_id)
    assert document is not None
    gold = ensure_layer(session, document, None)
    existing = _gold_span_like(session, gold, span)
    if existing is None:
        return accept_span(session, reviewer, span_id)
    attributes = dict(existing.attributes or {})
    attributes[name] = (span.attributes or {}).get(name)
    annotation.update_span(session, existing, attributes=attributes)
    _decided(existing, reviewer, [layer.name])
    _touch(session, document, reviewer)
    session.flush()
    return existing


def accept_relation(session: Session, reviewer: User, relation_id: int) -> Relation:
    """Copy an annotator's relation into gold, with both its spans.

    Accepting a version replaces gold's relations of that type from the same span when the
    type allows only ``max_per_source`` of them (the "which source" decision).
    """
    require_reviewer(reviewer, "adjudicate")
    relation = annotation.get_relation(session, relation_id)
    layer = _annotator_layer(session, relation.layer_id)
    ends = [session.get(Span, relation.from_span_id), session.get(Span, relation.to_span_id)]
    source, target = (accept_span(session, reviewer, end.id) for end in ends if end is not None)
    gold = session.get(Layer, source.layer_id)
    assert gold is not None
    same_type = select(Relation).where(
        Relation.layer_id == gold.id,
        Relation.type == relation.type,
        Relation.from_span_id == source.id,
    )
    existing = session.scalars(same_type.where(Relation.to_span_id == target.id)).first()
    if existing is None:
        limit = _max_per_source(session, gold, relation.type)
        if limit is not None:
            others = list(session.scalars(same_type))
            for old in others[: max(0, len(others) - limit + 1)]:
                annotation.delete_relation(session, old)
        existing = annotation.add_relation(session, gold, relation.type, source.id, target.id)
    _decided(existing, reviewer, [layer.name])
    session.flush()
    return existing


def _max_per_source(session: Session, gold: Layer, kind: str) -> int | None:
    document = session.get(Document, gold.document_id)
    project = session.get(Project, document.project_id) if document else None
    types = project.schema.get("relation_types", []) if project else []
    return next((t.get("max_per_source") for t in types if t["name"] == kind), None)


def accept_label(session: Session, reviewer: User, label_id: int) -> LabelValue:
    """Copy an annotator's sentence or document label value into gold."""
    require_reviewer(reviewer, "adjudicate")
    row = session.get(LabelValue, label_id)
    if row is None:
        raise NotFound(f"no label value {label_id}")
    layer = _annotator_layer(session, row.layer_id)
    document = session.get(Document, layer.document_id)
    assert document is not None
    return _set_gold_label(
        session, reviewer, document, row.sentence_index, row.name, row.value, [layer.name]
    )


def _set_gold_label(
    session: Session,
    reviewer: User,
    document: Document,
    unit: int,
    name: str,
    value: Any,
    sources: Iterable[str],
) -> LabelValue:
    gold = ensure_layer(session, document, None)
    sentence = None if unit == DOCUMENT_UNIT else unit
    labels.set_label(session, gold, sentence, name, value)
    row = session.scalars(
        select(LabelValue).where(
            LabelValue.layer_id == gold.id,
            LabelValue.sentence_index == unit,
            LabelValue.name == name,
        )
    ).one()
    _decided(row, reviewer, sources)
    _touch(session, document, reviewer)
    session.flush()
    return row


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


def accept_unanimous(
    session: Session, reviewer: User, document: Document, result: Accepted | None = None
) -> Accepted:
    """Accept into gold every item on which all of a document's annotators (two or more) agree.

    Spans agree on label, start and end (the attributes all of them gave alike come along),
    relations on type and both ends, labels on their value. Items gold already has are kept.
    """
    require_reviewer(reviewer, "adjudicate")
    from annotator.services.review import document_layers  # the review module reads layers

    result = result or Accepted()
    layers = document_layers(session, document)
    if len(layers) < 2:
        result.skipped.append(document.external_id)
        return result
    names = [layer.name for layer in layers]
    gold = ensure_layer(session, document, None)
    gold_spans = {
        (s.label, s.start, s.end): s
        for s in session.scalars(select(Span).where(Span.layer_id == gold.id))
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
            span = annotation.add_span(session, gold, key[0], key[1], key[2], attributes)
            _decided(span, reviewer, names)
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
        for r in session.scalars(select(Relation).where(Relation.layer_id == gold.id))
    }
    for kind, source, target in sorted(relation_sets[0].intersection(*relation_sets[1:]), key=str):
        ends = gold_spans.get(source), gold_spans.get(target)  # type: ignore[arg-type]
        if ends[0] is None or ends[1] is None or (kind, ends[0].id, ends[1].id) in gold_relations:
            continue
        relation = annotation.add_relation(session, gold, kind, ends[0].id, ends[1].id)
        _decided(relation, reviewer, names)
        result.relations += 1
    label_sets = [{(v.sentence_index, v.name): v.value for v in layer.labels} for layer in layers]
    gold_labels = {
        (v.sentence_index, v.name)
        for v in session.scalars(select(LabelValue).where(LabelValue.layer_id == gold.id))
    }
    for unit, name in sorted(set(label_sets[0]).intersection(*label_sets[1:])):
        value = label_sets[0][(unit, name)]
        if (unit, name) in gold_labels or any(s[(unit, name)] != value for s in label_sets[1:]):
            continue
        _set_gold_label(session, reviewer, document, unit, name, value, names)
        result.labels += 1
    result.documents += 1
    _touch(session, document, reviewer)
    session.flush()
    return result


def accept_unanimous_project(session: Session, reviewer: User, project: Project) -> Accepted:
    """Accept every unanimous item of every document of ``project`` not yet marked final."""
    require_reviewer(reviewer, "adjudicate")
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


def _touch(session: Session, document: Document, reviewer: User) -> None:
    """Move a document's gold from ``open`` to ``in_review`` on its first decision."""
    status = session.get(GoldStatus, document.id)
    if status is None:
        session.add(
            GoldStatus(document_id=document.id, status="in_review", updated_by_id=reviewer.id)
        )
    elif status.status == "open":
        status.status = "in_review"
        status.updated_by_id = reviewer.id


def set_gold_status(session: Session, reviewer: User, document: Document, status: str) -> str:
    """Set a document's gold status: ``open``, ``in_review`` or ``final``."""
    require_reviewer(reviewer, "change the gold status")
    if status not in GOLD_STATUSES:
        raise Invalid(f"gold status must be one of {', '.join(GOLD_STATUSES)}, got {status!r}")
    row = session.get(GoldStatus, document.id)
    if row is None:
        session.add(GoldStatus(document_id=document.id, status=status, updated_by_id=reviewer.id))
    else:
        row.status, row.updated_by_id = status, reviewer.id
    session.flush()
    return status


def gold_statuses(session: Session, project: Project) -> dict[int, str]:
    """Return each document's gold status: stored, or ``in_review`` once gold holds anything."""
    result = dict.fromkeys(
        session.scalars(select(Document.id).where(Document.project_id == project.id)), "open"
    )
    gold_rows = (
        select(Layer.document_id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id, Layer.user_id.is_(None))
    )
    for model in (Span, LabelValue):
        for doc_id in session.scalars(
            gold_rows.join(model, model.layer_id == Layer.id).group_by(Layer.document_id)
        ):
            result[doc_id] = "in_review"
    for doc_id, status in session.execute(
        select(GoldStatus.document_id, GoldStatus.status)
        .join(Document, Document.id == GoldStatus.document_id)
        .where(Document.project_id == project.id)
    ):
        if status == "final" or result.get(doc_id) == "open":
            result[doc_id] = status
    return result
