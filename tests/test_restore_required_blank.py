"""A history restore that puts a layer back to done while it leaves a required field blank:
restored all the same (a restore puts back what was), and warned of, by the API's answer and
the History page's flash."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.api_world import World, build_world
from tests.helpers import csrf_token_from, login


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    """alice marked doc done, then reopened it; stance became required since."""
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    doc = world.doc.id
    for status in ("done", "in_progress"):
        answer = world.call("alice", "PUT", f"/documents/{doc}/status", {"status": status})
        assert answer.status_code == 200, answer.get_json()
    schema = copy.deepcopy(world.project.schema)
    next(f for f in schema["sentence_labels"] if f["name"] == "stance")["required"] = True
    answer = world.call("ada", "PATCH", "/projects/demo", {"schema": schema})
    assert answer.status_code == 200, answer.get_json()
    return world


def _status_change(world: World, before: str) -> dict[str, Any]:
    history = world.call(
        "rita", "GET", f"/projects/demo/documents/{world.doc.id}/history?annotator=alice"
    ).get_json()
    return next(
        c for c in history["changes"] if c["kind"] == "status" and c["before"]["status"] == before
    )


def _restore_path(world: World, change: dict[str, Any]) -> str:
    return f"/projects/demo/documents/{world.doc.id}/history/{change['id']}/restore"


def _alice_status(world: World) -> str:
    listed = world.call("alice", "GET", "/projects/demo/documents").get_json()["documents"]
    return next(d["status"] for d in listed if d["id"] == world.doc.id)


def test_the_api_restores_done_and_warns_naming_the_blank_field(world: World) -> None:
    reopening = _status_change(world, "done")  # done -> in progress
    answer = world.call("rita", "POST", _restore_path(world, reopening))
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["warnings"] == [
        "restored as done all the same: the required field 'stance' has no value on "
        "sentences 1, 2 and 3"
    ]
    assert _alice_status(world) == "done"


def test_a_status_restored_to_anything_but_done_warns_of_nothing(world: World) -> None:
    marking = _status_change(world, "new")  # new -> done, restored: back to new
    answer = world.call("rita", "POST", _restore_path(world, marking))
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["warnings"] == []
    assert _alice_status(world) == "new"


def test_the_history_page_flashes_the_warning(client, world: World, make_user) -> None:  # noqa: ANN001
    reopening = _status_change(world, "done")
    make_user("vera", "reviewer")  # with a password, to log in
    login(client, "vera")
    history = f"/projects/demo/review/{world.doc.id}/history"
    token = csrf_token_from(client.get(f"{history}?annotator=alice").get_data(as_text=True))
    answer = client.post(f"{history}/{reopening['id']}/restore", data={"csrf_token": token})
    assert answer.status_code in (302, 303)
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Warning: restored as done all the same: the required field &#39;stance&#39;" in page
