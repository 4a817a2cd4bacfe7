""" "None of these": a reviewer decides that gold holds none of a difference's versions.

A difference counts as decided when gold holds one of its versions
(:mod:`annotator.services.review.curation`); a span only one annotator marked, judged wrong,
would otherwise stay open for good. This decision is kept on the document's gold
(``gold_decision``) under the difference's key (:mod:`annotator.core.difference_key`),
recorded in gold's history, and undone by :func:`reopen`. Taking a version afterwards
still works: the difference then shows whose version gold holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.difference_key import difference_key
from annotator.core.errors import Conflict, no_such
from annotator.core.history import decision_snapshot
from annotator.db import AppSession
from annotator.models import Document, GoldDecision, User
from annotator.services.accounts.permissions import require_review
from annotator.services.gold.lock import require_gold_open
from annotator.services.history import record_change
from annotator.services.review.difference import Difference
from annotator.services.review.differences import document_differences
from annotator.services.review.gold_status import mark_in_review
from annotator.services.review.layers import DocumentLayer, document_layers

#: What rows a difference's versions point at, by (kind, id): see :func:`rows_by_id`.
Rows = dict[tuple[str, int], Any]


@dataclass(frozen=True)
class NoneTaken:
    """A decision that gold holds none of a difference's versions: by whom, and when."""

    difference: str
    decided_by: str | None
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class _Gold:
    """The document's gold, as a layer's history names it (it may have no row yet)."""

    document_id: int
    user_id: int | None = None


def rows_by_id(layers: list[DocumentLayer]) -> Rows:
    """Return the annotators' spans, relations and labels by (kind, id), as versions name them."""
    rows: Rows = {}
    for layer in layers:
        for span in layer.spans:
            rows[("span", span.id)] = span
            rows[("attribute", span.id)] = span
        rows.update({("relation", r.id): r for r in layer.relations})
        rows.update({("label", v.id): v for v in layer.labels})
    return rows


def key_of(difference: Difference, rows: Rows) -> str:
    """Return ``difference``'s key: its kind and its versions' items by content."""
    return difference_key(
        difference.kind, (_item(version, rows) for version in difference.versions)
    )


def _span_item(span: Any) -> list[Any]:
    return [span.label, span.start, span.end]


def _item(version: Any, rows: Rows) -> Any:
    if version.accept is None:
        return ["text", version.text]
    kind, row_id, attribute = version.accept
    row = rows.get((kind, row_id))
    if row is None:
        return ["text", version.text]
    if kind == "span":
        return ["span", *_span_item(row), dict(row.attributes or {})]
    if kind == "attribute":
        return ["attribute", *_span_item(row), attribute, (row.attributes or {}).get(attribute)]
    if kind == "relation":
        ends = [rows.get(("span", row.from_span_id)), rows.get(("span", row.to_span_id))]
        return ["relation", row.type, *[None if s is None else _span_item(s) for s in ends]]
    return ["label", row.sentence_index, row.name, row.value]


def none_taken(session: Session, document: Document) -> dict[str, NoneTaken]:
    """Return the document's "none taken" decisions by difference key."""
    return none_taken_of(session, [document.id]).get(document.id, {})


def none_taken_of(session: Session, document_ids: list[int]) -> dict[int, dict[str, NoneTaken]]:
    """Return :func:`none_taken` of each of ``document_ids`` that has any, in one query."""
    query = (
        select(
            GoldDecision.document_id,
            GoldDecision.difference,
            User.username,
            GoldDecision.decided_at,
        )
        .outerjoin(User, User.id == GoldDecision.decided_by_id)
        .where(GoldDecision.document_id.in_(document_ids))
    )
    found: dict[int, dict[str, NoneTaken]] = {}
    for document_id, key, by, at in session.execute(query):
        found.setdefault(document_id, {})[key] = NoneTaken(key, by, at)
    return found


def documents_with_none_taken(session: Session, project_id: int) -> set[int]:
    """Return the ids of the project's documents that have a "none taken" decision."""
    query = (
        select(GoldDecision.document_id)
        .join(Document, Document.id == GoldDecision.document_id)
        .where(Document.project_id == project_id)
        .distinct()
    )
    return set(session.scalars(query))


def find_difference(session: Session, document: Document, key: str) -> tuple[Difference, Rows]:
    """Return the document's difference with ``key``, and the rows its versions name.

    :raises NotFound: the document has no such difference (now).
    """
    layers = document_layers(session, document)
    rows = rows_by_id(layers)
    for difference in document_differences(session, document, layers):
        if key_of(difference, rows) == key:
            return difference, rows
    raise no_such("difference", key)


def decide_none(session: AppSession, reviewer: Actor, document: Document, key: str) -> NoneTaken:
    """Record that gold holds none of the versions of the difference ``key``.

    Deciding again what is already decided changes nothing.

    :raises NotFound: the document has no such difference (now).
    """
    require_review(session, reviewer, document.project_id, "decide differences")
    require_gold_open(session, document)
    existing = none_taken(session, document).get(key)
    if existing is not None:
        return existing
    difference, _ = find_difference(session, document, key)
    row = GoldDecision(
        document_id=document.id,
        difference=key,
        kind=difference.kind,
        summary=difference.summary,
        decided_by_id=reviewer.id,
    )
    session.add(row)
    session.flush()
    mark_in_review(session, document, reviewer)
    record_change(
        session,
        _Gold(document.id),
        "decision",
        "create",
        None,
        None,
        decision_snapshot(key, difference.kind, difference.summary),
        actor=reviewer,
    )
    return NoneTaken(key, reviewer.username, row.decided_at)


def reopen(session: AppSession, reviewer: Actor, document: Document, key: str) -> None:
    """Undo a "none taken" decision: the difference is to decide again.

    :raises NotFound: no such decision on the document.
    """
    require_review(session, reviewer, document.project_id, "reopen differences")
    require_gold_open(session, document)
    row = session.scalars(
        select(GoldDecision).where(
            GoldDecision.document_id == document.id, GoldDecision.difference == key
        )
    ).first()
    if row is None:
        raise no_such("decision", key)
    snapshot = decision_snapshot(row.difference, row.kind, row.summary)
    session.delete(row)
    session.flush()
    record_change(
        session, _Gold(document.id), "decision", "delete", None, snapshot, None, actor=reviewer
    )


def decided(session: Session, document: Document) -> set[str]:
    """Return the keys of the document's differences decided "none taken"."""
    return set(
        session.scalars(
            select(GoldDecision.difference).where(GoldDecision.document_id == document.id)
        )
    )


def decision_in_place(decided: set[str], before: dict[str, Any]) -> Conflict | None:
    """Return why a history entry's "none taken" decision cannot be put back: it is in place
    already (restored before, or decided again); None when it is not.

    :param decided: the document's decided differences, as :func:`decided` reads them.
    """
    if before["difference"] not in decided:
        return None
    return Conflict(
        'that "none taken" decision is in place again: it was restored already, or decided again'
    )


def restore_decision(
    session: AppSession, document: Document, before: dict[str, Any], by: Actor
) -> None:
    """Put back a "none taken" decision a history entry held (a restore of its reopening).

    :raises Conflict: the decision is in place already (restored before, or decided again).
    """
    refused = decision_in_place(decided(session, document), before)
    if refused is not None:
        raise refused
    session.add(
        GoldDecision(
            document_id=document.id,
            difference=before["difference"],
            kind=before["kind"],
            summary=before["summary"],
            decided_by_id=by.id,
        )
    )
    session.flush()
    record_change(
        session, _Gold(document.id), "decision", "create", None, None, dict(before), actor=by
    )
