"""The label schema: the seed schema passes, and every broken rule is refused by name."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from annotator.core.errors import SchemaError
from annotator.core.label_schema import entry_names, validate_schema
from tests.conftest import SEED_SCHEMA


def test_seed_schema_is_valid_and_normalised() -> None:
    schema = validate_schema(SEED_SCHEMA)
    claim = schema["span_labels"][0]
    assert claim["name"] == "CLAIM" and claim["key"] == "c"
    assert claim["attributes"][0] == {
        "name": "claimer",
        "values": ["REPORTED", "JOURNALIST"],
        "multiple": False,
        "description": claim["attributes"][0]["description"],
    }
    attributed = schema["relation_types"][0]
    assert (attributed["from"], attributed["to"], attributed["max_per_source"]) == (
        ["CLAIM"],
        ["SOURCE"],
        1,
    )
    assert [f["name"] for f in schema["sentence_labels"]] == [
        "checkworthiness",
        "stance",
        "bias",
        "opinion",
    ]
    assert schema["allow_overlap"] is True
    stance = schema["sentence_labels"][1]
    assert dict(zip(stance["values"], stance["keys"], strict=True)) == {
        "FAVOR": "f",
        "AGAINST": "a",
        "NONE": "n",
    }
    assert schema["sentence_labels"][0]["keys"] == [None, None, None]


def test_defaults_fill_a_minimal_schema() -> None:
    schema = validate_schema({"span_labels": [{"name": "X"}]})
    assert schema["span_labels"][0]["color"].startswith("#")
    assert schema["relation_types"] == [] and schema["document_labels"] == []


def _broken(change: Any) -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    change(schema)
    return schema


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda s: s["span_labels"].append({"name": "CLAIM"}),
            "span_labels: 'CLAIM' appears twice",
        ),
        (
            lambda s: s["span_labels"].append({"name": "Claim"}),
            "span_labels: 'Claim' reads as 'CLAIM': they differ only in case or width",
        ),
        (
            lambda s: s["sentence_labels"][1].update(values=["FAVOR", "AGAINST", "Favor"]),
            "sentence_labels[1] 'stance'.values: 'Favor' reads as 'FAVOR'",
        ),
        (
            lambda s: s["span_labels"][1].update(key="c"),
            "span_labels[1] 'SOURCE': key 'c' is already used by span_labels[0] 'CLAIM'",
        ),
        (
            lambda s: s["span_labels"][1].update(key="j"),
            "span_labels[1] 'SOURCE': key 'j' is reserved",
        ),
        (  # the workspace's way to the document's labels, in either case
            lambda s: s["span_labels"][1].update(key="g"),
            "span_labels[1] 'SOURCE': key 'g' is reserved by the workspace (going to the "
            "document's labels)",
        ),
        (
            lambda s: s["span_labels"][0].update(key="G"),
            "span_labels[0] 'CLAIM': key 'G' is reserved by the workspace",
        ),
        (
            lambda s: s["sentence_labels"][1].update(keys=[None, "g", None]),
            "sentence_labels[1] 'stance' value 'AGAINST': key 'g' is reserved by the workspace",
        ),
        (lambda s: s["span_labels"][2].update(color="red"), "span_labels[2] 'CUE': color"),
        (
            lambda s: s["document_labels"][0].update(name="g" * 101),
            f"document_labels[0] '{'g' * 101}': 'name' is 101 characters long; a name takes at "
            "most 100",
        ),
        (
            lambda s: s["span_labels"][0].update(colour="#ffffff"),
            "span_labels[0] 'CLAIM': unknown field(s) ['colour']",
        ),
        (
            lambda s: s["span_labels"][0]["attributes"][0].update(values=[]),
            "span_labels[0] 'CLAIM'.attributes[0] 'claimer': 'values' must be a non-empty list",
        ),
        (
            lambda s: s["relation_types"][0].update(to=["SPEAKER"]),
            "relation_types[0] 'ATTRIBUTED_TO': 'to' names unknown span labels ['SPEAKER']",
        ),
        (
            lambda s: s["relation_types"][0].update(max_per_source=0),
            "relation_types[0] 'ATTRIBUTED_TO': 'max_per_source' must be a whole number",
        ),
        (
            lambda s: s["sentence_labels"][1].update(values=["FAVOR", "FAVOR"]),
            "sentence_labels[1] 'stance'.values: 'FAVOR' appears twice",
        ),
        (lambda s: s["sentence_labels"][2].update(name="has space"), "sentence_labels[2]"),
        (
            lambda s: s["document_labels"][0].update(multiple="yes"),
            "document_labels[0] 'genre': 'multiple' must be true or false",
        ),
        (
            lambda s: s["sentence_labels"][1].update(keys=["f", "a"]),
            "sentence_labels[1] 'stance': 'keys' has 2 entries for 3 values: give one key or null "
            "per value, in the order of 'values' (FAVOR, AGAINST and NONE)",
        ),
        (
            lambda s: s["sentence_labels"][1].update(keys=["f", "c", None]),
            "sentence_labels[1] 'stance' value 'AGAINST': key 'c' is already used by "
            "span_labels[0] 'CLAIM'",
        ),
        (
            lambda s: s["sentence_labels"][2].update(keys=["a", None]),
            "sentence_labels[2] 'bias' value 'BIASED': key 'a' is already used by "
            "sentence_labels[1] 'stance' value 'AGAINST'",
        ),
        (
            lambda s: s["sentence_labels"][1].update(keys=["2", None, None]),
            "sentence_labels[1] 'stance' value 'FAVOR': key '2' is reserved",
        ),
        (  # the workspace steps through suggestions with . and ,
            lambda s: s["span_labels"][1].update(key="."),
            "span_labels[1] 'SOURCE': key '.' is reserved",
        ),
        (
            lambda s: s["sentence_labels"][1].update(keys=[",", None, None]),
            "sentence_labels[1] 'stance' value 'FAVOR': key ',' is reserved",
        ),
        (
            lambda s: s["sentence_labels"][1].update(keys=[1, None, None]),
            "sentence_labels[1] 'stance': the key of 'FAVOR' must be a string, got 1",
        ),
        (
            lambda s: s["document_labels"][0].update(keys=["x"] * 5),
            "document_labels[0] 'genre': unknown field(s) ['keys']",
        ),
        (lambda s: s.update(span_labels={}), "the schema: 'span_labels' must be a list"),
        (lambda s: s.update(extra=1), "the schema: unknown field(s) ['extra']"),
    ],
)
def test_broken_schema_is_refused_naming_the_entry(change: Any, message: str) -> None:
    with pytest.raises(SchemaError) as caught:
        validate_schema(_broken(change))
    assert message in caught.value.message


def test_schema_must_be_an_object() -> None:
    with pytest.raises(SchemaError, match="must be a JSON object"):
        validate_schema(["CLAIM"])


def test_entry_names_list_each_kind_in_the_schemas_order() -> None:
    schema = validate_schema(SEED_SCHEMA)
    assert entry_names(schema, "span_labels") == ["CLAIM", "SOURCE", "CUE", "BIASED_WORD"]
    assert entry_names(schema, "relation_types") == ["ATTRIBUTED_TO", "CUED_BY"]
    assert entry_names(schema, "sentence_labels")[:2] == ["checkworthiness", "stance"]
    assert entry_names(schema, "document_labels") == ["genre"]
    assert entry_names({"span_labels": []}, "relation_types") == []
