"""With names hidden, each face of the review numbers an annotator alike.

The review list, the review page, the curation view, the question asked before marking gold
final (and what marking final then says) and the API each name the annotators "Annotator N"
when asked to hide names; a reviewer moving between them must meet the same annotator under
the same number, on every document of the project.

The numbers follow the order people arrived in the project, never their names (which a team
would read the numbers back from). amy, max and zed were made in that order (their ids, the
names' order too), but joined the project as zed, amy, max: zed is Annotator 1 (Done), amy
2 (In progress), max 3 (Not started) everywhere.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from annotator.models import Assignment, ProjectMember
from annotator.services.accounts.membership import set_member
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from tests.helpers import csrf_token_from, login
from tests.review_world import TEXT

# Each annotator's status: what tells, on every face, which one a number stands for.
STATUSES = {"zed": "done", "amy": "in_progress", "max": "new"}
#: The day each joined the project: not the names' order, nor the accounts'.
JOINED = {"zed": 1, "amy": 2, "max": 3}
NUMBERS = {"zed": "Annotator 1", "amy": "Annotator 2", "max": "Annotator 3"}
SHOWN_STATUS = {"done": "Done", "in_progress": "In progress", "new": "Not started"}


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="d1")
    users = {name: make_user(name, "annotator") for name in sorted(STATUSES)}
    rita = make_user("rita", "reviewer")
    assign(doc, *users.values())
    # rita reviews the project as a member since before them all, and takes no number.
    set_member(session, project, rita, "reviewer")
    for user, day in [(rita, 1), *((users[name], day + 1) for name, day in JOINED.items())]:
        session.execute(
            update(ProjectMember)
            .where(ProjectMember.user_id == user.id)
            .values(created_at=datetime(2026, 1, day, tzinfo=UTC))
        )
    # A second document, of amy and max alone: they keep the project's numbers there.
    other = make_document(project, TEXT, external_id="d2")
    assign(other, users["max"], users["amy"])
    for name, stance in (("amy", "FAVOR"), ("max", "AGAINST")):
        set_label(session, open_layer(session, users[name], other, None), 0, "stance", stance)
    for name, stance in zip(STATUSES, ("AGAINST", "NONE", "FAVOR"), strict=True):
        set_label(session, open_layer(session, users[name], doc, None), 0, "stance", stance)
        if STATUSES[name] != "new":
            set_status(session, users[name], doc, STATUSES[name])
    # max's layer with its assignment still new (set here: labelling through the service starts it).
    session.execute(
        update(Assignment)
        .where(Assignment.document_id == doc.id, Assignment.user_id == users["max"].id)
        .values(status="new")
    )
    session.commit()
    return {"doc": doc, "other": other, "headers": make_token(rita)}


def _text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.get_data(as_text=True).split())


def _hides_every_name(html: str) -> None:
    for name in STATUSES:
        assert f">{name}" not in html and f"{name}:" not in html and f"{name} " not in html


def test_numbered_in_the_order_people_joined_not_by_name(client, world) -> None:
    answer = client.get(
        f"/api/v1/projects/demo/review/{world['doc'].id}?anonymous=1", headers=world["headers"]
    )
    body = answer.get_json()
    # In name order amy would be Annotator 1; she joined second.
    assert list(body["statuses"].items()) == [
        ("Annotator 1", "done"),
        ("Annotator 2", "in_progress"),
        ("Annotator 3", "new"),
    ]


def test_the_review_list_numbers_as_the_review_page(client, world) -> None:
    login(client, "rita")
    html = _text(client.get("/projects/demo/review?anonymous=1"))
    for name, number in NUMBERS.items():
        assert f"{number}: {SHOWN_STATUS[STATUSES[name]]}" in html
    _hides_every_name(html)


def test_a_document_of_some_annotators_keeps_their_project_numbers(client, world) -> None:
    listed = client.get("/api/v1/projects/demo/review?anonymous=1", headers=world["headers"])
    rows = {row["external_id"]: row for row in listed.get_json()["documents"]}
    assert list(rows["d2"]["statuses"]) == [NUMBERS["amy"], NUMBERS["max"]]
    answer = client.get(
        f"/api/v1/projects/demo/review/{world['other'].id}?anonymous=1", headers=world["headers"]
    )
    assert answer.get_json()["layers"] == [NUMBERS["amy"], NUMBERS["max"]]
    login(client, "rita")
    page = _text(client.get(f"/projects/demo/review/{world['other'].id}?anonymous=1"))
    assert f"<h3>{NUMBERS['amy']} " in page and f"<h3>{NUMBERS['max']} " in page
    assert "<h3>Annotator 1 " not in page
    _hides_every_name(page)


def test_the_review_page_and_curation_view_number_alike(client, world) -> None:
    login(client, "rita")
    doc = world["doc"].id
    page = _text(client.get(f"/projects/demo/review/{doc}?anonymous=1"))
    curate = _text(client.get(f"/projects/demo/review/{doc}/curate?anonymous=1"))
    for name, number in NUMBERS.items():
        status = STATUSES[name]
        badge = f'<span class="layer-status layer-status--{status}">{SHOWN_STATUS[status]}</span>'
        assert f"<h3>{number} {badge}" in page
        assert f"{number} {badge}" in curate
    _hides_every_name(page)
    _hides_every_name(curate)


def test_the_final_question_and_its_answer_number_alike(client, world) -> None:
    login(client, "rita")
    page = f"/projects/demo/review/{world['doc'].id}"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    form = {"csrf_token": token, "status": "final", "anonymous": "1"}
    asked = _text(client.get(client.post(f"{page}/status", data=form).headers["Location"]))
    confirmed = _text(
        client.post(f"{page}/status", data=form | {"confirm": "1"}, follow_redirects=True)
    )
    for said in (asked, confirmed):
        assert (
            f"{NUMBERS['amy']} (In progress) and {NUMBERS['max']} (Not started) have not marked "
            "this document done" in said
        )
        _hides_every_name(said)


def test_the_api_numbers_as_the_pages(client, world) -> None:
    answer = client.get(
        f"/api/v1/projects/demo/review/{world['doc'].id}?anonymous=1", headers=world["headers"]
    )
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["layers"] == ["Annotator 1", "Annotator 2", "Annotator 3"]
    assert body["statuses"] == {number: STATUSES[name] for name, number in NUMBERS.items()}


def test_the_review_list_api_numbers_as_the_pages(client, world) -> None:
    hidden = client.get("/api/v1/projects/demo/review?anonymous=1", headers=world["headers"])
    named = client.get("/api/v1/projects/demo/review", headers=world["headers"])
    assert hidden.status_code == named.status_code == 200
    row = next(row for row in hidden.get_json()["documents"] if row["external_id"] == "d1")
    assert row["statuses"] == {number: STATUSES[name] for name, number in NUMBERS.items()}
    assert not any(name in hidden.get_data(as_text=True) for name in STATUSES)
    plain = next(row for row in named.get_json()["documents"] if row["external_id"] == "d1")
    assert plain["statuses"] == STATUSES  # names shown when not asked to hide them


def test_the_history_link_keeps_names_hidden_and_the_history_numbers_alike(client, world) -> None:
    login(client, "rita")
    doc = world["doc"].id
    history = f"/projects/demo/review/{doc}/history?anonymous=1"
    for face in (f"/projects/demo/review/{doc}", f"/projects/demo/review/{doc}/curate"):
        page = client.get(face + "?anonymous=1").get_data(as_text=True)
        assert f'href="{history}"' in page, face
    html = _text(client.get(history))
    for number in NUMBERS.values():
        assert f'data-layer="{number}"' in html and f"<h2>{number} " in html
        # Who made the change: the annotator, under the same number.
        assert f'<span>{number} <span class="muted">' in html
    # The sections in the numbers' order, not the real names' (amy, max, zed).
    at = [html.index(f'data-layer="{number}"') for number in sorted(NUMBERS.values())]
    assert at == sorted(at)
    _hides_every_name(html)
    # One layer, asked for by its number: its section alone, and the links keep the setting.
    one = _text(client.get(history + "&annotator=Annotator+2"))
    assert 'data-layer="Annotator 2"' in one and 'data-layer="Annotator 1"' not in one
    # amy's section: her label, and no other's.
    assert "stance = NONE" in one and "stance = AGAINST" not in one
    every = f"/projects/demo/review/{doc}/history?anonymous=1"
    assert f'href="{every}">Every layer</a>' in one
    _hides_every_name(one)
    # Without the setting, the names are shown as before.
    named = _text(client.get(f"/projects/demo/review/{doc}/history"))
    assert all(f'data-layer="{name}"' in named for name in STATUSES)


def test_a_restore_from_the_hidden_history_stays_hidden(client, session, world) -> None:
    from sqlalchemy import select

    from annotator.models import User

    amy = session.scalar(select(User).where(User.username == "amy"))
    set_label(session, open_layer(session, amy, world["doc"], None), 0, "stance", "FAVOR")
    session.commit()
    login(client, "rita")
    history = f"/projects/demo/review/{world['doc'].id}/history?anonymous=1"
    page = client.get(history).get_data(as_text=True)
    form = page[page.index(f'data-layer="{NUMBERS["amy"]}"') :]
    action = form[form.index(' action="') + 9 :].split('"', 1)[0]
    assert "/restore" in action
    sent = {"csrf_token": csrf_token_from(page), "anonymous": "1"}
    answer = client.post(action, data=sent)
    assert answer.status_code == 302
    assert "anonymous=1" in answer.headers["Location"]
    after = _text(client.get(answer.headers["Location"]))
    assert "Restored the label of change" in after
    _hides_every_name(after)
    # Who restored it: the reviewer, by name (no annotator, so no number).
    assert '<span>rita <span class="muted">(restore)</span></span>' in after


def test_the_agreement_numbers_as_the_review(client, session, world) -> None:
    from annotator.core.vocabulary import ALL_LABELS
    from annotator.models import User
    from annotator.services.annotation.layers import find_layer
    from annotator.services.annotation.spans import add_span

    # How many spans each marked tells them apart: zed 1, amy 2, max 3.
    words = [(0, 9), (10, 14), (15, 18)]
    marked = {"zed": 1, "amy": 2, "max": 3}
    for name, count in marked.items():
        user = session.scalar(select(User).where(User.username == name))
        layer = find_layer(session, world["doc"], user.id)  # zed's is done: written as it is
        for start, end in words[:count]:
            add_span(session, layer, "CLAIM", start, end)
    session.commit()
    asked = "/api/v1/projects/demo/agreement?anonymous=1"
    body = client.get(asked, headers=world["headers"]).get_json()
    assert body["annotators"] == ["Annotator 1", "Annotator 2", "Annotator 3"]
    counted: dict[str, int] = {}
    for pair in body["spans"][ALL_LABELS]["pairs"].values():
        counted |= pair["spans"]
    assert counted == {NUMBERS[name]: count for name, count in marked.items()}
    assert not any(f'"{name}' in json.dumps(body) for name in STATUSES)
    # The filter takes the names shown.
    only = client.get(asked + "&annotators=Annotator 3,Annotator 1", headers=world["headers"])
    assert only.get_json()["annotators"] == ["Annotator 1", "Annotator 3"]
    login(client, "rita")
    # Two of the layers are in progress: the page's own default counts finished work only.
    html = _text(client.get("/projects/demo/agreement?anonymous=1&status=all"))
    assert "3 annotators (Annotator 1, Annotator 2, Annotator 3)" in html
    assert 'href="/projects/demo/review?anonymous=1">Review disagreements' in html
    _hides_every_name(html)
    named = _text(client.get("/projects/demo/agreement?status=all"))
    assert "3 annotators (amy, max, zed)" in named


def test_a_none_taken_decision_in_the_hidden_history_names_nobody(client, session, world) -> None:
    from annotator.models import User
    from annotator.services.review.none_taken import decide_none

    doc = world["doc"]
    answer = client.get(f"/api/v1/projects/demo/review/{doc.id}", headers=world["headers"])
    (stance,) = [d for d in answer.get_json()["differences"] if d["kind"] == "sentence_label"]
    rita = session.scalar(select(User).where(User.username == "rita"))
    decide_none(session, rita, doc, stance["key"])
    session.commit()
    login(client, "rita")
    hidden = _text(client.get(f"/projects/demo/review/{doc.id}/history?anonymous=1"))
    assert "none taken: a sentence label difference" in hidden
    _hides_every_name(hidden)
    named = _text(client.get(f"/projects/demo/review/{doc.id}/history"))
    assert "none taken: stance: amy=" in named
