"""Adjudication: a reviewer accepts one annotator's version of an item into the gold layer.

An item is a span with its attributes, one attribute of a span, a relation (with both its
spans), or a sentence or document label. Gold rows are written through the annotation
services, so every schema rule holds for gold too; each records who decided it
(``decided_by_id``) and its source (:mod:`annotator.core.gold_source`): chosen, naming the
annotators whose own item is exactly what gold now holds
(:mod:`annotator.services.review.givers`). Accepting every unanimous item at once is
:mod:`annotator.services.review.unanimous`; the gold status of documents is
:mod:`annotator.services.review.gold_status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, Invalid, NotFound, no_such
from annotator.core.gold_source import Source
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.wording import span_words
from annotator.db import AppSession
from annotator.models import (
    DOCUMENT_UNIT,
    LAYER_ITEMS,
    Document,
    LabelValue,
    Layer,
    Project,
    Relation,
    Span,
)
from annotator.services.accounts.permissions import require_review
from annotator.services.annotation import labels, relations, spans
from annotator.services.annotation.layers import ensure_layer, find_layer
from annotator.services.annotation.provenance import record_decision
from annotator.services.gold_lock import require_gold_open
from annotator.services.history import acts_as, deciding
from annotator.services.review.differences import document_differences
from annotator.services.review.givers import chosen_label, chosen_relation, chosen_span
from annotator.services.review.gold_ends import (
    held_versions,
    span_key,
    standing_in,
    version_spans,
)
from annotator.services.review.gold_status import mark_in_review
from annotator.services.review.hidden_names import hide_names
from annotator.services.review.layers import document_layers
from annotator.services.review.none_taken import rows_by_id
from annotator.services.review.span_accept import refuse_a_second_version
from annotator.services.review.whole_version import rest_gold_lacks, rest_of_version

KINDS = ("span", "attribute", "relation", "label")


def check_kind(kind: str) -> None:
    """Refuse a ``kind`` of item that is not one of :data:`KINDS`, naming the field.

    :raises Invalid: it is not.
    """
    if kind not in KINDS:
        raise Invalid(
            f"kind must be one of {', '.join(KINDS)}, got {kind!r}",
            details={"field": "kind", "allowed": list(KINDS)},
        )


class _LayerItem(Protocol):
    """What accepting reads of the item first: the layer it is in."""

    @property
    def layer_id(self) -> int: ...


# An attribute is accepted from the span that carries it.
_MODELS: dict[str, type[_LayerItem]] = {**LAYER_ITEMS, "attribute": Span}


def _annotator_layer(session: Session, layer_id: int) -> Layer:
    layer = session.get(Layer, layer_id)
    if layer is None or layer.user_id is None:  # gold, or the suggestions layer
        raise Invalid("only an annotator's item can be accepted into gold")
    return layer


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
    layer = _annotator_layer(session, span.layer_id)
    document = session.get(Document, layer.document_id)
    assert document is not None
    require_review(session, reviewer, document.project_id, "adjudicate")
    require_gold_open(session, document)
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
    layer = _annotator_layer(session, span.layer_id)
    document = session.get(Document, layer.document_id)
    assert document is not None
    require_review(session, reviewer, document.project_id, "adjudicate")
    require_gold_open(session, document)
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


@acts_as("reviewer")
def accept_relation(
    session: AppSession, reviewer: Actor, relation_id: int, *, shown: ShownNames = AS_NAMED
) -> Relation:
    """Copy an annotator's relation into gold, with both its spans and its note.

    Accepting a version replaces gold's relations of that type from the same span when the
    type allows only ``max_per_source`` of them (the "which source" decision). An end whose
    difference gold decided with another version ends at gold's span for it
    (:func:`gold_ends`).

    :param shown: how the refusal names the annotators (as the page that asked names them).
    :raises Conflict: an end's difference is decided ambiguously for it (see
        :func:`gold_ends`): it is to decide first.
    """
    relation = relations.get_relation(session, relation_id)
    layer = _annotator_layer(session, relation.layer_id)
    document = session.get(Document, layer.document_id)
    assert document is not None
    require_review(session, reviewer, document.project_id, "adjudicate")
    require_gold_open(session, document)
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


@dataclass
class GoldEnd:
    """An end of an annotator's relation, and gold's span for it."""

    span: Span
    #: Gold's span for it: its own (label and bounds), or the one version gold holds of its
    #: difference, of its label (``standing``); None when gold has neither.
    gold: Span | None = None
    standing: bool = False
    #: Why nothing stands for it although gold holds versions of its difference (several,
    #: or one of another label): the refusal's words.
    ambiguous: str | None = None


def gold_ends(
    session: Session,
    document: Document,
    relation: Relation,
    *,
    refuse_ambiguous: bool = False,
    shown: ShownNames = AS_NAMED,
) -> list[GoldEnd]:
    """Return the ends of an annotator's ``relation`` (source, target) with gold's span for
    each: the one home of where an accepted relation's ends are in gold.

    An end gold holds as it is is that span; an end whose difference (a boundary, a label)
    gold decided with another annotator's version is the span gold holds of it, when gold
    holds one, of the end's label (:mod:`annotator.services.review.gold_ends`): bob's claim
    taken, alice's relation accepted ends at it, so that gold never holds two spans of one
    difference. Otherwise the end is gold's to take in (its own difference then decided
    with it).

    :param shown: how ``ambiguous`` names the annotators and numbers the differences (as
        the page that asked names them and numbers its differences).
    :raises Conflict: with ``refuse_ambiguous``, gold holds versions of an end's difference
        but none stands for it: the difference is named, to decide first.
    """
    ends = [session.get(Span, relation.from_span_id), session.get(Span, relation.to_span_id)]
    gold = find_layer(session, document, None)
    found = [
        GoldEnd(end, None if gold is None else gold_span_like(session, gold, end))
        for end in ends
        if end is not None
    ]
    if gold is not None and any(end.gold is None for end in found):
        _stand_in(session, document, gold, [end for end in found if end.gold is None], shown)
    for end in found:
        if refuse_ambiguous and end.ambiguous:
            raise Conflict(end.ambiguous, details={"field": "id"})
    return found


def _stand_in(
    session: Session, document: Document, gold: Layer, ends: list[GoldEnd], shown: ShownNames
) -> None:
    """Fill in gold's span standing for each of ``ends`` (which gold lacks as they are), or
    why none does, from the document's differences (named and numbered as ``shown`` names
    the layers)."""
    layers = document_layers(session, document)
    hide_names(layers, shown)
    differences = document_differences(session, document, layers)
    rows = rows_by_id(layers)
    gold_spans = {
        span_key(span): span
        for span in session.scalars(select(Span).where(Span.layer_id == gold.id))
    }
    stand = standing_in(differences, rows, set(gold_spans))
    for end in ends:
        if end.span.id not in stand:
            continue
        key = stand[end.span.id]
        if key is not None:
            end.gold, end.standing = gold_spans[key], True
            continue
        number, difference = next(
            (n, d)
            for n, d in enumerate(differences, start=1)
            if any(span.id == end.span.id for _, span in version_spans(d, rows))
        )
        owner = next(a for a, span in version_spans(difference, rows) if span.id == end.span.id)
        held = " and ".join(
            span_words(*key, document.text)
            for key in held_versions(difference, rows, set(gold_spans))
        )
        end.ambiguous = (
            f"{owner}'s {span_words(*span_key(end.span), document.text)}, an end of that "
            f"relation, is a version of difference {number} ({difference.summary}), of "
            f"which gold holds {held}: decide it first (take {owner}'s version instead, or "
            "reopen it), then accept the relation"
        )


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


def ends_gold_lacks(
    session: Session, document: Document, relation_id: int
) -> list[tuple[str, int, int]]:
    """Return the ends (label, start, end) of an annotator's relation that ``document``'s gold
    lacks: the spans accepting the relation brings into gold with it, which decide their own
    differences too (the page says so). Read before accepting; none for an unknown id."""
    relation = session.get(Relation, relation_id)
    if relation is None:
        return []
    return [
        span_key(end.span)
        for end in gold_ends(session, document, relation)
        if end.gold is None and not end.ambiguous
    ]


def rest_with_ends(
    session: Session, document: Document, relation_id: int, shown: ShownNames = AS_NAMED
) -> tuple[str, list[tuple[str, int, int]]]:
    """Return the relation's annotator (named as ``shown`` names them) and the spans gold
    lacks that accepting the relation brings in with its ends: the rest of their version of
    each end's difference (:func:`_gold_span_of`), which the page names too. Read before
    accepting; none for an unknown id."""
    relation = session.get(Relation, relation_id)
    if relation is None:
        return "", []
    owner, rest = "", []
    for end in gold_ends(session, document, relation):
        if not end.standing and not end.ambiguous:
            name, lacking = rest_gold_lacks(session, document, end.span.id, shown)
            owner = owner or name
            rest += lacking
    return owner, list(dict.fromkeys(rest))


def ends_gold_stands_for(
    session: Session, document: Document, relation_id: int
) -> list[tuple[Span, Span]]:
    """Return the ends of an annotator's relation that gold's span of their difference
    stands for, each with that span (:func:`gold_ends`): where accepting the relation ends
    it, said by the page. Read before accepting; none for an unknown id."""
    relation = session.get(Relation, relation_id)
    if relation is None:
        return []
    return [
        (end.span, end.gold)
        for end in gold_ends(session, document, relation)
        if end.standing and end.gold is not None
    ]


def _max_per_source(session: Session, gold: Layer, kind: str) -> int | None:
    document = session.get(Document, gold.document_id)
    project = session.get(Project, document.project_id) if document else None
    types = project.schema.get("relation_types", []) if project else []
    return next((t.get("max_per_source") for t in types if t["name"] == kind), None)


@acts_as("reviewer")
def accept_label(session: AppSession, reviewer: Actor, label_id: int) -> LabelValue:
    """Copy an annotator's sentence or document label value into gold."""
    row = session.get(LabelValue, label_id)
    if row is None:
        raise NotFound(f"no label value {label_id}")
    layer = _annotator_layer(session, row.layer_id)
    document = session.get(Document, layer.document_id)
    assert document is not None
    require_review(session, reviewer, document.project_id, "adjudicate")
    require_gold_open(session, document)
    source = chosen_label(session, document, row.sentence_index, row.name, row.value)
    return set_gold_label(
        session, reviewer, document, row.sentence_index, row.name, row.value, source
    )


@acts_as("reviewer")
def set_gold_label(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    unit: int,
    name: str,
    value: Any,
    source: Source,
    *,
    held: bool = False,
) -> LabelValue:
    """Set gold's value of a sentence (or, with ``DOCUMENT_UNIT``, document) label field,
    recording ``source`` as where it came from.

    :param held: the caller has held the document's gold and found it open in this
        transaction (an accept of many items): not asked again for each label.
    """
    if not held:
        require_gold_open(session, document)
    gold = ensure_layer(session, document, None)
    sentence = None if unit == DOCUMENT_UNIT else unit
    with deciding(session, source):
        labels.set_label(session, gold, sentence, name, value)
    row = session.scalars(
        select(LabelValue).where(
            LabelValue.layer_id == gold.id,
            LabelValue.sentence_index == unit,
            LabelValue.name == name,
        )
    ).one()
    record_decision(row, reviewer, source)
    mark_in_review(session, document, reviewer)
    session.flush()
    return row


@acts_as("reviewer")
def accept_item(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    kind: str,
    item_id: int,
    attribute: str | None = None,
    *,
    shown: ShownNames = AS_NAMED,
) -> Span | Relation | LabelValue:
    """Accept the item of ``kind`` (one of :data:`KINDS`) with ``item_id`` of ``document``.

    ``shown`` names the annotators in a refusal as the page that asked names them.

    Refuses an item of another document, so that a page or a request about one document
    can never change another's gold; with the same 404 as an id nothing has (:func:`no_such`),
    so that a reviewer learns nothing of the rows of documents or projects they do not see.
    """
    require_review(session, reviewer, document.project_id, "adjudicate")
    require_gold_open(session, document)
    check_kind(kind)
    row = session.get(_MODELS[kind], item_id)
    layer = None if row is None else session.get(Layer, row.layer_id)
    if layer is None or layer.document_id != document.id:
        raise no_such(kind, item_id)
    _annotator_layer(session, layer.id)
    if kind in ("span", "attribute"):  # an attribute of a span gold lacks takes the span in
        assert isinstance(row, Span)
        refuse_a_second_version(session, document, row, shown)
    if kind == "span":
        assert isinstance(row, Span)
        return accept_version(session, reviewer, document, row, shown)
    if kind == "attribute":
        if not attribute:
            raise Invalid("accepting an attribute needs the attribute's name")
        return accept_attribute(session, reviewer, item_id, attribute)
    if kind == "relation":
        return accept_relation(session, reviewer, item_id, shown=shown)
    return accept_label(session, reviewer, item_id)
