"""A reviewer or manager sends an annotator's done layer back to them: the API, its
permissions and refusals, the history row, and what the annotator's workspace then says."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.api_world import TEXT, World, build_world
from tests.conftest import SEED_SCHEMA
from tests.helpers import csrf_token_from, login


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _done(world: World, who: str = "alice") -> None:
    response = world.call(who, "PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
    assert response.status_code == 200, response.get_json()


def _send_back(world: World, who: str, body: Any, doc: Any = None) -> Any:
    doc = doc or world.doc
    return world.call(who, "POST", f"/documents/{doc.id}/send-back", body)


def test_a_reviewer_sends_a_done_layer_back_and_its_annotator_writes_again(
    world: World,
) -> None:
    _done(world)
    refused = world.call(
        "alice",
        "PUT",
        f"/documents/{world.doc.id}/labels",
        {"sentence": 0, "name": "stance", "value": "FAVOR"},
    )
    assert refused.get_json()["error"]["code"] == "layer_done"
    response = _send_back(world, "rita", {"annotator": "alice", "reason": "stance blank"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {
        "document": world.doc.id,
        "annotator": "alice",
        "status": "in_progress",
        "sent_back_by": "rita",
    }
    written = world.call(
        "alice",
        "PUT",
        f"/documents/{world.doc.id}/labels",
        {"sentence": 0, "name": "stance", "value": "FAVOR"},
    )
    assert written.status_code == 200
    history = world.call(
        "rita", "GET", f"/projects/demo/documents/{world.doc.id}/history?annotator=alice"
    ).get_json()["changes"]
    status = [c for c in history if c["kind"] == "status"][0]  # newest first
    assert status["actor"] == "rita" and status["source"] == "reviewer"
    assert status["before"] == {"status": "done"}
    assert status["after"] == {"status": "in_progress", "sent_back": True, "reason": "stance blank"}


@pytest.mark.parametrize(
    ("who", "code"),
    [("bob", 403), ("carol", 404), (None, 401)],
)
def test_who_may_not_review_the_project_cannot_send_a_layer_back(
    world: World, who: str | None, code: int
) -> None:
    _done(world)
    # bob is assigned the document (he sees it: 403); carol is not (404, as a missing one).
    response = _send_back(world, who, {"annotator": "alice"})
    assert response.status_code == code
    assert _send_back(world, "ada", {"annotator": "alice"}).status_code == 200


def test_a_layer_not_done_is_409_and_an_unknown_annotator_404(world: World) -> None:
    response = _send_back(world, "rita", {"annotator": "alice"})
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert "alice's layer on document #1 (doc-1) is not started" in error["message"]
    assert error["details"] == {"status": "new", "annotator": "alice"}
    missing = _send_back(world, "rita", {"annotator": "zed"})
    assert missing.status_code == 404
    assert missing.get_json()["error"]["message"] == "no layer of 'zed' on document 1"
    too_long = _send_back(world, "rita", {"annotator": "alice", "reason": "x" * 501})
    assert too_long.status_code == 422
    assert "'reason' is 501 characters long" in too_long.get_json()["error"]["message"]


def test_a_session_send_back_without_the_csrf_token_is_refused(
    world: World, client: Any, make_user: Any
) -> None:
    _done(world)
    make_user("lead", "reviewer")
    assert login(client, "lead").status_code == 302
    response = client.post(
        f"/api/v1/documents/{world.doc.id}/send-back", json={"annotator": "alice"}
    )
    assert response.status_code in (400, 403)
    assert _status(world) == "done"


def _status(world: World) -> str:
    documents = world.call("alice", "GET", "/projects/demo/documents").get_json()["documents"]
    return next(d["status"] for d in documents if d["id"] == world.doc.id)


def test_the_workspace_says_who_sent_it_back_why_and_what_is_blank(
    client: Any,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="doc-1")
    ann = make_user("ann", "annotator")
    assign(doc, ann)
    as_ann = make_token(ann)
    as_rita = make_token(make_user("rita", "reviewer", None))
    as_ada = make_token(make_user("ada", "admin", None))
    status = f"/api/v1/documents/{doc.id}/status"
    assert client.put(status, json={"status": "done"}, headers=as_ann).status_code == 200
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["sentence_labels"][1]["required"] = True  # stance, once ann is done
    changed = client.patch("/api/v1/projects/demo", json={"schema": schema}, headers=as_ada)
    assert changed.status_code == 200, changed.get_json()
    body = {"annotator": "ann", "reason": "stance blank"}
    sent = client.post(f"/api/v1/documents/{doc.id}/send-back", json=body, headers=as_rita)
    assert sent.status_code == 200, sent.get_json()
    assert login(client, "ann").status_code == 302
    page = client.get(f"/projects/demo/documents/{doc.id}").get_data(as_text=True)
    assert 'id="sent-back"' in page
    assert "Sent back to you by rita: stance blank." in page
    assert "the required field &#39;stance&#39; has no value on sentences 1, 2 and 3" in page
    labels = f"/api/v1/documents/{doc.id}/labels"
    for sentence in range(3):
        value = {"sentence": sentence, "name": "stance", "value": "NONE"}
        assert client.put(labels, json=value, headers=as_ann).status_code == 200
    assert client.put(status, json={"status": "done"}, headers=as_ann).status_code == 200
    assert client.put(status, json={"status": "in_progress"}, headers=as_ann).status_code == 200
    # Reopened by ann herself since: no longer said.
    page = client.get(f"/projects/demo/documents/{doc.id}").get_data(as_text=True)
    assert 'id="sent-back"' not in page


def test_the_agreement_and_review_pages_send_a_done_layer_back(
    client: Any,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="doc-1")
    ann = make_user("ann", "annotator")
    assign(doc, ann)
    status = f"/api/v1/documents/{doc.id}/status"
    assert client.put(status, json={"status": "done"}, headers=make_token(ann)).status_code == 200
    schema["sentence_labels"][1]["required"] = True
    as_ada = make_token(make_user("ada", "admin", None))
    assert (
        client.patch("/api/v1/projects/demo", json={"schema": schema}, headers=as_ada).status_code
        == 200
    )
    make_user("lead", "reviewer")
    assert login(client, "lead").status_code == 302
    page = client.get("/projects/demo/agreement").get_data(as_text=True)
    listed = page[page.index('id="done-blank"') :]
    assert "Send back</button>" in listed and 'name="reason" value="stance blank"' in listed
    review = client.get(f"/projects/demo/review/{doc.id}").get_data(as_text=True)
    assert "Send back</button>" in review
    # Hidden names: no button, which would name the annotator.
    hidden = client.get("/projects/demo/agreement?anonymous=1").get_data(as_text=True)
    assert "Send back</button>" not in hidden
    form = {
        "csrf_token": csrf_token_from(page),
        "annotator": "ann",
        "reason": "stance blank",
        "back": "agreement",
    }
    sent = client.post(f"/projects/demo/documents/{doc.id}/send-back", data=form)
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/agreement#done-blank")
    after = client.get("/projects/demo/agreement").get_data(as_text=True)
    assert "Sent ann&#39;s layer back: it is in progress again" in after
    again = client.post(f"/projects/demo/documents/{doc.id}/send-back", data=form)
    assert again.status_code == 302
    said = client.get("/projects/demo/agreement").get_data(as_text=True)
    assert "Not sent back: ann&#39;s layer on document #1 (doc-1) is in progress" in said
