"""Reading and accepting the suggestions layer of a project's documents.

:func:`annotator.services.assist.predicting.predict_documents` writes it.
:func:`accept_suggestion` copies one into the caller's own layer or gold through the
ordinary span rules, keeping its score and model, so that every export says the span was
suggested (CONTRACT section 11).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Forbidden, no_such
from annotator.core.gold_source import FROM_SUGGESTION
from annotator.core.project_settings import suggestions_mode
from annotator.core.shapes import suggestion_fields
from annotator.core.vocabulary import GOLD, SUGGESTIONS
from annotator.db import AppSession
from annotator.models import DOCUMENT_UNIT, Document, LabelValue, Layer, Project, Span
from annotator.services.accounts.permissions import (
    find_assignment,
    may_review,
    may_see_document,
    require_document,
)
from annotator.services.annotation.access import resolve_read_layer
from annotator.services.annotation.labels import ANY_VALUE, current_label, set_label
from annotator.services.annotation.layers import find_layer, open_layer
from annotator.services.annotation.payloads import layer_payload
from annotator.services.annotation.provenance import record_decision
from annotator.services.annotation.spans import add_span
from annotator.services.assist.held import Holdings, mark_held, span_key
from annotator.services.assist.label_models import with_held_out_accuracy
from annotator.services.assist.rejections import rejected_by, without_rejected
from annotator.services.history import acts_as


def suggestions_layer(session: Session, document: Document) -> Layer | None:
    """Return the document's suggestions layer, or None when nothing was ever suggested."""
    return session.scalar(
        select(Layer).where(Layer.document_id == document.id, Layer.key == SUGGESTIONS)
    )


@dataclass(frozen=True)
class SuggestionsWritten:
    """What the suggestions layers of a project's documents hold: how many documents have a
    suggested span, how many spans, and when the newest was written (None: none)."""

    documents: int
    spans: int
    newest: datetime | None


def suggestions_written(session: Session, project: Project) -> SuggestionsWritten:
    """Count the suggested spans of ``project``'s documents, for the page that writes them.

    "Suggest now" runs in the background: this is how a reload shows that it ran, and what
    it wrote (the rules may find nothing to suggest).
    """
    documents, spans, newest = session.execute(
        select(
            func.count(func.distinct(Layer.document_id)),
            func.count(Span.id),
            func.max(Span.created_at),
        )
        .join(Layer, Span.layer_id == Layer.id)
        .join(Document, Layer.document_id == Document.id)
        .where(Document.project_id == project.id, Layer.key == SUGGESTIONS)
    ).one()
    return SuggestionsWritten(documents, spans, newest)


def hidden_reason(session: Session, user: Actor, document: Document) -> str | None:
    """Say why ``user`` may not see the document's suggestions now, or None if they may.

    The project's ``suggestions`` setting hides them from annotators (never from its
    reviewers): ``off`` always, ``after_done`` until the annotator has marked the document
    done once (reopening it afterwards does not hide them again).
    """
    project = session.get(Project, document.project_id)
    assert project is not None  # a foreign key holds every document to its project
    mode = suggestions_mode(project.schema)
    if mode == "on" or may_review(session, user, project.id):
        return None
    if mode == "off":
        return "suggestions are turned off in this project"
    assignment = find_assignment(session, user, document)
    if assignment is None or (assignment.status != "done" and assignment.first_done_at is None):
        return "suggestions are shown once you have marked the document done"
    return None


def read_suggestions(
    session: AppSession,
    user: Actor,
    document: Document,
    layer: str | None = None,
    include_held: bool = False,
) -> dict[str, Any]:
    """Return the document's suggestions layer (spans with score and model) to ``user``.

    Hidden by the project's setting (:func:`hidden_reason`), the layer comes back empty with
    ``"hidden"`` saying why, so that a client can tell "none" from "not now". Suggestions
    the caller rejected are left out (with the suggested relations they end); so are those
    the layer named by ``layer`` (default: the caller's own) already holds, unless
    ``include_held``, counted in ``"held"`` (:mod:`annotator.services.assist.held`).

    :raises Forbidden: the caller neither is assigned the document nor reviews its project,
        or may not read the layer named.
    """
    require_document(session, user, document)
    _name, owner = resolve_read_layer(session, user, document, layer)
    holdings = Holdings(session, find_layer(session, document, None if owner is None else owner.id))
    hidden = hidden_reason(session, user, document)
    source = None if hidden else suggestions_layer(session, document)
    payload = layer_payload(session, document, source, annotator=SUGGESTIONS, status=None)
    payload = without_rejected(payload, rejected_by(session, user.id, document.id))
    with_held_out_accuracy(session, document.project_id, payload)
    payload["hidden"] = hidden
    return mark_held(payload, holdings, include_held)


def accept_suggestion(
    session: AppSession,
    user: Actor,
    span_id: int,
    layer: str | None = None,
    attributes: dict[str, Any] | None = None,
) -> Span:
    """Copy a suggested span into the caller's own layer (or gold, ``layer="gold"``).

    The copy is written through the ordinary span rules (label, attributes, overlap) and
    keeps the suggestion's score and model. In gold it records the reviewer as its decider
    and ``suggestions`` as its source.

    :raises NotFound: no such suggestion, or one on a document the caller may not see (the
        same answer).
    :param previous: the value the caller shows for that unit and field (None: none), as a
        label write's; by default any.
    :raises Forbidden: the caller may not write that layer, or may not see suggestions now.
    :raises Conflict: ``previous`` is given and the layer holds another value (409
        ``label_changed``, naming it): a stale tab's accept overwrites nothing.
    :raises Invalid: the span breaks the layer's rules (an overlap, a required attribute).
    :raises Conflict: the layer already holds the suggestion (a span of its label over it:
        :mod:`~annotator.services.assist.held`), naming that span in ``details.span``.
    """
    suggestion, document = open_suggestion(session, user, span_id)
    target = open_layer(session, user, document, layer)
    holdings = Holdings(session, target)
    holder = holdings.span_holding(span_key(suggestion))
    if holder is not None:
        raise holdings.span_refusal(span_key(suggestion), holder)
    return copy_suggestion(session, user, suggestion, target, attributes)


def suggested_on(session: Session, user: Actor, layer_id: int) -> Document | None:
    """Return the document of the layer ``layer_id`` if it is a suggestions layer ``user``
    may see, else None: a suggested span or relation on any other layer is no suggestion."""
    source = session.get(Layer, layer_id)
    document = None if source is None else session.get(Document, source.document_id)
    if source is None or source.key != SUGGESTIONS or document is None:
        return None
    return document if may_see_document(session, user, document) else None


#: A suggestion's row: a suggested span or a suggested label value.
_Suggested = TypeVar("_Suggested", Span, LabelValue)


def open_suggestion(session: Session, user: Actor, span_id: int) -> tuple[Span, Document]:
    """Return a suggested span and its document, if ``user`` may act on it now.

    :raises NotFound: no such suggestion, or one on a document the caller may not see (the
        same answer, so that suggestion ids do not leak).
    :raises Forbidden: the caller may not see suggestions now.
    """
    return _open_suggested(session, user, Span, span_id)


def _open_suggested(
    session: Session, user: Actor, kind: type[_Suggested], row_id: int
) -> tuple[_Suggested, Document]:
    """Return the suggested span or label value ``row_id`` and its document, if ``user`` may
    act on it now (:func:`open_suggestion`'s refusals, for either kind)."""
    suggestion = session.get(kind, row_id)
    document = None if suggestion is None else suggested_on(session, user, suggestion.layer_id)
    if suggestion is None or document is None:
        raise no_such("suggestion", row_id)
    hidden = hidden_reason(session, user, document)
    if hidden is not None:
        raise Forbidden(hidden)
    return suggestion, document


@acts_as("suggestion")
def copy_suggestion(
    session: AppSession,
    user: Actor,
    suggestion: Span,
    target: Layer,
    attributes: dict[str, Any] | None = None,
) -> Span:
    """Write ``suggestion`` into ``target`` as an ordinary span that keeps its provenance."""
    gold = target.key == GOLD
    span = add_span(
        session,
        target,
        suggestion.label,
        suggestion.start,
        suggestion.end,
        attributes,
        decided_by=user if gold else None,
    )
    span.score, span.model = suggestion.score, suggestion.model
    if gold:
        record_decision(span, user, FROM_SUGGESTION)
    session.flush()
    return span


@acts_as("suggestion")
def accept_label_suggestion(
    session: AppSession,
    user: Actor,
    value_id: int,
    layer: str | None = None,
    *,
    previous: Any = ANY_VALUE,
) -> dict[str, Any]:
    """Set a suggested sentence or document label in the caller's own layer (or gold).

    Written as the ordinary label write (schema, sentence, a done layer's lock), it keeps
    the suggestion's score and model (``suggested`` in the API and every export), as an
    accepted span does; it replaces the value the layer had for that unit and field. A value
    the layer already held is left as it was: provenance is never claimed for a choice the
    annotator (or reviewer) made themselves.

    :raises NotFound: no such suggested label, or one on a document the caller may not see.
    :param previous: the value the caller shows for that unit and field (None: none), as a
        label write's; by default any.
    :raises Forbidden: the caller may not write that layer, or may not see suggestions now.
    :raises Conflict: ``previous`` is given and the layer holds another value (409
        ``label_changed``, naming it): a stale tab's accept overwrites nothing.
    :return: the label as the API answers a label write, with ``suggested``.
    """
    suggestion, document = _open_suggested(session, user, LabelValue, value_id)
    target = open_layer(session, user, document, layer)
    sentence = None if suggestion.sentence_index == DOCUMENT_UNIT else suggestion.sentence_index
    held = current_label(session, target, sentence, suggestion.name)
    # Provenance only for a value the accept sets: one the layer held already was chosen by
    # whoever wrote it (their own, or an earlier accept's, which keeps its provenance).
    sets = suggestion.value != held  # single-valued (a field of several is never suggested)
    answer = set_label(
        session,
        target,
        sentence,
        suggestion.name,
        suggestion.value,
        actor=user,
        decided_by=user if sets else None,
        source=FROM_SUGGESTION,
        previous=previous,
    )
    row = session.scalar(
        select(LabelValue).where(
            LabelValue.layer_id == target.id,
            LabelValue.sentence_index == suggestion.sentence_index,
            LabelValue.name == suggestion.name,
        )
    )
    assert row is not None  # set_label wrote it
    if sets:
        row.score, row.model = suggestion.score, suggestion.model
    session.flush()
    if row.model is not None:
        answer |= suggestion_fields(row.score, row.model, inline=False)
    return answer
