"""One scope for a project's accept of agreed items: the review list's annotators filter, the
documents named and whether the unfinished are taken, read alike by the review list's
question, its form and the API. Named documents and a filter together take the named
documents the filter shows (the intersection), and every face names those the filter left
out; the count asked first is what the accept then takes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import LabelValue, Layer
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from tests.helpers import csrf_token_from, login, review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."
PATH = "/api/v1/projects/demo/review/unanimous"


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    """alice and bob give d1..d4 (#1..#4) the stance AGAINST; both marked d1 and d4 done,
    neither d2, and of d3 alice only: the list's "finished" filter shows d1 and d4, its
    "waiting" filter d2 and d3."""
    project = make_project("demo")
    names = ("d1", "d2", "d3", "d4")
    docs = {name: make_document(project, TEXT, external_id=name) for name in names}
    users = review_team(make_user, assign, *docs.values())
    for doc in docs.values():
        for name in ("alice", "bob"):
            set_label(session, open_layer(session, users[name], doc, None), 0, "stance", "AGAINST")
    for user, doc in (("alice", "d1"), ("bob", "d1"), ("alice", "d4"), ("bob", "d4")):
        set_status(session, users[user], docs[doc], "done")
    set_status(session, users["alice"], docs["d3"], "done")
    session.commit()
    return {"project": project, "docs": docs, "users": users}


def _in_gold(session, world) -> list[str]:
    """The documents whose gold holds the stance, by external id."""
    session.expire_all()
    taken = []
    for name, doc in world["docs"].items():
        query = (
            select(LabelValue.id)
            .join(Layer, Layer.id == LabelValue.layer_id)
            .where(Layer.document_id == doc.id, Layer.user_id.is_(None))
        )
        if session.scalars(query).first() is not None:
            taken.append(name)
    return taken


def test_the_api_takes_the_named_documents_the_filter_shows(client, session, world, make_token):
    rita = make_token(world["users"]["rita"])
    body = {"documents": ["#1", "#2", "d4"], "annotators": "finished"}
    answer = client.post(PATH, json=body, headers=rita)
    assert answer.status_code == 200, answer.get_json()
    said = answer.get_json()
    assert (said["documents"], said["labels"], said["skipped_unfinished"]) == (2, 2, 0)
    assert said["filtered_out"] == [{"number": 2, "external_id": "d2"}]
    assert said["warnings"] == [
        "1 named document left out by the annotators filter \u201cfinished\u201d (only the "
        "documents everyone assigned has finished): #2 (d2)"
    ]
    assert _in_gold(session, world) == ["d1", "d4"]


def test_the_api_filter_waiting_with_named_documents(client, session, world, make_token):
    rita = make_token(world["users"]["rita"])
    body = {
        "documents": ["d4", "#3", "#1", "#2"],
        "annotators": "waiting",
        "include_unfinished": True,
    }
    said = client.post(PATH, json=body, headers=rita).get_json()
    assert (said["documents"], said["included_unfinished"]) == (2, 2)
    # In the order named.
    assert said["filtered_out"] == [
        {"number": 4, "external_id": "d4"},
        {"number": 1, "external_id": "d1"},
    ]
    assert said["warnings"][0].endswith(": #4 (d4), #1 (d1)")
    assert _in_gold(session, world) == ["d2", "d3"]


def test_the_api_still_refuses_a_wrong_filter_or_name(client, session, world, make_token):
    rita = make_token(world["users"]["rita"])
    wrong = client.post(PATH, json={"documents": ["d1"], "annotators": "some"}, headers=rita)
    assert wrong.status_code == 422
    assert wrong.get_json()["error"]["details"]["field"] == "annotators"
    unknown = client.post(PATH, json={"documents": ["nope"], "annotators": "waiting"}, headers=rita)
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["details"]["field"] == "documents"
    for body in ({"annotators": None}, {"include_unfinished": "1"}, {"quorum": 1}):
        answer = client.post(PATH, json=body, headers=rita)
        assert answer.status_code == 400, body
        assert answer.get_json()["error"]["details"]["field"] == next(iter(body))
    assert _in_gold(session, world) == []


def test_the_page_asks_and_accepts_the_named_documents_the_filter_shows(client, session, world):
    """Before: the page dropped the list's filter once documents were named (and took #2)."""
    login(client, "rita")
    scope = "annotators=finished&documents=%231,+%232,+d4&include_unfinished=1"
    page = client.get(f"/projects/demo/review?unanimous=check&{scope}").get_data(as_text=True)
    assert "Accepting writes 2 items into gold in 2 documents" in page
    assert "left out by the annotators filter \u201cfinished\u201d" in page
    assert "#2 (d2)" in page
    # The question's form posts the filter along with the names, and so does the form that
    # names the documents.
    assert 'name="annotators" value="finished"' in page
    assert page.count('name="annotators" value="finished"') >= 2
    posted = client.post(
        "/projects/demo/review/unanimous",
        data={
            "csrf_token": csrf_token_from(page),
            "confirm": "1",
            "quorum": "unanimous",
            "annotators": "finished",
            "documents": "#1, #2, d4",
            "include_unfinished": "1",
        },
    )
    assert posted.status_code == 302
    assert "annotators=finished" in posted.headers["Location"]
    flashed = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert "in 2 documents." in flashed
    assert "left out by the annotators filter \u201cfinished\u201d" in flashed
    assert "#2 (d2)" in flashed
    assert _in_gold(session, world) == ["d1", "d4"]


def test_the_pages_count_is_what_the_api_and_the_page_take(client, session, world, make_token):
    """The same scope counted on the page, then accepted through the API; and again through
    the page's form: each count is what was taken."""
    login(client, "rita")
    ask = "/projects/demo/review?unanimous=check&annotators=waiting&documents=%231,%232,%233"
    counted = client.get(f"{ask}&include_unfinished=1").get_data(as_text=True)
    assert "Accepting writes 2 items into gold in 2 documents" in counted
    rita = make_token(world["users"]["rita"])
    body = {"documents": ["#1", "#2", "#3"], "annotators": "waiting", "include_unfinished": True}
    taken = client.post(PATH, json=body, headers=rita).get_json()
    assert (taken["labels"], taken["documents"]) == (2, 2)
    assert _in_gold(session, world) == ["d2", "d3"]

    again = client.get(
        "/projects/demo/review?unanimous=check&annotators=finished&documents=%231,%232"
    )
    page = again.get_data(as_text=True)
    assert "Accepting writes 1 item into gold in 1 document" in page
    posted = client.post(
        "/projects/demo/review/unanimous",
        data={
            "csrf_token": csrf_token_from(page),
            "confirm": "1",
            "annotators": "finished",
            "documents": "#1, #2",
        },
    )
    flashed = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert "Accepted 0 spans, 0 relations and 1 label" in flashed
    assert _in_gold(session, world) == ["d1", "d2", "d3"]


def test_the_cli_takes_the_named_documents_the_filter_shows(runner, session, world) -> None:
    named = ["adjudicate", "unanimous", "demo", "--documents", "#2,d1,#4", "--as", "rita"]
    result = runner.invoke(args=[*named, "--annotators", "finished", "--include-unfinished"])
    assert result.exit_code == 0, result.output
    assert "into the gold of 2 documents." in result.output
    assert (
        "1 named document left out by the annotators filter \u201cfinished\u201d (only the "
        "documents everyone assigned has finished): #2 (d2).\n"
    ) in result.output
    assert _in_gold(session, world) == ["d1", "d4"]
    wrong = runner.invoke(args=[*named, "--annotators", "some"])
    assert wrong.exit_code != 0 and "some" in wrong.output
