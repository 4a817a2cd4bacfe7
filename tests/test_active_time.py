"""Active time per layer: reported by the workspace, capped per report, exported as
``seconds``, and summed up for reviewers (services/agreement/time_spent.py) as median minutes
per document (issue 13)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api_world import World, build_world
from tests.helpers import login, logout


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    assign(world.other, world.users["alice"])
    return world


def report(world: World, who: str, seconds: Any, doc: Any = None, query: str = "") -> Any:
    doc = doc or world.doc
    return world.call(who, "POST", f"/documents/{doc.id}/time{query}", {"seconds": seconds})


def test_reports_add_up_on_the_callers_own_layer(world: World) -> None:
    first = report(world, "alice", 30)
    assert first.status_code == 200 and first.get_json() == {
        "document": world.doc.id,
        "seconds": 30,
    }
    assert report(world, "alice", 25).get_json()["seconds"] == 55
    assert world.layer("alice")["seconds"] == 55
    assert world.layer("bob")["seconds"] == 0  # bob's own is untouched
    # Recording time is no annotation: the assignment is still new.
    assert world.call("alice", "GET", f"/documents/{world.doc.id}").get_json()["status"] == "new"


@pytest.mark.parametrize("seconds", [0, -5, 121, 10_000])
def test_a_report_out_of_bounds_is_refused_and_adds_nothing(world: World, seconds: int) -> None:
    report(world, "alice", 10)
    answer = report(world, "alice", seconds)
    assert answer.status_code == 422
    assert answer.get_json()["error"]["details"]["field"] == "seconds"
    assert world.layer("alice")["seconds"] == 10


@pytest.mark.parametrize("seconds", ["30", 30.5, True, None])
def test_a_report_that_is_no_whole_number_is_refused(world: World, seconds: Any) -> None:
    assert report(world, "alice", seconds).status_code == 400
    assert world.layer("alice")["seconds"] == 0


def test_gold_time_is_the_reviewers_and_only_theirs(world: World) -> None:
    assert report(world, "rita", 40, query="?layer=gold").get_json()["seconds"] == 40
    assert world.layer("rita", "gold")["seconds"] == 40
    assert report(world, "alice", 40, query="?layer=gold").status_code == 403
    # Not assigned: nothing to book time on.
    assert report(world, "carol", 40).status_code in (403, 404)
    assert world.layer("rita", "gold")["seconds"] == 40


def test_the_jsonl_export_carries_each_layers_seconds(world: World) -> None:
    report(world, "alice", 90)
    report(world, "bob", 12)
    exported = world.call("rita", "GET", "/projects/demo/export?format=jsonl")
    records = {r["id"]: r for r in map(json.loads, exported.get_data(as_text=True).splitlines())}
    seconds = {a["annotator"]: a["seconds"] for a in records["doc-1"]["annotations"]}
    assert seconds == {"alice": 90, "bob": 12}


def test_reviewers_see_median_minutes_per_document(world: World) -> None:
    for _ in range(3):
        report(world, "alice", 120)  # 6 minutes on doc-1
    report(world, "alice", 60, doc=world.other)  # 1 minute on doc-2
    report(world, "bob", 30)
    agreement = world.call("rita", "GET", "/projects/demo/agreement").get_json()
    assert agreement["active_time"] == {
        "alice": {"documents": 2, "median_minutes": 3.5, "total_minutes": 7.0},
        "bob": {"documents": 1, "median_minutes": 0.5, "total_minutes": 0.5},
    }


def test_the_project_page_shows_time_to_reviewers_only(
    client,
    session,
    make_user,
    make_project,
    make_document,
    assign,  # noqa: ANN001
) -> None:
    from annotator.services.annotation.active_time import add_active_time

    alice = make_user("alice", "annotator")
    make_user("rita", "reviewer")
    project = make_project("demo")
    document = make_document(project, "One sentence here. Another one.")
    assign(document, alice)
    add_active_time(session, alice, document.id, None, 90)
    session.commit()
    login(client, "rita")
    page = client.get("/projects/demo").get_data(as_text=True)
    assert "Time per document" in page and "1.5" in page
    assert '<th scope="row" role="rowheader">alice</th>' in page
    logout(client)
    login(client, "alice")
    assert "Time per document" not in client.get("/projects/demo").get_data(as_text=True)
