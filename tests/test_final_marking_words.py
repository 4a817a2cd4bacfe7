"""Marking gold final says, in one set of words on every face (command line, API, page), what
final gold leaves out, naming the document (``#N (external id)``): the differences still
undecided, and, on a document one annotator annotated, what of that annotator's layer gold
never took (no difference asks about it). Nothing is refused."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.wording import document_said
from annotator.models import LabelValue, Span
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.review import adjudication
from annotator.services.review.gold_status import document_gold_status
from tests.helpers import csrf_token_from, login
from tests.review_world import TEXT, build_disagreement


@pytest.fixture
def two(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    session.commit()
    world["headers"] = make_token(world["users"]["rita"])
    return world


@pytest.fixture
def lone(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    """alice alone annotates d1: a claim and the first sentence's stance; gold is empty."""
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="d1")
    alice, rita = make_user("alice", "annotator"), make_user("rita", "reviewer")
    assign(doc, alice)
    layer = open_layer(session, alice, doc, None)
    add_span(session, layer, "CLAIM", 15, 31)
    set_label(session, layer, 0, "stance", "AGAINST")
    session.commit()
    return {"doc": doc, "rita": rita, "layer": layer.id, "headers": make_token(rita)}


def _undecided(doc: Any) -> str:
    return (
        f"2 differences still undecided in {document_said(doc.number, 'd1')}: gold holds none "
        "of their versions (marking final decides nothing)"
    )


def _never_taken(doc: Any) -> str:
    return (
        f"alice's 1 span and 1 label in {document_said(doc.number, 'd1')} were never taken "
        "into gold (the only annotator's: no difference asks about them; final gold is "
        "exported without them)"
    )


def _cli(runner: Any) -> str:
    result = runner.invoke(args=["adjudicate", "status", "demo", "d1", "final", "--as", "rita"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "d1\tfinal\n"
    return result.stderr


def _api(client: Any, world: dict[str, Any]) -> dict[str, Any]:
    url = f"/api/v1/projects/demo/review/{world['doc'].id}/status"
    answer = client.put(url, json={"status": "final"}, headers=world["headers"])
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["gold_status"] == "final"
    return answer.get_json()


def _page(client: Any, session: Any, doc: Any) -> tuple[str, str]:
    """The page's question, then what it says once final is confirmed."""
    login(client, "rita")
    page = f"/projects/demo/review/{doc.id}"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    posted = client.post(f"{page}/status", data={"csrf_token": token, "status": "final"})
    assert posted.status_code == 302 and "final=check" in posted.headers["Location"]
    session.expire_all()
    assert document_gold_status(session, doc) == "open"
    asked = " ".join(client.get(posted.headers["Location"]).get_data(as_text=True).split())
    confirmed = client.post(
        f"{page}/status",
        data={"csrf_token": token, "status": "final", "confirm": "1"},
        follow_redirects=True,
    )
    session.expire_all()
    assert document_gold_status(session, doc) == "final"
    return asked, " ".join(confirmed.get_data(as_text=True).split())


def test_the_command_line_names_the_document_of_its_undecided_differences(runner, two) -> None:
    assert f"Warning: {_undecided(two['doc'])}." in _cli(runner)


def test_the_api_says_the_same_words(client, two) -> None:
    answer = _api(client, two)
    assert answer["to_decide"] == 2
    assert f"{_undecided(two['doc'])}." in answer["warnings"]


def test_the_page_asks_and_then_says_the_same_words(client, session, two) -> None:
    asked, said = _page(client, session, two["doc"])
    words = _undecided(two["doc"]).replace("'", "&#39;")
    assert words in asked and words in said


def test_one_annotators_layer_never_taken_is_warned_of_on_the_command_line(runner, lone) -> None:
    assert f"Warning: {_never_taken(lone['doc'])}." in _cli(runner)


def test_one_annotators_layer_never_taken_is_answered_by_the_api(client, lone) -> None:
    answer = _api(client, lone)
    assert answer["never_taken"] == {"annotator": "alice", "spans": 1, "relations": 0, "labels": 1}
    assert f"{_never_taken(lone['doc'])}." in answer["warnings"]


def test_one_annotators_layer_never_taken_is_asked_about_on_the_page(client, session, lone) -> None:
    asked, said = _page(client, session, lone["doc"])
    words = _never_taken(lone["doc"]).replace("'", "&#39;")
    assert words in asked and words in said


def test_nothing_is_said_once_gold_holds_the_lone_layer(runner, session, lone) -> None:
    doc, rita = lone["doc"], lone["rita"]
    for kind, model in (("span", Span), ("label", LabelValue)):
        for row in list(session.scalars(select(model).where(model.layer_id == lone["layer"]))):
            adjudication.accept_item(session, rita, doc, kind, row.id)
    session.commit()
    assert "never taken" not in _cli(runner)
