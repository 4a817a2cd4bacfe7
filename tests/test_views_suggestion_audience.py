"""Suggestions never reach annotators by surprise: the model page says, before Suggest now
and Train now are pressed, who will see what they write and when (by the project's
``suggestions`` setting), and asks first when annotators would see it while annotating; the
new-project page asks how annotators see suggestions, and new projects default to after done.
"""

from __future__ import annotations

import html
import re
from types import SimpleNamespace
from typing import Any

import pytest

from annotator.core.label_schema import validate_schema
from annotator.models import Assignment, Layer, Project, Span, utcnow
from annotator.web import training as background
from tests.assist_world import build_assist_world
from tests.conftest import SEED_SCHEMA
from tests.helpers import csrf_token_from, login

TEXT = "Officials said the talks failed. Moscow denied it."
MODEL = "/projects/p/suggestions/model"
SUGGEST = "/projects/p/suggestions/suggest"


@pytest.fixture
def team(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    """alice in the middle of d1, bob with d2 not begun, carol done with d3, dan who skipped
    d4; rita (a reviewer) and eve (disabled) are assigned too and are never counted."""
    project = make_project("p")
    docs = [make_document(project, TEXT, f"d{n}") for n in range(1, 5)]
    people = {name: make_user(name) for name in ("alice", "bob", "carol", "dan", "eve")}
    people["rita"] = make_user("rita", "reviewer")
    assign(docs[0], people["alice"], people["rita"])
    assign(docs[1], people["bob"], people["eve"])
    assign(docs[2], people["carol"])
    assign(docs[3], people["dan"])
    for name, status, first_done in (
        ("alice", "in_progress", False),
        ("carol", "done", True),
        ("dan", "skipped", False),
    ):
        row = session.query(Assignment).filter_by(user_id=people[name].id).one()
        row.status = status
        row.first_done_at = utcnow() if first_done else None
    people["eve"].active = False
    session.commit()
    return SimpleNamespace(project=project, docs=docs, **people)


def _set_mode(session: Any, project: Any, mode: str) -> None:
    project.schema = validate_schema({**project.schema, "suggestions": mode})
    session.commit()


def _text(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:p|div)>', page, re.S)
    assert found is not None, f"no #{element_id} in the page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def _suggested(session: Any) -> int:
    session.expire_all()
    return session.query(Span).join(Layer).filter(Layer.key == "suggestions").count()


def test_the_model_page_says_before_the_click_who_sees_suggestions_when_shown_from_the_start(
    client: Any, team: Any
) -> None:
    login(client, "rita")
    page = client.get(MODEL).get_data(as_text=True)
    assert _text(page, "suggest-audience") == (
        "Annotators see suggestions from the start in this project: 2 annotators with open "
        "documents will see them next time they open one, 1 of them in the middle of a "
        "document. Reviewers see them too."
    )
    assert 'id="suggest-confirm"' not in page


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        (
            "after_done",
            "Annotators see suggestions only on documents they have marked done: 1 annotator "
            "will see them on 1 document next time they open it; nobody sees them before "
            "marking a document done. Reviewers see them too.",
        ),
        (
            "off",
            "Annotators never see suggestions in this project (a blind pass): no annotator "
            "will see them. Reviewers see them.",
        ),
    ],
)
def test_with_suggestions_after_done_or_off_suggest_now_asks_nothing_and_says_who_sees_them(
    client: Any, session: Any, team: Any, mode: str, said: str
) -> None:
    _set_mode(session, team.project, mode)
    login(client, "rita")
    page = client.get(MODEL).get_data(as_text=True)
    assert _text(page, "suggest-audience") == said
    answer = client.post(SUGGEST, data={"csrf_token": csrf_token_from(page)})
    assert answer.status_code == 303  # queued at once: nobody sees them while annotating
    assert background.wait_idle(120)
    assert _suggested(session) > 0


def test_suggest_now_asks_first_when_annotators_would_see_them_while_annotating(
    client: Any, session: Any, team: Any
) -> None:
    """The lead's case: one click filled an annotator's article mid-document."""
    login(client, "rita")
    token = csrf_token_from(client.get(MODEL).get_data(as_text=True))
    asked = client.post(SUGGEST, data={"csrf_token": token})
    assert asked.status_code == 409
    assert background.wait_idle(0) and _suggested(session) == 0  # nothing queued
    page = asked.get_data(as_text=True)
    assert _text(page, "suggest-confirm").startswith(
        "Annotators would see them while annotating. 2 annotators with open documents will "
        "see them next time they open one, 1 of them in the middle of a document: their "
        "judgments may lean on them."
    )
    assert "Suggest now, shown to annotators" in page
    answer = client.post(
        SUGGEST, data={"csrf_token": token, "confirm": "Suggest now, shown to annotators"}
    )
    assert answer.status_code == 303
    assert background.wait_idle(120)
    assert _suggested(session) > 0
    flashed = client.get(MODEL).get_data(as_text=True)
    assert "2 annotators with open documents will see them next time they open one" in flashed


def test_train_now_asks_first_when_the_new_model_would_reach_annotators_not_begun(
    app: Any,
    client: Any,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    """A training then suggests on the documents nobody has begun: alice's, shown to her from
    the start. A refusal for too little gold is still said first (nothing to confirm)."""
    build_assist_world(session, make_user, make_project, make_document, assign)
    login(client, "rita")
    model = "/projects/assist/suggestions/model"
    page = client.get(model).get_data(as_text=True)
    assert _text(page, "train-audience") == (
        "Annotators see suggestions from the start in this project: a training then suggests "
        "on the documents nobody has begun, and 1 annotator will see them on starting one. "
        "Reviewers see them too."
    )
    token = csrf_token_from(page)
    asked = client.post("/projects/assist/suggestions/train", data={"csrf_token": token})
    assert asked.status_code == 409
    assert background.wait_idle(0)
    assert session.query(Project).filter_by(slug="assist").one().id  # nothing else changed
    assert "Train now, shown to annotators" in asked.get_data(as_text=True)
    assert 'id="train-confirm"' in asked.get_data(as_text=True)


def test_the_new_project_page_asks_how_annotators_see_suggestions_with_a_why_for_each(
    client: Any, make_user: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    page = client.get("/projects/new").get_data(as_text=True)
    choices = re.findall(r'<input[^>]*name="suggestions"[^>]*value="([a-z_]+)"', page)
    assert choices == ["after_done", "off", "on"]
    checked = re.search(r'<input[^>]*checked[^>]*name="suggestions"[^>]*value="([a-z_]+)"', page)
    checked = checked or re.search(
        r'<input[^>]*name="suggestions"[^>]*value="([a-z_]+)"[^>]*checked', page
    )
    assert checked is not None and checked.group(1) == "after_done"
    for mode in ("after_done", "off", "on"):
        assert f'id="suggestions-why-{mode}"' in page


def _create(client: Any, slug: str, **fields: Any) -> Any:
    token = csrf_token_from(client.get("/projects/new").get_data(as_text=True))
    data = {"csrf_token": token, "slug": slug, "name": slug.upper(), **fields}
    return client.post("/projects/new", data=data)


def test_a_new_project_takes_the_choice_made_on_its_page(
    client: Any, session: Any, make_user: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    assert _create(client, "chosen", suggestions="on").status_code == 302
    assert _create(client, "blind", suggestions="off").status_code == 302
    refused = _create(client, "wrong", suggestions="always")
    assert refused.status_code == 400 and "Not a valid choice" in refused.get_data(as_text=True)
    modes = {p.slug: p.schema["suggestions"] for p in session.query(Project)}
    assert modes == {"chosen": "on", "blind": "off"}


def test_new_projects_default_to_after_done_and_existing_projects_keep_theirs(
    client: Any, session: Any, make_user: Any, make_project: Any, admin_headers: Any
) -> None:
    """Behaviour change: a project made without saying (the API, a form without the field)
    shows suggestions after done; a schema that says keeps its word; old projects are left."""
    old = make_project("old")
    old.schema = {k: v for k, v in old.schema.items() if k != "suggestions"}  # before the key
    session.commit()
    made = client.post(
        "/api/v1/projects", json={"slug": "api", "name": "API"}, headers=admin_headers
    )
    assert made.status_code == 201 and made.get_json()["schema"]["suggestions"] == "after_done"
    said = {**SEED_SCHEMA, "suggestions": "on"}
    client.post(
        "/api/v1/projects",
        json={"slug": "says", "name": "Says", "schema": said},
        headers=admin_headers,
    )
    login(client, "ada")  # admin_headers' admin
    assert _create(client, "form").status_code == 302  # an older form, without the field
    session.expire_all()
    modes = {p.slug: p.schema.get("suggestions") for p in session.query(Project)}
    assert modes == {"old": None, "api": "after_done", "says": "on", "form": "after_done"}
    renamed = client.patch("/api/v1/projects/old", json={"name": "Old one"}, headers=admin_headers)
    assert renamed.status_code == 200
    session.expire_all()
    assert session.query(Project).filter_by(slug="old").one().schema.get("suggestions") is None


def test_the_cli_makes_new_projects_after_done_too(runner: Any, session: Any) -> None:
    result = runner.invoke(args=["projects", "create", "cli", "--name", "CLI"])
    assert result.exit_code == 0, result.output
    assert session.query(Project).filter_by(slug="cli").one().schema["suggestions"] == "after_done"
