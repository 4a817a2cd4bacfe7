"""What enough of a document's annotators agree on that gold lacks: the one home of that rule.

:func:`items_to_accept` only reads: accepting writes exactly its items
(:mod:`.write`), and the count a page asks the reviewer to confirm (:mod:`.preview`) is
their number, so that the two cannot disagree and asking writes nothing (on SQLite, a page
view that wrote, even in a savepoint rolled back, would take the write lock).

Gold keeps every decision already made: an item gold holds is not offered again, a label
field gold gave another value keeps it, and nothing a decided difference holds as a version
is offered (a reviewer took another version, or decided gold takes none of them,
:mod:`annotator.services.review.decided_differences`): a majority would otherwise undo the
reviewer's choice.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.core.quorum import (
    QUORUMS,
    UNANIMOUS,
    LayerItems,
    RelationKey,
    SpanKey,
    agreed_items,
)
from annotator.core.span_notes import gold_note
from annotator.models import Document, LabelValue, Relation, Span
from annotator.services.annotation.layers import find_layer
from annotator.services.review.decided_differences import decided_differences
from annotator.services.review.differences import layer_differences
from annotator.services.review.layers import DocumentLayer, document_layers
from annotator.services.review.none_taken import none_taken


@dataclass
class ToAccept:
    """The items the quorum of a document's annotators gave alike that gold lacks, each with
    the names of the annotators who gave it (its source in gold)."""

    annotators: list[str]
    # Each span's key with the attributes the quorum gave alike, its note (core/span_notes.py
    # gold_note: its holders' joined, held to the note limit) and its givers (the holders
    # whose attributes are exactly those).
    spans: list[tuple[SpanKey, dict[str, Any], str | None, list[str]]] = field(default_factory=list)
    # Each relation's type and ends, the ends by key (a span gold has, or one of ``spans``),
    # its note (joined as a span's) and its givers.
    relations: list[tuple[str, SpanKey, SpanKey, str | None, list[str]]] = field(
        default_factory=list
    )
    # Each label's unit (sentence index or the document unit), field name, value and givers.
    labels: list[tuple[int, str, Any, list[str]]] = field(default_factory=list)
    # Gold's spans already there, by key: the ends the relations are written between.
    gold_spans: dict[SpanKey, Span] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Return the number of items."""
        return len(self.spans) + len(self.relations) + len(self.labels)


def items_to_accept(
    session: Session,
    document: Document,
    quorum: str = UNANIMOUS,
    *,
    decisions: bool | None = None,
    fewest: int = 2,
) -> ToAccept | None:
    """Return what ``quorum`` of ``document``'s annotators agree on and gold lacks, reading only.

    :func:`annotator.core.quorum.agreed_items` decides what is agreed; left out is what gold
    holds (a label field with any value), what a decided difference holds as a version, and
    a relation whose ends gold neither holds nor gets. None when fewer than two annotators
    (``fewest``) have the document.

    :param decisions: whether the document has a "none taken" decision, when the caller
        knows (a project's documents are looked up at once); None: looked up here.
    :param fewest: the fewest annotators to count with (1: what gold lacks of a lone
        annotator's layer, all of which its quorum of one gives).
    """
    layers = document_layers(session, document)
    if len(layers) < fewest:
        return None
    items = ToAccept([layer.name for layer in layers])
    existing = find_layer(session, document, None)
    gold_id = existing.id if existing is not None else -1
    items.gold_spans = {
        (s.label, s.start, s.end): s
        for s in session.scalars(select(Span).where(Span.layer_id == gold_id))
    }
    by_content = [_by_content(layer) for layer in layers]
    agreed = agreed_items([content for content, _ in by_content], quorum)
    gold_labels = {
        (v.sentence_index, v.name)
        for v in session.scalars(select(LabelValue).where(LabelValue.layer_id == gold_id))
    }
    if decisions is None:
        decisions = bool(none_taken(session, document))
    # Without a span or label in gold and without a "none taken" decision nothing is decided:
    # the differences are not worked out (most of the count's time, on a project not yet
    # reviewed).
    decided = (
        _decided_items(session, document, layers)
        if decisions or items.gold_spans or gold_labels
        else set()
    )

    def givers(holders: tuple[int, ...]) -> list[str]:
        return [layers[position].name for position in holders]

    for key in sorted(agreed.spans, key=lambda k: (k[1], k[2], k[0])):
        if key in items.gold_spans or key in decided:
            continue
        attributes, holders = agreed.spans[key]
        # The note is every holder's; the source names only those who gave exactly it.
        note = gold_note((layers[p].name, by_content[p][1][key]) for p in holders)
        items.spans.append((key, attributes, note, givers(agreed.span_givers[key])))
    ends = set(items.gold_spans) | {key for key, *_ in items.spans}
    gold_relations = {
        (r.type, r.from_span_id, r.to_span_id)
        for r in session.scalars(select(Relation).where(Relation.layer_id == gold_id))
    }
    for relation in sorted(agreed.relations, key=str):
        kind, source, target = relation
        if source not in ends or target not in ends or relation in decided:
            continue
        old = items.gold_spans.get(source), items.gold_spans.get(target)
        if (
            old[0] is not None
            and old[1] is not None
            and (kind, old[0].id, old[1].id) in gold_relations
        ):
            continue
        holders = agreed.relations[relation]
        note = gold_note((layers[p].name, by_content[p][1][relation]) for p in holders)
        items.relations.append((kind, source, target, note, givers(holders)))
    for place in sorted(agreed.labels, key=repr):
        if place in gold_labels or place in decided:
            continue
        value, holders = agreed.labels[place]
        unit, name = place
        items.labels.append((int(unit), name, value, givers(holders)))  # type: ignore[call-overload]
    return items


def _by_content(layer: DocumentLayer) -> tuple[LayerItems, dict[Hashable, str | None]]:
    """Return ``layer`` by content, and the note of each span and relation by its key."""
    content = LayerItems()
    notes: dict[Hashable, str | None] = {}
    keys = {span.id: (span.label, span.start, span.end) for span in layer.spans}
    for span in layer.spans:
        key = keys[span.id]
        content.spans.setdefault(key, span.attributes or {})
        notes.setdefault(key, span.note)
    for r in layer.relations:
        relation: RelationKey = (r.type, keys[r.from_span_id], keys[r.to_span_id])
        content.relations.add(relation)
        notes.setdefault(relation, r.note)
    content.labels = {(v.sentence_index, v.name): v.value for v in layer.labels}
    return content, notes


def _decided_items(
    session: Session, document: Document, layers: list[DocumentLayer]
) -> set[Hashable]:
    """Return the keys of every span, relation and label place that a decided difference
    holds as a version: gold took one of its versions, or none of them."""
    differences = layer_differences(layers, None, [])  # counting only: no words
    if not differences:
        return set()
    keys: dict[tuple[str, int], Hashable] = {}
    for layer in layers:
        span_keys = {span.id: (span.label, span.start, span.end) for span in layer.spans}
        keys.update({("span", i): key for i, key in span_keys.items()})
        keys.update(
            {
                ("relation", r.id): (r.type, span_keys[r.from_span_id], span_keys[r.to_span_id])
                for r in layer.relations
            }
        )
        keys.update({("label", v.id): (v.sentence_index, v.name) for v in layer.labels})
    return {
        keys[(version.accept[0], version.accept[1])]
        for item in decided_differences(session, document, layers, differences)
        if item.decided
        for version in item.difference.versions
        if version.accept is not None and (version.accept[0], version.accept[1]) in keys
    }


def check_quorum(quorum: str) -> None:
    """Raise :class:`Invalid` unless ``quorum`` is one of :data:`QUORUMS`."""
    if quorum not in QUORUMS:
        raise Invalid(
            f"quorum must be one of {', '.join(QUORUMS)}, got {quorum!r}",
            details={"field": "quorum", "allowed": list(QUORUMS)},
        )
