"""A layer its annotator marked done or skipped takes no write until they reopen it.

Every way a write reaches an annotator's layer (the API's spans, relations and labels, the
suggestions accepted one, a sentence or a relation at a time, the services the pages call)
is refused with 409 ``layer_done`` naming the status and the way to reopen; the layer and its
status stay as they were. Reopening (``in_progress``) lets the same write through.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Assignment
from annotator.services.annotation.layers import open_layer
from tests.api_world import World, build_world
from tests.assist_world import build_assist_world


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _set_status(world: World, status: str, who: str = "alice") -> None:
    response = world.call(who, "PUT", f"/documents/{world.doc.id}/status", {"status": status})
    assert response.status_code == 200, response.get_json()


def _status(world: World, who: str = "alice") -> str:
    return world.call(who, "GET", f"/documents/{world.doc.id}").get_json()["status"]


def _assert_layer_done(response: Any, status: str, document_id: int) -> None:
    assert response.status_code == 409, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "layer_done"
    assert error["details"] == {
        "status": status,
        "reopen": f"PUT /api/v1/documents/{document_id}/status",
    }
    assert f"marked {status}" in error["message"]
    assert '{"status": "in_progress"}' in error["message"]


def _writes(world: World, made: dict[str, Any]) -> dict[str, tuple[str, str, Any]]:
    """Each write of the annotation loop, as (method, path, body)."""
    doc = world.doc.id
    return {
        "create span": (
            "POST",
            f"/documents/{doc}/spans",
            {"label": "CUE", "start": 10, "end": 14},
        ),
        "change span": ("PATCH", f"/spans/{made['claim']}", {"start": 19}),
        "span note": ("PATCH", f"/spans/{made['claim']}", {"note": "unsure"}),
        "delete span": ("DELETE", f"/spans/{made['source']}", None),
        "create relation": (
            "POST",
            f"/documents/{doc}/relations",
            {"type": "ATTRIBUTED_TO", "from": made["denial"], "to": made["other"]},
        ),
        "relation note": ("PATCH", f"/relations/{made['relation']}", {"note": "why"}),
        "delete relation": ("DELETE", f"/relations/{made['relation']}", None),
        "sentence label": (
            "PUT",
            f"/documents/{doc}/labels",
            {"sentence": 0, "name": "stance", "value": "FAVOR"},
        ),
        "document label": (
            "PUT",
            f"/documents/{doc}/labels",
            {"sentence": None, "name": "genre", "value": "NEWS"},
        ),
    }


def _made(world: World) -> dict[str, Any]:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    other = world.span("alice", "SOURCE", 35, 41)
    denial = world.span("alice", "CLAIM", 42, 51)
    relation = world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    return {
        "claim": claim["id"],
        "source": source["id"],
        "other": other["id"],
        "denial": denial["id"],
        "relation": relation["id"],
    }


WRITES = [
    "create span",
    "change span",
    "span note",
    "delete span",
    "create relation",
    "relation note",
    "delete relation",
    "sentence label",
    "document label",
]


@pytest.mark.parametrize("status", ["done", "skipped"])
@pytest.mark.parametrize("write", WRITES)
def test_every_api_write_to_a_closed_layer_is_refused_until_reopened(
    world: World, write: str, status: str
) -> None:
    made = _made(world)
    _set_status(world, status)
    before = world.layer("alice")
    method, path, body = _writes(world, made)[write]

    _assert_layer_done(world.call("alice", method, path, body), status, world.doc.id)
    assert world.layer("alice") == before
    assert _status(world) == status

    _set_status(world, "in_progress")
    response = world.call("alice", method, path, body)
    assert response.status_code in (200, 201, 204), response.get_json()
    assert world.layer("alice") != before
    assert _status(world) == "in_progress"


def test_a_closed_layer_still_takes_its_note_and_active_time(world: World) -> None:
    """The note is a word to the reviewer, the time a measure: neither changes the layer."""
    _set_status(world, "done")
    note = world.call(
        "alice", "PUT", f"/documents/{world.doc.id}/note", {"note": "sentence 2?", "unsure": True}
    )
    assert note.status_code == 200, note.get_json()
    time = world.call("alice", "POST", f"/documents/{world.doc.id}/time", {"seconds": 30})
    assert time.status_code == 200, time.get_json()
    assert _status(world) == "done"


def test_another_annotator_done_leaves_the_others_and_gold_writable(world: World) -> None:
    _set_status(world, "done", "alice")
    assert world.span("bob", "CLAIM", 15, 31)["label"] == "CLAIM"
    assert world.span("rita", "CLAIM", 15, 31, query="?layer=gold")["label"] == "CLAIM"
    assert _status(world, "bob") == "in_progress"


@pytest.fixture
def assist(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_assist_world(session, make_user, make_project, make_document, assign, 0)


def _suggestions(client: Any, assist: Any, headers: dict[str, str]) -> dict[str, Any]:
    answer = client.get(f"/api/v1/documents/{assist.unseen.id}/suggestions", headers=headers)
    assert answer.status_code == 200
    return answer.get_json()


@pytest.mark.parametrize("status", ["done", "skipped"])
@pytest.mark.parametrize("accept", ["one", "sentence", "relation"])
def test_accepting_suggestions_into_a_closed_layer_is_refused_until_reopened(
    client: Any, runner: Any, assist: Any, make_token: Any, accept: str, status: str
) -> None:
    result = runner.invoke(args=["assist", "predict", "assist"])
    assert result.exit_code == 0, result.output
    alice = make_token(assist.annotator)
    document = assist.unseen.id
    shown = _suggestions(client, assist, alice)
    path, body = {
        "one": (f"/api/v1/suggestions/{shown['spans'][0]['id']}/accept", None),
        "sentence": (f"/api/v1/documents/{document}/suggestions/accept", {"sentence": 0}),
        "relation": (f"/api/v1/suggestions/relations/{shown['relations'][0]['id']}/accept", None),
    }[accept]
    status_path = f"/api/v1/documents/{document}/status"
    assert client.put(status_path, json={"status": status}, headers=alice).status_code == 200
    layer_path = f"/api/v1/documents/{document}/annotations"
    before = client.get(layer_path, headers=alice).get_json()

    _assert_layer_done(client.post(path, json=body, headers=alice), status, document)
    assert client.get(layer_path, headers=alice).get_json() == before

    assert client.put(status_path, json={"status": "in_progress"}, headers=alice).status_code == 200
    response = client.post(path, json=body, headers=alice)
    assert response.status_code == 201, response.get_json()
    assert client.get(layer_path, headers=alice).get_json()["spans"]


def test_the_services_open_no_closed_layer(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    """The pages and services open a layer as the API does: a closed one is refused."""
    from annotator.core.errors import LayerDone

    project = make_project("closed")
    document = make_document(project, "Officials said the talks failed.", external_id="d")
    alice = make_user("alice")
    assign(document, alice)
    assignment = session.scalars(select(Assignment)).one()
    assignment.status = "skipped"
    session.commit()
    with pytest.raises(LayerDone) as refused:
        open_layer(session, alice, document, None)
    assert refused.value.details == {
        "status": "skipped",
        "reopen": f"PUT /api/v1/documents/{document.id}/status",
    }
    assignment.status = "in_progress"
    session.commit()
    assert open_layer(session, alice, document, None).user_id == alice.id


def test_a_reviewer_restores_into_a_done_layer_and_its_status_stays(world: World) -> None:
    """The done lock holds the annotator's own writes: a reviewer's restore from the history
    acts on the layer openly (the history records it, as the reviewer's), done or not."""
    span = world.span("alice", "CLAIM", 15, 31)
    assert world.call("alice", "DELETE", f"/spans/{span['id']}").status_code == 204
    _set_status(world, "done")
    history = f"/projects/demo/documents/{world.doc.id}/history"
    changes = world.call("rita", "GET", f"{history}?annotator=alice").get_json()["changes"]
    deleted = next(c for c in changes if c["kind"] == "span" and c["action"] == "delete")
    restored = world.call("rita", "POST", f"{history}/{deleted['id']}/restore")
    assert restored.status_code == 200, restored.get_json()
    spans = world.layer("alice")["spans"]
    assert [(s["label"], s["start"], s["end"]) for s in spans] == [("CLAIM", 15, 31)]
    assert _status(world) == "done"
    changes = world.call("rita", "GET", f"{history}?annotator=alice").get_json()["changes"]
    assert (changes[0]["action"], changes[0]["source"]) == ("restore", "restore")
