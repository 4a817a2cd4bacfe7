"""Whether a change of a layer's history could be restored now: the one home of the rule.

The restore (:mod:`annotator.services.review.restore`) asks it before it writes, and the
history's ``restorable`` flag asks it of every change on a page. Both read the document as
it is now through one :class:`~annotator.services.review.document_now.Present`, which loads
each kind of row the rule looks at once for the layers the changes were made to.
"""

from __future__ import annotations

from typing import Any

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, Forbidden, GoldFinal, no_such
from annotator.core.history import decode, known_note, moved_end
from annotator.core.times import as_utc
from annotator.core.wording import offsets, sentence_said
from annotator.models import ASSIGNMENT_STATUSES, GOLD, Assignment, Layer, LayerChange, Span
from annotator.services.annotation.access import require_open
from annotator.services.history import layer_owner
from annotator.services.review.document_now import Present
from annotator.services.review.none_taken import decision_in_place

#: Why a change that created its item cannot be restored. It does not name the kind (the row
#: does), so that it reads the same on every such row: the History page says it once for all.
NOTHING_EARLIER = (
    "this change created its item: there is no earlier value to restore, and a restore never "
    "deletes"
)

#: The kinds of change an annotator restores in their own layer: what they write in the
#: workspace. Their status is set there by Done and Reopen, and a decision is gold's.
ANNOTATOR_KINDS = ("span", "relation", "label")
#: Why an annotator's restore of their status is refused (the History page says it on the row).
OWN_STATUS = (
    "your layer's status is set with Done and Reopen in the workspace, not restored from "
    "its history"
)


def refusal(now: Present, change: LayerChange) -> Conflict | None:
    """Return why restoring ``change`` would be refused now, or None when it would apply.

    What the history's ``restorable`` says, by the very check the restore makes.
    """
    try:
        check_restorable(now, change)
    except Conflict as refused:
        return refused
    return None


def check_annotator_restore(
    now: Present, user: Actor, assignment: Assignment, change: LayerChange
) -> None:
    """Refuse an annotator's restore that is not of their own open layer's items.

    A reviewer restores any layer's change, a done layer's too (the lock holds the
    annotator's own writes). An annotator restores what they write in the workspace, in
    their own layer, and so under the lock of every write of theirs: only while the layer
    is open.

    :param assignment: ``user``'s assignment to the change's document.
    :raises NotFound: another layer's change (another annotator's, gold's), answered as an
        id that does not exist: the annotator may not read that layer's history, and a 403
        would tell them how many changes their colleagues and the reviewer made.
    :raises Forbidden: a change of their own layer's status (they read it, but set the
        status with Done and Reopen).
    :raises LayerDone: their layer is marked done or skipped (:func:`require_open`).
    """
    if change.layer_key != Layer.key_for(user.id):
        raise no_such("change", change.id)
    if change.kind not in ANNOTATOR_KINDS:
        raise Forbidden(OWN_STATUS)
    require_open(now.session, assignment.status, now.document)


def check_restorable(now: Present, change: LayerChange) -> None:
    """Refuse a restore that cannot apply to the document as it is now; read, never write.

    A change that created its item has nothing to put back; what it found is there already
    (restored once, or set again); or what it needs is gone (the span it changed, a
    relation's ends, the layer's annotator, the sentence a label was on), or it is of gold
    marked final (:mod:`annotator.services.gold.lock`). A schema rule the
    restored item would break is the write's own to refuse.

    :raises Conflict: naming why.
    """
    before = decode(change.before)
    if before is None:
        # Intended: a restore puts back what a change replaced or deleted, and never deletes
        # (an annotator's work is removed where it is made, in the workspace, not from here).
        raise Conflict(NOTHING_EARLIER)
    if change.kind == "status":
        _check_status(now, change, before["status"])
        return
    if change.layer_key == GOLD and now.gold_final is not None:
        # Gold's items and decisions stand while it is final; its status is set as ever.
        raise GoldFinal(now.gold_final.message, now.gold_final.details)
    if change.kind == "decision":
        in_place = decision_in_place(now.decided, before)
        if in_place is not None:
            raise in_place
        return
    owner = layer_owner(change.layer_key)
    if owner is not None and not now.user_exists(owner):
        raise Conflict("the layer's annotator no longer exists")
    layer = now.layer(owner)
    if change.kind == "span":
        _check_span(now, change, layer, before)
    elif change.kind == "relation":
        _check_relation(now, change, layer, before)
    else:
        _check_label(now, change, layer, before)


def span_of(now: Present, change: LayerChange, layer: Layer | None) -> Span | None:
    """Return the span a change was made to, if it is still there.

    SQLite may give a deleted span's id to a later one: a span younger than the change is
    another span.
    """
    span = now.span(change.item_id)
    if (
        span is None
        or layer is None
        or span.layer_id != layer.id
        or as_utc(span.created_at) > as_utc(change.at)
    ):
        return None
    return span


def relation_ends(now: Present, layer: Layer | None, relation: dict[str, Any]) -> tuple[int, int]:
    """Return the ids of the layer's spans with a snapshot relation's ends' label and offsets.

    :raises Conflict: an end is not in the layer (or there is no layer yet).
    """
    ends = []
    for end in ("from", "to"):
        named = relation[end]
        found = now.same_span(layer, named)
        if found is None:
            raise Conflict(
                f"its '{end}' span ({named['label']} {offsets(named['start'], named['end'])}) "
                "is not in the layer"
            )
        ends.append(found)
    return ends[0], ends[1]


def _check_span(
    now: Present, change: LayerChange, layer: Layer | None, before: dict[str, Any]
) -> None:
    if change.action == "delete":
        # Back by its id (and moved since, perhaps), or an identical span in its place.
        back = span_of(now, change, layer)
        _refuse_twice(change, back.id if back is not None else now.same_span(layer, before))
        return
    current = span_of(now, change, layer)
    if current is None:
        raise Conflict(
            f"span {change.item_id} no longer exists; restore its deletion first",
            details={"span": change.item_id},
        )
    known, note = known_note(before, decode(change.after))
    if (current.label, current.start, current.end, current.attributes or {}) == (
        before["label"],
        before["start"],
        before["end"],
        before["attributes"] or {},
    ) and (not known or current.note == note):
        raise Conflict(
            f"span {current.id} is as this change found it already: nothing to restore "
            "(restored already, or changed back)",
            details={"span": current.id},
        )


def _refuse_twice(change: LayerChange, there: int | None) -> None:
    """Refuse to put back a deleted item the layer holds again.

    A second restore of one deletion (a double click, a retried request), or a restore after
    the item was made again, would otherwise add a duplicate beside it.

    :raises Conflict: naming the item that is there.
    """
    if there is not None:
        raise Conflict(
            f"the {change.kind} this change deleted is in the layer again "
            f"({change.kind} {there}): it was restored already, or made again",
            details={change.kind: there},
        )


def _check_relation(
    now: Present, change: LayerChange, layer: Layer | None, before: dict[str, Any]
) -> None:
    followed = change.action != "delete" and moved_end("relation", before, decode(change.after))
    if followed:
        raise Conflict(
            _followed(change, before[followed], decode(change.after)[followed]),
            details={"caused_by": change.caused_by_id},
        )
    start, end = relation_ends(now, layer, before)
    there = now.same_relation(before["type"], start, end)
    if change.action == "delete":
        _refuse_twice(change, there)
        return
    # Any other change of a relation changed its note (its type and ends are what it is).
    if there is None:
        raise Conflict(
            "the relation this change was made to is no longer in the layer; "
            "restore its deletion first"
        )
    known, note = known_note(before, decode(change.after))
    if not known or now.relation(there).note == note:
        raise Conflict(
            f"relation {there} is as this change found it already: nothing to restore "
            "(restored already, or changed back)",
            details={"relation": there},
        )


def _followed(change: LayerChange, was: dict[str, Any], now: dict[str, Any]) -> str:
    """Say why a relation's row written because its end span moved is not restored by itself:
    the relation followed the span (the same row), and goes back with it, its source too
    (:mod:`annotator.services.review.moved_ends`)."""
    moved_to = offsets(now["start"], now["end"])
    if now["label"] != was["label"]:
        moved_to = f"{now['label']} {moved_to}"
    # Said without the span change's id, which the page shows nowhere: the API gives it as
    # the change's ``caused_by``, the page links the row.
    return (
        f"the relation followed its end span {was['label']} {offsets(was['start'], was['end'])}"
        f" to {moved_to} when that span changed; restore the span's change to move the span "
        "back, and the relation with it, with the source it had there"
    )


def _check_label(
    now: Present, change: LayerChange, layer: Layer | None, before: dict[str, Any]
) -> None:
    sentence = before["sentence"]
    if sentence is not None and now.sentences_edited_after(change.at):
        raise Conflict(
            "the document's sentences were split or merged after this change: "
            f"{sentence_said(sentence, now.audience)} may be another sentence now"
        )
    if now.label(layer, sentence, before["name"]) == before["value"]:
        where = "the document" if sentence is None else sentence_said(sentence, now.audience)
        raise Conflict(
            f"{where} holds {before['name']} = {before['value']!r} already: nothing to restore "
            "from this change (restored already, or set again)"
        )


def _check_status(now: Present, change: LayerChange, status: str) -> None:
    if change.layer_key == GOLD:
        if now.gold_status == status:
            raise _status_there("gold", status)
        return
    assignment = now.assignment(layer_owner(change.layer_key))
    if assignment is None or status not in ASSIGNMENT_STATUSES:
        raise Conflict("the document is no longer assigned to that annotator")
    if assignment.status == status:
        raise _status_there("the annotator's", status)


def _status_there(whose: str, status: str) -> Conflict:
    return Conflict(
        f"{whose} status is {status} already: nothing to restore from this change "
        "(restored already, or set again)"
    )
