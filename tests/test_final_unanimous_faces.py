"""Marking gold final by API and command line says how many unanimous items gold lacks, and
takes them in when asked: the review page's question, for scripts.

alice and bob disagree on a claim and a stance (differences) and agree on a SOURCE span and a
bias label (unanimous items, which no difference brings into gold). Marking final without
them still works as before (existing clients), but the answer names the two items lacking.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import LabelValue, Layer, Span
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.spans import add_span
from tests.review_world import build_disagreement


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    for name in ("alice", "bob"):
        add_span(session, world["layers"][name], "SOURCE", 0, 9)
        set_label(session, world["layers"][name], 1, "bias", "BIASED")
    session.commit()
    world["headers"] = {n: make_token(u) for n, u in world["users"].items()}
    return world


def _gold(session: Any) -> tuple[list[tuple[str, int, int]], list[str]]:
    session.expire_all()
    gold = select(Layer.id).where(Layer.key == "gold")
    spans = session.scalars(select(Span).where(Span.layer_id.in_(gold)))
    labels = session.scalars(select(LabelValue).where(LabelValue.layer_id.in_(gold)))
    return [(s.label, s.start, s.end) for s in spans], [v.value for v in labels]


def _put(client: Any, world: dict[str, Any], body: dict[str, Any]) -> Any:
    return client.put(
        f"/api/v1/projects/demo/review/{world['doc'].id}/status",
        json=body,
        headers=world["headers"]["rita"],
    )


def _status(client: Any, world: dict[str, Any]) -> str:
    answer = client.get(
        f"/api/v1/projects/demo/review/{world['doc'].id}", headers=world["headers"]["rita"]
    )
    return str(answer.get_json()["gold_status"])


def test_api_final_names_the_unanimous_items_gold_lacks_and_still_marks_final(
    client, session, world
) -> None:
    answer = _put(client, world, {"status": "final"})
    assert answer.status_code == 200
    assert answer.get_json() == {
        "document": world["doc"].id,
        "gold_status": "final",
        "unanimous_lacking": 2,
        "unanimous_accepted": None,
        "to_decide": 2,
        "not_done": [
            {"annotator": "alice", "status": "in_progress"},
            {"annotator": "bob", "status": "in_progress"},
        ],
        "never_taken": None,
        "required_missing": [],  # the schema requires no field
        "warnings": [
            "2 differences still undecided in #1 (d1): gold holds none of their versions "
            "(marking final decides nothing)."
        ],
    }
    assert _gold(session) == ([], [])
    assert _status(client, world) == "final"


def test_api_final_with_unanimous_accept_takes_them_in_first(client, session, world) -> None:
    answer = _put(client, world, {"status": "final", "unanimous": "accept"})
    assert answer.status_code == 200
    assert answer.get_json() == {
        "document": world["doc"].id,
        "gold_status": "final",
        "unanimous_lacking": 0,
        "unanimous_accepted": {"spans": 1, "relations": 0, "labels": 1},
        "to_decide": 2,
        "not_done": [
            {"annotator": "alice", "status": "in_progress"},
            {"annotator": "bob", "status": "in_progress"},
        ],
        "never_taken": None,
        "required_missing": [],  # the schema requires no field
        "warnings": [
            "2 differences still undecided in #1 (d1): gold holds none of their versions "
            "(marking final decides nothing)."
        ],
    }
    assert _gold(session) == ([("SOURCE", 0, 9)], ["BIASED"])
    assert _status(client, world) == "final"
    # Final gold is exported with them.
    export = client.get(
        "/api/v1/projects/demo/export?layer=gold&gold_status=final",
        headers=world["headers"]["rita"],
    )
    assert '"label":"SOURCE"' in export.get_data(as_text=True).replace(" ", "")
    # Nothing lacking any more: marked final again, the count is 0.
    again = _put(client, world, {"status": "final", "unanimous": "leave"}).get_json()
    assert again["unanimous_lacking"] == 0 and again["unanimous_accepted"] is None


def test_api_other_statuses_count_nothing(client, world) -> None:
    answer = _put(client, world, {"status": "in_review", "unanimous": "accept"}).get_json()
    assert answer["gold_status"] == "in_review"
    assert answer["unanimous_lacking"] is None and answer["unanimous_accepted"] is None


def test_api_refuses_an_unknown_choice_and_changes_nothing(client, session, world) -> None:
    answer = _put(client, world, {"status": "final", "unanimous": "yes"})
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["details"] == {"field": "unanimous", "allowed": ["accept", "majority", "leave"]}
    assert "unanimous must be one of accept, majority, leave, got 'yes'" in error["message"]
    assert _status(client, world) == "open" and _gold(session) == ([], [])
    typo = _put(client, world, {"status": "final", "unanimus": "accept"})
    assert typo.status_code == 400
    assert "did you mean 'unanimous'" in typo.get_json()["error"]["message"]


def test_cli_final_warns_with_the_count_and_keeps_its_line(runner, session, world) -> None:
    result = runner.invoke(args=["adjudicate", "status", "demo", "d1", "final", "--as", "rita"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "d1\tfinal\n"
    warning = result.stderr.strip()
    assert warning.startswith(
        "Warning: gold lacks 2 items every annotator gave alike (1 span, 0 relations and 1 label)"
    )
    assert "annotator adjudicate status demo d1 final --accept-unanimous --as rita" in warning
    assert _gold(session) == ([], [])


def test_cli_accept_unanimous_takes_them_in(runner, session, world) -> None:
    args = ["adjudicate", "status", "demo", "d1", "final", "--accept-unanimous", "--as", "rita"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "d1\tfinal\n"
    assert result.stderr == (
        "Accepted 1 span, 0 relations and 1 label that every annotator gave alike.\n"
        # The claim and the stance are differences nobody decided.
        "Warning: 2 differences still undecided in #1 (d1): gold holds none of their versions "
        "(marking final decides nothing).\n"
        # Neither marked the document done: named.
        "Warning: alice (In progress) and bob (In progress) have not marked this document "
        "done: a layer not done may still change after gold is final.\n"
    )
    assert _gold(session) == ([("SOURCE", 0, 9)], ["BIASED"])
    shown = runner.invoke(args=["adjudicate", "status", "demo", "d1"])
    assert shown.stdout == "d1\tfinal\n"


def test_cli_accept_unanimous_needs_final(runner, session, world) -> None:
    args = ["adjudicate", "status", "demo", "d1", "open", "--accept-unanimous", "--as", "rita"]
    result = runner.invoke(args=args)
    assert result.exit_code == 2
    assert "--accept-unanimous goes with the status final" in result.output


def test_an_annotator_is_refused_before_anything_is_counted_or_accepted(
    client, session, world
) -> None:
    answer = client.put(
        f"/api/v1/projects/demo/review/{world['doc'].id}/status",
        json={"status": "final", "unanimous": "accept"},
        headers=world["headers"]["alice"],
    )
    assert answer.status_code == 403
    assert answer.get_json()["error"]["code"] == "forbidden"
    assert _gold(session) == ([], [])
