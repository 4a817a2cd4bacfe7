"""Restoring from a layer's history: a deleted span (with its relations) or an earlier value.

A reviewer of the project puts back what one change's ``before`` held, in the layer that
change was made to: a deleted span comes back with its id, version (one later), note and
attributes, and its relations whose other span is there, with their ids; an earlier label,
offsets, attributes or note of a span, an earlier note of a relation, an earlier value of a
label, a relation, a status. An annotator restores the spans, relations and labels of their
own layer while it is open
(:func:`~annotator.services.review.restorable.check_annotator_restore`). Every write goes
through the ordinary services, so every schema rule holds; a restore that cannot apply is
refused with a 409 naming why (an overlap the schema forbids, a label the schema no longer
has, sentences split or merged since, a span deleted since), and the caller rolls back,
changing nothing. The restore is recorded in the history like any change, as ``restore``.
Whether a restore would be refused is :mod:`annotator.services.review.restorable`, which the
history's ``restorable`` asks too. The workspace's undo of a removal is the restore of that
item's latest deletion (:func:`restore_deletion`): the span keeps its id, so every earlier
row of its history still names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from annotator.core.caller import Actor
from annotator.core.errors import AnnotatorError, Conflict, Invalid, no_such
from annotator.core.gold_source import Source, column_source
from annotator.core.history import decode, kept_origin, known_note
from annotator.core.required_fields import missing_said
from annotator.core.wording import Audience
from annotator.db import AppSession
from annotator.models import (
    DOCUMENT_UNIT,
    GOLD,
    Document,
    Layer,
    LayerChange,
    Relation,
    Span,
    User,
)
from annotator.services.accounts.permissions import (
    may_review,
    require_assignment,
    require_document,
)
from annotator.services.annotation import labels, relations, spans
from annotator.services.annotation.access import writable_layer
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.required import layer_gaps
from annotator.services.history import acting, deciding, layer_owner, record_status
from annotator.services.review import gold_status
from annotator.services.review.document_now import Present
from annotator.services.review.moved_ends import recount_relations_at
from annotator.services.review.none_taken import restore_decision
from annotator.services.review.restorable import (
    check_annotator_restore,
    check_restorable,
    relation_ends,
    span_of,
)


@dataclass
class Restored:
    """What a restore put back: the item (a span's or relation's id), relations, what it left
    out."""

    change: int
    kind: str
    item: int | None = None
    relations: int = 0
    #: The ids of the relations a restored span brought back (``relations`` counts them).
    relation_ids: list[int] = field(default_factory=list)
    #: Relations of a restored span that could not come back, each with the reason.
    skipped: list[str] = field(default_factory=list)
    #: What the restore did that may not be what was meant: a status restored to done while
    #: the layer leaves a required field blank (the status is put back all the same).
    warnings: list[str] = field(default_factory=list)


def restore_change(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    change_id: int,
    audience: Audience = "page",
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
    now = Present(session, document, [change], audience)  # reads nothing until asked
    if not may_review(session, reviewer, document.project_id):
        own = require_assignment(session, reviewer, document)
        check_annotator_restore(now, reviewer, own, change)
    check_restorable(now, change)
    before = decode(change.before)
    # The restore's history row names the source the item had as the change found it.
    with acting(session, reviewer, "restore", action="restore"), _from(session, before):
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


def restore_deletion(
    session: AppSession,
    user: Actor,
    document: Document,
    kind: str,
    item_id: int,
    asked: str | None,
) -> Restored:
    """Put back span or relation ``item_id`` of ``document`` as its latest deletion found it.

    The workspace's undo of a removal: what the history's restore of that deletion does
    (the id kept), asked of the item by its id as the layer's other writes are.

    :param kind: ``span`` or ``relation``.
    :param asked: the ``?layer=`` the caller gave (``gold`` for a reviewer's gold layer).
    :raises NotFound: a document the caller may not see; no deletion of that item in the
        document, or one in a layer the caller may not read (another annotator's).
    :raises Forbidden: a layer the caller reads but may not write.
    :raises LayerDone: the caller's layer is marked done or skipped.
    :raises Conflict: the item (or an identical one) is in the layer again, or the
        document or the schema has moved on so that it cannot come back.
    """
    # A document the caller may not see is answered as one that does not exist, before its
    # history is looked at.
    require_document(session, user, document)
    # In the layer the caller names (their own, or gold), not the latest of any layer.
    key = Layer.key_for(None if asked == GOLD else user.id)
    deletion = (
        select(LayerChange)
        .where(
            LayerChange.document_id == document.id,
            LayerChange.layer_key == key,
            LayerChange.kind == kind,
            LayerChange.action == "delete",
            LayerChange.item_id == item_id,
        )
        .order_by(LayerChange.id.desc())
        .limit(1)
    )
    change = session.scalars(deletion).first()
    layer = None
    if change is not None:
        in_layer = select(Layer).where(
            Layer.document_id == document.id, Layer.key == change.layer_key
        )
        layer = session.scalars(in_layer).first()
    if change is None or layer is None:
        raise no_such(kind, item_id)
    writable_layer(session, user, layer.id, asked, (kind, item_id))
    return restore_change(session, user, document, change.id)


def _as_it_was(
    session: AppSession, change: LayerChange, before: dict[str, Any]
) -> spans.Restoring | None:
    """Return how a deleted span comes back: its id, first time and next version.

    None (a new id) when another span holds its id: SQLite gave a deleted span's id to the
    next one before span ids were never given twice.
    """
    if change.item_id is None:
        return None
    # Its history rows are read against the time it was made (restorable.span_of): the
    # earliest row of its id in this layer is its create, or older than any other. One
    # query asks that and whether another span holds the id.
    taken = select(Span.id).where(Span.id == change.item_id).exists()
    first, held = session.execute(
        select(func.min(LayerChange.at), taken).where(
            LayerChange.document_id == change.document_id,
            LayerChange.layer_key == change.layer_key,
            LayerChange.kind == "span",
            LayerChange.item_id == change.item_id,
        )
    ).one()
    if held:
        return None
    return spans.Restoring(change.item_id, first or change.at, before.get("version", 0) + 1)


def _span(now: Present, change: LayerChange, layer: Layer, before: dict[str, Any]) -> Restored:
    session = now.session
    result = Restored(change.id, "span")
    if change.action != "delete":
        current = span_of(now, change, layer)
        assert current is not None  # checked by check_restorable
        known, note = known_note(before, decode(change.after))
        was = (current.label, current.start, current.end)
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
        _put_origin(session, current, before)
        if layer.is_gold:
            # A relation moved back gets the source it had here, if its history kept it.
            recount_relations_at(session, layer.document_id, {current.id: was}, restoring=change.id)
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
        again=_as_it_was(session, change, before),
        origin=_kept(session, before),
    )
    result.item = span.id
    now.remember(span)
    for relation in before.get("relations", []):
        try:
            with session.begin_nested(), _from(session, relation):
                made = _add_relation(now, layer, relation, relation.get("id"))
            result.relations += 1
            result.relation_ids.append(made)
        except AnnotatorError as error:
            result.skipped.append(f"{relation['type']}: {error.message}")
    return result


def _relation(now: Present, change: LayerChange, layer: Layer, before: dict[str, Any]) -> Restored:
    if change.action == "delete":
        made = _add_relation(now, layer, before, change.item_id)
        return Restored(change.id, "relation", item=made)
    # Its note changed (checked by check_restorable, which found the relation by its ends).
    start, end = relation_ends(now, layer, before)
    there = now.same_relation(before["type"], start, end)
    assert there is not None
    _known, note = known_note(before, decode(change.after))
    restored = relations.set_relation_note(now.session, now.relation(there), note)
    _put_origin(now.session, restored, before)
    return Restored(change.id, "relation", item=there)


def _add_relation(
    now: Present, layer: Layer, relation: dict[str, Any], relation_id: int | None
) -> int:
    """Add a snapshot's relation between the layer's spans that have its ends' label and offsets.

    :param relation_id: the id it had, which it gets back unless another relation holds it
        (as :func:`_as_it_was` says of a span's), or None when its deletion did not keep it.
    """
    start, end = relation_ends(now, layer, relation)
    if relation_id is not None and now.session.get(Relation, relation_id) is not None:
        relation_id = None
    made = relations.add_relation(
        now.session,
        layer,
        relation["type"],
        start,
        end,
        note=relation.get("note"),
        relation_id=relation_id,
        origin=_kept(now.session, relation),
    )
    return made.id


def _label(
    session: AppSession, change: LayerChange, layer: Layer, before: dict[str, Any]
) -> Restored:
    sentence = before["sentence"]
    name, value = before["name"], before["value"]
    labels.set_label(session, layer, sentence, name, value, origin=_kept(session, before))
    unit = DOCUMENT_UNIT if sentence is None else sentence
    return Restored(change.id, "label", item=unit)


def _from(session: AppSession, snapshot: Mapping[str, Any] | None) -> Any:
    """Record the source a snapshot's item had (none when it kept none) on the changes made
    inside: the item's restore and, for a span, each of its relations' own."""
    return deciding(session, _source(snapshot))


def _source(snapshot: Mapping[str, Any] | None) -> Source | None:
    origin = None if snapshot is None else kept_origin(snapshot)
    if origin is None:
        return None
    return column_source(origin["source_how"], origin["source_of"], origin["source_layer"])


def _kept(session: AppSession, snapshot: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the origin columns a snapshot kept (None: none), its decider left out when
    that user has been deleted since (as their deletion leaves the rows they decided)."""
    origin = kept_origin(snapshot)
    decider = None if origin is None else origin["decided_by_id"]
    if origin is not None and decider is not None and session.get(User, decider) is None:
        origin["decided_by_id"] = None
    return origin


def _put_origin(session: AppSession, row: Span | Relation, before: Mapping[str, Any]) -> None:
    """Give a changed item back the origin its change's snapshot kept (an earlier change's
    source, not the later one's); one that kept none leaves the item's own."""
    for column, value in (_kept(session, before) or {}).items():
        setattr(row, column, value)
    session.flush()


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
    # Put back unchecked, as the status was (the refusal is of marking done, not of a layer
    # being done), but said: done may now leave a field required since blank.
    gaps = layer_gaps(session, document, assignment.user_id) if status == "done" else []
    warnings = [f"restored as done all the same: {missing_said(gaps)}"] if gaps else []
    return Restored(change.id, "status", warnings=warnings)
