"""Restoring from a layer's history: a deleted span (with its relations) or an earlier value.

A reviewer of the project puts back what one change's ``before`` held, in the layer that
change was made to: a deleted span comes back (under a new id) with its attributes, and its
relations whose other span is there; an earlier label, offsets, attributes or note of a
span, an earlier note of a relation, an earlier value of a label, a relation, a status. An
annotator restores the spans, relations and labels of their own layer while it is open
(:func:`~annotator.services.review.restorable.check_annotator_restore`). Every write goes
through the ordinary services, so every schema rule holds; a restore that cannot apply is
refused with a 409 naming why (an overlap the schema forbids, a label the schema no longer
has, sentences split or merged since, a span deleted since), and the caller rolls back,
changing nothing. The restore is recorded in the history like any change, as ``restore``.
Whether a restore would be refused is :mod:`annotator.services.review.restorable`, which the
history's ``restorable`` asks too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.caller import Actor
from annotator.core.errors import AnnotatorError, Conflict, Invalid, no_such
from annotator.core.history import decode, known_note
from annotator.db import AppSession
from annotator.models import DOCUMENT_UNIT, GOLD, Document, Layer, LayerChange
from annotator.services.accounts.permissions import (
    may_review,
    require_assignment,
    require_document,
)
from annotator.services.annotation import labels, relations, spans
from annotator.services.annotation.layers import ensure_layer
from annotator.services.history import acting, layer_owner, record_status
from annotator.services.review import gold_status
from annotator.services.review.document_now import Present
from annotator.services.review.none_taken import restore_decision
from annotator.services.review.restorable import (
    check_annotator_restore,
    check_restorable,
    relation_ends,
    span_of,
)


@dataclass
class Restored:
    """What a restore put back: the item (its new id for a span), relations, what it left out."""

    change: int
    kind: str
    item: int | None = None
    relations: int = 0
    #: Relations of a restored span that could not come back, each with the reason.
    skipped: list[str] = field(default_factory=list)


def restore_change(
    session: AppSession, reviewer: Actor, document: Document, change_id: int
) -> Restored:
    """Put back what change ``change_id`` of ``document`` found before it.

    :param reviewer: a reviewer of the project, or an annotator of the document.
    :raises NotFound: no such change of this document, or a document not the caller's.
    :raises Forbidden: an annotator's restore of another layer, or of their status.
    :raises LayerDone: an annotator's restore into their layer marked done or skipped.
    :raises Conflict: the change had no earlier value, or it can no longer apply.
    """
    require_document(session, reviewer, document)
    change = session.get(LayerChange, change_id)
    if change is None or change.document_id != document.id:
        raise no_such("change", change_id)
    if not may_review(session, reviewer, document.project_id):
        check_annotator_restore(reviewer, require_assignment(session, reviewer, document), change)
    now = Present(session, document, [change])
    check_restorable(now, change)
    before = decode(change.before)
    with acting(session, reviewer, "restore", action="restore"):
        try:
            if change.kind == "status":
                return _status(now, reviewer, change, before["status"])
            if change.kind == "decision":
                # Restoring a reopening puts the "none taken" decision back.
                restore_decision(session, document, before, reviewer)
                return Restored(change.id, "decision")
            layer = ensure_layer(session, document, layer_owner(change.layer_key))
            if change.kind == "span":
                return _span(now, change, layer, before)
            if change.kind == "relation":
                return _relation(now, change, layer, before)
            return _label(session, change, layer, before)
        except Invalid as error:
            # Well-formed, but the document or the schema has moved on since the change.
            raise Conflict(f"cannot restore change {change.id}: {error.message}") from None


def _span(now: Present, change: LayerChange, layer: Layer, before: dict[str, Any]) -> Restored:
    session = now.session
    result = Restored(change.id, "span")
    if change.action != "delete":
        current = span_of(now, change, layer)
        assert current is not None  # checked by check_restorable
        known, note = known_note(before, decode(change.after))
        spans.update_span(
            session,
            current,
            label=before["label"],
            start=before["start"],
            end=before["end"],
            attributes=before["attributes"],
            # A snapshot from before notes were kept holds none: the span keeps its own.
            note=note if known else current.note,
        )
        result.item = current.id
        return result
    span = spans.add_span(
        session,
        layer,
        before["label"],
        before["start"],
        before["end"],
        before["attributes"],
        note=before.get("note"),
    )
    result.item = span.id
    now.remember(span)
    for relation in before.get("relations", []):
        try:
            with session.begin_nested():
                _add_relation(now, layer, relation)
            result.relations += 1
        except AnnotatorError as error:
            result.skipped.append(f"{relation['type']}: {error.message}")
    return result


def _relation(now: Present, change: LayerChange, layer: Layer, before: dict[str, Any]) -> Restored:
    if change.action == "delete":
        made = _add_relation(now, layer, before)
        return Restored(change.id, "relation", item=made)
    # Its note changed (checked by check_restorable, which found the relation by its ends).
    start, end = relation_ends(now, layer, before)
    there = now.same_relation(before["type"], start, end)
    assert there is not None
    _known, note = known_note(before, decode(change.after))
    relations.set_relation_note(now.session, now.relation(there), note)
    return Restored(change.id, "relation", item=there)


def _add_relation(now: Present, layer: Layer, relation: dict[str, Any]) -> int:
    """Add a snapshot's relation between the layer's spans that have its ends' label and offsets."""
    start, end = relation_ends(now, layer, relation)
    made = relations.add_relation(
        now.session, layer, relation["type"], start, end, note=relation.get("note")
    )
    return made.id


def _label(
    session: AppSession, change: LayerChange, layer: Layer, before: dict[str, Any]
) -> Restored:
    sentence = before["sentence"]
    labels.set_label(session, layer, sentence, before["name"], before["value"])
    unit = DOCUMENT_UNIT if sentence is None else sentence
    return Restored(change.id, "label", item=unit)


def _status(now: Present, reviewer: Actor, change: LayerChange, status: str) -> Restored:
    session, document = now.session, now.document
    if change.layer_key == GOLD:
        gold_status.set_gold_status(session, reviewer, document, status)
        return Restored(change.id, "status")
    assignment = now.assignment(layer_owner(change.layer_key))
    assert assignment is not None  # checked by check_restorable
    before = assignment.status
    assignment.status = status
    session.flush()
    record_status(session, document.id, assignment.user_id, before, status)
    return Restored(change.id, "status")
