"""Accepting an annotator's relation into gold, with both its ends
(:mod:`annotator.services.review.relation_gold_ends` says where they are in gold)."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.db import AppSession
from annotator.models import Document, Layer, Project, Relation, Span
from annotator.services.annotation import relations
from annotator.services.annotation.provenance import record_decision
from annotator.services.history import acts_as, deciding
from annotator.services.review.givers import chosen_relation
from annotator.services.review.gold_ends import span_key
from annotator.services.review.item_layer import adjudicated_document
from annotator.services.review.relation_gold_ends import GoldEnd, gold_ends
from annotator.services.review.span_adjudication import accept_version


@acts_as("reviewer")
def accept_relation(
    session: AppSession, reviewer: Actor, relation_id: int, *, shown: ShownNames = AS_NAMED
) -> Relation:
    """Copy an annotator's relation into gold, with both its spans and its note.

    Accepting a version replaces gold's relations of that type from the same span when the
    type allows only ``max_per_source`` of them (the "which source" decision). An end whose
    difference gold decided with another version ends at gold's span for it
    (:func:`~annotator.services.review.relation_gold_ends.gold_ends`).

    :param shown: how the refusal names the annotators (as the page that asked names them).
    :raises Conflict: an end's difference is decided ambiguously for it (see
        :func:`~annotator.services.review.relation_gold_ends.gold_ends`): it is to decide
        first.
    """
    relation = relations.get_relation(session, relation_id)
    document = adjudicated_document(session, reviewer, relation.layer_id)
    source, target = (
        _gold_span_of(session, reviewer, document, end, shown)
        for end in gold_ends(session, document, relation, refuse_ambiguous=True, shown=shown)
    )
    gold = session.get(Layer, source.layer_id)
    assert gold is not None
    same_type = select(Relation).where(
        Relation.layer_id == gold.id,
        Relation.type == relation.type,
        Relation.from_span_id == source.id,
    )
    existing = session.scalars(same_type.where(Relation.to_span_id == target.id)).first()
    chosen = chosen_relation(session, document, relation.type, span_key(source), span_key(target))
    with deciding(session, chosen):
        existing = _write_relation(session, gold, relation, source, target, existing, same_type)
    record_decision(existing, reviewer, chosen)
    session.flush()
    return existing


def _write_relation(
    session: AppSession,
    gold: Layer,
    relation: Relation,
    source: Span,
    target: Span,
    existing: Relation | None,
    same_type: Select[Relation],
) -> Relation:
    """Write gold's copy of an accepted ``relation`` from ``source`` to ``target``."""
    if existing is None:
        limit = _max_per_source(session, gold, relation.type)
        if limit is not None:
            others = list(session.scalars(same_type))
            for old in others[: max(0, len(others) - limit + 1)]:
                relations.delete_relation(session, old)
        existing = relations.add_relation(
            session, gold, relation.type, source.id, target.id, note=relation.note
        )
    elif existing.note != relation.note:
        # The version taken, note and all, as for a span.
        relations.set_relation_note(session, existing, relation.note)
    return existing


def _gold_span_of(
    session: AppSession, reviewer: Actor, document: Document, end: GoldEnd, shown: ShownNames
) -> Span:
    """Return gold's span for an accepted relation's ``end``: the one standing for it (its
    difference decided with another version: never a second span of it), or the end itself
    accepted (taken in, or gold's equal span given its attributes and note) with the rest
    of its annotator's version of its difference, which it decides."""
    if end.standing and end.gold is not None:
        return end.gold
    return accept_version(session, reviewer, document, end.span, shown)


def _max_per_source(session: Session, gold: Layer, kind: str) -> int | None:
    document = session.get(Document, gold.document_id)
    project = session.get(Project, document.project_id) if document else None
    types = project.schema.get("relation_types", []) if project else []
    return next((t.get("max_per_source") for t in types if t["name"] == kind), None)
