"""Accepting an annotator's span, their whole version of its difference, or one attribute
of it into gold (:mod:`annotator.services.review.adjudication`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.db import AppSession
from annotator.models import Document, Layer, Project, Span
from annotator.services.annotation import spans
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.provenance import record_decision
from annotator.services.history import acts_as, deciding
from annotator.services.review.givers import chosen_span
from annotator.services.review.gold_ends import span_key
from annotator.services.review.gold_status import mark_in_review
from annotator.services.review.item_layer import adjudicated_document
from annotator.services.review.whole_version import rest_of_version


def gold_span_like(session: Session, gold: Layer, span: Span) -> Span | None:
    """Return gold's span of ``span``'s label and offsets (a layer holds one), or None."""
    return session.scalars(
        select(Span).where(
            Span.layer_id == gold.id,
            Span.label == span.label,
            Span.start == span.start,
            Span.end == span.end,
        )
    ).first()


@acts_as("reviewer")
def accept_span(session: AppSession, reviewer: Actor, span_id: int) -> Span:
    """Copy an annotator's span, with its attributes and note, into gold (or update gold's
    equal span)."""
    span = spans.get_span(session, span_id)
    document = adjudicated_document(session, reviewer, span.layer_id)
    gold = ensure_layer(session, document, None)
    existing = gold_span_like(session, gold, span)
    attributes = dict(span.attributes or {})
    source = chosen_span(session, document, span_key(span), attributes)
    with deciding(session, source):
        if existing is None:
            existing = spans.add_span(
                session, gold, span.label, span.start, span.end, attributes, note=span.note
            )
        elif (dict(existing.attributes or {}), existing.note) != (attributes, span.note):
            # The version taken, note and all (its annotator's own words on it).
            spans.update_span(session, existing, attributes=attributes, note=span.note)
    # Else gold holds it as it is (accepting a relation accepts its spans again): an update
    # would record a change that changes nothing and make an open gold editor stale.
    record_decision(existing, reviewer, source)
    mark_in_review(session, document, reviewer)
    session.flush()
    return existing


@acts_as("reviewer")
def accept_version(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    span: Span,
    shown: ShownNames = AS_NAMED,
) -> Span:
    """Accept ``span`` with its annotator's other spans of its difference: their whole
    version (:mod:`annotator.services.review.whole_version`). Returns gold's row of ``span``."""
    _, rest = rest_of_version(session, document, span, shown)
    taken = accept_span(session, reviewer, span.id)
    for other in rest:
        accept_span(session, reviewer, other.id)
    return taken


@acts_as("reviewer")
def accept_attribute(session: AppSession, reviewer: Actor, span_id: int, name: str) -> Span:
    """Set one attribute of gold's equal span to an annotator's value (adding the span if none)."""
    span = spans.get_span(session, span_id)
    document = adjudicated_document(session, reviewer, span.layer_id)
    project = session.get(Project, document.project_id)
    assert project is not None
    label = next((x for x in project.schema["span_labels"] if x["name"] == span.label), None)
    if label is None or name not in {a["name"] for a in label["attributes"]}:
        raise Invalid(f"span label {span.label!r} has no attribute {name!r}")
    gold = ensure_layer(session, document, None)
    existing = gold_span_like(session, gold, span)
    if existing is None:
        return accept_span(session, reviewer, span_id)
    attributes = dict(existing.attributes or {})
    attributes[name] = (span.attributes or {}).get(name)
    if attributes[name] is None:
        del attributes[name]  # no value given: as the span stores it
    # Named: those whose span is gold's now, the other attributes it holds included.
    source = chosen_span(session, document, span_key(existing), attributes)
    with deciding(session, source):
        spans.update_span(session, existing, attributes=attributes)
    record_decision(existing, reviewer, source)
    mark_in_review(session, document, reviewer)
    session.flush()
    return existing
