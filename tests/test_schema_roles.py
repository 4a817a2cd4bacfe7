"""A schema's `roles`: which span label or relation type plays each role of the suggestions.

Checked with the schema (each refusal placed: the `roles` setting, the role, the name), kept
across renames, dropped with what a change removes, and read by one function,
`played_roles`, that the suggestions ask.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from annotator.core.errors import SchemaError
from annotator.core.label_schema import validate_schema
from annotator.core.schema_renames import Renames
from annotator.core.schema_roles import carry_roles, played_roles, role_of, with_role

SCHEMA: dict[str, Any] = {
    "span_labels": [{"name": "ASSERTION"}, {"name": "SPEAKER"}, {"name": "CUE"}],
    "relation_types": [
        {"name": "SAID_BY", "from": ["ASSERTION"], "to": ["SPEAKER"]},
        {"name": "CUED_BY", "from": ["ASSERTION"], "to": ["CUE"]},
    ],
}


def _with(roles: Any) -> dict[str, Any]:
    return copy.deepcopy(SCHEMA) | {"roles": roles}


def test_roles_name_the_projects_labels_and_are_kept_in_role_order() -> None:
    schema = validate_schema(_with({"SOURCE": "SPEAKER", "CLAIM": "ASSERTION"}))
    assert schema["roles"] == {"SOURCE": "SPEAKER", "CLAIM": "ASSERTION"}
    assert list(validate_schema(_with({"CLAIM": "ASSERTION", "SOURCE": "SPEAKER"}))["roles"]) == [
        "SOURCE",
        "CLAIM",
    ]


def test_a_schema_without_roles_has_none_stored() -> None:
    assert "roles" not in validate_schema(copy.deepcopy(SCHEMA))


@pytest.mark.parametrize(
    ("roles", "message", "details"),
    [
        ("CLAIM", "'roles' must be an object", {}),
        ({"CLAIMS": "ASSERTION"}, "unknown role 'CLAIMS'", {"role": "CLAIMS"}),
        ({"CLAIM": 3}, "roles.CLAIM must be the name of a span label", {"role": "CLAIM"}),
        (
            {"CLAIM": "CLAIM"},
            "roles.CLAIM names 'CLAIM', which is no span label of the schema",
            {"role": "CLAIM", "value": "CLAIM"},
        ),
        (
            {"CLAIM": "SAID_BY"},
            "roles.CLAIM names the relation type 'SAID_BY'; CLAIM is played by a span label",
            {"role": "CLAIM", "value": "SAID_BY"},
        ),
        (
            {"ATTRIBUTED_TO": "SPEAKER"},
            "roles.ATTRIBUTED_TO names the span label 'SPEAKER'; ATTRIBUTED_TO is played by a "
            "relation type",
            {"role": "ATTRIBUTED_TO", "value": "SPEAKER"},
        ),
        (
            {"SOURCE": "SPEAKER", "CLAIM": "SPEAKER"},
            "'SPEAKER' is given two roles, SOURCE and CLAIM; a label plays one",
            {"role": "CLAIM", "value": "SPEAKER"},
        ),
    ],
)
def test_broken_roles_are_refused_naming_the_place(
    roles: Any, message: str, details: dict[str, Any]
) -> None:
    with pytest.raises(SchemaError) as refused:
        validate_schema(_with(roles))
    assert message in refused.value.message
    place = refused.value.details
    assert place["entry"] is None and place["setting"] == "roles"
    assert {key: place.get(key) for key in details} == details


def test_without_roles_each_role_is_played_by_its_own_name() -> None:
    schema = validate_schema(copy.deepcopy(SCHEMA))
    assert played_roles(schema) == {"CUE": "CUE", "CUED_BY": "CUED_BY"}


def test_with_roles_they_are_the_whole_truth() -> None:
    # CUE is named like its role, but the roles do not list it: it plays nothing.
    schema = validate_schema(_with({"CLAIM": "ASSERTION"}))
    assert played_roles(schema) == {"CLAIM": "ASSERTION"}
    assert role_of(schema, "span_labels", "CUE") is None
    assert role_of(schema, "span_labels", "ASSERTION") == "CLAIM"


def test_a_models_learned_names_play_only_where_the_schema_has_no_roles() -> None:
    learned = {"CLAIM": "ASSERTION"}
    assert played_roles(validate_schema(copy.deepcopy(SCHEMA)), learned)["CLAIM"] == "ASSERTION"
    assert "CLAIM" not in played_roles(validate_schema(_with({"CUE": "CUE"})), learned)


SEEDED: dict[str, Any] = {
    "span_labels": [{"name": "CLAIM"}, {"name": "SOURCE"}, {"name": "CUE"}],
    "relation_types": [
        {"name": "ATTRIBUTED_TO", "from": ["CLAIM"], "to": ["SOURCE"]},
        {"name": "CUED_BY", "from": ["CLAIM"], "to": ["CUE"]},
    ],
}


def _renamed(schema: dict[str, Any], renames: dict[str, str]) -> dict[str, Any]:
    new = copy.deepcopy(schema)
    for entry in new["span_labels"] + new["relation_types"]:
        entry["name"] = renames.get(entry["name"], entry["name"])
    for relation in new["relation_types"]:
        for end in ("from", "to"):
            relation[end] = [renames.get(x, x) for x in relation[end]]
    return new


def test_a_rename_keeps_the_role_written_out_where_it_was_played_by_name() -> None:
    old = validate_schema(copy.deepcopy(SEEDED))
    renames = {"CLAIM": "ASSERTION", "ATTRIBUTED_TO": "SAID_BY"}
    new = validate_schema(carry_roles(old, _renamed(old, renames), Renames(labels=renames)))
    assert new["roles"] == {
        "SOURCE": "SOURCE",
        "CUE": "CUE",
        "CLAIM": "ASSERTION",
        "ATTRIBUTED_TO": "SAID_BY",
        "CUED_BY": "CUED_BY",
    }


def test_a_rename_carries_the_roles_written_in_the_new_schema() -> None:
    old = validate_schema(copy.deepcopy(SEEDED) | {"roles": {"CLAIM": "CLAIM"}})
    new = _renamed(old, {"CLAIM": "ASSERTION"})
    assert new["roles"] == {"CLAIM": "CLAIM"}  # as a script copies it from the old schema
    carried = carry_roles(old, new, Renames(labels={"CLAIM": "ASSERTION"}))
    assert validate_schema(carried)["roles"] == {"CLAIM": "ASSERTION"}


def test_a_rename_of_no_role_leaves_a_schema_without_roles_so() -> None:
    raw = copy.deepcopy(SEEDED)
    raw["span_labels"].append({"name": "OTHER"})
    old = validate_schema(raw)
    new = _renamed(old, {"OTHER": "ELSE"})
    assert "roles" not in carry_roles(old, new, Renames(labels={"OTHER": "ELSE"}))


def test_removing_a_label_that_plays_a_role_removes_the_role() -> None:
    old = validate_schema(copy.deepcopy(SEEDED) | {"roles": {"CLAIM": "CLAIM", "CUE": "CUE"}})
    new = copy.deepcopy(old)
    new["span_labels"] = [e for e in new["span_labels"] if e["name"] != "CUE"]
    new["relation_types"] = [e for e in new["relation_types"] if e["name"] != "CUED_BY"]
    assert validate_schema(carry_roles(old, new, Renames()))["roles"] == {"CLAIM": "CLAIM"}


def test_a_merge_keeps_the_role_of_the_label_merged_into() -> None:
    old = validate_schema(copy.deepcopy(SEEDED) | {"roles": {"CLAIM": "CLAIM", "CUE": "CUE"}})
    new = copy.deepcopy(old)
    new["span_labels"] = [e for e in new["span_labels"] if e["name"] != "CLAIM"]
    new["relation_types"] = []
    carried = carry_roles(old, new, Renames(labels={"CLAIM": "CUE"}))
    assert validate_schema(carried)["roles"] == {"CUE": "CUE"}


def test_with_role_gives_a_label_one_role_and_a_role_one_label() -> None:
    schema = validate_schema(copy.deepcopy(SEEDED))
    # Chosen as by name: nothing to write down.
    assert "roles" not in with_role(schema, "span_labels", "CLAIM", "CLAIM")
    changed = validate_schema(with_role(schema, "span_labels", "SOURCE", "CLAIM"))
    assert played_roles(changed) == {
        "CUE": "CUE",
        "CLAIM": "SOURCE",
        "ATTRIBUTED_TO": "ATTRIBUTED_TO",
        "CUED_BY": "CUED_BY",
    }
    none = validate_schema(with_role(changed, "relation_types", "CUED_BY", None))
    assert "CUED_BY" not in played_roles(none)
