"""Accepting into gold every item enough of a document's annotators agree on.

The quorum is :mod:`annotator.core.quorum`'s: ``unanimous`` (all of them, the default) or
``majority`` (more than half, the rule of the export's ``majority`` layer). :func:`items_to_accept`
is the one home of "what the quorum agrees on and gold does not hold yet": it only reads.
Accepting writes exactly its items; the count a page asks the reviewer to confirm is their
number, so that the two cannot disagree and asking writes nothing (on SQLite, a page view
that wrote, even in a savepoint rolled back, would take the write lock).

Gold keeps every decision already made: an item gold holds is not written again, a label
field gold gave another value keeps it, and nothing a decided difference holds as a version
is taken (a reviewer took another version, or decided gold takes none of them,
:mod:`annotator.services.review.decided_differences`): a majority would otherwise undo the
reviewer's choice. Each item written records its source (:mod:`annotator.core.gold_source`):
the quorum, over how many annotators, and those who gave exactly it (a span's holder who gave
its attributes otherwise is not named).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.core.gold_source import quorum_source
from annotator.core.quorum import (
    QUORUMS,
    UNANIMOUS,
    LayerItems,
    RelationKey,
    SpanKey,
    agreed_items,
)
from annotator.core.span_notes import gold_note
from annotator.db import AppSession
from annotator.models import Document, LabelValue, Project, Relation, Span, User
from annotator.services.accounts.permissions import require_review
from annotator.services.annotation import relations, spans
from annotator.services.annotation.layers import ensure_layer, find_layer
from annotator.services.annotation.provenance import record_decision
from annotator.services.gold_lock import (
    gold_is_final_held,
    require_gold_open,
    writers_serialised,
)
from annotator.services.history import acting, acts_as, deciding
from annotator.services.review.accept_scope import AcceptScope, named_scope, project_scope
from annotator.services.review.adjudication import set_gold_label
from annotator.services.review.decided_differences import decided_differences
from annotator.services.review.differences import layer_differences
from annotator.services.review.gold_status import mark_in_review
from annotator.services.review.layers import DocumentLayer, document_layers
from annotator.services.review.none_taken import documents_with_none_taken, none_taken


@dataclass
class Accepted:
    """What one "accept every agreed item" action added to gold (or would add)."""

    spans: int = 0
    relations: int = 0
    labels: int = 0
    documents: int = 0
    #: The documents with fewer than two annotators (nothing to agree on), by external id.
    skipped: list[str] = field(default_factory=list)
    #: The documents left out because their gold is marked final (a whole project's accept):
    #: final gold takes no change until set back to in review.
    skipped_final: int = 0
    #: The documents left out because someone assigned has not finished them (an accept of
    #: many documents, unless asked to include them: :mod:`.accept_scope`).
    skipped_unfinished: int = 0
    #: The documents taken although someone assigned has not finished them (asked to).
    included_unfinished: int = 0

    @property
    def total(self) -> int:
        """Return the number of items accepted."""
        return self.spans + self.relations + self.labels

    def add(self, items: ToAccept) -> None:
        """Count one document's items in."""
        self.spans += len(items.spans)
        self.relations += len(items.relations)
        self.labels += len(items.labels)
        self.documents += 1 if items.total else 0


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
) -> ToAccept | None:
    """Return what ``quorum`` of ``document``'s annotators agree on and gold lacks, reading only.

    :func:`annotator.core.quorum.agreed_items` decides what is agreed; left out is what gold
    holds (a label field with any value), what a decided difference holds as a version, and
    a relation whose ends gold neither holds nor gets. None when fewer than two annotators
    have the document.

    :param decisions: whether the document has a "none taken" decision, when the caller
        knows (a project's documents are looked up at once); None: looked up here.
    """
    layers = document_layers(session, document)
    if len(layers) < 2:
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


@acts_as("reviewer")
def accept_unanimous(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    result: Accepted | None = None,
    *,
    quorum: str = UNANIMOUS,
) -> Accepted:
    """Accept into gold every item of :func:`items_to_accept`; gold keeps what it has.

    :param quorum: ``unanimous`` (all the annotators) or ``majority`` (more than half).
    :raises Invalid: another quorum (the field named).
    """
    require_review(session, reviewer, document.project_id, "adjudicate")
    check_quorum(quorum)
    require_gold_open(session, document)
    return _accept(session, reviewer, document, result or Accepted(), quorum, None)


def _accept(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    result: Accepted,
    quorum: str,
    decisions: bool | None,
) -> Accepted:
    items = items_to_accept(session, document, quorum, decisions=decisions)
    if items is None:
        result.skipped.append(document.external_id)
        return result
    if not items.total:
        # Gold's layer is made only when something goes into it: a document with nothing
        # agreed keeps no gold (and exports none) and stays open.
        return result
    gold = ensure_layer(session, document, None)
    ends = dict(items.gold_spans)
    of = len(items.annotators)
    for key, attributes, note, givers in items.spans:
        decided = quorum_source(quorum, givers, of)
        with deciding(session, decided):
            span = spans.add_span(session, gold, key[0], key[1], key[2], attributes, note=note)
        record_decision(span, reviewer, decided)
        ends[key] = span
    for kind, source, target, note, givers in items.relations:
        decided = quorum_source(quorum, givers, of)
        with deciding(session, decided):
            relation = relations.add_relation(
                session, gold, kind, ends[source].id, ends[target].id, note=note
            )
        record_decision(relation, reviewer, decided)
    for unit, name, value, givers in items.labels:
        decided = quorum_source(quorum, givers, of)
        set_gold_label(session, reviewer, document, unit, name, value, decided)
    result.add(items)
    mark_in_review(session, document, reviewer)
    session.flush()
    return result


def accept_unanimous_project(
    session: AppSession,
    reviewer: Actor,
    project: Project,
    *,
    quorum: str = UNANIMOUS,
    annotators: str | None = None,
    include_unfinished: bool = False,
) -> Accepted:
    """Accept every agreed item of the documents of ``project`` that :mod:`.accept_scope`
    takes: not final and (unless ``include_unfinished``) finished by everyone assigned, of
    those the review list's ``annotators`` filter shows (None: all)."""
    require_review(session, reviewer, project.id, "adjudicate")
    check_quorum(quorum)
    scope = project_scope(
        session, project, annotators=annotators, include_unfinished=include_unfinished
    )
    result = _left_out(scope)
    decided = documents_with_none_taken(session, project.id)
    with acting(session, reviewer, "reviewer"):
        for document in scope.documents:
            # Listed open; where writers run side by side, one may have been marked final
            # since: held, asked again, and left out as the list would have left it.
            if not writers_serialised(session) and gold_is_final_held(session, document):
                result.skipped_final += 1
                continue
            _accept(session, reviewer, document, result, quorum, document.id in decided)
    return result


def accept_unanimous_documents(
    session: AppSession,
    reviewer: Actor,
    project: Project,
    documents: list[Document],
    *,
    quorum: str = UNANIMOUS,
    include_unfinished: bool = False,
) -> Accepted:
    """Accept every agreed item of each of ``documents`` (named by the caller, of
    ``project``), leaving out and counting those a whole project's accept leaves out (a
    document marked final since the scope was read too: held, then asked)."""
    require_review(session, reviewer, project.id, "adjudicate")
    check_quorum(quorum)
    scope = named_scope(session, project, documents, include_unfinished=include_unfinished)
    result = _left_out(scope)
    for document in scope.documents:
        if gold_is_final_held(session, document):
            result.skipped_final += 1
        else:
            accept_unanimous(session, reviewer, document, result, quorum=quorum)
    return result


def _left_out(scope: AcceptScope) -> Accepted:
    """A count to add to, holding what ``scope`` left out."""
    return Accepted(
        skipped_final=scope.final,
        skipped_unfinished=scope.unfinished,
        included_unfinished=scope.included_unfinished,
    )


def preview_unanimous(
    session: Session, reviewer: Actor, document: Document, *, quorum: str = UNANIMOUS
) -> Accepted:
    """Count what :func:`accept_unanimous` would write into the document's gold, writing nothing."""
    require_review(session, reviewer, document.project_id, "adjudicate")
    check_quorum(quorum)
    return _counted(session, [document], quorum, None)


def preview_unanimous_project(
    session: Session,
    reviewer: User,
    project: Project,
    *,
    quorum: str = UNANIMOUS,
    annotators: str | None = None,
    include_unfinished: bool = False,
) -> Accepted:
    """Count what :func:`accept_unanimous_project` would write into gold, writing nothing."""
    require_review(session, reviewer, project.id, "adjudicate")
    check_quorum(quorum)
    scope = project_scope(
        session, project, annotators=annotators, include_unfinished=include_unfinished
    )
    decided = documents_with_none_taken(session, project.id)
    return _counted(session, scope.documents, quorum, decided, _left_out(scope))


def check_quorum(quorum: str) -> None:
    """Raise :class:`Invalid` unless ``quorum`` is one of :data:`QUORUMS`."""
    if quorum not in QUORUMS:
        raise Invalid(
            f"quorum must be one of {', '.join(QUORUMS)}, got {quorum!r}",
            details={"field": "quorum", "allowed": list(QUORUMS)},
        )


def _counted(
    session: Session,
    documents: list[Document],
    quorum: str,
    decided: set[int] | None,
    result: Accepted | None = None,
) -> Accepted:
    """Count what accepting would write into ``documents``' gold (``decided``: the ids of
    those with a "none taken" decision, when known), into ``result`` when given."""
    result = result or Accepted()
    for document in documents:
        known = None if decided is None else document.id in decided
        items = items_to_accept(session, document, quorum, decisions=known)
        if items is None:
            result.skipped.append(document.external_id)
        else:
            result.add(items)
    return result
