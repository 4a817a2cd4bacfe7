"""Merging the copies a database stored before a layer held a span (and a relation) once.

``annotator db copies --merge`` calls :func:`merge_copies` in one transaction: every layer
holding copies is merged by the core's rule (:func:`annotator.core.copies_merge.plan_merge`),
each removal and change recorded in the layer's history as any other (by nobody logged in:
the command line, through the ``merge`` path; a gold item changed keeps its source, said in
its row), and each layer
merged in the audit log (``copies.merge``). Sets of copies that a person has to decide on are
left as they are and reported; so is the gold layer of a document whose gold is marked final,
which takes no change (:mod:`annotator.services.gold.lock`): its merge is planned, to be
shown, and not written.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from annotator.core.copies_merge import MergePlan, StoredRelation, StoredSpan, plan_merge
from annotator.core.gold_source import Source, column_source
from annotator.core.history import relation_snapshot, span_end, span_snapshot
from annotator.core.vocabulary import GOLD
from annotator.db import AppSession
from annotator.models import Document, Layer, Project, Relation, Span, utcnow
from annotator.services import audit_log
from annotator.services.annotation.span_checks import hold_layer
from annotator.services.annotation.stored_copies import (
    RELATION_COPY_KEY,
    SPAN_COPY_KEY,
    layer_said,
)
from annotator.services.gold.lock import gold_finals
from annotator.services.history import acting, deciding, record_change


@dataclass(frozen=True, slots=True)
class LayerMerge:
    """What merging one layer's copies did (or, for a plan not written, would do)."""

    project: str
    document: str
    #: The document's number in its project, as the project page shows it.
    document_number: int
    layer: str
    plan: MergePlan
    #: The layer is gold, marked final: the plan is not written.
    final: bool = False

    def writes(self) -> bool:
        """Tell whether the merge changes the layer (a final gold layer's never does)."""
        return not self.final and not self.plan.changes_nothing()

    def where(self) -> str:
        """Return the layer in words, as ``annotator db copies`` names it."""
        return layer_said(self.project, self.document, self.document_number, self.layer)


def layers_with_copies(session: Session, project: Project | None = None) -> list[Layer]:
    """Return the layers holding a span or a relation more than once (of ``project`` only,
    if given), by project, document and layer."""
    with_copies = (select(Span.layer_id).group_by(*SPAN_COPY_KEY).having(func.count() > 1)).union(
        select(Relation.layer_id).group_by(*RELATION_COPY_KEY).having(func.count() > 1)
    )
    query = (
        select(Layer)
        .join(Document, Document.id == Layer.document_id)
        .join(Project, Project.id == Document.project_id)
        .where(Layer.id.in_(select(with_copies.subquery().c.layer_id)))
        .order_by(Project.slug, Document.number, Layer.id)
    )
    if project is not None:
        query = query.where(Document.project_id == project.id)
    return list(session.scalars(query))


def merge_copies(
    session: AppSession, project: Project | None = None, *, write: bool = True
) -> list[LayerMerge]:
    """Merge the copies of every layer (of ``project`` only, if given); return what each
    layer's merge did, undecided sets included.

    :param write: False plans without writing (what ``annotator db copies --merge`` shows
        before it asks).
    """
    merges: dict[int, LayerMerge] = {}
    layers = layers_with_copies(session, project)
    # Final gold is left out, as the project's accept of agreed items leaves it; held when
    # writing, so that it is not marked final before this transaction commits: every gold
    # layer's document at once, before any layer is held.
    gold = [layer.document_id for layer in layers if layer.key == GOLD]
    finals = gold_finals(session, gold, hold=write)
    # Each layer is held as it is written, in order of document id (then layer), as an
    # accept of agreed items writes: in the listing's order (by project and number), a
    # merge and an accept could each hold a gold layer the other waits for.
    for layer in sorted(layers, key=lambda layer: (layer.document_id, layer.id)):
        document = session.get(Document, layer.document_id)
        assert document is not None  # a layer's document is a foreign key
        final = layer.key == GOLD and document.id in finals
        if write and not final:
            hold_layer(session, layer.id)
        owner = session.get(Project, document.project_id)
        assert owner is not None
        spans = {
            span.id: span for span in session.scalars(select(Span).where(Span.layer_id == layer.id))
        }
        relations = list(
            session.scalars(
                select(Relation).where(Relation.layer_id == layer.id).order_by(Relation.id)
            )
        )
        plan = plan_merge(
            [
                StoredSpan(s.id, s.label, s.start, s.end, s.attributes, s.note)
                for s in spans.values()
            ],
            [StoredRelation(r.id, r.type, r.from_span_id, r.to_span_id, r.note) for r in relations],
            owner.schema,
        )
        merge = LayerMerge(
            owner.slug, document.external_id, document.number, layer.name, plan, final
        )
        merges[layer.id] = merge
        if write and merge.writes():
            _write(session, layer, spans, relations, merge)
    return [merges[layer.id] for layer in layers]


def _write(
    session: AppSession,
    layer: Layer,
    spans: dict[int, Span],
    relations: list[Relation],
    merge: LayerMerge,
) -> None:
    """Write one layer's plan: relations first (moved before their old ends go), then spans."""
    plan = merge.plan

    def snapshot(relation: Relation, note: str | None) -> dict[str, object]:
        source, target = spans[relation.from_span_id], spans[relation.to_span_id]
        return relation_snapshot(
            relation.type,
            span_end(source.label, source.start, source.end),
            span_end(target.label, target.start, target.end),
            note=note,
        )

    # Who merged: nobody logged in, by the merge's own path (not the layer owner's, nor a
    # reviewer's: neither wrote it).
    with acting(session, None, "merge"):
        for relation in relations:
            if relation.id in plan.removed_relations:
                before = snapshot(relation, relation.note)
                record_change(session, layer, "relation", "delete", relation.id, before, None)
        gone = list(plan.removed_relations)
        if gone:
            session.execute(delete(Relation).where(Relation.id.in_(gone)))
        for relation in relations:
            if relation.id in plan.removed_relations:
                continue
            if relation.id in plan.moved:
                # Its ends by label and offsets stay the same: its history has nothing to say.
                relation.from_span_id, relation.to_span_id = plan.moved[relation.id]
            if relation.id in plan.relation_notes:
                before = snapshot(relation, relation.note)
                relation.note = plan.relation_notes[relation.id]
                after = snapshot(relation, relation.note)
                with deciding(session, _kept_source(relation)):
                    record_change(session, layer, "relation", "update", relation.id, before, after)
        session.flush()
        now = utcnow()
        for span_id, note in plan.span_notes.items():
            span = spans[span_id]
            before = span_snapshot(span.label, span.start, span.end, span.attributes, (), span.note)
            # A new version, so that a tab holding the old one reloads it before writing.
            span.note, span.version, span.updated_at = note, span.version + 1, now
            after = span_snapshot(span.label, span.start, span.end, span.attributes, (), note)
            with deciding(session, _kept_source(span)):
                record_change(session, layer, "span", "update", span_id, before, after)
        for span_id in plan.removed_spans:
            span = spans[span_id]
            before = span_snapshot(span.label, span.start, span.end, span.attributes, (), span.note)
            record_change(session, layer, "span", "delete", span_id, before, None)
        session.flush()
        # No relation is left at a removed copy by now: each moved or went above.
        session.execute(delete(Span).where(Span.id.in_(plan.removed_spans)))
    audit_log.record(
        session,
        None,
        "copies.merge",
        project_slug=merge.project,
        target=f"document {merge.document} layer {merge.layer}",
        before={
            "spans": [list(copies.span_ids) for copies in plan.merged],
            "relations": sorted(plan.removed_relations),
        },
        after={"spans": [copies.span_ids[0] for copies in plan.merged]},
    )
    session.flush()


def _kept_source(item: Span | Relation) -> Source | None:
    """Return the source a gold item keeps through a merge, which changes its note alone:
    its own, as it records it (not a reviewer's hand; None when it keeps none)."""
    return column_source(item.source_how, item.source_of, item.source_layer)
