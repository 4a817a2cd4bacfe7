"""The review list says who is assigned a document, who has started and who is done.

It said "2 annotators, 2 done" of a document a third annotator was assigned but had not
started: the question before marking final named carol, the list hid her, and a reviewer
took the document for one they could adjudicate. Now each row counts every assignee
(``assigned``, ``started``, ``done``, ``not_started``, ``skipped``) and names those not
finished (``waiting_for``), as the name is shown (hidden names: the project's "Annotator N",
whether the review compares their layer or not, in the numbers' order); and the list can keep
only the documents everyone has finished, or only those waiting for someone
(``?annotators=``).

alice and bob annotated ``d1`` (build_disagreement) and marked it done; carol is assigned
it and has not started. ``d2``: alice and bob, both done, nobody waiting.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.shown_names import ShownNames, numbered
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from annotator.services.review.hidden_names import shown_names
from annotator.services.review.queue import review_page
from tests.helpers import login
from tests.review_world import TEXT, build_disagreement


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    users, doc = world["users"], world["doc"]
    users["carol"] = make_user("carol", "annotator")
    assign(doc, users["carol"])
    other = make_document(world["project"], TEXT, external_id="d2")
    assign(other, users["alice"], users["bob"])
    for name, stance in (("alice", "FAVOR"), ("bob", "AGAINST")):
        set_label(session, open_layer(session, users[name], other, None), 0, "stance", stance)
    for document in (doc, other):
        for name in ("alice", "bob"):
            set_status(session, users[name], document, "done")
    session.commit()
    world["other"] = other
    world["rita"] = make_token(users["rita"])
    return world


def _rows(session: Any, world: dict[str, Any], **asked: Any) -> dict[str, Any]:
    rows = review_page(session, world["project"], None, **asked).rows
    return {item.external_id: item for item in rows}


def _text(response: Any) -> str:
    return " ".join(response.get_data(as_text=True).split())


def test_the_list_counts_an_assignee_who_has_not_started(session, world) -> None:
    item = _rows(session, world)["d1"]
    assert (item.annotators, item.done) == (2, 2)  # the compared layers, as before
    assert (item.assigned, item.started, item.not_started, item.skipped) == (3, 2, 1, 0)
    assert [(w.annotator, w.status) for w in item.waiting_for] == [("carol", "new")]
    assert item.statuses == {"alice": "done", "bob": "done"}


def test_in_progress_and_skipped_are_counted_apart(session, world) -> None:
    users, doc = world["users"], world["doc"]
    set_status(session, users["bob"], doc, "in_progress")
    set_status(session, users["carol"], doc, "skipped")
    item = _rows(session, world)["d1"]
    assert (item.assigned, item.started, item.done, item.not_started, item.skipped) == (
        3,
        2,
        1,
        0,
        1,
    )
    assert [(w.annotator, w.status) for w in item.waiting_for] == [("bob", "in_progress")]


def test_hidden_names_stay_hidden_in_who_is_waiting(session, world) -> None:
    users, doc = world["users"], world["doc"]
    set_status(session, users["bob"], doc, "in_progress")
    hidden = shown_names(session, world["project"].id, True)
    item = _rows(session, world, shown=hidden)["d1"]
    # bob is compared, carol is not (she has not started): each under the project's number,
    # carol's the one she has on every page (she arrived last).
    assert [(w.annotator, w.status) for w in item.waiting_for] == [
        ("Annotator 2", "in_progress"),
        ("Annotator 3", "new"),
    ]
    assert item.statuses == {"Annotator 1": "done", "Annotator 2": "in_progress"}


def test_who_is_waiting_is_in_the_numbers_order_not_the_names(session, world) -> None:
    users, doc = world["users"], world["doc"]
    set_status(session, users["alice"], doc, "in_progress")
    # carol numbered first, then alice (alice sorts first by name): the rows follow the
    # numbers. bob, whom this numbering lacks, is "An annotator", after the numbered.
    item = _rows(session, world, shown=ShownNames(numbered(["carol", "alice"])))["d1"]
    assert [(w.annotator, w.status) for w in item.waiting_for] == [
        ("Annotator 1", "new"),
        ("Annotator 2", "in_progress"),
    ]
    assert list(item.statuses) == ["Annotator 2", "An annotator"]


def test_the_list_keeps_those_everyone_finished_or_those_waiting(session, world) -> None:
    assert list(_rows(session, world, annotators="waiting")) == ["d1"]
    assert list(_rows(session, world, annotators="finished")) == ["d2"]
    set_status(session, world["users"]["carol"], world["doc"], "skipped")
    assert sorted(_rows(session, world, annotators="finished")) == ["d1", "d2"]
    assert list(_rows(session, world, annotators="waiting")) == []


def test_api_gives_the_new_fields_and_keeps_the_old(client, world) -> None:
    listed = client.get("/api/v1/projects/demo/review", headers=world["rita"]).get_json()
    row = next(row for row in listed["documents"] if row["external_id"] == "d1")
    assert row["annotators"] == 2 and row["done"] == 2
    assert row["statuses"] == {"alice": "done", "bob": "done"}
    assert (row["assigned"], row["started"], row["not_started"], row["skipped"]) == (3, 2, 1, 0)
    assert row["waiting_for"] == [{"annotator": "carol", "status": "new"}]


def test_api_hides_the_names_of_who_is_waiting(client, world) -> None:
    url = "/api/v1/projects/demo/review?anonymous=1"
    listed = client.get(url, headers=world["rita"]).get_json()
    row = next(row for row in listed["documents"] if row["external_id"] == "d1")
    assert row["waiting_for"] == [{"annotator": "Annotator 3", "status": "new"}]
    assert "carol" not in str(listed) and "alice" not in str(listed)


def test_api_filters_by_whether_someone_is_waiting(client, world) -> None:
    rita = world["rita"]
    waiting = client.get("/api/v1/projects/demo/review?annotators=waiting", headers=rita)
    assert [row["external_id"] for row in waiting.get_json()["documents"]] == ["d1"]
    url = "/api/v1/projects/demo/review?annotators=finished&page=1&per_page=10"
    finished = client.get(url, headers=rita).get_json()
    assert [row["external_id"] for row in finished["documents"]] == ["d2"]
    assert finished["total"] == 1
    wrong = client.get("/api/v1/projects/demo/review?annotators=soon", headers=rita)
    assert wrong.status_code == 400
    assert "annotators must be one of finished, waiting" in wrong.get_json()["error"]["message"]


def test_the_page_says_who_is_assigned_and_names_them_on_hover(client, world) -> None:
    login(client, "rita")
    html = _text(client.get("/projects/demo/review"))
    assert "3 assigned: 2 done, 1 not started" in html
    assert 'title="carol has not marked this document done (Not started)"' in html
    assert "2 assigned: 2 done" in html  # d2
    hidden = _text(client.get("/projects/demo/review?anonymous=1"))
    assert "3 assigned: 2 done, 1 not started" in hidden
    assert 'title="Annotator 3 has not marked this document done (Not started)"' in hidden
    assert "carol" not in hidden


def test_the_page_filters_and_keeps_the_filter_in_its_links(client, world) -> None:
    login(client, "rita")
    html = _text(client.get("/projects/demo/review?annotators=finished&anonymous=1"))
    assert '<option value="finished" selected>' in html
    assert "d2" in html and "d1" not in html
    # "Show annotator names" keeps the filter.
    assert 'href="/projects/demo/review?annotators=finished"' in html
    empty = _text(client.get("/projects/demo/review?annotators=waiting&per_page=1&page=3"))
    assert "past the last page" in empty


def test_the_page_says_documents_still_being_annotated_come_after(session, client, world) -> None:
    """d1 disagrees as much as d2 and would come first (ties go by id), but carol has not
    finished it: it comes after d2, and the line above the list says so (it said "most
    disagreement first" alone)."""
    rows = review_page(session, world["project"], None).rows
    assert [item.external_id for item in rows] == ["d2", "d1"]
    assert rows[1].disagreement >= rows[0].disagreement
    login(client, "rita")
    page = _text(client.get("/projects/demo/review"))
    lead = page[page.index('<p class="lead">') :]
    assert (
        "most disagreement first; those still being annotated come after those everyone has "
        "finished, and those whose gold is final last."
    ) in lead[: lead.index("</p>")]
