"""Gold's lock holds against a concurrent "mark final" (PostgreSQL, two transactions).

A gold write checks that gold is not final, then writes, then commits; marking final sets
the status and commits. Were the two not serialised, a write that checked before the status
was set could commit after it: a change in final gold. Each test holds one transaction open
at the point that matters, runs the other in a thread on its own connection, and shows
that the second waits for the first (services/gold/lock.py).

SQLite needs no test of its own: every write transaction there begins IMMEDIATE
(annotator/engine.py, annotator/db.py), so two writers never interleave at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import GoldFinal
from annotator.core.unanimous_scope import UnanimousScope
from annotator.engine import get_engine
from annotator.models import Document, LayerChange, Project, Span, User
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span, update_span
from annotator.services.annotation.write_target import open_span, open_write_target
from annotator.services.review.decision_changes.reopening import reopen_difference
from annotator.services.review.final_marking import change_gold_status
from annotator.services.review.gold_status import document_gold_status, set_gold_status
from annotator.services.review.unanimous import accept_unanimous_in
from tests import held_writes
from tests.held_writes import run_in_thread

open_session = held_writes.open_session  # the fixture

TEXT = "Officials said the talks failed. Moscow denied it."
# Long enough for a transaction that does not wait to be done, short for one that waits.
SETTLE = 0.5


@dataclass
class Ids:
    document: int
    reviewer: int
    gold_span: int


@pytest.fixture
def ids(app: Flask, session: Session, make_user: Any, make_project: Any, make_document: Any) -> Ids:
    if get_engine(app).dialect.name != "postgresql":
        pytest.skip("SQLite's write transactions begin IMMEDIATE: two never interleave")
    rita = make_user("rita", "reviewer")
    document = make_document(make_project(), TEXT)
    gold = ensure_layer(session, document, None)
    span = add_span(session, gold, "CLAIM", 15, 31)
    session.commit()
    return Ids(document.id, rita.id, span.id)


def mark_final(own: Session, ids: Ids) -> str:
    reviewer = own.get(User, ids.reviewer)
    document = own.get(Document, ids.document)
    assert reviewer is not None and document is not None
    return change_gold_status(own, reviewer, document, "final", "leave").status


def gold_spans(session: Session, ids: Ids) -> list[tuple[str, int, int]]:
    session.rollback()  # a fresh snapshot: what the two transactions committed
    gold = ensure_layer(session, session.get(Document, ids.document), None)
    rows = session.scalars(select(Span).where(Span.layer_id == gold.id).order_by(Span.start))
    return [(span.label, span.start, span.end) for span in rows]


def test_marking_final_waits_for_a_gold_write_that_found_gold_open(
    app: Flask, session: Session, ids: Ids, open_session: Callable[[], Session]
) -> None:
    writer = open_session()
    with app.app_context():
        rita = writer.get(User, ids.reviewer)
        target = open_write_target(writer, rita, ids.document, "gold")  # gold is open
        marking = run_in_thread(app, lambda own: mark_final(own, ids))
        time.sleep(SETTLE)
        waited = not marking.done.is_set()
        add_span(writer, target, "SOURCE", 0, 9)
        writer.commit()
    result = marking.finish()
    assert waited, "marking final committed while a gold write that found gold open was open"
    assert "error" not in result, result.get("error")
    assert gold_spans(session, ids) == [("SOURCE", 0, 9), ("CLAIM", 15, 31)]
    # The write landed before the status: gold's history says so in that order.
    changes = session.scalars(
        select(LayerChange)
        .where(LayerChange.document_id == ids.document, LayerChange.layer_key == "gold")
        .order_by(LayerChange.id)
    ).all()
    assert [(c.kind, c.action) for c in changes][-2:] == [("span", "create"), ("status", "update")]


def _open_new(own: Session, ids: Ids) -> None:
    target = open_write_target(own, own.get(User, ids.reviewer), ids.document, "gold")
    add_span(own, target, "SOURCE", 0, 9)


def _change_span(own: Session, ids: Ids) -> None:
    span, target = open_span(own, own.get(User, ids.reviewer), ids.gold_span, "gold")
    update_span(own, span, target=target, start=19)


def _review_service(own: Session, ids: Ids) -> None:
    """A review service's own check (gold.lock.require_gold_open reading the status)."""
    reopen_difference(own, own.get(User, ids.reviewer), own.get(Document, ids.document), "x")


# Each way a gold write asks the lock: in its opening query (a new item), in the query that
# finds a span by its id, and by reading the status itself (the review's services).
WRITES: dict[str, Callable[[Session, Ids], None]] = {
    "a new gold span": _open_new,
    "a change of a gold span": _change_span,
    "a review service": _review_service,
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_a_gold_write_waits_for_marking_final_and_is_then_refused(
    app: Flask, session: Session, ids: Ids, open_session: Callable[[], Session], write: str
) -> None:
    marker = open_session()
    with app.app_context():
        assert mark_final(marker, ids) == "final"  # set, not committed
        writing = run_in_thread(app, lambda own: WRITES[write](own, ids))
        time.sleep(SETTLE)
        waited = not writing.done.is_set()
        marker.commit()
    result = writing.finish()
    assert waited, "a gold write went ahead while marking final was open"
    assert isinstance(result.get("error"), GoldFinal), result
    assert gold_spans(session, ids) == [("CLAIM", 15, 31)]
    assert document_gold_status(session, session.get(Document, ids.document)) == "final"


def test_the_projects_accept_waits_for_marking_final_and_leaves_the_document_out(
    app: Flask,
    session: Session,
    ids: Ids,
    open_session: Callable[[], Session],
    make_user: Any,
    assign: Any,
) -> None:
    """The accept lists the documents not final, then writes: one marked final meanwhile is
    held and asked again, and left out as the list would have left it."""
    document = session.get(Document, ids.document)
    annotators = [make_user(name) for name in ("alice", "bob")]
    assign(document, *annotators)
    for annotator in annotators:
        add_span(session, ensure_layer(session, document, annotator.id), "SOURCE", 0, 9)
    rita = session.get(User, ids.reviewer)
    set_gold_status(session, rita, document, "in_review")  # marking final updates this row
    session.commit()

    def accept_all(own: Session) -> Any:
        project = own.get(Project, document.project_id)
        # alice and bob have not finished it: taken all the same, to reach the race.
        reviewer = own.get(User, ids.reviewer)
        return accept_unanimous_in(own, reviewer, project, UnanimousScope(include_unfinished=True))

    marker = open_session()
    with app.app_context():
        assert mark_final(marker, ids) == "final"  # set, not committed
        accepting = run_in_thread(app, accept_all)
        time.sleep(SETTLE)
        waited = not accepting.done.is_set()
        marker.commit()
    result = accepting.finish()
    assert waited, "the project's accept wrote gold while marking final was open"
    assert "error" not in result, result.get("error")
    accepted = result["value"]
    assert (accepted.skipped_final, accepted.total) == (1, 0)
    assert gold_spans(session, ids) == [("CLAIM", 15, 31)]
