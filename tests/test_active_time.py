"""Active time per layer: reported by the workspace, capped per report, exported as
``seconds``, and summed up for reviewers (services/agreement/time_spent.py) as median minutes
per document (issue 13)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.accounts_helpers import Clock, install_clock
from tests.api_world import World, build_world
from tests.helpers import login, logout


@pytest.fixture
def clock(app) -> Clock:  # noqa: ANN001
    return install_clock(app)


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign, clock) -> World:  # noqa: ANN001
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    assign(world.other, world.users["alice"])
    world.clock = clock  # type: ignore[attr-defined]
    return world


def report(
    world: World, who: str, seconds: Any, doc: Any = None, query: str = "", after: float = 0
) -> Any:
    """Send a report ``after`` seconds of the app's clock (an honest client waits for it)."""
    world.clock.advance(seconds=after)  # type: ignore[attr-defined]
    doc = doc or world.doc
    return world.call(who, "POST", f"/documents/{doc.id}/time{query}", {"seconds": seconds})


def test_reports_add_up_on_the_callers_own_layer(world: World) -> None:
    first = report(world, "alice", 30)
    assert first.status_code == 200 and first.get_json() == {
        "document": world.doc.id,
        "seconds": 30,
        "credited": 30,
    }
    assert report(world, "alice", 25, after=30).get_json()["seconds"] == 55
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
    assert report(world, "alice", 40, query="?layer=gold", after=60).status_code == 403
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
        report(world, "alice", 120, after=120)  # 6 minutes on doc-1
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
    from annotator.models import utcnow
    from annotator.services.annotation.active_time import add_active_time

    alice = make_user("alice", "annotator")
    make_user("rita", "reviewer")
    project = make_project("demo")
    document = make_document(project, "One sentence here. Another one.")
    assign(document, alice)
    add_active_time(session, alice, document.id, None, 90, now=utcnow())
    session.commit()
    login(client, "rita")
    page = client.get("/projects/demo").get_data(as_text=True)
    assert "Time per document" in page and "1.5" in page
    assert '<th scope="row" role="rowheader">alice</th>' in page
    logout(client)
    login(client, "alice")
    assert "Time per document" not in client.get("/projects/demo").get_data(as_text=True)


def test_a_flood_of_reports_is_credited_no_more_than_the_time_that_passed(world: World) -> None:
    # The review sent 30 reports of 120 s in 0.2 s and had an hour recorded. The first report
    # of a layer is taken at its word (at most one report's 120 s); from then on no more is
    # credited than the time since, plus 10 s for clocks and networks, once.
    credited = [report(world, "alice", 120).get_json()["credited"] for _ in range(30)]
    assert credited == [120, 10] + [0] * 28
    assert world.layer("alice")["seconds"] == 130
    agreement = world.call("rita", "GET", "/projects/demo/agreement").get_json()
    assert agreement["active_time"]["alice"]["total_minutes"] < 2.2
    # Each answer says what it credited, and a report credited nothing is no error.
    last = report(world, "alice", 30)
    assert last.status_code == 200 and last.get_json()["credited"] == 0
    assert last.get_json()["seconds"] == 130


def test_an_honest_workspace_is_never_cut(world: World) -> None:
    """Every half minute, a report arriving late or early, a short one as the page is left,
    and the seconds a report lost while offline sent again later: all of it counts."""
    answers = [
        report(world, "alice", 30),
        report(world, "alice", 30, after=38),  # the one before came on time, this one 8 s late
        report(world, "alice", 30, after=22),  # this one on time: 8 s after the late one
        report(world, "alice", 12, after=12),  # the page is left 12 s later
        report(world, "alice", 30, after=3600),  # back the next hour
    ]
    # Offline for 4 minutes: eight reports failed, the client sends what it kept, 120 at most.
    world.clock.advance(seconds=240)  # type: ignore[attr-defined]
    answers += [report(world, "alice", 120, after=30) for _ in range(2)]
    answers.append(report(world, "alice", 60, after=30))
    assert [a.get_json()["credited"] for a in answers] == [30, 30, 30, 12, 30, 120, 120, 60]
    assert world.layer("alice")["seconds"] == 432


def test_two_tabs_on_one_layer_count_the_time_once(world: World) -> None:
    # Each tab counts its own seconds; one person's time passes once.
    report(world, "alice", 30)
    total = 0
    for _ in range(10):
        total += report(world, "alice", 30, after=15).get_json()["credited"]
        total += report(world, "alice", 30, after=15).get_json()["credited"]
    assert total <= 300 + 10
    # Other layers keep their own clocks: bob's first report and gold's are taken whole.
    assert report(world, "bob", 30).get_json()["credited"] == 30
    assert report(world, "rita", 30, query="?layer=gold").get_json()["credited"] == 30
