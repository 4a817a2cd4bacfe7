"""`g` is the workspace's key (to the document's labels): no schema may give it to a label.

A schema saved before then may hold it: that project still loads (its pages, its workspace,
the API), its labels page says which label holds the key and that the label keeps it in the
workspace, and the next save of the schema is refused until the label has another key."""

from __future__ import annotations

import copy
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Project
from tests.conftest import SEED_SCHEMA
from tests.helpers import csrf_token_from, login


@pytest.fixture
def world(session: Session, make_world: Any, assign: Any) -> SimpleNamespace:
    """Project news whose stored schema gives g to SOURCE, as one saved before g was kept."""
    made = make_world(
        {"max": "annotator", "alice": "annotator"},
        slug="news",
        name="News",
        members={"max": "manager"},
        document=("Officials said on Monday that talks had failed.", None),
    )
    project, document = made.project, made.document
    assign(document, made.alice)
    schema = copy.deepcopy(project.schema)
    next(x for x in schema["span_labels"] if x["name"] == "SOURCE")["key"] = "g"
    project.schema = schema  # stored as it was, past today's check
    session.commit()
    return SimpleNamespace(project=project, document=document)


def test_a_new_schema_giving_g_to_a_label_is_refused_naming_the_label_and_the_key(
    client: FlaskClient, make_user: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    token = csrf_token_from(client.get("/projects/new").get_data(as_text=True))
    text = "span_labels:\n  - name: A\n    key: g\n"
    form = {"csrf_token": token, "slug": "one", "name": "One", "schema_text": text}
    answer = client.post("/projects/new", data=form)
    assert answer.status_code == 422
    assert (
        "span label A (line 2): key &#39;g&#39; is reserved by the workspace (going to the "
        "document&#39;s labels)" in answer.get_data(as_text=True)
    )


def test_a_stored_schema_with_g_still_loads_and_its_labels_page_says_so(
    app: Flask, client: FlaskClient, world: SimpleNamespace
) -> None:
    alice = app.test_client()
    login(alice, "alice")
    assert alice.get(f"/projects/news/documents/{world.document.id}").status_code == 200
    api = alice.get("/api/v1/projects/news")
    assert api.status_code == 200
    keys = {x["name"]: x["key"] for x in api.get_json()["schema"]["span_labels"]}
    assert keys["SOURCE"] == "g"
    login(client, "max")
    page = client.get("/projects/news/labels").get_data(as_text=True)
    start = page.index('class="notice reserved-key"')
    said = " ".join(page[start : page.index("</p>", start)].split())
    assert "The key <kbd>g</kbd> of span label SOURCE is now the workspace" in said
    assert "for going to the document&#39;s labels" in said
    assert "span label SOURCE keeps it, and the key help says so" in said
    assert 'href="/projects/news/labels/edit?label=SOURCE"' in said


def test_the_next_save_asks_for_another_key_and_then_the_notice_goes(
    client: FlaskClient, session: Session, world: SimpleNamespace
) -> None:
    login(client, "max")
    token = csrf_token_from(client.get("/projects/news/labels").get_data(as_text=True))
    # Another label's change: refused, naming the label that holds g.
    answer = client.post(
        "/projects/news/labels/edit?label=CUE",
        data={"csrf_token": token, "name": "CUE", "key": "q", "color": "#2ca02c"},
    )
    assert answer.status_code == 422
    assert "SOURCE" in (said := answer.get_data(as_text=True))
    assert "key &#39;g&#39; is reserved by the workspace" in said
    answer = client.post(
        "/projects/news/labels/edit?label=SOURCE",
        data={"csrf_token": token, "name": "SOURCE", "key": "s", "color": "#1f77b4"},
    )
    assert answer.status_code == 302
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == "news"))
    assert project is not None
    assert {x["name"]: x["key"] for x in project.schema["span_labels"]}["SOURCE"] == "s"
    assert "reserved-key" not in client.get("/projects/news/labels").get_data(as_text=True)


def test_seed_schema_gives_no_key_the_workspace_keeps() -> None:
    from annotator.core.workspace_keys import reserved_keys_held

    assert reserved_keys_held(SEED_SCHEMA) == []
