"""A sentence field's value keys: a list of nulls alone is no keys, so a lead adds or removes
a value without touching ``keys``; a list that no longer fits says what to write instead.
The same on the settings page, through the API and from the command line."""

from __future__ import annotations

import copy
import html
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import SchemaError
from annotator.core.label_schema import validate_schema
from annotator.core.schema_keys import without_unset_keys
from annotator.services.accounts.projects import get_project
from tests.conftest import SEED_SCHEMA
from tests.helpers import csrf_token_from, login


def _field(schema: dict[str, Any], name: str) -> dict[str, Any]:
    field: dict[str, Any] = next(f for f in schema["sentence_labels"] if f["name"] == name)
    return field


def test_keys_of_nulls_alone_give_no_keys_whatever_their_number() -> None:
    stored = validate_schema(SEED_SCHEMA)
    for nulls in ([], [None, None], [None] * 5):
        schema = copy.deepcopy(stored)
        _field(schema, "bias").update(values=["BIASED", "NON_BIASED", "MIXED"], keys=nulls)
        assert _field(validate_schema(schema), "bias")["keys"] == [None, None, None]


@pytest.mark.parametrize(
    ("keys", "said"),
    [
        (["f", "a", "n"], "'keys' has 3 entries for 4 values"),
        ("f", "'keys' must be a list, got 'f'"),
    ],
)
def test_keys_that_no_longer_fit_the_values_say_the_values_and_the_ways_out(
    keys: Any, said: str
) -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    _field(schema, "stance").update(values=["FAVOR", "AGAINST", "NONE", "MIXED"], keys=keys)
    with pytest.raises(SchemaError) as caught:
        validate_schema(schema)
    assert caught.value.message == (
        f"sentence_labels[1] 'stance': {said}: give one key or null per value, in the order "
        "of 'values' (FAVOR, AGAINST, NONE and MIXED), or leave 'keys' out for no keys"
    )


def test_the_schema_a_person_edits_leaves_out_the_keys_nobody_gave() -> None:
    shown = without_unset_keys(validate_schema(SEED_SCHEMA))
    assert "keys" not in _field(shown, "bias")
    assert _field(shown, "stance")["keys"] == ["f", "a", "n"]
    assert without_unset_keys({"span_labels": []}) == {"span_labels": []}


def _settings_box(client: Any) -> tuple[str, dict[str, Any]]:
    page = client.get("/projects/demo/settings").get_data(as_text=True)
    text = page.split('name="schema_text"', 1)[1].split(">", 1)[1].split("</textarea>")[0]
    return csrf_token_from(page), json.loads(html.unescape(text))


def test_a_lead_adds_and_removes_a_value_in_the_settings_box_without_writing_keys(
    client: Any, make_user: Any, make_project: Any, session: Any
) -> None:
    make_user("ada", "admin")
    make_project("demo")
    login(client, "ada")
    token, schema = _settings_box(client)
    # The page wrote "keys": [null, null] into every field without keys; a lead never did.
    assert "keys" not in _field(schema, "bias")
    assert _field(schema, "stance")["keys"] == ["f", "a", "n"]
    for values in (["BIASED", "NON_BIASED", "MIXED"], ["BIASED", "NON_BIASED"]):
        _field(schema, "bias")["values"] = values
        form = {"csrf_token": token, "name": "demo", "schema_text": json.dumps(schema)}
        answer = client.post("/projects/demo/settings", data=form)
        assert answer.status_code == 302, answer.get_data(as_text=True)
        session.expire_all()
        assert _field(get_project(session, "demo").schema, "bias")["values"] == values
        token, schema = _settings_box(client)


def test_the_api_takes_back_the_schema_it_gave_with_a_value_added(
    client: Any, make_project: Any, admin_headers: dict[str, str]
) -> None:
    make_project("demo")
    schema = client.get("/api/v1/projects/demo", headers=admin_headers).get_json()["schema"]
    assert _field(schema, "bias")["keys"] == [None, None]  # the API shows them, as ever
    _field(schema, "bias")["values"].append("MIXED")
    answer = client.patch("/api/v1/projects/demo", json={"schema": schema}, headers=admin_headers)
    assert answer.status_code == 200, answer.get_json()
    _field(schema, "stance")["values"].append("MIXED")
    refused = client.patch("/api/v1/projects/demo", json={"schema": schema}, headers=admin_headers)
    assert refused.status_code == 422
    said = refused.get_json()["error"]["message"]
    assert "(FAVOR, AGAINST, NONE and MIXED), or leave 'keys' out" in said


def test_the_command_line_takes_a_schema_with_nulls_for_keys(
    runner: Any, session: Any, tmp_path: Path
) -> None:
    # What another project's API gave (deep: the seed's lists are not to be changed).
    schema = copy.deepcopy(validate_schema(SEED_SCHEMA))
    _field(schema, "bias")["values"].append("MIXED")
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    result = runner.invoke(args=["projects", "create", "p", "--name", "P", "--schema", str(path)])
    assert result.exit_code == 0, result.output
    assert _field(get_project(session, "p").schema, "bias")["keys"] == [None, None, None]
