"""Marking gold final offers what most annotators agree on too, when that is more than what
all of them agree on: the question says how many, and the service, the API (``"unanimous":
"majority"``) and the command line (``--accept-majority``) accept them before marking final.

alice, bob and carol annotate ``d1``; rita reviews. All three mark the SOURCE (one unanimous
item); alice and bob mark the same claim and stance AGAINST, carol a shorter claim and stance
NONE (two items most of them agree on, in two differences).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import LabelValue, Layer, Span
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.review.final_marking import change_gold_status, final_check
from annotator.services.review.gold_status import document_gold_status
from tests.helpers import csrf_token_from, login, review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."
SOURCE, CLAIM, SHORT_CLAIM = (0, 9), (15, 31), (19, 31)


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    users["carol"] = make_user("carol", "annotator")
    assign(doc, users["carol"])
    layers = {n: open_layer(session, users[n], doc, None) for n in ("alice", "bob", "carol")}
    for name, layer in layers.items():
        add_span(session, layer, "SOURCE", *SOURCE)
        carol = name == "carol"
        add_span(session, layer, "CLAIM", *(SHORT_CLAIM if carol else CLAIM))
        set_label(session, layer, 0, "stance", "NONE" if carol else "AGAINST")
    session.commit()
    headers = {n: make_token(u) for n, u in users.items()}
    return {"doc": doc, "users": users, "layers": layers, "headers": headers}


@pytest.fixture
def unanimity_only(session, world) -> dict[str, Any]:
    """carol agrees with alice and bob but adds a claim of her own: most agree on nothing
    that all do not (the lone claim is a difference, wanted by one of three)."""
    layer = world["layers"]["carol"]
    for span in session.scalars(
        select(Span).where(Span.layer_id == layer.id, Span.label == "CLAIM")
    ):
        session.delete(span)
    add_span(session, layer, "CLAIM", *CLAIM)
    add_span(session, layer, "CLAIM", 34, 40)
    set_label(session, layer, 0, "stance", "AGAINST")
    session.commit()
    return world


def _gold(session: Any) -> tuple[list[tuple[str, int, int]], list[str]]:
    session.expire_all()
    gold = select(Layer.id).where(Layer.key == "gold")
    spans = session.scalars(select(Span).where(Span.layer_id.in_(gold)))
    labels = session.scalars(select(LabelValue).where(LabelValue.layer_id.in_(gold)))
    return sorted((s.label, s.start, s.end) for s in spans), [v.value for v in labels]


MAJORITY_GOLD = ([("CLAIM", *CLAIM), ("SOURCE", *SOURCE)], ["AGAINST"])


# The service: the one home of the choice.


def test_the_check_counts_what_most_agree_on_beside_the_unanimous(session, world) -> None:
    check = final_check(session, world["users"]["rita"], world["doc"])
    assert check.lacking.total == 1
    assert check.majority is not None
    assert (check.majority.spans, check.majority.relations, check.majority.labels) == (2, 0, 1)
    assert check.asks
    assert _gold(session) == ([], [])


def test_the_check_offers_no_majority_when_it_adds_nothing(session, unanimity_only) -> None:
    world = unanimity_only
    check = final_check(session, world["users"]["rita"], world["doc"])
    assert check.lacking.total == 3  # the SOURCE, the claim and the stance
    assert check.majority is None


def test_majority_accepts_what_most_agree_on_and_marks_final(session, world) -> None:
    rita, doc = world["users"]["rita"], world["doc"]
    change = change_gold_status(session, rita, doc, "final", "majority", ask_first=True)
    assert not change.asked and change.status == "final"
    assert change.accepted is not None
    assert (change.accepted.spans, change.accepted.relations, change.accepted.labels) == (2, 0, 1)
    # The unanimous items are among them: none lacking once it is done.
    assert change.lacking is not None and change.lacking.total == 0
    # Gold holds a version of both differences now: decided.
    assert change.undecided == 0
    assert document_gold_status(session, doc) == "final"
    assert _gold(session) == MAJORITY_GOLD


def test_majority_on_final_gold_takes_nothing_in(session, world) -> None:
    """Marking final again is never refused; final gold takes no change, so the majority's
    items stay out (counted as lacking) until gold is set back to in review."""
    rita, doc = world["users"]["rita"], world["doc"]
    change_gold_status(session, rita, doc, "final", "leave")
    session.commit()
    change = change_gold_status(session, rita, doc, "final", "majority")
    assert change.status == "final"
    assert change.accepted is not None and change.accepted.total == 0
    assert change.lacking is not None
    assert _gold(session) == ([], [])


# The API.


def _put(client: Any, world: dict[str, Any], body: dict[str, Any]) -> Any:
    return client.put(
        f"/api/v1/projects/demo/review/{world['doc'].id}/status",
        json=body,
        headers=world["headers"]["rita"],
    )


def test_api_final_with_majority_takes_them_in_and_counts_them(client, session, world) -> None:
    answer = _put(client, world, {"status": "final", "unanimous": "majority"})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["gold_status"] == "final"
    assert body["unanimous_accepted"] == {"spans": 2, "relations": 0, "labels": 1}
    assert (body["unanimous_lacking"], body["to_decide"]) == (0, 0)
    assert _gold(session) == MAJORITY_GOLD


def test_api_refuses_an_unknown_choice_naming_majority(client, session, world) -> None:
    answer = _put(client, world, {"status": "final", "unanimous": "most"})
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["details"] == {"field": "unanimous", "allowed": ["accept", "majority", "leave"]}
    assert _gold(session) == ([], [])


# The command line.


def test_cli_accept_majority_takes_them_in(runner, session, world) -> None:
    args = ["adjudicate", "status", "demo", "d1", "final", "--accept-majority", "--as", "rita"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "d1\tfinal\n"
    assert result.stderr.startswith(
        "Accepted 2 spans, 0 relations and 1 label that most annotators gave alike.\n"
    )
    assert "Warning: gold lacks" not in result.stderr
    assert _gold(session) == MAJORITY_GOLD


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (
            ["final", "--accept-unanimous", "--accept-majority"],
            "--accept-unanimous and --accept-majority: give one of them",
        ),
        (["in_review", "--accept-majority"], "--accept-majority goes with the status final"),
    ],
)
def test_cli_refuses_majority_with_unanimous_or_another_status(
    runner, session, world, extra: list[str], said: str
) -> None:
    result = runner.invoke(args=["adjudicate", "status", "demo", "d1", *extra, "--as", "rita"])
    assert result.exit_code == 2
    assert said in result.output
    session.expire_all()
    assert document_gold_status(session, world["doc"]) == "open"
    assert _gold(session) == ([], [])


# The review page's question.


def _ask(client: Any, doc: Any) -> tuple[str, str]:
    """Post "final" without an answer; return the question's page (spaces folded) and the
    form's CSRF token."""
    login(client, "rita")
    page = f"/projects/demo/review/{doc.id}"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    posted = client.post(f"{page}/status", data={"csrf_token": token, "status": "final"})
    assert posted.status_code == 302 and "final=check" in posted.headers["Location"]
    html = client.get(posted.headers["Location"]).get_data(as_text=True)
    return " ".join(html.split()), token


def test_the_question_offers_what_most_agree_on(client, session, world) -> None:
    html, token = _ask(client, world["doc"])
    assert (
        "Gold lacks 3 items that most annotators (more than half) gave alike "
        "(the 1 above among them): 2 spans, 0 relations and 1 label." in html
    )
    assert "Accept them and mark final" in html
    assert "Accept what most agree on and mark final" in html
    assert 'name="unanimous" value="majority"' in html
    assert _gold(session) == ([], [])
    done = client.post(
        f"/projects/demo/review/{world['doc'].id}/status",
        data={"csrf_token": token, "status": "final", "unanimous": "majority"},
        follow_redirects=True,
    )
    text = " ".join(done.get_data(as_text=True).split())
    assert (
        "Accepted 2 spans, 0 relations and 1 label that most annotators gave alike; "
        "gold is final." in text
    )
    assert _gold(session) == MAJORITY_GOLD
    assert document_gold_status(session, world["doc"]) == "final"


def test_the_question_has_no_majority_button_when_it_adds_nothing(
    client, session, unanimity_only
) -> None:
    html, _ = _ask(client, unanimity_only["doc"])
    assert "Accept them and mark final" in html
    assert "most annotators (more than half) gave alike" not in html
    assert "Accept what most agree on" not in html
    assert 'value="majority"' not in html
