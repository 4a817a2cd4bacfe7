"""Whether a change of a layer's history could be restored now: the one home of the rule.

The restore (:mod:`annotator.services.review.restore`) asks it before it writes, and the
history's ``restorable`` flag asks it of every change on a page. Both read the document as
it is now through one :class:`Present`, which loads each kind of row the rule looks at once
for the layers the changes were made to, so that a page of fifty changes costs as few
queries as one change, and a restore reads one layer's items, not the document's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict
from annotator.core.history import decode
from annotator.core.times import as_utc
from annotator.models import (
    ASSIGNMENT_STATUSES,
    DOCUMENT_UNIT,
    GOLD,
    Assignment,
    Document,
    LabelValue,
    Layer,
    LayerChange,
    Relation,
    Span,
    User,
)
from annotator.services.datasets.sentence_edits import last_sentence_edit
from annotator.services.history import layer_owner
from annotator.services.review import gold_status
from annotator.services.review.none_taken import decided, decision_in_place


class Present:
    """A document as it is now, for the restore rule: each kind of row read once, when first asked.

    Of its items, only those of the layers the changes were made to are read. Build it
    before any write; the restore keeps it current by :meth:`remember` for the one kind of
    row it adds before it looks again (the spans a restored relation joins).
    """

    def __init__(self, session: Session, document: Document, changes: Iterable[LayerChange]):
        self.session = session
        self.document = document
        changes = list(changes)
        # Every item the rule looks at is in the layer its change was made to (a relation's
        # ends too): the other layers' rows are never read.
        self._keys = {change.layer_key for change in changes}
        self._owners = {
            owner for change in changes if (owner := layer_owner(change.layer_key)) is not None
        }

    def _of_changed_layers(self, model: type[Span] | type[Relation] | type[LabelValue]) -> Any:
        return (
            select(model)
            .join(Layer, Layer.id == model.layer_id)
            .where(Layer.document_id == self.document.id, Layer.key.in_(self._keys))
        )

    @cached_property
    def _users(self) -> set[int]:
        if not self._owners:
            return set()
        return set(self.session.scalars(select(User.id).where(User.id.in_(self._owners))))

    @cached_property
    def _layers(self) -> dict[str, Layer]:
        rows = self.session.scalars(select(Layer).where(Layer.document_id == self.document.id))
        return {layer.key: layer for layer in rows}

    @cached_property
    def _spans(self) -> dict[int, Span]:
        return {span.id: span for span in self.session.scalars(self._of_changed_layers(Span))}

    @cached_property
    def _spans_by_content(self) -> dict[tuple[int, str, int, int], int]:
        found: dict[tuple[int, str, int, int], int] = {}
        for span in sorted(self._spans.values(), key=lambda span: span.id):
            found.setdefault((span.layer_id, span.label, span.start, span.end), span.id)
        return found

    @cached_property
    def _relations(self) -> dict[tuple[str, int, int], int]:
        found: dict[tuple[str, int, int], int] = {}
        rows = self.session.scalars(self._of_changed_layers(Relation).order_by(Relation.id))
        for relation in rows:
            ends = (relation.type, relation.from_span_id, relation.to_span_id)
            found.setdefault(ends, relation.id)
        return found

    @cached_property
    def _labels(self) -> dict[tuple[int, int, str], Any]:
        rows = self.session.scalars(self._of_changed_layers(LabelValue))
        return {(row.layer_id, row.sentence_index, row.name): row.value for row in rows}

    @cached_property
    def _assignments(self) -> dict[int, Assignment]:
        rows = self.session.scalars(
            select(Assignment).where(Assignment.document_id == self.document.id)
        )
        return {row.user_id: row for row in rows}

    @cached_property
    def _last_sentence_edit(self) -> datetime | None:
        return last_sentence_edit(self.session, self.document.id)

    @cached_property
    def gold_status(self) -> str:
        """The document's gold status."""
        return gold_status.document_gold_status(self.session, self.document)

    @cached_property
    def decided(self) -> set[str]:
        """The differences of the document decided "none taken"."""
        return decided(self.session, self.document)

    def user_exists(self, user_id: int) -> bool:
        """Tell whether the owner of a layer that one of the changes was made to still exists."""
        return user_id in self._users

    def layer(self, owner: int | None) -> Layer | None:
        """Return the layer of ``owner`` (gold when None), or None when there is none."""
        return self._layers.get(Layer.key_for(owner))

    def span(self, span_id: int | None) -> Span | None:
        """Return the span with that id, if the document holds it."""
        return None if span_id is None else self._spans.get(span_id)

    def same_span(self, layer: Layer | None, snapshot: dict[str, Any]) -> int | None:
        """Return the id of the layer's first span with a snapshot's label and offsets."""
        if layer is None:
            return None
        key = (layer.id, snapshot["label"], snapshot["start"], snapshot["end"])
        return self._spans_by_content.get(key)

    def same_relation(self, kind: str, start: int, end: int) -> int | None:
        """Return the id of the first relation of that type between those spans."""
        return self._relations.get((kind, start, end))

    def label(self, layer: Layer | None, sentence: int | None, name: str) -> Any:
        """Return the value a layer holds for a sentence's (None: the document's) field."""
        if layer is None:
            return None
        unit = DOCUMENT_UNIT if sentence is None else sentence
        return self._labels.get((layer.id, unit, name))

    def assignment(self, owner: int | None) -> Assignment | None:
        """Return the document's assignment to ``owner``."""
        return None if owner is None else self._assignments.get(owner)

    def sentences_edited_after(self, moment: datetime) -> bool:
        """Tell whether the document's sentences were split or merged after ``moment``."""
        last = self._last_sentence_edit
        return last is not None and as_utc(last) > as_utc(moment)

    def remember(self, span: Span) -> None:
        """Count a span the restore has just added among the document's spans."""
        self._spans[span.id] = span
        key = (span.layer_id, span.label, span.start, span.end)
        self._spans_by_content.setdefault(key, span.id)


def refusal(now: Present, change: LayerChange) -> Conflict | None:
    """Return why restoring ``change`` would be refused now, or None when it would apply.

    What the history's ``restorable`` says, by the very check the restore makes.
    """
    try:
        check_restorable(now, change)
    except Conflict as refused:
        return refused
    return None


def check_restorable(now: Present, change: LayerChange) -> None:
    """Refuse a restore that cannot apply to the document as it is now; read, never write.

    A change that created its item has nothing to put back; what it found is there already
    (restored once, or set again); or what it needs is gone (the span it changed, a
    relation's ends, the layer's annotator, the sentence a label was on). A schema rule the
    restored item would break is the write's own to refuse.

    :raises Conflict: naming why.
    """
    before = decode(change.before)
    if before is None:
        raise Conflict(
            f"change {change.id} created the {change.kind}: there is no earlier value to restore"
        )
    if change.kind == "status":
        _check_status(now, change, before["status"])
        return
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
                f"its '{end}' span ({named['label']} {named['start']}-{named['end']}) "
                "is not in the layer"
            )
        ends.append(found)
    return ends[0], ends[1]


def _check_span(
    now: Present, change: LayerChange, layer: Layer | None, before: dict[str, Any]
) -> None:
    if change.action == "delete":
        _refuse_twice(change, now.same_span(layer, before))
        return
    current = span_of(now, change, layer)
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


def _refuse_twice(change: LayerChange, there: int | None) -> None:
    """Refuse to put back a deleted item the layer holds again.

    A second restore of one deletion (a double click, a retried request), or a restore after
    the item was made again, would otherwise add a duplicate beside it.

    :raises Conflict: naming the item that is there.
    """
    if there is not None:
        raise Conflict(
            f"the {change.kind} that change {change.id} deleted is in the layer again "
            f"({change.kind} {there}): it was restored already, or made again",
            details={change.kind: there},
        )


def _check_relation(
    now: Present, change: LayerChange, layer: Layer | None, before: dict[str, Any]
) -> None:
    if change.action != "delete":
        raise Conflict(f"change {change.id} did not delete a relation: nothing to restore")
    start, end = relation_ends(now, layer, before)
    _refuse_twice(change, now.same_relation(before["type"], start, end))


def _check_label(
    now: Present, change: LayerChange, layer: Layer | None, before: dict[str, Any]
) -> None:
    sentence = before["sentence"]
    if sentence is not None and now.sentences_edited_after(change.at):
        raise Conflict(
            f"the document's sentences were split or merged after change {change.id}: "
            f"sentence {sentence + 1} may be another sentence now"
        )
    if now.label(layer, sentence, before["name"]) == before["value"]:
        where = "the document" if sentence is None else f"sentence {sentence + 1}"
        raise Conflict(
            f"{where} holds {before['name']} = {before['value']!r} already: nothing to restore "
            f"from change {change.id} (restored already, or set again)"
        )


def _check_status(now: Present, change: LayerChange, status: str) -> None:
    if change.layer_key == GOLD:
        if now.gold_status == status:
            raise _status_there(change, "gold", status)
        return
    assignment = now.assignment(layer_owner(change.layer_key))
    if assignment is None or status not in ASSIGNMENT_STATUSES:
        raise Conflict("the document is no longer assigned to that annotator")
    if assignment.status == status:
        raise _status_there(change, "the annotator's", status)


def _status_there(change: LayerChange, whose: str, status: str) -> Conflict:
    return Conflict(
        f"{whose} status is {status} already: nothing to restore from change {change.id} "
        "(restored already, or set again)"
    )
