"""Gold's relations at a span a take removes, re-pointed at the span that replaces it.

Gold holds alice's two claims, her second attributed to a source; bob's one claim over both
is taken instead: her first moves onto his claim (its relations follow, the same row), her
second goes. Its relation went with it, though the source stays in gold and bob's claim
stands where her second claim stood: the reviewer had to draw it again, if they noticed.

So a relation at a span the take removes is re-pointed at the span replacing it, when that is
unambiguous: the version taken has one span of the removed span's label (bob's one claim;
two of his claims could each be meant) and the relation's other end stays in gold. It is
removed as before when it would join a span to itself, repeat a relation gold holds, or give
the span more relations of its type than ``max_per_source`` allows. Re-pointing deletes the
relation and adds one between the new ends, both in the history (which restores the one
deleted), and :class:`~annotator.core.gold_changes.Changed` names each: before and after.
The relation drawn again keeps the source of the one it replaces where the same annotators
give it, else names those who do (:mod:`~annotator.services.review.moved_ends`).
"""

from __future__ import annotations

from sqlalchemy import func, or_, select

from annotator.core.caller import Actor
from annotator.core.gold_changes import Changed
from annotator.core.gold_source import WRITTEN_SOURCE, Source, column_source
from annotator.core.rules import exceeds_max_per_source, relation_type
from annotator.db import AppSession
from annotator.models import Document, Layer, Project, Relation, Span
from annotator.services.annotation import relations
from annotator.services.annotation.provenance import decision
from annotator.services.history import deciding
from annotator.services.review.decision_changes.said import relation_said
from annotator.services.review.gold_ends import SpanKey, span_key
from annotator.services.review.moved_ends import redrawn_source


def repoint_relations(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    going: list[Span],
    wanted: list[Span],
    placed: dict[SpanKey, Span],
    changed: Changed,
) -> None:
    """Re-point gold's relations at the spans ``going`` (about to be removed by a take) at
    gold's span of the one span of ``wanted`` (the version taken) of the same label, where
    there is one; the rest stay at their span, to go with it.

    :param placed: gold's span for each span of ``wanted``, by label and offsets (moved onto
        it, added with it, or there already).
    """
    going_ids = {span.id for span in going}
    for old in going:
        same_label = [span for span in wanted if span.label == old.label]
        if len(same_label) != 1 or span_key(same_label[0]) not in placed:
            continue  # none, or which one is meant is the reviewer's to say
        new = placed[span_key(same_label[0])]
        at = session.scalars(
            select(Relation)
            .where(or_(Relation.from_span_id == old.id, Relation.to_span_id == old.id))
            .order_by(Relation.id)
        )
        for relation in list(at):
            ends = [
                new.id if end == old.id else end
                for end in (relation.from_span_id, relation.to_span_id)
            ]
            other = (
                relation.to_span_id if relation.from_span_id == old.id else relation.from_span_id
            )
            if other in going_ids or not _may_join(session, relation, *ends):
                continue
            before = relation_said(session, document, relation)
            gold, kind, note = _layer(session, relation), relation.type, relation.note
            source = _redrawn(session, document, relation, ends)
            relations.delete_relation(session, relation, actor=reviewer)
            with deciding(session, source):
                made = relations.add_relation(
                    session,
                    gold,
                    kind,
                    ends[0],
                    ends[1],
                    decided_by=reviewer,
                    note=note,
                    origin=decision(reviewer, source),
                )
            changed.relations_repointed.append((before, relation_said(session, document, made)))


def _redrawn(
    session: AppSession, document: Document, relation: Relation, ends: list[int]
) -> Source:
    """Return the source of ``relation`` drawn again between ``ends``: by the take, not by
    hand, so it names who gives it now (one that had none is the reviewer's, as before)."""
    source, target = (session.get(Span, end) for end in ends)
    assert source is not None and target is not None  # gold's spans, placed by the take
    before = column_source(relation.source_how, relation.source_of, relation.source_layer)
    found = redrawn_source(
        session, document.id, before, relation.type, span_key(source), span_key(target)
    )
    return found or WRITTEN_SOURCE


def _may_join(session: AppSession, relation: Relation, source: int, target: int) -> bool:
    """Tell whether gold may hold ``relation`` between ``source`` and ``target`` instead: not
    a span to itself, not one gold holds, within its type's ``max_per_source`` (not counting
    ``relation`` itself, which goes)."""
    if source == target:
        return False
    same_type = (
        Relation.layer_id == relation.layer_id,
        Relation.type == relation.type,
        Relation.from_span_id == source,
        Relation.id != relation.id,
    )
    if session.scalar(select(Relation.id).where(*same_type, Relation.to_span_id == target)):
        return False
    layer = _layer(session, relation)
    document = session.get(Document, layer.document_id)
    project = session.get(Project, document.project_id) if document else None
    assert project is not None
    limit = relation_type(project.schema, relation.type).get("max_per_source")
    if limit is None:
        return True
    count = session.scalar(select(func.count()).select_from(Relation).where(*same_type)) or 0
    return not exceeds_max_per_source(limit, count + 1)


def _layer(session: AppSession, relation: Relation) -> Layer:
    layer = session.get(Layer, relation.layer_id)
    assert layer is not None  # a relation's layer goes only with it
    return layer
