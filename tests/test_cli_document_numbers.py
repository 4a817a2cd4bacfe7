"""Every command that names documents takes what the project page shows: a document's id as
exports name it, or its # number (``#12`` or ``12``), as the README says of ``--documents``.

``assist predict --documents``, ``adjudicate unanimous --documents`` and the commands that
take one document (``documents status``, ``documents delete``, ``notes``, ``adjudicate ...``)
took ids only, and answered a number copied from the page with "no document '5'"."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Assignment, Document, Layer, Span
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.notes import set_note
from annotator.services.annotation.spans import add_span
from tests.assist_world import build_assist_world

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(session: Any, make_world: Any, assign: Any) -> dict[str, Any]:
    """Documents d1 and d2 of project p; alice and bob agree on a SOURCE in d2."""
    people = {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}
    made = make_world(people, slug="p", members={}, d1=(TEXT, "d1"), d2=(TEXT, "d2"))
    alice, bob, docs = made.alice, made.bob, [made.d1, made.d2]
    assign(docs[0], alice)
    assign(docs[1], alice, bob)
    for user in (alice, bob):
        add_span(session, open_layer(session, user, docs[1], None), "SOURCE", 0, 9)
    session.commit()
    return {"project": made.project, "docs": docs, "alice": alice}


def _gold_spans(session: Any, document_id: int) -> list[tuple[str, int, int]]:
    session.expire_all()
    query = (
        select(Span.label, Span.start, Span.end)
        .join(Layer, Layer.id == Span.layer_id)
        .where(Layer.document_id == document_id, Layer.user_id.is_(None))
    )
    return [tuple(row) for row in session.execute(query)]


def test_adjudicate_takes_a_number_and_answers_with_the_id(
    runner: Any, session: Any, world: Any
) -> None:
    second = world["docs"][1].id
    result = runner.invoke(
        args=[
            *("adjudicate", "unanimous", "p", "--documents", "#2"),
            *("--include-unfinished", "--as", "rita"),  # its annotators have not marked it done
        ]
    )
    assert result.exit_code == 0, result.output
    assert "into the gold of 1 document" in result.output
    assert _gold_spans(session, second) == [("SOURCE", 0, 9)]
    status = runner.invoke(args=["adjudicate", "status", "p", "2", "final", "--as", "rita"])
    assert status.exit_code == 0, status.output
    assert status.stdout == "d2\tfinal\n"


def test_documents_status_takes_a_number_and_a_refusal_names_the_id(
    runner: Any, session: Any, world: Any
) -> None:
    first = world["docs"][0].id
    done = runner.invoke(args=["documents", "status", "p", "#1", "done", "--annotator", "alice"])
    assert done.exit_code == 0, done.output
    assert done.stdout == "d1\talice\tdone\n"
    session.expire_all()
    statuses = session.scalars(
        select(Assignment.status).where(Assignment.document_id == first)
    ).all()
    assert statuses == ["done"]
    # bob has d2, not d1: the refusal names d1 as the operator knows it, not its row id.
    refused = runner.invoke(args=["documents", "status", "p", "d1", "done", "--annotator", "bob"])
    assert refused.exit_code != 0
    assert "document 'd1' is not assigned to 'bob'" in refused.output
    assert f"document {first} " not in refused.output


def test_notes_and_delete_take_a_number(runner: Any, session: Any, world: Any) -> None:
    first = world["docs"][0]
    set_note(session, world["alice"], first, "check the date", True)
    session.commit()
    notes = runner.invoke(args=["notes", "p", f"#{first.number}"])
    assert notes.exit_code == 0, notes.output
    assert notes.stdout == "d1\talice\tunsure\tcheck the date\n"
    deleted = runner.invoke(args=["documents", "delete", "p", str(first.number), "--yes"])
    assert deleted.exit_code == 0, deleted.output
    assert deleted.stdout == "Deleted document d1 of p.\n"
    session.expire_all()
    assert session.scalars(select(Document.external_id)).all() == ["d2"]


def test_predict_takes_numbers_on_the_command_line_and_in_the_api(
    runner: Any,
    client: Any,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    make_token: Any,
) -> None:
    world = build_assist_world(session, make_user, make_project, make_document, assign)
    number = world.unseen.number
    result = runner.invoke(args=["assist", "predict", "assist", "--documents", f"#{number}"])
    assert result.exit_code == 0, result.output
    assert "in 1 document" in result.output
    answer = client.post(
        "/api/v1/projects/assist/assist/predict",
        headers=make_token(world.reviewer),
        json={"documents": [str(number)]},
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["documents"] == ["unseen"]
    # An empty list still names no document: not every one.
    nothing = client.post(
        "/api/v1/projects/assist/assist/predict",
        headers=make_token(world.reviewer),
        json={"documents": []},
    )
    assert nothing.status_code == 200 and nothing.get_json()["documents"] == []
