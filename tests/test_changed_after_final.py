"""A document whose gold is final, and an annotator's layer changed since: the review list, its
API and the review page say so, until a reviewer sets gold final again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api_world import World, build_world
from tests.helpers import login

FLAG = "Changed after final"


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    for who in ("alice", "bob"):
        world.span(who, "CLAIM", 0, 9)
        done = world.call(who, "PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
        assert done.status_code == 200, done.get_json()
    return world


def mark_final(world: World) -> None:
    path = f"/projects/demo/review/{world.doc.id}/status"
    answer = world.call("rita", "PUT", path, {"status": "final"})
    assert answer.status_code == 200, answer.get_json()


def listed(world: World) -> dict[str, Any]:
    rows = world.call("rita", "GET", "/projects/demo/review").get_json()["documents"]
    return next(row for row in rows if row["document"] == world.doc.id)


def test_an_annotator_reopening_after_final_flags_the_document(world: World) -> None:
    mark_final(world)
    assert listed(world)["changed_after_final"] is False
    reopened = world.call(
        "alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "in_progress"}
    )
    assert reopened.status_code == 200  # allowed: the annotator may fix their layer
    assert listed(world)["changed_after_final"] is True
    world.span("alice", "CLAIM", 35, 41)
    row = listed(world)
    assert row["changed_after_final"] is True and row["gold_status"] == "final"


def test_setting_gold_final_again_clears_the_flag(world: World) -> None:
    mark_final(world)
    world.call("alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "in_progress"})
    world.span("alice", "CLAIM", 35, 41)
    mark_final(world)  # the reviewer looked again
    assert listed(world)["changed_after_final"] is False


def test_changes_before_final_and_gold_edits_do_not_flag(world: World) -> None:
    world.call("bob", "PUT", f"/documents/{world.doc.id}/status", {"status": "in_progress"})
    world.span("bob", "CLAIM", 35, 41)
    mark_final(world)
    assert listed(world)["changed_after_final"] is False
    # Not final: nothing to flag, whatever changes.
    world.call("rita", "PUT", f"/projects/demo/review/{world.doc.id}/status", {"status": "open"})
    world.span("bob", "CLAIM", 54, 55)
    assert listed(world)["changed_after_final"] is False


def test_the_review_list_and_page_show_the_flag(world: World, client, make_user) -> None:  # noqa: ANN001
    mark_final(world)
    make_user("rhea", "reviewer")  # with a password, to sign in to the pages
    login(client, "rhea")
    assert FLAG not in client.get("/projects/demo/review").get_data(as_text=True)
    world.call("alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "in_progress"})
    assert FLAG in client.get("/projects/demo/review").get_data(as_text=True)
    page = client.get(f"/projects/demo/review/{world.doc.id}").get_data(as_text=True)
    assert FLAG in page and "after gold was marked final" in page
