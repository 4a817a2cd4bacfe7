"""A used span label's or span attribute's description changed: asked first, as a label
field's target is, with the spans it concerns counted, by the API and on every page that
changes it."""

from __future__ import annotations

import copy
import html
import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from annotator.core.entry_changes import entry_changes, meaning_changes
from annotator.core.label_schema import validate_schema
from annotator.core.schema_renames import Renames
from annotator.models import Project, SchemaVersion, Span
from annotator.services.accounts.project_admin import edit_project
from annotator.services.schema.meaning import MeaningUnconfirmed
from tests.conftest import SEED_SCHEMA
from tests.export_world import World, build_world
from tests.helpers import csrf_token_from, login

NEW_WORDS = "An assertion that can be checked against the record."


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    """Project src: CLAIM on four spans in two documents (one in gold), three of them with
    a claimer; SOURCE, CUE and BIASED_WORD on others."""
    return build_world(session, make_user, make_project, make_document, assign)


def described(schema: dict[str, Any], label: str, attribute: str | None = None) -> dict[str, Any]:
    """Return a copy of ``schema`` with the description of ``label`` (or of its
    ``attribute``) changed."""
    new = copy.deepcopy(schema)
    entry = next(x for x in new["span_labels"] if x["name"] == label)
    if attribute is not None:
        entry = next(a for a in entry["attributes"] if a["name"] == attribute)
    entry["description"] = NEW_WORDS
    return new


def _version(session: Any) -> int:
    session.expire_all()
    return session.scalar(select(Project.schema_version).where(Project.slug == "src")) or 0


def test_a_span_label_s_and_an_attribute_s_description_are_meaning_changes() -> None:
    old = validate_schema(SEED_SCHEMA)
    new = described(described(old, "CLAIM"), "CLAIM", "claimer")
    new["span_labels"][0]["color"] = "#000000"
    changes = meaning_changes(entry_changes(old, validate_schema(new), Renames()))
    assert [(c.kind, c.entry_words(), c.setting) for c in changes] == [
        ("span", "CLAIM", "description"),
        ("attribute", "CLAIM.claimer", "description"),
    ]


def test_a_used_span_label_s_description_asks_first_counting_its_spans(
    session: Any, world: World
) -> None:
    schema = described(world.project.schema, "CLAIM")
    with pytest.raises(MeaningUnconfirmed) as refused:
        edit_project(session, world.project, None, schema=schema)
    said = refused.value.message
    assert "CLAIM: description changed from 'A checkable assertion" in said
    assert "4 spans in 2 documents (gold: 1) were labelled CLAIM under the description" in said
    assert refused.value.details["given"] == [
        {
            "field": "CLAIM",
            "kind": "span",
            "change": refused.value.details["given"][0]["change"],
            "values": 4,
            "documents": 2,
            "gold": 1,
        }
    ]
    session.rollback()
    assert _version(session) == 1
    edit_project(session, world.project, None, schema=schema, confirm_meaning=True)
    session.commit()
    change = session.scalar(select(SchemaVersion.change).where(SchemaVersion.version == 2))
    assert change.endswith("confirmed: kept the values given under version 1 (4 of CLAIM)")


def test_a_used_attribute_s_description_counts_the_spans_that_carry_it(
    session: Any, world: World
) -> None:
    with pytest.raises(MeaningUnconfirmed) as refused:
        edit_project(
            session, world.project, None, schema=described(SEED_SCHEMA, "CLAIM", "claimer")
        )
    given = refused.value.details["given"]
    assert [(g["field"], g["kind"], g["values"], g["documents"], g["gold"]) for g in given] == [
        ("CLAIM.claimer", "attribute", 3, 1, 1)
    ]
    assert "3 spans in 1 document (gold: 1) were given CLAIM.claimer under" in (
        refused.value.message
    )


def test_a_renamed_label_s_new_description_counts_the_spans_under_the_old_name(
    session: Any, world: World
) -> None:
    schema = described(world.project.schema, "CLAIM", "claimer")
    for label in schema["span_labels"]:
        if label["name"] == "CLAIM":
            label["name"] = "ASSERTION"
            label["attributes"][0]["name"] = "who"
    for relation in schema["relation_types"]:
        for end in ("from", "to"):
            relation[end] = ["ASSERTION" if x == "CLAIM" else x for x in relation[end]]
    renames = Renames(labels={"CLAIM": "ASSERTION"}, attributes={"ASSERTION": {"claimer": "who"}})
    with pytest.raises(MeaningUnconfirmed) as refused:
        edit_project(session, world.project, None, schema=schema, renames=renames)
    given = refused.value.details["given"]
    assert [(g["field"], g["values"]) for g in given] == [("ASSERTION.who", 3)]
    session.rollback()
    assert session.scalars(select(Span.label).where(Span.label == "ASSERTION")).all() == []


def test_an_unused_label_s_description_and_other_settings_do_not_ask(
    session: Any, world: World
) -> None:
    schema = copy.deepcopy(world.project.schema)
    schema["span_labels"].append(
        {"name": "QUOTE", "key": "u", "color": "#aa3300", "description": "A quotation"}
    )
    edit_project(session, world.project, None, schema=schema)
    schema = described(world.project.schema, "QUOTE")
    next(x for x in schema["span_labels"] if x["name"] == "CLAIM")["color"] = "#000000"
    edit_project(session, world.project, None, schema=schema)
    session.commit()
    assert _version(session) == 3


def test_the_api_asks_with_409_for_a_span_label_s_description(
    client: FlaskClient, world: World, admin_headers: dict[str, str]
) -> None:
    url = f"/api/v1/projects/{world.project.slug}"
    schema = described(world.project.schema, "CLAIM")
    asked = client.patch(url, json={"schema": schema}, headers=admin_headers)
    assert asked.status_code == 409
    error = asked.get_json()["error"]
    assert error["code"] == "meaning_changed"
    assert [(g["field"], g["values"]) for g in error["details"]["given"]] == [("CLAIM", 4)]
    saved = client.patch(
        url, json={"schema": schema, "confirm_meaning": True}, headers=admin_headers
    )
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["schema_change"].startswith("CLAIM: description changed from")


def _form_of(page: str) -> dict[str, str]:
    """The values a label's edit form holds, by name (text inputs and selected options)."""
    fields = {}
    for name in ("name", "key", "color"):
        found = page.split(f'name="{name}"', 1)[1].split(">", 1)[0]
        fields[name] = html.unescape(found.split('value="', 1)[1].split('"', 1)[0])
    return fields


def test_the_label_s_page_asks_before_saving_a_new_description(
    client: FlaskClient, session: Any, world: World, make_user: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    url = "/projects/src/labels/edit?label=CLAIM"
    page = client.get(url).get_data(as_text=True)
    form = _form_of(page) | {"csrf_token": csrf_token_from(page), "description": NEW_WORDS}
    asked = client.post(url, data=form)
    assert asked.status_code == 409
    page = html.unescape(asked.get_data(as_text=True))
    assert 'id="meaning-confirm"' in page and 'name="confirm_meaning"' in page
    assert "Spans were made under what this label meant before." in _box(page)
    assert "4 spans in 2 documents (gold: 1) were labelled CLAIM under the description" in page
    assert f'value="{NEW_WORDS}"' in page or f">{NEW_WORDS}</textarea>" in page
    assert _version(session) == 1
    confirmed = client.post(url, data=form | {"confirm_meaning": "Save anyway"})
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)
    session.expire_all()
    claim = next(x for x in world.project.schema["span_labels"] if x["name"] == "CLAIM")
    assert claim["description"] == NEW_WORDS


def _box(page: str) -> str:
    """The confirmation box of a page, which every page draws with one macro."""
    found = re.search(r'<div class="split-confirm" id="meaning-confirm".*?</div>', page, re.S)
    assert found is not None, page
    return found.group(0)


def test_the_attribute_s_page_and_the_settings_page_ask_for_a_new_description(
    client: FlaskClient, session: Any, world: World, make_user: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    url = "/projects/src/labels/fields/edit?field=CLAIM.claimer"
    page = client.get(url).get_data(as_text=True)
    form = {"csrf_token": csrf_token_from(page), "name": "claimer", "description": NEW_WORDS}
    asked = client.post(url, data=form)
    assert asked.status_code == 409
    said = html.unescape(asked.get_data(as_text=True))
    assert 'id="meaning-confirm"' in said
    assert "3 spans in 1 document (gold: 1) were given CLAIM.claimer under" in said
    # What is counted on an attribute's page is spans: the box speaks of them, not of values.
    box = _box(said)
    assert "Spans were made under what this attribute meant before." in box
    assert 'value="Save anyway, keeping the spans made"' in box
    assert "Values were given" not in box and "keeping the values given" not in box
    assert _version(session) == 1

    url = "/projects/src/settings"
    page = client.get(url).get_data(as_text=True)
    shown = page.split('name="schema_text"', 1)[1].split(">", 1)[1].split("</textarea>")[0]
    box = json.dumps(described(json.loads(html.unescape(shown)), "SOURCE"))
    form = {"csrf_token": csrf_token_from(page), "name": "src", "schema_text": box}
    asked = client.post(url, data=form)
    assert asked.status_code == 409
    said = html.unescape(asked.get_data(as_text=True))
    assert 'id="meaning-confirm"' in said and "labelled SOURCE under the description" in said
    assert "Annotations were made under what the schema meant before." in _box(said)
    confirmed = client.post(url, data=form | {"confirm_meaning": "y"})
    assert confirmed.status_code == 302
    assert _version(session) == 2
