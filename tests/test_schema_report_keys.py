"""Names the agreement report keys for itself are refused in a schema, so that no entry's
figures silently replace another's; a project stored before the rule renames its way out."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.errors import SchemaError
from annotator.core.label_schema import validate_schema
from annotator.core.schema_renames import parse_renames
from annotator.services.accounts.project_admin import edit_project
from annotator.services.agreement.report import agreement_report
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span

TEXT = "The minister said costs fell.\n\nCritics disagree."


def _schema(**kinds: list[dict[str, Any]]) -> dict[str, Any]:
    return {"span_labels": [{"name": "CLAIM"}]} | kinds


@pytest.mark.parametrize(
    ("schema", "said"),
    [
        (
            _schema(span_labels=[{"name": "CLAIM"}, {"name": "_all"}]),
            "span_labels[1] '_all': 'name' '_all' is reserved",
        ),
        (
            _schema(
                sentence_labels=[{"name": "document:genre", "values": ["A", "B"]}],
                document_labels=[{"name": "genre", "values": ["A", "B"]}],
            ),
            "sentence_labels[0] 'document:genre': 'name' may not start with 'document:'",
        ),
        (
            _schema(span_labels=[{"name": "sentence:stance"}]),
            "span_labels[0] 'sentence:stance': 'name' may not start with 'sentence:'",
        ),
        (
            _schema(document_labels=[{"name": "document:genre", "values": ["A"]}]),
            "document_labels[0] 'document:genre': 'name' may not start with 'document:'",
        ),
    ],
)
def test_a_name_the_report_keys_for_itself_is_refused_naming_the_entry(
    schema: dict[str, Any], said: str
) -> None:
    with pytest.raises(SchemaError) as caught:
        validate_schema(schema)
    assert said in caught.value.message
    assert caught.value.details["setting"] == "name"


def test_names_that_share_no_key_stay_allowed() -> None:
    """``_ALL`` is no key of the report; an attribute and a relation type are keyed otherwise."""
    schema = validate_schema(
        {
            "span_labels": [
                {"name": "_ALL", "attributes": [{"name": "_all", "values": ["X"]}]},
                {"name": "all_"},
            ],
            "relation_types": [{"name": "_all", "from": ["_ALL"], "to": ["all_"]}],
            "sentence_labels": [{"name": "genre", "values": ["A"]}],
            "document_labels": [{"name": "genre", "values": ["A"]}],
        }
    )
    assert [x["name"] for x in schema["span_labels"]] == ["_ALL", "all_"]


def test_the_api_refuses_such_a_schema_with_422_naming_it(
    client: Any, admin_headers: dict[str, str]
) -> None:
    body = {"slug": "keys", "name": "Keys", "schema": _schema(span_labels=[{"name": "_all"}])}
    answer = client.post("/api/v1/projects", json=body, headers=admin_headers)
    assert answer.status_code == 422, answer.get_json()
    error = answer.get_json()["error"]
    assert "span_labels[0] '_all'" in error["message"]
    assert error["details"]["name"] == "_all"


def test_a_stored_schema_with_such_a_name_renames_it_and_the_figures_part(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    """A schema stored before the rule: its report's ``_all`` held the label's figures or the
    total's, not both; renaming the label (the next schema change must) gives each its own."""
    project = make_project("old", _schema(span_labels=[{"name": "CLAIM"}, {"name": "ALL"}]))
    stored = dict(project.schema)
    stored["span_labels"] = [stored["span_labels"][0], stored["span_labels"][1] | {"name": "_all"}]
    project.schema = stored  # as a project created before the rule holds it
    document = make_document(project, TEXT, external_id="d1")
    users = [make_user(name, "annotator", None) for name in ("alice", "bob")]
    assign(document, *users)
    session.commit()
    layers = [open_layer(session, user, document, None) for user in users]
    add_span(session, layers[0], "CLAIM", 0, 12)
    add_span(session, layers[1], "CLAIM", 0, 12)
    add_span(session, layers[0], "_all", 31, 38)  # only alice marks it: F1 0 for that label
    session.commit()
    with pytest.raises(SchemaError, match="'_all' is reserved"):
        edit_project(session, project, None, guidelines="Read me.")
    session.rollback()
    edit_project(session, project, None, renames=parse_renames({"labels": {"_all": "TOTAL"}}))
    session.commit()
    spans = agreement_report(session, project)["spans"]
    assert spans["TOTAL"]["f1_exact"] == 0.0
    assert spans["CLAIM"]["f1_exact"] == 1.0
    # Over every label: alice 2 spans, bob 1, one match: 2 * 1 / (2 + 1).
    assert spans["_all"]["f1_exact"] == pytest.approx(2 / 3)
