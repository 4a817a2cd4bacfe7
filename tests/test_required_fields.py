"""Required label fields (``"required": true``): the schema option and the pure rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from annotator.core.errors import SchemaError
from annotator.core.label_schema import validate_schema
from annotator.core.required_fields import missing_required, missing_said, sentences_said
from tests.conftest import SEED_SCHEMA


def _schema(sentence: dict[str, Any] | None = None, document: dict[str, Any] | None = None):
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["sentence_labels"][1].update(sentence or {})  # stance
    schema["document_labels"][0].update(document or {})  # genre
    return schema


def test_required_is_kept_when_true_and_absent_otherwise() -> None:
    """A schema without the option means what it meant: nothing is added to its fields."""
    plain = validate_schema(_schema())
    assert all("required" not in f for f in plain["sentence_labels"] + plain["document_labels"])
    assert (
        validate_schema(_schema({"required": False}))["sentence_labels"][1]
        == (plain["sentence_labels"][1])
    )
    required = validate_schema(_schema({"required": True}, {"required": True}))
    assert required["sentence_labels"][1]["required"] is True
    assert required["document_labels"][0]["required"] is True


def test_required_must_be_true_or_false_and_is_named() -> None:
    with pytest.raises(SchemaError) as refused:
        validate_schema(_schema({"required": "yes"}))
    assert "sentence_labels[1] 'stance'" in refused.value.message
    assert "'required' must be true or false" in refused.value.message


def test_span_attributes_take_no_required() -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["span_labels"][0]["attributes"][0]["required"] = True
    with pytest.raises(SchemaError, match="unknown field"):
        validate_schema(schema)


def test_missing_required_lists_blank_sentences_and_the_document() -> None:
    schema = validate_schema(_schema({"required": True}, {"required": True}))
    missing = missing_required(schema, 4, [(0, "stance"), (2, "stance"), (1, "bias")])
    assert [gap.as_dict() for gap in missing] == [
        {"field": "stance", "kind": "sentence", "sentences": [1, 3]},
        {"field": "genre", "kind": "document", "sentences": []},
    ]
    assert missing_said(missing) == (
        "the required field 'stance' has no value on sentences 2 and 4; "
        "the required document field 'genre' has no value"
    )
    assert missing_required(schema, 1, [(0, "stance"), (None, "genre")]) == []


def test_no_required_field_means_nothing_missing() -> None:
    assert missing_required(validate_schema(_schema()), 3, []) == []


@pytest.mark.parametrize(
    ("indexes", "said"),
    [
        ([4], "sentence 5"),
        ([0, 1], "sentences 1 and 2"),
        (list(range(5)), "sentences 1, 2, 3, 4 and 5"),
        (list(range(9)), "sentences 1, 2, 3, 4, 5 and 4 more"),
    ],
)
def test_sentences_are_named_by_number_first_few_then_more(indexes: list[int], said: str) -> None:
    assert sentences_said(indexes) == said


def test_a_change_of_required_is_said_as_no_to_yes() -> None:
    from annotator.core.entry_changes import entry_changes
    from annotator.core.schema_renames import Renames

    old = validate_schema(_schema())
    new = validate_schema(_schema({"required": True}))
    said = [str(change) for change in entry_changes(old, new, Renames())]
    assert said == ["stance: required changed from no to yes"]


def test_a_yaml_schema_may_say_required() -> None:
    from annotator.core.schema_text import parse_schema_text

    text = """
name: Stance
sentence_labels:
  - name: stance
    values: [FAVOR, AGAINST, NONE]
    required: true
document_labels:
  - name: genre
    values: [NEWS, OPINION]
    required: yes
"""
    schema = validate_schema(parse_schema_text(text, "schema.yaml"))
    assert schema["sentence_labels"][0]["required"] is True
    assert schema["document_labels"][0]["required"] is True  # YAML 1.1's yes is true
