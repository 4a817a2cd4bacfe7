"""A schema's unknown key says the known key it is close to, at every level, with its line.

``colour`` in a span label was refused with the list of allowed fields alone, and on
/projects/new a misspelt key of the schema itself (``span_label``) was the one problem said
without the line it is on, while every other problem had its line.
"""

from __future__ import annotations

from typing import Any

import pytest
from markupsafe import escape

from annotator.core.errors import SchemaError
from annotator.core.label_schema import validate_schema
from tests.helpers import csrf_token_from, login

# The misspelt key of the schema itself on line 2, that of a label on line 5.
YAML = """name: Claims
span_label:
  - name: CLAIM
span_labels:
  - name: SOURCE
    colour: "#1f77b4"
"""


@pytest.mark.parametrize(
    ("schema", "said"),
    [
        ({"span_label": []}, "unknown field(s) ['span_label'] (did you mean 'span_labels'?)"),
        (
            {"span_labels": [{"name": "A", "colour": "#1f77b4"}]},
            "span_labels[0] 'A': unknown field(s) ['colour'] (did you mean 'color'?)",
        ),
        (
            {"span_labels": [{"name": "A", "attributes": [{"name": "x", "value": ["y"]}]}]},
            "unknown field(s) ['value'] (did you mean 'values'?)",
        ),
        (
            {"relation_types": [{"name": "R", "form": [], "to": []}]},
            "unknown field(s) ['form'] (did you mean 'from'?)",
        ),
        (
            {"sentence_labels": [{"name": "s", "values": ["a"], "multiple": 1, "ordnal": 1}]},
            "unknown field(s) ['ordnal'] (did you mean 'ordinal'?)",
        ),
    ],
    ids=["schema", "span-label", "attribute", "relation", "sentence-label"],
)
def test_an_unknown_key_says_the_close_known_one(schema: dict[str, Any], said: str) -> None:
    with pytest.raises(SchemaError) as caught:
        validate_schema(schema)
    assert said in caught.value.message


def test_a_key_close_to_none_says_only_what_is_allowed() -> None:
    with pytest.raises(SchemaError) as caught:
        validate_schema({"zzzz": 1})
    assert "did you mean" not in caught.value.message
    assert "unknown field(s) ['zzzz']; allowed: [" in caught.value.message


def test_the_new_project_page_says_the_line_of_an_unknown_key(client: Any, make_user: Any) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    token = csrf_token_from(client.get("/projects/new").get_data(as_text=True))
    answer = client.post(
        "/projects/new",
        data={"csrf_token": token, "slug": "bad", "name": "Bad", "schema_text": YAML},
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    for said in [
        "line 2: unknown field(s) ['span_label'] (did you mean 'span_labels'?)",
        "span label SOURCE (line 5): unknown field(s) ['colour'] (did you mean 'color'?)",
    ]:
        assert str(escape(said)) in page, said


def test_the_api_says_the_close_key(client: Any, admin_headers: Any) -> None:
    schema = {"span_labels": [{"name": "A", "colour": "#1f77b4"}]}
    answer = client.post(
        "/api/v1/projects", json={"slug": "x", "name": "X", "schema": schema}, headers=admin_headers
    )
    assert answer.status_code == 422
    assert "(did you mean 'color'?)" in answer.get_json()["error"]["message"]
