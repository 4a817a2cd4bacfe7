"""Reports of active time that name their visit (page load): each second of a visit is
credited once, however often or in whatever order its reports arrive
(services/annotation/active_time.py)."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.annotation.active_time import VISITS_KEPT, Visit, unreported_seconds
from tests.accounts_helpers import Clock, install_clock
from tests.api_world import World, build_world


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign, app) -> World:  # noqa: ANN001
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    world.clock = install_clock(app)  # type: ignore[attr-defined]
    return world


def report(world: World, seconds: int, visit: Any, upto: Any = None, after: float = 0) -> Any:
    """Send alice's report of ``seconds`` of visit ``visit`` reaching ``upto`` (default:
    ``seconds``), ``after`` seconds of the app's clock."""
    clock: Clock = world.clock  # type: ignore[attr-defined]
    clock.advance(seconds=after)
    body = {"seconds": seconds, "visit": {"id": visit, "seconds": upto or seconds}}
    return world.call("alice", "POST", f"/documents/{world.doc.id}/time", body)


def credited(answer: Any) -> int:
    assert answer.status_code == 200, answer.get_json()
    return int(answer.get_json()["credited"])


def test_a_report_sent_twice_is_credited_once(world: World) -> None:
    assert credited(report(world, 30, "v1")) == 30
    # Its answer was lost and the page sent it again: nothing more, and no error.
    again = report(world, 30, "v1", after=1)
    assert credited(again) == 0 and again.get_json()["seconds"] == 30
    assert world.layer("alice")["seconds"] == 30


def test_a_report_whose_answer_was_lost_is_carried_by_the_next_once(world: World) -> None:
    # 0-30 landed but its answer did not: the next report carries 0-60, and adds 30-60.
    credited(report(world, 30, "v1"))
    assert credited(report(world, 60, "v1", after=30)) == 30
    # The first arrives once more, late: it is within what was had already.
    assert credited(report(world, 30, "v1", after=1)) == 0
    # Hidden, then left: 60-65 twice.
    assert credited(report(world, 5, "v1", 65, after=5)) == 5
    assert credited(report(world, 5, "v1", 65)) == 0
    assert world.layer("alice")["seconds"] == 65


def test_reports_of_another_visit_count_as_theirs(world: World) -> None:
    # Two visits one after the other (a reload), and two tabs reporting in turns.
    assert credited(report(world, 6, "first")) == 6
    assert credited(report(world, 5, "second", after=8)) == 5
    assert credited(report(world, 20, "tab-a", after=20)) == 20
    assert credited(report(world, 20, "tab-b", after=20)) == 20
    assert credited(report(world, 20, "tab-a", 20)) == 0  # tab a's, once more
    assert credited(report(world, 10, "tab-a", 30, after=10)) == 10
    assert world.layer("alice")["seconds"] == 61


def test_the_time_rule_still_bounds_a_visits_reports(world: World) -> None:
    """New ids cannot book more than the time that passed: the clock rule is the same."""
    assert credited(report(world, 120, "v0")) == 120
    assert sum(credited(report(world, 120, f"v{n}")) for n in range(1, 20)) == 10


def test_a_report_without_a_visit_is_added_as_before(world: World) -> None:
    credited(report(world, 30, "v1"))
    plain = {"seconds": 30, "visit": None}
    answer = world.call("alice", "POST", f"/documents/{world.doc.id}/time", plain)
    assert credited(answer) == 10  # the clock's allowance: no time passed
    assert world.layer("alice")["seconds"] == 40


@pytest.mark.parametrize(
    ("visit", "status", "field"),
    [
        ({"id": "v1", "seconds": 29}, 422, "visit.seconds"),  # less than the report's 30
        ({"id": "two words", "seconds": 30}, 422, "visit.id"),
        ({"id": "x" * 65, "seconds": 30}, 422, "visit.id"),
        ({"id": "", "seconds": 30}, 422, "visit.id"),
        ({"seconds": 30}, 400, "id"),
        ({"id": "v1"}, 400, "seconds"),
        ({"id": "v1", "seconds": "30"}, 400, "seconds"),
        ({"id": 7, "seconds": 30}, 400, "id"),
        ("v1", 400, "visit"),
    ],
)
def test_a_visit_that_cannot_be_one_is_refused_and_adds_nothing(
    world: World, visit: Any, status: int, field: str
) -> None:
    body = {"seconds": 30, "visit": visit}
    answer = world.call("alice", "POST", f"/documents/{world.doc.id}/time", body)
    assert answer.status_code == status, answer.get_json()
    assert answer.get_json()["error"]["details"]["field"] == field
    assert world.layer("alice")["seconds"] == 0


def test_a_layer_keeps_its_latest_visits_only() -> None:
    visits: list[list[Any]] = []
    for n in range(VISITS_KEPT + 2):
        _, visits = unreported_seconds(visits, Visit(f"v{n}", 10), 10)
    assert [v for v, _ in visits] == [f"v{n}" for n in range(2, VISITS_KEPT + 2)]
    # A kept visit reporting again moves to the latest place.
    new, visits = unreported_seconds(visits, Visit("v2", 15), 10)
    assert new == 5 and visits[-1] == ["v2", 15] and len(visits) == VISITS_KEPT
