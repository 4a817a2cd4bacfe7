"""Which suggestions a layer already holds: the one home of "held".

A suggestion is *held* when the layer it would be accepted into already answers it:

- a suggested span, when the layer has a span of its label over any of its characters: the
  same span, or the annotator's own wider or narrower one ("Dr. Maria Lopez" for the rules'
  "Maria Lopez"), which is their answer to it;
- a suggested relation, when the layer has a relation of its type from the span holding its
  "from" end to the span holding its "to" end;
- a suggested sentence or document label, when the layer has a value for its field there:
  the value suggested, or another the annotator chose instead.

Every face asks here. ``GET /documents/<id>/suggestions`` leaves held suggestions out and
counts them (``?include_held=1`` lists them too, each marked ``held``); accepting a held span
or relation is refused (409, "you already have this span"); accepting a sentence's
suggestions uses the layer's span for a held one and names every held suggestion. Accepting a
suggested label keeps its own documented answer (it sets the value; one the layer had already
is left as it was). The workspace asks for every suggestion and applies this rule itself to
the layer as it changes on the page (``static/js/suggestions.js`` ``taken`` and ``labelFor``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict
from annotator.core.rules import duplicate_relation, duplicate_span
from annotator.core.vocabulary import DOCUMENT_UNIT
from annotator.models import LabelValue, Layer, Relation, Span

#: The lists of a suggestions layer's payload, each counted in its ``held``.
KINDS = ("spans", "relations", "sentence_labels", "document_labels")

#: A suggested span as the rule reads it: its label and offsets.
SpanKey = tuple[str, int, int]


@dataclass
class _LabelSpans:
    """A layer's spans of one label, indexed to find the one holding a suggestion in a few
    steps rather than a look at each (a list asks for hundreds of suggestions at once)."""

    rows: list[tuple[int, int, int]]  # (start, end, id) in reading order
    starts: list[int] = field(init=False)
    reach: list[int] = field(init=False)  # the furthest end of the spans up to each row
    same: dict[tuple[int, int], int] = field(init=False)  # offsets -> the first span's id

    def __post_init__(self) -> None:
        self.rows.sort()
        self.starts = [start for start, _end, _id in self.rows]
        self.reach, furthest = [], -1
        for _start, end, _id in self.rows:
            furthest = max(furthest, end)
            self.reach.append(furthest)
        self.same = {}
        for start, end, span_id in self.rows:
            self.same.setdefault((start, end), span_id)

    def holding(self, start: int, end: int) -> int | None:
        """The span at ``[start, end)``, else the first in reading order over any of it."""
        same = self.same.get((start, end))
        if same is not None:
            return same
        # The first row reaching past ``start`` ends there itself (its end raised the reach);
        # it overlaps when it also starts before ``end``, and if it does not, none later does.
        first = bisect_right(self.reach, start)
        return self.rows[first][2] if first < bisect_left(self.starts, end) else None


class Holdings:
    """What one layer holds that a suggestion could be, read once and asked many times.

    Each kind is read on its first question (accepting one span reads no relation). What an
    accept writes is noted (:meth:`note_span`, :meth:`note_relation`), so that the next
    suggestion of the same accept is asked against the layer as it now is.
    """

    def __init__(self, session: Session, layer: Layer | None) -> None:
        self.session = session
        self.layer_id = None if layer is None else layer.id
        self.is_gold = layer is not None and layer.is_gold

    @cached_property
    def _spans(self) -> dict[str, _LabelSpans]:
        """The layer's spans by label."""
        by_label: dict[str, list[tuple[int, int, int]]] = {}
        if self.layer_id is not None:
            rows = self.session.execute(
                select(Span.label, Span.start, Span.end, Span.id).where(
                    Span.layer_id == self.layer_id
                )
            )
            for label, start, end, span_id in rows:
                by_label.setdefault(label, []).append((start, end, span_id))
        return {label: _LabelSpans(rows) for label, rows in by_label.items()}

    @cached_property
    def _relations(self) -> set[tuple[str, int, int]]:
        """The layer's relations: ``(type, from span id, to span id)``."""
        if self.layer_id is None:
            return set()
        rows = self.session.execute(
            select(Relation.type, Relation.from_span_id, Relation.to_span_id).where(
                Relation.layer_id == self.layer_id
            )
        )
        return {(type_, source, target) for type_, source, target in rows}

    @cached_property
    def _labels(self) -> set[tuple[int, str]]:
        """The units and fields the layer has a value for: ``(sentence index, name)``."""
        if self.layer_id is None:
            return set()
        rows = self.session.execute(
            select(LabelValue.sentence_index, LabelValue.name).where(
                LabelValue.layer_id == self.layer_id
            )
        )
        return {(unit, name) for unit, name in rows}

    def span_holding(self, suggested: SpanKey) -> int | None:
        """Return the id of the layer's span that holds a suggested span, or None.

        The span of its label and offsets if there is one, else the first (by start) of its
        label over any of its characters.
        """
        label, start, end = suggested
        spans = self._spans.get(label)
        return None if spans is None else spans.holding(start, end)

    def holds_relation(self, type_: str, source: SpanKey, target: SpanKey) -> bool:
        """Tell whether the layer has a relation of ``type_`` between the spans holding a
        suggested relation's two ends (described by their label and offsets)."""
        ends = self.span_holding(source), self.span_holding(target)
        return None not in ends and (type_, *ends) in self._relations

    def holds_label(self, unit: int, name: str) -> bool:
        """Tell whether the layer has a value for field ``name`` of ``unit`` (a sentence's
        index, or :data:`DOCUMENT_UNIT`)."""
        return (unit, name) in self._labels

    def note_span(self, span: Span) -> None:
        """Count a span an accept just wrote into the layer."""
        before = self._spans.get(span.label)
        rows = [] if before is None else before.rows
        self._spans[span.label] = _LabelSpans([*rows, (span.start, span.end, span.id)])

    def note_relation(self, relation: Relation) -> None:
        """Count a relation an accept just wrote into the layer."""
        self._relations.add((relation.type, relation.from_span_id, relation.to_span_id))

    def _whose(self) -> str:
        return "gold already has" if self.is_gold else "you already have"

    def span_refusal(self, suggested: SpanKey, holder: int) -> Conflict:
        """Return the 409 for accepting a held span, naming the layer's span in
        ``details.span`` (as every span write's refusal of a copy does)."""
        label, start, end = suggested
        shown = next(s for s in self._spans[label].rows if s[2] == holder)
        said = duplicate_span(holder, label, shown[0], shown[1]).message
        if (shown[0], shown[1]) != (start, end):
            said = f"{said} (over the suggested [{start}, {end}))"
        return Conflict(f"{self._whose()} this span: {said}", details={"span": holder})

    def relation_refusal(self, type_: str, source: SpanKey, target: SpanKey) -> Conflict:
        """Return the 409 for accepting a held relation, naming its two spans."""
        ends = self.span_holding(source), self.span_holding(target)
        copy = duplicate_relation(type_, *ends)
        return Conflict(f"{self._whose()} this relation: {copy.message}", details=copy.details)


def span_key(span: Span | dict[str, Any]) -> SpanKey:
    """Return what the rule reads of a suggested span (a row, or the API's item)."""
    if isinstance(span, Span):
        return span.label, span.start, span.end
    return span["label"], span["start"], span["end"]


def mark_held(payload: dict[str, Any], holdings: Holdings, include_held: bool) -> dict[str, Any]:
    """Mark each suggestion of a suggestions layer payload ``held`` or not, count the held
    ones of each kind in ``payload["held"]``, and leave them out unless ``include_held``.

    A relation left in may name an end left out (a held span): accepting it uses the
    layer's span there.
    """
    spans = {span["id"]: span for span in payload["spans"]}
    for span in payload["spans"]:
        span["held"] = holdings.span_holding(span_key(span)) is not None
    for relation in payload["relations"]:
        ends = spans.get(relation["from"]), spans.get(relation["to"])
        relation["held"] = (
            ends[0] is not None
            and ends[1] is not None
            and holdings.holds_relation(relation["type"], span_key(ends[0]), span_key(ends[1]))
        )
    for label in payload["sentence_labels"] + payload["document_labels"]:
        label["held"] = holdings.holds_label(label.get("sentence", DOCUMENT_UNIT), label["name"])
    payload["held"] = {kind: sum(item["held"] for item in payload[kind]) for kind in KINDS}
    if not include_held:
        for kind in KINDS:
            payload[kind] = [item for item in payload[kind] if not item["held"]]
    return payload
