"""The demo's example work: alice's and bob's finished layers on one seed article.

They are there so that a new demo shows the review queue, the agreement report and the
curation page with something in them; they come only with a new demo project, and a later
run of the demo leaves whatever the demo's users have done since as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Assignment, Document, Layer, Span, User
from annotator.services.accounts.projects import find_project
from annotator.services.agreement.report import agreement_report
from annotator.services.annotation.span_deletion import delete_span
from annotator.services.demo import EXAMPLE_ANNOTATIONS, load_demo
from annotator.services.review.differences import document_differences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _example_record() -> dict:
    (record,) = json.loads((SEEDS / EXAMPLE_ANNOTATIONS).read_text(encoding="utf-8"))["records"]
    return record


def _layer_spans(session: Session, document: Document, username: str) -> set[tuple]:
    query = (
        select(Span.label, Span.start, Span.end)
        .join(Layer, Span.layer_id == Layer.id)
        .join(User, Layer.user_id == User.id)
        .where(Layer.document_id == document.id, User.username == username)
    )
    return {tuple(row) for row in session.execute(query)}


def test_a_new_demo_holds_both_example_layers_done_with_disagreements(session: Session) -> None:
    summary = load_demo(session, SEEDS)
    session.commit()
    # Named as they log in: "Alice" read as a user name, and the login is "alice".
    assert "The annotators alice and bob have finished one article, to review." in summary
    record = _example_record()
    project = find_project(session, "demo")
    assert project is not None
    document = session.scalars(
        select(Document).where(
            Document.project_id == project.id, Document.external_id == record["id"]
        )
    ).one()
    for layer in record["annotations"]:
        stored = _layer_spans(session, document, layer["annotator"])
        assert stored == {(s["label"], s["start"], s["end"]) for s in layer["spans"]}
    statuses = {
        assignment.user.username: assignment.status
        for assignment in session.scalars(
            select(Assignment).where(Assignment.document_id == document.id)
        )
    }
    assert statuses == {"alice": "done", "bob": "done"}

    # What a reviewer opens first has something in it.
    kinds = {difference.kind for difference in document_differences(session, document)}
    assert len(kinds) >= 3, kinds
    report = agreement_report(session, project)
    claims = report["spans"]["CLAIM"]["pairs"]["alice|bob"]
    assert 0 < claims["f1_exact"] < claims["f1_overlap"] < 1
    assert report["labels"]["stance"]["units"] >= 2


def test_a_later_run_leaves_what_the_demo_users_did_since(session: Session) -> None:
    load_demo(session, SEEDS)
    session.commit()
    record = _example_record()
    document = session.scalars(select(Document).where(Document.external_id == record["id"])).one()
    alice_span = session.scalars(
        select(Span)
        .join(Layer, Span.layer_id == Layer.id)
        .join(User, Layer.user_id == User.id)
        .where(Layer.document_id == document.id, User.username == "alice")
        .order_by(Span.start)
    ).first()
    assert alice_span is not None
    gone = (alice_span.label, alice_span.start, alice_span.end)
    delete_span(session, alice_span)
    session.commit()

    summary = load_demo(session, SEEDS)  # an import of the examples would refuse: they differ
    session.commit()
    assert "to review" not in summary
    assert gone not in _layer_spans(session, document, "alice")
