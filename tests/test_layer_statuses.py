"""Each annotator's layer status where the review reads their layers, and marking gold final
while some are not done.

The review used to compare an In progress layer with a done one without saying so, and the
reviewer marked gold final not knowing bob had not finished. Now the review list says how
many of a document's assignees are done, the review page and the curation view give each
layer's status beside its name, and marking final with layers not done or skipped asks first
on the page (the question that asks about undecided differences), naming who; the API and the
command line mark final as before and say who (``not_done``, a warning).

alice and bob annotated ``d1`` (build_disagreement); alice marks it done, bob does not.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.annotation.labels import set_status
from annotator.services.review.final_marking import change_gold_status, final_check
from annotator.services.review.gold_status import document_gold_status
from annotator.services.review.layers import document_layers, layer_statuses_of
from annotator.services.review.queue import review_page
from tests.helpers import csrf_token_from, login
from tests.review_world import build_disagreement


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    users, doc = world["users"], world["doc"]
    set_status(session, users["alice"], doc, "done")
    set_status(session, users["bob"], doc, "in_progress")
    session.commit()
    world["headers"] = {n: make_token(u) for n, u in world["users"].items()}
    return world


def _text(response: Any) -> str:
    return " ".join(response.get_data(as_text=True).split())


def test_each_compared_layer_carries_its_status(session, world) -> None:
    layers = document_layers(session, world["doc"])
    assert [(layer.name, layer.status) for layer in layers] == [
        ("alice", "done"),
        ("bob", "in_progress"),
    ]
    assert layer_statuses_of(session, [world["doc"].id]) == {
        world["doc"].id: {"alice": "done", "bob": "in_progress"}
    }


def test_the_review_list_counts_the_done_layers(session, world) -> None:
    [item] = review_page(session, world["project"], None).rows
    assert item.annotators == 2
    assert item.statuses == {"alice": "done", "bob": "in_progress"}
    assert item.done == 1


def test_final_check_names_who_is_not_done(session, world, make_user, assign) -> None:
    carol = make_user("carol", "annotator")
    assign(world["doc"], carol)  # assigned, not started: not done either
    session.commit()
    check = final_check(session, world["users"]["rita"], world["doc"])
    assert check.not_done == [("bob", "in_progress"), ("carol", "new")]
    assert check.asks


def test_skipped_and_done_layers_ask_nothing(session, world) -> None:
    users, doc = world["users"], world["doc"]
    set_status(session, users["bob"], doc, "skipped")
    assert final_check(session, users["rita"], doc).not_done == []


def test_ask_first_asks_when_a_layer_is_not_done(session, world) -> None:
    users, doc = world["users"], world["doc"]
    # Nothing else to ask about: bob's layer made like alice's, so no difference is left.
    set_status(session, users["alice"], doc, "in_progress")
    change = change_gold_status(session, users["rita"], doc, "final", ask_first=True)
    assert change.asked and change.not_done == [("alice", "in_progress"), ("bob", "in_progress")]
    assert document_gold_status(session, doc) == "open"
    change = change_gold_status(session, users["rita"], doc, "final", "leave", ask_first=True)
    assert (change.asked, change.status) == (False, "final")
    assert change.not_done == [("alice", "in_progress"), ("bob", "in_progress")]
    assert change_gold_status(session, users["rita"], doc, "open").not_done is None


def test_api_review_list_and_document_give_the_statuses(client, world) -> None:
    rita = world["headers"]["rita"]
    listed = client.get("/api/v1/projects/demo/review", headers=rita).get_json()
    [row] = listed["documents"]
    assert row["statuses"] == {"alice": "done", "bob": "in_progress"}
    assert row["done"] == 1
    review = client.get(f"/api/v1/projects/demo/review/{world['doc'].id}", headers=rita)
    assert review.get_json()["statuses"] == {"alice": "done", "bob": "in_progress"}


def test_api_marks_final_and_names_who_is_not_done(client, world) -> None:
    url = f"/api/v1/projects/demo/review/{world['doc'].id}/status"
    answer = client.put(url, json={"status": "final"}, headers=world["headers"]["rita"])
    assert answer.status_code == 200
    assert answer.get_json()["gold_status"] == "final"
    assert answer.get_json()["not_done"] == [{"annotator": "bob", "status": "in_progress"}]
    other = client.put(url, json={"status": "open"}, headers=world["headers"]["rita"])
    assert other.get_json()["not_done"] is None


def test_cli_warns_naming_who_is_not_done(runner, world) -> None:
    result = runner.invoke(args=["adjudicate", "status", "demo", "d1", "final", "--as", "rita"])
    assert result.exit_code == 0, result.output
    assert "Warning: bob has not marked this document done (In progress)" in result.stderr


def test_review_list_page_says_how_many_are_done(client, world) -> None:
    login(client, "rita")
    html = _text(client.get("/projects/demo/review"))
    assert "2 assigned: 1 done, 1 in progress" in html
    assert 'class="layer-status layer-status--in_progress"' in html
    assert "bob: In progress" in html
    hidden = _text(client.get("/projects/demo/review?anonymous=1"))
    assert "2 assigned: 1 done, 1 in progress" in hidden and "bob" not in hidden


def test_review_page_and_curation_show_each_layer_status(client, world) -> None:
    login(client, "rita")
    doc = world["doc"].id
    html = _text(client.get(f"/projects/demo/review/{doc}"))
    assert '<h3>alice <span class="layer-status layer-status--done">Done</span></h3>' in html
    assert '<h3>bob <span class="layer-status layer-status--in_progress">In progress</span>' in html
    curate = _text(client.get(f"/projects/demo/review/{doc}/curate"))
    assert 'id="lane-statuses"' in curate
    assert 'bob <span class="layer-status layer-status--in_progress">In progress</span>' in curate
    hidden = _text(client.get(f"/projects/demo/review/{doc}/curate?anonymous=1"))
    assert 'Annotator 2 <span class="layer-status layer-status--in_progress">' in hidden
    assert "bob" not in hidden


def test_the_page_asks_naming_who_is_not_done(client, session, world) -> None:
    doc = world["doc"]
    login(client, "rita")
    page = f"/projects/demo/review/{doc.id}"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    posted = client.post(f"{page}/status", data={"csrf_token": token, "status": "final"})
    assert posted.status_code == 302 and "final=check" in posted.headers["Location"]
    html = _text(client.get(posted.headers["Location"]))
    assert "bob has not marked this document done (In progress)" in html
    confirmed = client.post(
        f"{page}/status",
        data={"csrf_token": token, "status": "final", "confirm": "1"},
        follow_redirects=True,
    )
    assert (
        "bob has not marked this document done (In progress): a layer not done may still change"
        in _text(confirmed)
    )
    session.expire_all()
    assert document_gold_status(session, doc) == "final"


def test_hidden_names_stay_hidden_in_the_question(client, world) -> None:
    doc = world["doc"]
    login(client, "rita")
    page = f"/projects/demo/review/{doc.id}"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    form = {"csrf_token": token, "status": "final", "anonymous": "1"}
    posted = client.post(f"{page}/status", data=form)
    html = _text(client.get(posted.headers["Location"]))
    assert "Annotator 2 has not marked this document done (In progress)" in html
    assert "bob" not in html
    confirmed = client.post(f"{page}/status", data=form | {"confirm": "1"}, follow_redirects=True)
    assert "Annotator 2 has not marked this document done" in _text(confirmed)
