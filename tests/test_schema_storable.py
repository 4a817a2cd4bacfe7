"""A schema whose text no database stores (NUL, a lone surrogate) is refused naming the
field, on the settings page and through the API, and the project is left as it was."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Project
from annotator.services.accounts.membership import set_member
from tests.conftest import SEED_SCHEMA
from tests.helpers import csrf_token_from, login

NUL, SURROGATE = "a\x00b", "a\ud800b"


def _claim(schema: dict[str, Any]) -> dict[str, Any]:
    return next(x for x in schema["span_labels"] if x["name"] == "CLAIM")


# Each case: where the bad text goes, and what the refusal must name.
PLACES = {
    "span label description": (
        lambda s, bad: _claim(s).update(description=bad),
        "span_labels[0] 'CLAIM': 'description'",
    ),
    "attribute description": (
        lambda s, bad: _claim(s)["attributes"][0].update(description=bad),
        "span_labels[0] 'CLAIM'.attributes[0] 'claimer': 'description'",
    ),
    "sentence field description": (
        lambda s, bad: s["sentence_labels"][0].update(description=bad),
        "sentence_labels[0] 'checkworthiness': 'description'",
    ),
    "relation description": (
        lambda s, bad: s["relation_types"][0].update(description=bad),
        "relation_types[0] 'ATTRIBUTED_TO': 'description'",
    ),
    "a value": (
        lambda s, bad: s["document_labels"][0]["values"].append(bad),
        "document_labels[0] 'genre': the value",
    ),
    "guidelines": (lambda s, bad: s.update(guidelines=bad), "the schema: 'guidelines'"),
}


def _bad_schema(place: str, bad: str) -> tuple[dict[str, Any], str]:
    schema = copy.deepcopy(SEED_SCHEMA)
    put, named = PLACES[place]
    put(schema, bad)
    return schema, named


def _stored_schema(session: Any) -> dict[str, Any]:
    session.expire_all()
    return session.scalar(select(Project.schema).where(Project.slug == "demo"))


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["NUL", "lone surrogate"])
@pytest.mark.parametrize("place", list(PLACES))
def test_the_api_refuses_unstorable_schema_text_naming_the_field(
    client: Any, session: Any, admin_headers: dict[str, str], make_project: Any,
    place: str, bad: str,
) -> None:  # fmt: skip
    make_project("demo")
    before = _stored_schema(session)
    schema, named = _bad_schema(place, bad)
    answer = client.patch(
        "/api/v1/projects/demo",
        json={"schema": schema},
        headers=admin_headers,
    )
    assert answer.status_code == 422, answer.get_data(as_text=True)
    message = answer.get_json()["error"]["message"]
    assert named in message
    assert ("NUL" in message) if bad == NUL else ("surrogate" in message)
    assert _stored_schema(session) == before


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["NUL", "lone surrogate"])
def test_the_settings_page_refuses_unstorable_schema_text_naming_the_field(
    client: Any, session: Any, make_user: Any, make_project: Any, bad: str
) -> None:
    project = make_project("demo")
    set_member(session, project, make_user("max", "annotator"), "manager")
    session.commit()
    before = _stored_schema(session)
    login(client, "max")
    page = client.get("/projects/demo/settings").get_data(as_text=True)
    schema, named = _bad_schema("span label description", bad)
    form = {
        "csrf_token": csrf_token_from(page),
        "name": "Demo",
        # JSON escapes (\\u0000, \\ud800): the form's text is clean, the schema is not.
        "schema_text": json.dumps(schema),
        "guidelines": "",
    }
    answer = client.post("/projects/demo/settings", data=form)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "span label CLAIM (line 1): &#39;description&#39;" in html
    assert _stored_schema(session) == before
