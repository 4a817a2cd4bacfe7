"""Marking gold final while differences are still undecided: the review page asks first,
naming how many (with the unanimous items gold lacks, in one question), and marking final
decides none of them: they stay undecided, counted as such on the review page and the list,
and the API and the command line say how many when they mark final.

alice and bob differ on the claim's start and on the first sentence's stance: two
differences, nothing unanimous, gold empty.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.annotation.spans import add_span
from annotator.services.review.decided_differences import (
    decided_differences,
    document_to_decide,
    to_decide,
    to_decide_counts,
)
from annotator.services.review.differences import document_differences
from annotator.services.review.final_marking import change_gold_status
from annotator.services.review.gold_status import document_gold_status
from annotator.services.review.layers import document_layers
from tests.helpers import csrf_token_from, login
from tests.review_world import build_disagreement


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    session.commit()
    world["headers"] = {n: make_token(u) for n, u in world["users"].items()}
    return world


def _review_page_count(session: Any, doc: Any) -> int:
    layers = document_layers(session, doc)
    return to_decide(
        decided_differences(session, doc, layers, document_differences(session, doc, layers))
    )


def test_ask_first_asks_about_undecided_differences_and_writes_nothing(session, world) -> None:
    rita, doc = world["users"]["rita"], world["doc"]
    change = change_gold_status(session, rita, doc, "final", ask_first=True)
    assert change.asked
    assert change.undecided == 2
    assert change.lacking is not None and change.lacking.total == 0
    assert change.status == "open"
    assert document_gold_status(session, doc) == "open"


def test_one_question_states_both_counts(session, world) -> None:
    rita, doc = world["users"]["rita"], world["doc"]
    for name in ("alice", "bob"):
        add_span(session, world["layers"][name], "SOURCE", 0, 9)
    change = change_gold_status(session, rita, doc, "final", ask_first=True)
    assert change.asked
    assert (change.undecided, change.lacking.total if change.lacking else None) == (2, 1)


def test_marking_final_decides_none_of_them(session, world) -> None:
    rita, doc = world["users"]["rita"], world["doc"]
    change = change_gold_status(session, rita, doc, "final", "leave", ask_first=True)
    assert not change.asked and change.status == "final"
    assert change.undecided == 2
    # Final gold holds no version of them: they are still undecided, on the review page,
    # in the review list's count and in the one count the question asks.
    assert _review_page_count(session, doc) == 2
    assert to_decide_counts(session, [doc.id]) == {doc.id: 2}
    assert document_to_decide(session, doc) == 2


def test_without_ask_first_it_marks_final_and_counts(session, world) -> None:
    rita, doc = world["users"]["rita"], world["doc"]
    change = change_gold_status(session, rita, doc, "final")
    assert (change.asked, change.status, change.undecided) == (False, "final", 2)
    assert change_gold_status(session, rita, doc, "in_review").undecided is None


def test_api_answers_to_decide_and_still_marks_final(client, world) -> None:
    url = f"/api/v1/projects/demo/review/{world['doc'].id}/status"
    answer = client.put(url, json={"status": "final"}, headers=world["headers"]["rita"])
    assert answer.status_code == 200
    assert answer.get_json()["to_decide"] == 2
    assert answer.get_json()["gold_status"] == "final"
    other = client.put(url, json={"status": "open"}, headers=world["headers"]["rita"])
    assert other.get_json()["to_decide"] is None


def test_cli_warns_with_the_undecided_count(runner, world) -> None:
    result = runner.invoke(args=["adjudicate", "status", "demo", "d1", "final", "--as", "rita"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "d1\tfinal\n"
    assert "Warning: 2 differences still undecided in #1 (d1): gold holds none of their" in (
        result.stderr
    )


def test_the_page_asks_and_a_post_without_an_answer_writes_nothing(client, session, world) -> None:
    doc = world["doc"]
    login(client, "rita")
    page = f"/projects/demo/review/{doc.id}"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    posted = client.post(f"{page}/status", data={"csrf_token": token, "status": "final"})
    assert posted.status_code == 302 and "final=check" in posted.headers["Location"]
    session.expire_all()
    assert document_gold_status(session, doc) == "open"
    html = " ".join(client.get(posted.headers["Location"]).get_data(as_text=True).split())
    assert "2 differences still undecided in #1 (d1)" in html
    assert "Mark final with 2 undecided differences" in html
    confirmed = client.post(
        f"{page}/status",
        data={"csrf_token": token, "status": "final", "confirm": "1"},
        follow_redirects=True,
    )
    text = " ".join(confirmed.get_data(as_text=True).split())
    assert "2 differences still undecided in #1 (d1): gold holds none of their versions" in text
    assert "Differences (2 to decide, 2 in all)" in text
    session.expire_all()
    assert document_gold_status(session, doc) == "final"
