"""The annotation rules of the pure core, which live writes and imports both call."""

from __future__ import annotations

import pytest

from annotator.core import rules
from annotator.core.errors import Conflict, Invalid

SCHEMA = {
    "allow_overlap": False,
    "span_labels": [
        {
            "name": "CLAIM",
            "attributes": [{"name": "claimer", "values": ["REPORTED", "AUTHOR"]}],
        },
        {"name": "SOURCE"},
    ],
    "relation_types": [
        {"name": "ATTRIBUTED_TO", "from": ["CLAIM"], "to": ["SOURCE"], "max_per_source": 1}
    ],
    "sentence_labels": [{"name": "stance", "values": ["FAVOR", "AGAINST"]}],
    "document_labels": [{"name": "bias", "values": ["left", "right"], "multiple": True}],
}


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (0, 0, "0 <= start < end <= 10"),
        (-1, 3, "0 <= start < end <= 10"),
        (4, 11, "0 <= start < end <= 10"),
        (True, 3, "'start' must be an integer"),
        (0, True, "'end' must be an integer"),
        (0.0, 3, "'start' must be an integer"),
        (0, "3", "'end' must be an integer"),
    ],
)
def test_offsets_outside_the_text_are_refused(start: object, end: object, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        rules.check_offsets("0123456789", start, end)


def test_a_refused_offset_says_the_texts_length_in_the_number_that_fits() -> None:
    with pytest.raises(Invalid, match=r"\(the text is 1 character long\)"):
        rules.check_offsets("x", 0, 2)


def test_offsets_inside_the_text_pass() -> None:
    rules.check_offsets("0123456789", 0, 10)


def test_labels_and_attributes_come_from_the_schema() -> None:
    claim = rules.span_label(SCHEMA, "CLAIM")
    assert rules.check_attributes(claim, {"claimer": "AUTHOR"}) == {"claimer": "AUTHOR"}
    assert rules.check_attributes(claim, {"claimer": None}) == {}
    assert rules.check_attributes(claim, {}) == {}
    # An empty value that is no object is refused as any other (not taken for "none").
    for empty in ([], "", 0):
        with pytest.raises(Invalid, match="'attributes' must be an object"):
            rules.check_attributes(claim, empty)
    with pytest.raises(Invalid, match="has no attribute 'colour'"):
        rules.check_attributes(claim, {"colour": "red"})
    with pytest.raises(Invalid, match="unknown span label 'OPINION'"):
        rules.span_label(SCHEMA, "OPINION")


def test_a_single_value_may_come_as_a_one_item_list_only_from_an_import() -> None:
    field = SCHEMA["sentence_labels"][0]
    assert rules.check_value(field, ["FAVOR"], "label 'stance'", lists_ok=True) == "FAVOR"
    with pytest.raises(Invalid, match="is not one of"):
        rules.check_value(field, ["FAVOR"], "label 'stance'")


def test_multiple_values_are_a_list_without_repeats() -> None:
    field = SCHEMA["document_labels"][0]
    assert rules.check_value(field, ["left", "right"], "label 'bias'") == ["left", "right"]
    with pytest.raises(Invalid, match="appears twice"):
        rules.check_value(field, ["left", "left"], "label 'bias'")
    with pytest.raises(Invalid, match="non-empty list"):
        rules.check_value(field, [], "label 'bias'")


def test_relation_ends_follow_the_type() -> None:
    definition = rules.relation_type(SCHEMA, "ATTRIBUTED_TO")
    rules.check_relation_ends(definition, {"from": (1, "CLAIM"), "to": (2, "SOURCE")})
    with pytest.raises(Invalid, match="cannot go to a 'CLAIM' span"):
        rules.check_relation_ends(definition, {"from": (1, "CLAIM"), "to": (2, "CLAIM")})
    with pytest.raises(Invalid, match="two different spans"):
        rules.check_relation_ends(definition, {"from": (1, "CLAIM"), "to": (1, "CLAIM")})
    with pytest.raises(Invalid, match="unknown relation type 'CITES'"):
        rules.relation_type(SCHEMA, "CITES")


def test_max_per_source_is_a_conflict() -> None:
    definition = rules.relation_type(SCHEMA, "ATTRIBUTED_TO")
    rules.check_max_per_source(definition, 1, 0)
    with pytest.raises(Conflict, match="already has 1 ATTRIBUTED_TO relation; .* at most 1"):
        rules.check_max_per_source(definition, 1, 1)


def test_sentences_and_label_fields() -> None:
    rules.check_sentence(2, 3, 7)
    with pytest.raises(Invalid, match="document 7 has no sentence 3"):
        rules.check_sentence(3, 3, 7)
    # A name said by a function is asked for only to refuse.
    rules.check_sentence(2, 3, lambda: pytest.fail("named without a refusal"))
    with pytest.raises(Invalid, match=r"document #2 \(Talks\) has no sentence 3"):
        rules.check_sentence(3, 3, lambda: "#2 (Talks)")
    with pytest.raises(Invalid, match="the document has no sentence -1"):
        rules.check_sentence(-1, 3)
    assert rules.label_field(SCHEMA, "bias", document=True)["multiple"] is True
    with pytest.raises(Invalid, match="unknown sentence label 'bias'"):
        rules.label_field(SCHEMA, "bias", document=False)


def test_overlaps_are_allowed_unless_the_schema_says_otherwise() -> None:
    assert rules.overlaps_allowed({}) is True
    assert rules.overlaps_allowed(SCHEMA) is False
    error = rules.overlap_error(3, 8, 12, 5, 9)
    assert "overlaps span 12 [5, 9)" in error.message


@pytest.mark.parametrize("name", [["ATTRIBUTED_TO"], {"a": 1}, None])
def test_a_name_that_is_not_a_string_is_refused_not_a_crash(name: object) -> None:
    """An imported file may hold anything where a name belongs: a list is no label."""
    with pytest.raises(Invalid, match="unknown relation type"):
        rules.relation_type(SCHEMA, name)
    with pytest.raises(Invalid, match="unknown document label"):
        rules.label_field(SCHEMA, name, document=True)


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (
            lambda: rules.span_label(SCHEMA, "CUE"),
            "unknown span label 'CUE'; the schema has CLAIM and SOURCE",
        ),
        (
            lambda: rules.label_field(SCHEMA, "mood", document=False),
            "unknown sentence label 'mood'; the schema has stance",
        ),
        (
            lambda: rules.label_field({"document_labels": []}, "bias", document=True),
            "unknown document label 'bias'; the schema has none",
        ),
        (
            lambda: rules.relation_type(SCHEMA, "CITES"),
            "unknown relation type 'CITES'; the schema has ATTRIBUTED_TO",
        ),
        (
            lambda: rules.check_value(SCHEMA["sentence_labels"][0], "NONE", "label 'stance'"),
            "label 'stance': 'NONE' is not one of FAVOR or AGAINST",
        ),
        (
            lambda: rules.check_attributes(SCHEMA["span_labels"][0], {"tone": "x"}),
            "span label 'CLAIM' has no attribute 'tone'; it has claimer",
        ),
    ],
)
def test_a_refusal_names_the_schemas_choices_in_words_not_as_a_python_list(
    check: object, message: str
) -> None:
    """A stale tab after a rename read "the schema has ['CLAIM', 'SOURCE', ...]"."""
    with pytest.raises(Invalid) as refused:
        check()  # type: ignore[operator]
    assert str(refused.value) == message
    assert "[" not in str(refused.value)
