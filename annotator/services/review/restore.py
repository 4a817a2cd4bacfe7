"""Restoring from a layer's history: a deleted span (with its relations) or an earlier value.

A reviewer of the project puts back what one change's ``before`` held, in the layer that
change was made to: a deleted span comes back (under a new id) with its attributes, and its
relations whose other span is there; an earlier label, offsets or attributes of a span, an
earlier value of a label, a relation, a status. Every write goes through the ordinary
services, so every schema rule holds; a restore that cannot apply is refused with a 409
naming why (an overlap the schema forbids, a label the schema no longer has, sentences
split or merged since, a span deleted since), and the caller rolls back, changing nothing.
The restore is recorded in the history like any change, as ``restore``. Whether a restore
would be refused is :func:`check_restorable`, which the history's ``restorable`` asks too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError, Conflict, Invalid, no_such
from annotator.core.history import decode
from annotator.core.times import as_utc
from annotator.models import (
    ASSIGNMENT_STATUSES,
    DOCUMENT_UNIT,
    GOLD,
    Assignment,
    Document,
    Layer,
    LayerChange,
    Relation,
    Span,
    User,
)
from annotator.services.accounts.permissions import require_document, require_review
from annotator.services.annotation import labels, relations, spans
from annotator.services.annotation.layers import ensure_layer, find_layer
from annotator.services.datasets.sentence_edits import sentences_edited_since
from annotator.services.history import acting, layer_owner, record_status
from annotator.services.review import gold_status
from annotator.services.review.none_taken import decision_in_place, restore_decision


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
    session: Session, reviewer: User, document: Document, change_id: int
) -> Restored:
    """Put back what change ``change_id`` of ``document`` found before it.

    :raises NotFound: no such change of this document.
    :raises Forbidden: the caller may not review the document's project.
    :raises Conflict: the change had no earlier value, or it can no longer apply.
    """
    require_document(session, reviewer, document)
    require_review(session, reviewer, document.project_id, "restore from the history")
    change = session.get(LayerChange, change_id)
    if change is None or change.document_id != document.id:
        raise no_such("change", change_id)
    check_restorable(session, document, change)
    before = decode(change.before)
    with acting(session, reviewer, "restore", action="restore"):
        try:
            if change.kind == "status":
                return _status(session, reviewer, document, change, before["status"])
            if change.kind == "decision":
                # Restoring a reopening puts the "none taken" decision back.
                restore_decision(session, document, before, reviewer)
                return Restored(change.id, "decision")
            layer = ensure_layer(session, document, layer_owner(change.layer_key))
            if change.kind == "span":
                return _span(session, change, layer, before)
            if change.kind == "relation":
                return _relation(session, change, layer, before)
            return _label(session, change, layer, before)
        except Invalid as error:
            # Well-formed, but the document or the schema has moved on since the change.
            raise Conflict(f"cannot restore change {change.id}: {error.message}") from None


def refusal(session: Session, document: Document, change: LayerChange) -> Conflict | None:
    """Return why restoring ``change`` would be refused now, or None when it would apply.

    What the history's ``restorable`` says, by the very check :func:`restore_change` makes.
    """
    try:
        check_restorable(session, document, change)
    except Conflict as refused:
        return refused
    return None


def check_restorable(session: Session, document: Document, change: LayerChange) -> None:
    """Refuse a restore that cannot apply to the document as it is now; read, never write.

    The one home of the rule: a change that created its item has nothing to put back; what
    it found is there already (restored once, or set again); or what it needs is gone (the
    span it changed, a relation's ends, the layer's annotator, the sentence a label was
    on). A schema rule the restored item would break is the write's own to refuse.

    :raises Conflict: naming why.
    """
    before = decode(change.before)
    if before is None:
        raise Conflict(
            f"change {change.id} created the {change.kind}: there is no earlier value to restore"
        )
    if change.kind == "status":
        _check_status(session, document, change, before["status"])
        return
    if change.kind == "decision":
        in_place = decision_in_place(session, document, before)
        if in_place is not None:
            raise in_place
        return
    owner = layer_owner(change.layer_key)
    if owner is not None and session.get(User, owner) is None:
        raise Conflict("the layer's annotator no longer exists")
    layer = find_layer(session, document, owner)
    if change.kind == "span":
        _check_span(session, change, layer, before)
    elif change.kind == "relation":
        _check_relation(session, change, layer, before)
    else:
        _check_label(session, change, layer, before)


def _check_span(
    session: Session, change: LayerChange, layer: Layer | None, before: dict[str, Any]
) -> None:
    if change.action == "delete":
        if layer is not None:
            _refuse_twice(session, change, _same_span(layer, before))
        return
    current = _span_of(session, change, layer)
    if current is None:
        raise Conflict(
            f"span {change.item_id} no longer exists; restore its deletion first",
            details={"span": change.item_id},
        )
    if (current.label, current.start, current.end, current.attributes or {}) == (
        before["label"],
        before["start"],
        before["end"],
        before["attributes"] or {},
    ):
        raise Conflict(
            f"span {current.id} is as change {change.id} found it already: nothing to "
            "restore (restored already, or changed back)",
            details={"span": current.id},
        )


def _span(session: Session, change: LayerChange, layer: Layer, before: dict[str, Any]) -> Restored:
    result = Restored(change.id, "span")
    if change.action != "delete":
        current = _span_of(session, change, layer)
        assert current is not None  # checked by check_restorable
        spans.update_span(
            session,
            current,
            label=before["label"],
            start=before["start"],
            end=before["end"],
            attributes=before["attributes"],
        )
        result.item = current.id
        return result
    span = spans.add_span(
        session, layer, before["label"], before["start"], before["end"], before["attributes"]
    )
    result.item = span.id
    for relation in before.get("relations", []):
        try:
            with session.begin_nested():
                _add_relation(session, layer, relation)
            result.relations += 1
        except AnnotatorError as error:
            result.skipped.append(f"{relation['type']}: {error.message}")
    return result


def _same_span(layer: Layer, snapshot: dict[str, Any]) -> Select[tuple[int]]:
    """The layer's spans with a snapshot's label and offsets."""
    return (
        select(Span.id)
        .where(Span.layer_id == layer.id, Span.label == snapshot["label"])
        .where(Span.start == snapshot["start"], Span.end == snapshot["end"])
        .order_by(Span.id)
        .limit(1)
    )


def _refuse_twice(session: Session, change: LayerChange, same: Select[tuple[int]]) -> None:
    """Refuse to put back a deleted item the layer holds again.

    A second restore of one deletion (a double click, a retried request), or a restore after
    the item was made again, would otherwise add a duplicate beside it.

    :raises Conflict: naming the item that is there.
    """
    there = session.scalar(same)
    if there is not None:
        raise Conflict(
            f"the {change.kind} that change {change.id} deleted is in the layer again "
            f"({change.kind} {there}): it was restored already, or made again",
            details={change.kind: there},
        )


def _span_of(session: Session, change: LayerChange, layer: Layer | None) -> Span | None:
    """Return the span a change was made to, if it is still there.

    SQLite may give a deleted span's id to a later one: a span younger than the change is
    another span.
    """
    span = None if change.item_id is None else session.get(Span, change.item_id)
    if (
        span is None
        or layer is None
        or span.layer_id != layer.id
        or as_utc(span.created_at) > as_utc(change.at)
    ):
        return None
    return span


def _check_relation(
    session: Session, change: LayerChange, layer: Layer | None, before: dict[str, Any]
) -> None:
    if change.action != "delete":
        raise Conflict(f"change {change.id} did not delete a relation: nothing to restore")
    start, end = _relation_ends(session, layer, before)
    same = (
        select(Relation.id)
        .where(Relation.type == before["type"])
        .where(Relation.from_span_id == start, Relation.to_span_id == end)
        .order_by(Relation.id)
        .limit(1)
    )
    _refuse_twice(session, change, same)


def _relation(
    session: Session, change: LayerChange, layer: Layer, before: dict[str, Any]
) -> Restored:
    made = _add_relation(session, layer, before)
    return Restored(change.id, "relation", item=made)


def _add_relation(session: Session, layer: Layer, relation: dict[str, Any]) -> int:
    """Add a snapshot's relation between the layer's spans that have its ends' label and offsets."""
    start, end = _relation_ends(session, layer, relation)
    return relations.add_relation(session, layer, relation["type"], start, end).id


def _relation_ends(
    session: Session, layer: Layer | None, relation: dict[str, Any]
) -> tuple[int, int]:
    """Return the ids of the layer's spans with a snapshot relation's ends' label and offsets.

    :raises Conflict: an end is not in the layer (or there is no layer yet).
    """
    ends = []
    for end in ("from", "to"):
        named = relation[end]
        found = None if layer is None else session.scalar(_same_span(layer, named))
        if found is None:
            raise Conflict(
                f"its '{end}' span ({named['label']} {named['start']}-{named['end']}) "
                "is not in the layer"
            )
        ends.append(found)
    return ends[0], ends[1]


def _check_label(
    session: Session, change: LayerChange, layer: Layer | None, before: dict[str, Any]
) -> None:
    sentence = before["sentence"]
    if sentence is not None and sentences_edited_since(session, change.document_id, change.at):
        raise Conflict(
            f"the document's sentences were split or merged after change {change.id}: "
            f"sentence {sentence + 1} may be another sentence now"
        )
    current = (
        None if layer is None else labels.current_label(session, layer, sentence, before["name"])
    )
    if current == before["value"]:
        where = "the document" if sentence is None else f"sentence {sentence + 1}"
        raise Conflict(
            f"{where} holds {before['name']} = {before['value']!r} already: nothing to restore "
            f"from change {change.id} (restored already, or set again)"
        )


def _label(session: Session, change: LayerChange, layer: Layer, before: dict[str, Any]) -> Restored:
    sentence = before["sentence"]
    labels.set_label(session, layer, sentence, before["name"], before["value"])
    unit = DOCUMENT_UNIT if sentence is None else sentence
    return Restored(change.id, "label", item=unit)


def _check_status(session: Session, document: Document, change: LayerChange, status: str) -> None:
    if change.layer_key == GOLD:
        if gold_status.document_gold_status(session, document) == status:
            raise _status_there(change, "gold", status)
        return
    assignment = _assignment(session, document, change)
    if assignment is None or status not in ASSIGNMENT_STATUSES:
        raise Conflict("the document is no longer assigned to that annotator")
    if assignment.status == status:
        raise _status_there(change, "the annotator's", status)


def _assignment(session: Session, document: Document, change: LayerChange) -> Assignment | None:
    owner = layer_owner(change.layer_key)
    return session.scalar(
        select(Assignment).where(Assignment.document_id == document.id, Assignment.user_id == owner)
    )


def _status(
    session: Session, reviewer: User, document: Document, change: LayerChange, status: str
) -> Restored:
    if change.layer_key == GOLD:
        gold_status.set_gold_status(session, reviewer, document, status)
        return Restored(change.id, "status")
    assignment = _assignment(session, document, change)
    assert assignment is not None  # checked by check_restorable
    before = assignment.status
    assignment.status = status
    session.flush()
    record_status(session, document.id, assignment.user_id, before, status)
    return Restored(change.id, "status")


def _status_there(change: LayerChange, whose: str, status: str) -> Conflict:
    return Conflict(
        f"{whose} status is {status} already: nothing to restore from change {change.id} "
        "(restored already, or set again)"
    )
