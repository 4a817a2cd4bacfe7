"""The project-wide accept into gold takes by default only the documents everyone assigned
has finished (done or skipped), says how many it left out and why, and takes them too when
asked; from a filtered review list it takes the documents the list shows. The review list
puts the documents everyone finished first."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import Invalid
from annotator.core.unanimous_scope import UnanimousScope
from annotator.models import LabelValue, Layer
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from annotator.services.review import unanimous
from annotator.services.review.queue import review_page
from tests.helpers import csrf_token_from, login, review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    """alice and bob give each of d1, d2, d3 the stance AGAINST (unanimous); d1 they have
    marked done, d3 alice done and bob skipped after annotating; d2 both still work on (in
    progress), and there they disagree on the genre (the most disagreement)."""
    project = make_project("demo")
    docs = {name: make_document(project, TEXT, external_id=name) for name in ("d1", "d2", "d3")}
    users = review_team(make_user, assign, *docs.values())
    for doc in docs.values():
        for name in ("alice", "bob"):
            layer = open_layer(session, users[name], doc, None)
            set_label(session, layer, 0, "stance", "AGAINST")
            if doc.external_id == "d2":
                set_label(session, layer, None, "genre", "NEWS" if name == "alice" else "OPINION")
    set_status(session, users["alice"], docs["d1"], "done")
    set_status(session, users["bob"], docs["d1"], "done")
    session.commit()
    return {"project": project, "docs": docs, "users": users, "assign": assign}


def _finish_d3(session, world) -> None:
    """alice marks d3 done and bob skips it, after both gave the stance (his layer is still
    compared: it has rows)."""
    set_status(session, world["users"]["alice"], world["docs"]["d3"], "done")
    set_status(session, world["users"]["bob"], world["docs"]["d3"], "skipped")
    session.commit()


def _gold_stances(session, world) -> dict[str, list[str]]:
    session.expire_all()
    found: dict[str, list[str]] = {}
    for name, doc in world["docs"].items():
        query = (
            select(LabelValue.value)
            .join(Layer, Layer.id == LabelValue.layer_id)
            .where(
                Layer.document_id == doc.id, Layer.user_id.is_(None), LabelValue.name == "stance"
            )
        )
        found[name] = list(session.scalars(query))
    return found


def test_by_default_only_documents_everyone_finished_are_taken(session, world) -> None:
    rita, project = world["users"]["rita"], world["project"]
    asked = unanimous.preview_unanimous_in(session, rita, project, UnanimousScope())
    assert (asked.labels, asked.documents, asked.skipped_unfinished) == (1, 1, 2)
    accepted = unanimous.accept_unanimous_in(session, rita, project, UnanimousScope())
    session.commit()
    assert (accepted.labels, accepted.documents, accepted.skipped_unfinished) == (1, 1, 2)
    assert _gold_stances(session, world) == {"d1": ["AGAINST"], "d2": [], "d3": []}


def test_including_the_unfinished_takes_them_too(session, world) -> None:
    rita, project = world["users"]["rita"], world["project"]
    everything = UnanimousScope(include_unfinished=True)
    asked = unanimous.preview_unanimous_in(session, rita, project, everything)
    assert (asked.labels, asked.documents, asked.skipped_unfinished) == (3, 3, 0)
    accepted = unanimous.accept_unanimous_in(session, rita, project, everything)
    session.commit()
    assert (accepted.labels, accepted.skipped_unfinished) == (3, 0)
    assert _gold_stances(session, world) == {
        "d1": ["AGAINST"],
        "d2": ["AGAINST"],
        "d3": ["AGAINST"],
    }


def test_skipped_counts_as_finished_and_too_few_layers_stay_skipped(
    session, world, make_document
) -> None:
    """d3, finished by a done and a skip, is taken; d4, which only alice began (bob has not
    started), has one layer: skipped as before (nothing to agree on), not counted among the
    unfinished."""
    _finish_d3(session, world)
    users = world["users"]
    d4 = make_document(world["project"], TEXT, external_id="d4")
    assign_both = world["assign"]
    assign_both(d4, users["alice"], users["bob"])
    set_label(session, open_layer(session, users["alice"], d4, None), 0, "stance", "AGAINST")
    session.commit()
    asked = unanimous.preview_unanimous_in(
        session, users["rita"], world["project"], UnanimousScope()
    )
    assert (asked.documents, asked.skipped_unfinished, asked.skipped) == (2, 1, ["d4"])


def test_the_review_lists_filter_narrows_the_documents(session, world) -> None:
    rita, project = world["users"]["rita"], world["project"]
    finished = unanimous.preview_unanimous_in(
        session, rita, project, UnanimousScope(annotators="finished")
    )
    assert (finished.documents, finished.skipped_unfinished) == (1, 0)
    waiting = unanimous.preview_unanimous_in(
        session, rita, project, UnanimousScope(annotators="waiting")
    )
    assert (waiting.documents, waiting.skipped_unfinished) == (0, 2)
    accepted = unanimous.accept_unanimous_in(
        session, rita, project, UnanimousScope(annotators="waiting", include_unfinished=True)
    )
    session.commit()
    assert (accepted.documents, accepted.labels) == (2, 2)
    assert _gold_stances(session, world) == {"d1": [], "d2": ["AGAINST"], "d3": ["AGAINST"]}
    with pytest.raises(Invalid, match="annotators must be one of finished, waiting, got 'some'"):
        unanimous.preview_unanimous_in(session, rita, project, UnanimousScope(annotators="some"))


def test_the_api_leaves_out_the_unfinished_unless_asked(client, session, world, make_token):
    rita = make_token(world["users"]["rita"])
    path = "/api/v1/projects/demo/review/unanimous"
    wrong = client.post(path, json={"include_unfinished": "yes"}, headers=rita)
    assert wrong.status_code == 400
    assert wrong.get_json()["error"]["details"]["field"] == "include_unfinished"
    unknown = client.post(path, json={"annotators": "some"}, headers=rita)
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["details"]["field"] == "annotators"
    assert _gold_stances(session, world) == {"d1": [], "d2": [], "d3": []}
    answer = client.post(path, headers=rita)
    assert answer.status_code == 200
    assert answer.get_json() == {
        "spans": 0,
        "relations": 0,
        "labels": 1,
        "documents": 1,
        "skipped": [],
        "skipped_final": 0,
        "skipped_unfinished": 2,
        "included_unfinished": 0,
        "unfinished_named": [],
        "filtered_out": [],
        "warnings": [],
    }
    more = client.post(path, json={"include_unfinished": True, "quorum": "majority"}, headers=rita)
    assert more.status_code == 200
    taken = more.get_json()
    assert (taken["documents"], taken["skipped_unfinished"], taken["included_unfinished"]) == (
        2,
        0,
        2,
    )
    assert _gold_stances(session, world) == {
        "d1": ["AGAINST"],
        "d2": ["AGAINST"],
        "d3": ["AGAINST"],
    }


def test_the_api_takes_the_lists_filter(client, session, world, make_token) -> None:
    rita = make_token(world["users"]["rita"])
    answer = client.post(
        "/api/v1/projects/demo/review/unanimous",
        json={"annotators": "waiting", "include_unfinished": True},
        headers=rita,
    )
    assert answer.status_code == 200, answer.get_json()
    assert _gold_stances(session, world) == {"d1": [], "d2": ["AGAINST"], "d3": ["AGAINST"]}


def test_the_cli_says_what_it_left_out_and_takes_it_with_a_flag(runner, session, world) -> None:
    result = runner.invoke(args=["adjudicate", "unanimous", "demo", "--as", "rita"])
    assert result.exit_code == 0, result.output
    assert "into the gold of 1 document." in result.output
    assert (
        "2 documents left out: someone assigned has not finished them (not started or in "
        "progress), so their layers may still change; --include-unfinished takes them."
    ) in result.output
    assert _gold_stances(session, world) == {"d1": ["AGAINST"], "d2": [], "d3": []}
    named = runner.invoke(
        args=["adjudicate", "unanimous", "demo", "--documents", "d2", "--as", "rita"]
    )
    assert named.exit_code == 0, named.output
    assert "1 document left out: someone assigned has not finished it" in named.output
    result = runner.invoke(
        args=["adjudicate", "unanimous", "demo", "--include-unfinished", "--as", "rita"]
    )
    assert result.exit_code == 0, result.output
    assert "into the gold of 2 documents." in result.output and "left out" not in result.output
    assert _gold_stances(session, world) == {
        "d1": ["AGAINST"],
        "d2": ["AGAINST"],
        "d3": ["AGAINST"],
    }


def test_the_page_keeps_the_filter_and_offers_the_unfinished(client, session, world) -> None:
    login(client, "rita")
    listed = client.get("/projects/demo/review?annotators=finished").get_data(as_text=True)
    # Both project-wide buttons ask about the documents the list shows.
    assert "unanimous=check&amp;annotators=finished" in listed or (
        "annotators=finished&amp;unanimous=check" in listed
    )
    asked = client.get("/projects/demo/review?annotators=finished&unanimous=check&quorum=majority")
    page = asked.get_data(as_text=True)
    assert "Accepting writes 1 item into gold in 1 document" in page
    assert 'id="unanimous-unfinished"' not in page  # the list shows no unfinished document
    assert 'name="annotators" value="finished"' in page

    asked = client.get("/projects/demo/review?unanimous=check").get_data(as_text=True)
    assert "Accepting writes 1 item into gold in 1 document" in asked
    assert "2 documents left out: someone assigned has not finished them" in asked
    assert "include_unfinished=1" in asked  # the way to take them too
    included = client.get("/projects/demo/review?unanimous=check&include_unfinished=1")
    page = included.get_data(as_text=True)
    assert "Accepting writes 3 items into gold in 3 documents" in page
    assert "2 documents someone assigned has not finished are included" in page
    assert 'name="include_unfinished" value="1"' in page

    token = csrf_token_from(page)
    posted = client.post(
        "/projects/demo/review/unanimous",
        data={
            "csrf_token": token,
            "confirm": "1",
            "quorum": "unanimous",
            "annotators": "waiting",
            "include_unfinished": "1",
        },
    )
    assert posted.status_code == 302
    assert "annotators=waiting" in posted.headers["Location"]  # back to the list it came from
    assert _gold_stances(session, world) == {"d1": [], "d2": ["AGAINST"], "d3": ["AGAINST"]}


def test_the_review_list_puts_documents_everyone_finished_first(client, session, world) -> None:
    """d2 disagrees most but both still work on it: d1 (finished) comes first."""
    listed = review_page(session, world["project"], None)
    assert [item.external_id for item in listed.rows] == ["d1", "d2", "d3"]
    login(client, "rita")
    page = client.get("/projects/demo/review").get_data(as_text=True)
    assert "Documents everyone assigned has finished come first" in page
    assert page.index(">d1<") < page.index(">d2<")


def test_a_reviewer_refused_settings_is_told_what_to_do(client, session, world, make_token):
    login(client, "rita")
    page = client.get("/projects/demo/settings")
    assert page.status_code == 403
    said = "ask an admin to make you a manager of this project on its People page"
    assert said in page.get_data(as_text=True)
    answer = client.patch(
        "/api/v1/projects/demo", json={"name": "x"}, headers=make_token(world["users"]["rita"])
    )
    assert answer.status_code == 403
    assert said in answer.get_json()["error"]["message"]
