"""Layers marked done that leave a required field blank: said when a field becomes required
(labels page, PATCH), warned of by imports (CLI, API, page), listed on the agreement page.

A team lead made stance required after two annotators had marked their documents done
without a stance on every sentence. Those layers stay done (marking done is checked, not
being done), and the agreement report counted their blanks among others: nothing said which
layers they were, nor that the change had left any.
"""

from __future__ import annotations

import copy
import re
from io import BytesIO
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.required_fields import done_blank_said, newly_required
from annotator.models import Project
from annotator.services.accounts.project_admin import edit_project
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from annotator.services.schema.required_blank import done_blank
from tests.conftest import SEED_SCHEMA
from tests.extras import need
from tests.helpers import csrf_token_from, login

TEXT = "The border was closed. Trade fell. Prices rose."  # three sentences


def _required(schema: dict[str, Any], *names: str) -> dict[str, Any]:
    schema = copy.deepcopy(schema)
    for field in schema["sentence_labels"] + schema["document_labels"]:
        if field["name"] in names:
            field["required"] = True
    return schema


@pytest.fixture
def world(session, make_world, assign) -> Any:
    """alice and bob marked d1 done before anything was required: alice gave a stance on
    sentence 1 alone and the genre, bob nothing at all; carol is still at work on d2 with
    nothing given. Nothing is required yet."""
    names = ("alice", "bob", "carol")
    people = dict.fromkeys(names, "annotator") | {"ada": "admin", "rita": "reviewer"}
    made = make_world(
        people, schema=copy.deepcopy(SEED_SCHEMA), members={}, d1=(TEXT, "d1"), d2=(TEXT, "d2")
    )
    users, d1, d2 = {name: getattr(made, name) for name in names}, made.d1, made.d2
    assign(d1, users["alice"], users["bob"])
    assign(d2, users["carol"])
    alice = open_layer(session, users["alice"], d1, None)
    set_label(session, alice, 0, "stance", "FAVOR")
    set_label(session, alice, None, "genre", "NEWS")
    set_status(session, users["alice"], d1, "done")
    set_status(session, users["bob"], d1, "done")
    set_status(session, users["carol"], d2, "in_progress")
    session.commit()
    return SimpleNamespace(
        project=made.project, d1=d1, d2=d2, users=users, ada=made.tokens["ada"], admin=made.ada
    )


def _project(session) -> Project:
    session.expire_all()
    return session.scalar(select(Project).where(Project.slug == "demo"))


# -- the rule and its words ---------------------------------------------------------------


def test_newly_required_names_fields_made_or_added_required_not_those_renamed() -> None:
    old = _required(SEED_SCHEMA, "bias")
    new = _required(SEED_SCHEMA, "stance", "genre")
    # bias renamed to slant and still required: not newly so.
    new["sentence_labels"][0]["name"] = "slant"
    new["sentence_labels"][0]["required"] = True
    renamed = [("sentence", "bias", "slant")]
    assert newly_required(old, new, renamed) == [("stance", False), ("genre", True)]
    assert newly_required(new, new) == []


def test_the_words_count_layers_and_name_the_field() -> None:
    assert done_blank_said(3, "stance", False) == (
        "3 layers already marked done leave 'stance' blank (they stay done)"
    )
    assert done_blank_said(1, "genre", True) == (
        "1 layer already marked done leaves the document field 'genre' blank (it stays done)"
    )


# -- the service ---------------------------------------------------------------------------


def test_done_layers_leaving_a_field_blank_are_found_with_their_blank_sentences(
    session, world
) -> None:
    project = _project(session)
    found = done_blank(session, project, [("stance", False), ("genre", True), ("bias", False)])
    by_field = {blank.name: blank for blank in found}
    alice, bob = world.users["alice"].id, world.users["bob"].id
    stance = {(layer.user_id, layer.sentences) for layer in by_field["stance"].layers}
    assert stance == {(alice, 2), (bob, 3)}  # bob never wrote a layer: all three blank
    assert {layer.user_id for layer in by_field["genre"].layers} == {bob}
    assert {layer.user_id for layer in by_field["bias"].layers} == {alice, bob}
    # carol's layer is not done: never listed, whatever it lacks.
    assert world.d2.id not in {layer.document_id for b in found for layer in b.layers}
    # The project's required fields by default: none yet.
    assert done_blank(session, project) == []


# -- saying it when a field becomes required -------------------------------------------------


def test_patch_answers_the_done_layers_a_field_made_required_leaves_blank(
    client, session, world
) -> None:
    schema = _required(_project(session).schema, "stance", "genre")
    answer = client.patch("/api/v1/projects/demo", json={"schema": schema}, headers=world.ada)
    assert answer.status_code == 200, answer.get_json()
    blank = answer.get_json()["required_left_blank"]
    assert blank == [
        {
            "field": "stance",
            "kind": "sentence",
            "layers": 2,
            "documents": 1,
            "message": "2 layers already marked done leave 'stance' blank (they stay done)",
        },
        {
            "field": "genre",
            "kind": "document",
            "layers": 1,
            "documents": 1,
            "message": "1 layer already marked done leaves the document field 'genre' "
            "blank (it stays done)",
        },
    ]
    # They stay done.
    listed = client.get("/api/v1/projects/demo/documents", headers=world.ada).get_json()
    assert next(d for d in listed["documents"] if d["id"] == world.d1.id)["progress"] == {
        "done": 2,
        "assigned": 2,
    }
    # A later change that makes nothing newly required says nothing of them.
    again = client.patch("/api/v1/projects/demo", json={"name": "Demo"}, headers=world.ada)
    assert again.get_json()["required_left_blank"] == []


def test_the_patch_answer_matches_its_openapi_description(client, session, world) -> None:
    validators = need("openapi_schema_validator")
    schema = _required(_project(session).schema, "stance")
    answer = client.patch("/api/v1/projects/demo", json={"schema": schema}, headers=world.ada)
    description = client.get("/api/v1/openapi.json").get_json()
    wanted = {"$ref": "#/components/schemas/Project", "components": description["components"]}
    validators.validate(answer.get_json(), wanted, cls=validators.OAS31Validator)
    described = description["components"]["schemas"]["AdminProject"]["properties"]
    assert "required_left_blank" in described


def test_the_field_settings_page_flashes_the_count_with_the_way_to_the_list(
    client, session, world
) -> None:
    login(client, "ada")
    url = "/projects/demo/labels/fields/edit?field=stance"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    stance = next(f for f in SEED_SCHEMA["sentence_labels"] if f["name"] == "stance")
    values = {"csrf_token": token, "name": "stance"}
    values |= {"description": stance.get("description", ""), "target": stance.get("target", "")}
    answer = client.post(url, data=values | {"required": "y"}, follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "2 layers already marked done leave &#39;stance&#39; blank (they stay done)" in page
    assert 'href="/projects/demo/agreement#done-blank">listed on the agreement page</a>' in page
    # Saved again, still required: nothing newly required, nothing said.
    token = csrf_token_from(page)
    again = client.post(url, data=values | {"csrf_token": token, "required": "y"})
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "already marked done" not in page


def test_a_field_added_required_counts_every_done_layer(client, session, world) -> None:
    login(client, "ada")
    labels = client.get("/projects/demo/labels").get_data(as_text=True)
    fields = {
        "csrf_token": csrf_token_from(labels),
        "sentence_labels-name": "tone",
        "sentence_labels-values": "CALM\nANGRY",
        "sentence_labels-required": "y",
    }
    answer = client.post("/projects/demo/labels/sentence-labels", data=fields)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "2 layers already marked done leave &#39;tone&#39; blank (they stay done)" in page


# -- the agreement page's list --------------------------------------------------------------


def _words(html: str) -> str:
    """Return a list item without its Send back forms: the words it says of the layers."""
    return re.sub(r"<form.*?</form>", "", html, flags=re.S)


def test_the_agreement_page_lists_the_layers_with_links_to_their_documents(
    client, session, world
) -> None:
    edit_project(
        session, _project(session), world.admin, schema=_required(SEED_SCHEMA, "stance", "genre")
    )
    session.commit()
    login(client, "rita")
    page = client.get("/projects/demo/agreement").get_data(as_text=True)
    assert 'id="done-blank"' in page
    start = page.index('<li data-done-blank="stance">')
    stance = page[start : page.index("</li>", start)]
    review = f'href="/projects/demo/review/{world.d1.id}"'
    assert "2 layers marked done leave it blank" in stance
    assert review in stance
    assert "by alice (2 sentences blank) and bob (3 sentences blank)" in _words(stance)
    assert stance.count("Send back</button>") == 2  # one a layer (views/send_back.py)
    start = page.index('<li data-done-blank="document:genre">')
    genre = page[start : page.index("</li>", start)]
    assert "1 layer marked done leaves it blank" in genre and "by bob" in genre
    # Names hidden: numbers, not names.
    hidden = client.get("/projects/demo/agreement?anonymous=1").get_data(as_text=True)
    start = hidden.index('<li data-done-blank="stance">')
    listed = hidden[start : hidden.index("</li>", start)]
    assert "alice" not in listed and "bob" not in listed


def test_the_agreement_page_says_none_or_nothing_without_required_fields(
    client, session, world
) -> None:
    login(client, "rita")
    page = client.get("/projects/demo/agreement").get_data(as_text=True)
    assert 'id="done-blank"' not in page  # nothing required: no section
    edit_project(session, _project(session), world.admin, schema=_required(SEED_SCHEMA, "bias"))
    session.commit()
    page = client.get("/projects/demo/agreement").get_data(as_text=True)
    assert 'data-done-blank="bias"' in page  # alice and bob gave no bias
    reopen = [world.users["alice"], world.users["bob"]]
    for user in reopen:
        set_status(session, user, world.d1, "in_progress")
    session.commit()
    page = client.get("/projects/demo/agreement").get_data(as_text=True)
    assert 'id="done-blank-none"' in page


def test_the_settings_page_says_it_for_a_yaml_schema_uploaded(client, session, world) -> None:
    yaml = need("yaml")
    login(client, "ada")
    page = client.get("/projects/demo/settings").get_data(as_text=True)
    schema = _required(_project(session).schema, "genre")
    upload = BytesIO(yaml.safe_dump(schema, allow_unicode=True).encode("utf-8"))
    form = {
        "csrf_token": csrf_token_from(page),
        "name": "demo",
        "schema": (upload, "schema.yaml"),
        "guidelines": schema.get("guidelines", ""),
    }
    answer = client.post("/projects/demo/settings", data=form, content_type="multipart/form-data")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    said = "1 layer already marked done leaves the document field &#39;genre&#39; blank"
    assert said in shown


def test_past_the_first_layers_the_list_counts_the_rest(
    client, session, world, make_document, assign
) -> None:
    from annotator.views.agreement_blank import LISTED

    carol = world.users["carol"]
    for n in range(LISTED):  # with alice's and bob's: LISTED + 2 layers in all
        document = make_document(world.project, TEXT, external_id=f"c{n:03}")
        assign(document, carol)
        set_status(session, carol, document, "done")
    session.commit()
    edit_project(session, _project(session), world.admin, schema=_required(SEED_SCHEMA, "stance"))
    session.commit()
    login(client, "rita")
    page = client.get("/projects/demo/agreement").get_data(as_text=True)
    start = page.index('<li data-done-blank="stance">')
    stance = page[start : page.index("</li>", start)]
    assert f"{LISTED + 2} layers marked done leave it blank" in stance
    assert "by alice (2 sentences blank) and bob (3 sentences blank);" in _words(stance)
    assert stance.count(" by carol (3 sentences blank)") == LISTED - 2
    assert stance.endswith("; and 2 more layers.")
