"""Whether an annotator's span may be accepted into gold as a span of its own.

A span whose difference gold already decided with another version is not: accepting it
would put spans of two versions of one difference into gold (bob's SOURCE beside alice's, which her
relation brought in), which no version decides. The review pages take such a version
instead (:func:`annotator.services.review.decision_changes.taking.take_instead`: gold's span moves
onto it, its relations with it); an accept from the API or the command line is refused,
naming that way and the difference's key.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.wording import span_words
from annotator.models import Document, Project, Span
from annotator.services.annotation.layers import find_layer
from annotator.services.review.differences import document_differences
from annotator.services.review.gold_ends import (
    held_versions,
    span_key,
    split_in_gold,
    version_spans,
)
from annotator.services.review.hidden_names import hide_names
from annotator.services.review.layers import compared_layers
from annotator.services.review.none_taken import key_of, rows_by_id
from annotator.services.review.span_group import span_difference


def refuse_a_second_version(
    session: Session, document: Document, span: Span, shown: ShownNames = AS_NAMED
) -> None:
    """Refuse to accept ``span`` where gold lacks it but holds another version of its
    difference.

    :param shown: how the refusal names the annotators and numbers the differences (as the
        page that asked names them and numbers its differences).
    :raises Conflict: naming the difference (``details.difference``: its key) and the way:
        take this version instead, or reopen the difference.
    """
    gold = find_layer(session, document, None)
    if gold is None:
        return
    gold_keys = {
        span_key(row) for row in session.scalars(select(Span).where(Span.layer_id == gold.id))
    }
    if span_key(span) in gold_keys:
        return  # gold holds it as it is: accepting it again sets its attributes and note
    layers = compared_layers(session, document)
    hide_names(layers, shown)
    rows = rows_by_id(layers)
    difference = span_difference(layers, document, span, rows)
    # Gold holding two of alice's spans of it is her version: one more of hers is not a
    # second version; one of bob's is.
    if difference is not None and split_in_gold(difference, rows, gold_keys | {span_key(span)}):
        owners = [a for a, version in version_spans(difference, rows) if version.id == span.id]
        its_key = key_of(difference, rows)
        # Numbered as the page numbers it: among all the document's differences.
        number = next(
            n
            for n, d in enumerate(document_differences(session, document, layers), 1)
            if key_of(d, rows) == its_key
        )
        held = held_versions(difference, rows, gold_keys)
        project = session.get(Project, document.project_id)
        assert project is not None
        words = " and ".join(span_words(*key, document.text) for key in held)
        raise Conflict(
            f"gold holds {words} of difference {number} ({difference.summary}), of which "
            f"{owners[0]}'s {span_words(*span_key(span), document.text)} is another version: "
            "accepting it would put two versions of one difference into gold; take it "
            f"instead (POST /api/v1/projects/{project.slug}/review/{document.id}/take with "
            '{"difference": details.difference, "kind": "span", "id": '
            f"{span.id}}}), or reopen the difference",
            details={"field": "id", "difference": its_key},
        )
