"""An annotator's answers to suggestions beyond one span: no, a relation, a whole sentence.

Accepting writes through the ordinary span and relation rules, as
:func:`~annotator.services.assist.suggesting.accept_suggestion` does for one span; a
suggested span the target layer already holds (:mod:`annotator.services.assist.held`) is
not copied: the layer's span is used as it is, so that accepting a relation whose ends were
accepted before adds only the relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import AnnotatorError, Forbidden, NotFound, no_such
from annotator.core.gold_source import FROM_SUGGESTION
from annotator.core.wording import span_words
from annotator.db import AppSession
from annotator.models import (
    Document,
    Layer,
    Relation,
    Sentence,
    Span,
    SuggestionRejection,
)
from annotator.services.accounts.permissions import require_document
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.payloads import relation_payload
from annotator.services.annotation.provenance import record_decision
from annotator.services.annotation.relations import add_relation
from annotator.services.assist.held import Holdings, span_key
from annotator.services.assist.rejections import forget_rejection, record_rejection, rejected_by
from annotator.services.assist.suggesting import (
    accept_suggestion,
    copy_suggestion,
    hidden_reason,
    open_suggestion,
    suggested_on,
    suggestions_layer,
)
from annotator.services.documents_said import document_named
from annotator.services.history import acts_as


@dataclass
class Accepted:
    """What one accept wrote: new spans and relations, and suggestions that broke a rule."""

    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    # Spans of the target layer that an accepted relation used as they were.
    kept: list[Span] = field(default_factory=list)
    # (suggested span or relation id, kind, why it was not accepted)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    # (suggested span or relation id, kind, the refusal an accept of it alone would get):
    # the suggestions the layer already held, for which nothing was written.
    held: list[tuple[int, str, str]] = field(default_factory=list)


def reject_suggestion(session: Session, user: Actor, span_id: int) -> SuggestionRejection:
    """Record that ``user`` rejects a suggested span: it is no longer shown to them.

    :raises NotFound: no such span, or one that is not a suggestion.
    :raises Forbidden: the caller may not read the document, or may not see suggestions now.
    """
    suggestion, document = open_suggestion(session, user, span_id)
    return record_rejection(session, user.id, document.id, suggestion)


def withdraw_rejection(session: Session, user: Actor, span_id: int) -> None:
    """Take back ``user``'s rejection of a suggested span (the workspace's undo of a
    rejection): it is shown to them again, and the report no longer counts it.

    :raises NotFound: no such span, or one that is not a suggestion.
    :raises Forbidden: the caller may not read the document, or may not see suggestions now.
    """
    suggestion, document = open_suggestion(session, user, span_id)
    forget_rejection(session, user.id, document.id, suggestion)


def accept_span(
    session: AppSession,
    user: Actor,
    span_id: int,
    layer: str | None = None,
    attributes: dict[str, Any] | None = None,
) -> Accepted:
    """Accept one suggested span, and the suggested relations it completes.

    The span is written as :func:`~annotator.services.assist.suggesting.accept_suggestion`
    writes it. Then each suggested relation at it whose other end the layer now holds (an
    earlier accept of that end, or the annotator's own span of its label over it) is written
    too, in the same transaction: accepting a claim, its source and its cue one at a time
    ends with the same links as accepting the relation. A relation the layer refuses (one
    more than ``max_per_source``) is named in :attr:`Accepted.skipped`, and stays offered.

    :raises: as :func:`~annotator.services.assist.suggesting.accept_suggestion`.
    """
    span = accept_suggestion(session, user, span_id, layer, attributes)
    suggestion = session.get(Span, span_id)
    target = session.get(Layer, span.layer_id)
    assert suggestion is not None and target is not None  # read by the accept just now
    accepted = Accepted(spans=[span])
    holdings = Holdings(session, target)
    rejected = rejected_by(session, user.id, target.document_id)
    relations = session.scalars(
        select(Relation)
        .where(Relation.layer_id == suggestion.layer_id)
        .where(or_(Relation.from_span_id == span_id, Relation.to_span_id == span_id))
        .order_by(Relation.id)
    )
    for relation in relations:
        outgoing = relation.from_span_id == span_id
        other = session.get(Span, relation.to_span_id if outgoing else relation.from_span_id)
        assert other is not None  # a foreign key holds a relation to its spans
        holder = holdings.span_holding(span_key(other))
        # An end the annotator rejected is no longer offered, nor its relations.
        if holder is None or span_key(other) in rejected:
            continue
        suggested = (suggestion, other) if outgoing else (other, suggestion)
        if holdings.holds_relation(relation.type, *map(span_key, suggested)):
            continue
        held = session.get(Span, holder)
        assert held is not None  # read from the layer in this transaction
        ends = [span, held] if outgoing else [held, span]
        try:
            with session.begin_nested():
                written = _relation_in(session, user, relation, suggested[0], ends, target)
        except AnnotatorError as error:
            document = session.get(Document, target.document_id)
            assert document is not None  # a foreign key holds every layer to its document
            what = _relation_said(document, relation.type, *suggested)
            accepted.skipped.append(
                (relation.id, "relation", _skip_said(session, document, what, error))
            )
        else:
            accepted.relations.append(written)
            holdings.note_relation(written)
    return accepted


def accept_relation(
    session: AppSession, user: Actor, relation_id: int, layer: str | None = None
) -> Accepted:
    """Copy a suggested relation into the caller's layer (or gold), bringing its two spans.

    :raises NotFound: no such suggested relation, or one on a document the caller may not see
        (the same answer).
    :raises Forbidden: as :func:`~annotator.services.assist.suggesting.accept_suggestion`.
    :raises Invalid: a span or the relation breaks the layer's rules.
    :raises Conflict: the layer already holds this relation (and so both its ends).
    """
    relation = session.get(Relation, relation_id)
    document = None if relation is None else suggested_on(session, user, relation.layer_id)
    if relation is None or document is None:
        raise no_such("relation", relation_id)
    ends = [open_suggestion(session, user, span_id)[0] for span_id in _ends(relation)]
    target = open_layer(session, user, document, layer)
    holdings = Holdings(session, target)
    from_key, to_key = span_key(ends[0]), span_key(ends[1])
    if holdings.holds_relation(relation.type, from_key, to_key):
        raise holdings.relation_refusal(relation.type, from_key, to_key)
    accepted = Accepted()
    made = [_span_in(session, user, end, target, holdings, accepted) for end in ends]
    accepted.relations.append(_relation_in(session, user, relation, ends[0], made, target))
    return accepted


def accept_sentence(
    session: AppSession, user: Actor, document: Document, sentence: int, layer: str | None = None
) -> Accepted:
    """Accept every suggestion shown to ``user`` that starts in sentence ``sentence``.

    Spans first, then the suggested relations between spans of the sentence. A suggestion
    that breaks a rule of the layer (an overlap, a required attribute) is skipped and named
    in :attr:`Accepted.skipped`; one the layer already holds is named in
    :attr:`Accepted.held` (a held span's relations go to the layer's span); the others are
    written. Rejected suggestions are left out.

    :raises Forbidden: the caller may not read the document, write the layer, or see
        suggestions now.
    :raises NotFound: the document has no such sentence.
    """
    require_document(session, user, document)
    hidden = hidden_reason(session, user, document)
    if hidden is not None:
        raise Forbidden(hidden)
    bounds = session.scalar(
        select(Sentence).where(Sentence.document_id == document.id, Sentence.index == sentence)
    )
    if bounds is None:
        raise NotFound(f"document {document_named(session, document)} has no sentence {sentence}")
    target = open_layer(session, user, document, layer)
    accepted = Accepted()
    source = suggestions_layer(session, document)
    if source is None:
        return accepted
    rejected = rejected_by(session, user.id, document.id)
    suggestions = [
        span
        for span in session.scalars(
            select(Span)
            .where(Span.layer_id == source.id)
            .where(Span.start >= bounds.start, Span.start < bounds.end)
            .order_by(Span.start, Span.end, Span.id)
        )
        if (span.label, span.start, span.end) not in rejected
    ]
    made: dict[int, Span] = {}
    by_id = {suggestion.id: suggestion for suggestion in suggestions}
    holdings = Holdings(session, target)
    for suggestion in suggestions:
        try:
            with session.begin_nested():
                made[suggestion.id] = _span_in(
                    session, user, suggestion, target, holdings, accepted
                )
        except AnnotatorError as error:
            what = _span_said(document, suggestion)
            accepted.skipped.append(
                (suggestion.id, "span", _skip_said(session, document, what, error))
            )
    relations = session.scalars(
        select(Relation)
        .where(Relation.layer_id == source.id)
        .where(Relation.from_span_id.in_(made), Relation.to_span_id.in_(made))
        .order_by(Relation.id)
    )
    for relation in relations:
        suggested_from, suggested_to = by_id[relation.from_span_id], by_id[relation.to_span_id]
        from_key, to_key = span_key(suggested_from), span_key(suggested_to)
        if holdings.holds_relation(relation.type, from_key, to_key):
            refusal = holdings.relation_refusal(relation.type, from_key, to_key)
            accepted.held.append((relation.id, "relation", refusal.message))
            continue
        ends = [made[relation.from_span_id], made[relation.to_span_id]]
        try:
            with session.begin_nested():
                written = _relation_in(session, user, relation, suggested_from, ends, target)
        except AnnotatorError as error:
            what = _relation_said(document, relation.type, suggested_from, suggested_to)
            accepted.skipped.append(
                (relation.id, "relation", _skip_said(session, document, what, error))
            )
        else:
            accepted.relations.append(written)
            holdings.note_relation(written)
    return accepted


#: A span named by its id in a rule's refusal, with the offsets that may follow.
_SPAN_ID = re.compile(r"\bspan (\d+)(?: \[\d+, \d+\))?")


def _span_said(document: Document, span: Span) -> str:
    return span_words(span.label, span.start, span.end, document.text)


def _relation_said(document: Document, type_: str, source: Span, target: Span) -> str:
    return f"{type_} {_span_said(document, source)} \u2192 {_span_said(document, target)}"


def _skip_said(session: Session, document: Document, what: str, error: AnnotatorError) -> str:
    """Say why a suggestion was skipped, naming it and every span of the refusal by label
    and words (``SOURCE [4, 17) “Dmitry Peskov”``), not by the ids a rule names them by: a
    skip is read on the page, where no id is shown."""

    def named(match: re.Match[str]) -> str:
        span = session.get(Span, int(match.group(1)))
        return match.group(0) if span is None else _span_said(document, span)

    return f"{what}: {_SPAN_ID.sub(named, str(error))}"


def _ends(relation: Relation) -> tuple[int, int]:
    return relation.from_span_id, relation.to_span_id


def _decider(user: Actor, target: Layer) -> Actor | None:
    return user if target.is_gold else None


def _span_in(
    session: AppSession,
    user: Actor,
    suggestion: Span,
    target: Layer,
    holdings: Holdings,
    accepted: Accepted,
) -> Span:
    """Return the target layer's span for ``suggestion``: the one holding it, or a new copy."""
    holder = holdings.span_holding(span_key(suggestion))
    if holder is not None:
        refusal = holdings.span_refusal(span_key(suggestion), holder)
        accepted.held.append((suggestion.id, "span", refusal.message))
        kept = session.get(Span, holder)
        assert kept is not None  # read from the layer in this transaction
        accepted.kept.append(kept)
        return kept
    span = copy_suggestion(session, user, suggestion, target)
    holdings.note_span(span)
    accepted.spans.append(span)
    return span


@acts_as("suggestion")
def _relation_in(
    session: AppSession,
    user: Actor,
    relation: Relation,
    source: Span,
    ends: list[Span],
    target: Layer,
) -> Relation:
    """Write a suggested relation between ``ends`` of ``target``, keeping where it came from.

    Its model is that of its "from" suggestion (one model writes a document's suggestions).
    """
    made = add_relation(
        session, target, relation.type, ends[0].id, ends[1].id, decided_by=_decider(user, target)
    )
    made.score, made.model = relation.score, source.model
    if target.is_gold:
        record_decision(made, user, FROM_SUGGESTION)
    session.flush()
    return made


def accepted_payload(accepted: Accepted, answer: Any) -> dict[str, Any]:
    """Return what an accept wrote as the API answers it.

    :param answer: ``(span) -> dict``, the API's answer for one stored span.
    """
    return {
        "spans": [answer(span) for span in accepted.spans],
        "kept": [answer(span) for span in accepted.kept],
        "relations": [relation_payload(relation) for relation in accepted.relations],
        "skipped": _named(accepted.skipped),
        "held": _named(accepted.held),
    }


def _named(suggestions: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    return [
        {"suggestion": ident, "kind": kind, "reason": reason} for ident, kind, reason in suggestions
    ]
