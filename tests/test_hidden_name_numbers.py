"""With names hidden, each face of the review numbers an annotator alike.

The review list, the review page, the curation view, the question asked before marking gold
final (and what marking final then says) and the API each name the annotators "Annotator N"
when asked to hide names; a reviewer moving between them must meet the same annotator under
the same number. zed, amy and max were made in that order (their ids), so numbering by id
would differ from numbering by name: amy is Annotator 1 (In progress), max 2 (Not started), zed 3
(Done) everywhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from annotator.models import Assignment
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from annotator.services.review.layers import numbered_names
from tests.helpers import csrf_token_from, login
from tests.review_world import TEXT

# Each annotator's status: what tells, on every face, which one a number stands for.
STATUSES = {"zed": "done", "amy": "in_progress", "max": "new"}
NUMBERS = {"amy": "Annotator 1", "max": "Annotator 2", "zed": "Annotator 3"}
SHOWN_STATUS = {"done": "Done", "in_progress": "In progress", "new": "Not started"}


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="d1")
    users = {name: make_user(name, "annotator") for name in STATUSES}
    rita = make_user("rita", "reviewer")
    assign(doc, *users.values())
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
    return {"doc": doc, "headers": make_token(rita)}


def _text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.get_data(as_text=True).split())


def _hides_every_name(html: str) -> None:
    for name in STATUSES:
        assert f">{name}" not in html and f"{name}:" not in html and f"{name} " not in html


def test_numbered_in_name_order_whatever_order_given() -> None:
    assert numbered_names(["zed", "amy", "max"]) == NUMBERS
    assert numbered_names([]) == {}


def test_the_review_list_numbers_as_the_review_page(client, world) -> None:
    login(client, "rita")
    html = _text(client.get("/projects/demo/review?anonymous=1"))
    for name, number in NUMBERS.items():
        assert f"{number}: {SHOWN_STATUS[STATUSES[name]]}" in html
    _hides_every_name(html)


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
            "Annotator 1 (In progress) and Annotator 2 (Not started) have not marked this document"
            " done" in said
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
    (row,) = hidden.get_json()["documents"]
    assert row["statuses"] == {number: STATUSES[name] for name, number in NUMBERS.items()}
    assert not any(name in hidden.get_data(as_text=True) for name in STATUSES)
    (plain,) = named.get_json()["documents"]
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
    _hides_every_name(html)
    # One layer, asked for by its number: its section alone, and the links keep the setting.
    one = _text(client.get(history + "&annotator=Annotator+3"))
    assert 'data-layer="Annotator 3"' in one and 'data-layer="Annotator 1"' not in one
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
    form = page[page.index('data-layer="Annotator 1"') :]
    action = form[form.index(' action="') + 9 :].split('"', 1)[0]
    assert "/restore" in action
    sent = {"csrf_token": csrf_token_from(page), "anonymous": "1"}
    answer = client.post(action, data=sent)
    assert answer.status_code == 302
    assert "anonymous=1" in answer.headers["Location"]
    after = _text(client.get(answer.headers["Location"]))
    assert "Restored the label of change" in after
    _hides_every_name(after)
