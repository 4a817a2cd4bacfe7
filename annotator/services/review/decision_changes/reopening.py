"""Reopening a decided difference, to decide it again: what gold holds of its versions is
removed (a span with the relations at it, named: the History restores them with it), or its
"none taken" decision undone."""

from __future__ import annotations

from annotator.core.caller import Actor
from annotator.core.errors import Conflict
from annotator.core.gold_changes import Changed
from annotator.core.wording import Audience
from annotator.db import AppSession
from annotator.models import DOCUMENT_UNIT, Document, LabelValue, Relation, Span
from annotator.services.accounts.permissions import require_review
from annotator.services.annotation import labels, relations, spans
from annotator.services.annotation.layers import find_layer
from annotator.services.annotation.span_deletion import delete_span
from annotator.services.gold.lock import require_gold_open
from annotator.services.history import acts_as
from annotator.services.review import none_taken
from annotator.services.review.decision_changes.held import held_rows, not_by_a_version
from annotator.services.review.decision_changes.said import (
    relation_said,
    relations_at_said,
    span_said,
    value_said,
)
from annotator.services.review.gold_status import mark_in_review


@acts_as("reviewer")
def reopen_difference(
    session: AppSession, reviewer: Actor, document: Document, key: str, audience: Audience = "page"
) -> Changed:
    """Make the difference ``key`` to decide again: undo its "none taken" decision, or remove
    from gold what it holds of its versions (a span with the relations at it).

    :raises NotFound: no such difference (now).
    :raises Conflict: it is not decided: nothing to reopen.
    """
    require_review(session, reviewer, document.project_id, "reopen differences")
    require_gold_open(session, document)
    if key in none_taken.none_taken(session, document):
        none_taken.reopen(session, reviewer, document, key)
        return Changed(none_reopened=True)
    changed = _remove_held(session, reviewer, document, key, audience)
    if changed is None:
        raise Conflict("that difference is not decided: there is nothing to reopen")
    return changed


@acts_as("reviewer")
def reopen_taken(
    session: AppSession, reviewer: Actor, document: Document, key: str, audience: Audience = "page"
) -> Changed:
    """Make the difference ``key``, decided by a version in gold, to decide again: remove
    from gold what it holds of its versions (a span with the relations at it).

    :raises NotFound: no such difference (now).
    :raises Conflict: gold holds none of its versions (undecided, or decided as none taken:
        that decision is reopened by :func:`annotator.services.review.none_taken.reopen`).
    """
    require_review(session, reviewer, document.project_id, "reopen differences")
    require_gold_open(session, document)
    changed = _remove_held(session, reviewer, document, key, audience)
    if changed is None:
        raise not_by_a_version(session, document, key, "there is nothing to reopen")
    return changed


def _remove_held(
    session: AppSession, reviewer: Actor, document: Document, key: str, audience: Audience
) -> Changed | None:
    """Remove from gold what it holds of the versions of the difference ``key``, saying
    what; None when it holds none of them."""
    difference, rows = none_taken.find_difference(session, document, key)
    gold = find_layer(session, document, None)
    held = [] if gold is None else held_rows(session, gold, difference, rows)
    if gold is None or not held:
        return None
    changed = Changed()
    for row in held:
        if isinstance(row, Span):
            changed.removed.append(span_said(document, row))
            changed.relations_removed.extend(relations_at_said(session, document, row))
            delete_span(session, row)
        elif isinstance(row, Relation):
            changed.removed.append(relation_said(session, document, row))
            relations.delete_relation(session, row)
        elif isinstance(row, LabelValue):
            changed.removed.append(value_said(document, row, audience))
            sentence = None if row.sentence_index == DOCUMENT_UNIT else row.sentence_index
            labels.set_label(session, gold, sentence, row.name, None)
        else:  # an attribute: (span, name)
            span, name = row
            changed.removed.append(value_said(document, row, audience))
            attributes = dict(span.attributes or {})
            attributes.pop(name, None)
            spans.update_span(session, span, attributes=attributes, decided_by=reviewer)
    mark_in_review(session, document, reviewer)
    session.flush()
    return changed
