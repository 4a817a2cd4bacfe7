"""A refused label schema names every problem at once, not only the first.

A bad colour hid a key used twice until the colour was fixed; the rules now check the
whole schema and the refusal lists each problem (the new-project and settings pages with the
line its entry starts on), the first one's place staying the API's ``details``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from annotator.core.errors import SchemaError
from annotator.core.label_schema import validate_schema
from annotator.models import Project
from tests.helpers import csrf_token_from, login

BAD_YAML = """span_labels:
  - name: CLAIM
    key: c
    color: red
  - name: SOURCE
    key: s
  - name: CUE
    key: s
sentence_labels:
  - name: stance
    values: []
"""
BAD = {
    "span_labels": [
        {"name": "CLAIM", "key": "c", "color": "red"},
        {"name": "SOURCE", "key": "s"},
        {"name": "CUE", "key": "s"},
    ],
    "sentence_labels": [{"name": "stance", "values": []}],
}


def test_every_problem_of_a_schema_is_found_at_once() -> None:
    with pytest.raises(SchemaError) as caught:
        validate_schema(BAD)
    error = caught.value
    said = [problem.message for problem in error.problems]
    assert said == [
        "span_labels[0] 'CLAIM': color must look like #1f77b4, got 'red'",
        "span_labels[2] 'CUE': key 's' is already used by span_labels[1] 'SOURCE'",
        "sentence_labels[0] 'stance': 'values' must be a non-empty list",
    ]
    assert error.message.startswith(said[0] + "; and 2 more problems: ")
    assert said[1] in error.message and said[2] in error.message


def test_a_label_refused_for_its_colour_is_still_named_by_a_relation() -> None:
    """Its name is sound: a relation type naming it is not refused for that as well."""
    schema = {
        "span_labels": [{"name": "CLAIM", "color": "red"}, {"name": "SOURCE"}],
        "relation_types": [{"name": "BY", "from": ["CLAIM"], "to": ["SOURCE"]}],
    }
    with pytest.raises(SchemaError) as caught:
        validate_schema(schema)
    assert len(caught.value.problems) == 1


def test_the_api_keeps_the_first_place_and_lists_the_others(
    client: Any, admin_headers: dict[str, str]
) -> None:
    answer = client.post(
        "/api/v1/projects", json={"slug": "x", "name": "X", "schema": BAD}, headers=admin_headers
    )
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    details = error["details"]
    assert (details["entry"], details["index"], details["setting"]) == ("span_labels", 0, "color")
    more = details["more"]
    assert [(m["entry"], m["index"], m["setting"]) for m in more] == [
        ("span_labels", 2, "key"),
        ("sentence_labels", 0, "values"),
    ]
    assert (
        more[0]["message"]
        == "span_labels[2] 'CUE': key 's' is already used by span_labels[1] 'SOURCE'"
    )
    assert "and 2 more problems" in error["message"]


def test_the_new_project_page_lists_every_problem_with_its_line(
    client: Any, make_user: Any, session: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    token = csrf_token_from(client.get("/projects/new").get_data(as_text=True))
    answer = client.post(
        "/projects/new",
        data={"csrf_token": token, "slug": "bad", "name": "Bad", "schema_text": BAD_YAML},
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    for said in [
        "span label CLAIM (line 2): color must look like #1f77b4, got 'red'",
        "span label CUE (line 7): key 's' is already used by span label SOURCE",
        "sentence label stance (line 10): 'values' must be a non-empty list",
    ]:
        assert str(escape(said)) in page, said
    assert session.scalar(select(func.count()).select_from(Project)) == 0


def test_the_command_line_says_every_problem(runner: Any, tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(BAD_YAML, encoding="utf-8")
    result = runner.invoke(args=["projects", "create", "p", "--name", "P", "--schema", str(path)])
    assert result.exit_code == 1
    assert "color must look like" in result.stderr
    assert "key 's' is already used by" in result.stderr
    assert "'values' must be a non-empty list" in result.stderr
