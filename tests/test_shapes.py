"""The JSON shape of a layer: the text forms equal the encoded dicts, and sentence lookup."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

import pytest

from annotator.core import shapes
from annotator.core.formats import dumps
from annotator.core.vocabulary import DOCUMENT_UNIT

TEXT = "Lavrov said the talks failed. «Nothing» changed 😁 since then."
STARTS = [0, 30]


def test_sentence_at_follows_the_contract() -> None:
    """The last sentence starting at or before the offset; before the first, sentence 0."""
    starts = [3, 10, 20]
    expected = {0: 0, 2: 0, 3: 0, 9: 0, 10: 1, 19: 1, 20: 2, 500: 2}
    assert {offset: shapes.sentence_at(starts, offset) for offset in expected} == expected
    assert shapes.sentence_at([], 7) == 0


@pytest.mark.parametrize("offset", range(0, 25))
def test_sentence_and_next_holds_for_every_offset_below_the_next_start(offset: int) -> None:
    """What the export relies on: every offset below the returned start has the same answer."""
    starts = [3, 10, 20]
    sentence, next_start = shapes.sentence_and_next(starts, offset)
    assert sentence == shapes.sentence_at(starts, offset)
    assert next_start > offset
    for later in range(offset, min(int(min(next_start, 30)), 30)):
        assert shapes.sentence_at(starts, later) == sentence


def test_sentence_and_label_and_relation_text_equal_their_encoded_items() -> None:
    assert shapes.sentence_json(2, 30, 61) == dumps(shapes.sentence_item(2, 30, 61))
    assert shapes.relation_json(7, encode_basestring("ATTRIBUTED_TO"), 1, 2) == dumps(
        shapes.relation_item(7, "ATTRIBUTED_TO", 1, 2)
    )
    for unit, value in ((3, "AGAINST"), (DOCUMENT_UNIT, ["loaded", "«quoted» 😁"])):
        item = shapes.label_item(unit, "stance", value)
        text = shapes.label_json(unit, encode_basestring("stance"), dumps(value))
        assert text == dumps(item)
        assert shapes.label_list(unit) == (
            "document_labels" if unit == DOCUMENT_UNIT else "sentence_labels"
        )


def test_spans_json_writes_each_layer_as_the_encoded_span_items() -> None:
    """Two layers, spans in order of start, across both sentences, with non-ASCII text.

    Layer ``b`` is a suggestions layer (score and model inline); in ``a`` one span was
    accepted from a suggestion (``suggested``).
    """
    spans = [
        ("a", 1, "SOURCE", 0, 6, None, None, None, None),
        ("a", 2, "CLAIM", 7, 29, '{"claimer": "REPORTED"}', 0.75, "3", 'check "it"\né'),
        ("a", 3, "CLAIM", 30, 47, "{}", None, None, None),
        ("b", 9, "CUE", 7, 11, None, 0.5, "rules", None),
        ("b", 8, "CLAIM", 48, 49, None, 0.25, "2", None),
    ]
    written: dict[str, str] = {}

    def layer(name: str) -> tuple[str, list[int], Any]:
        return TEXT, STARTS, lambda array: written.__setitem__(name, array)

    def attributes(raw: str | None) -> str:
        return dumps(json.loads(raw) if raw else {})

    shapes.spans_json(spans, {"a": layer("a"), "b": layer("b")}, attributes, inline={"b"})
    expected: dict[str, list[dict[str, Any]]] = {"a": [], "b": []}
    for name, span_id, label, start, end, raw, score, model, note in spans:
        sentence = shapes.sentence_at(STARTS, start)
        attrs = json.loads(raw) if raw else {}
        expected[name].append(
            shapes.span_item(
                span_id,
                label,
                start,
                end,
                TEXT,
                sentence,
                attrs,
                suggested=(score, model),
                inline=name == "b",
                note=note,
            )
        )
    assert written == {name: dumps(items) for name, items in expected.items()}
    assert json.loads(written["b"])[1]["text"] == "😁"
    a, b = json.loads(written["a"]), json.loads(written["b"])
    assert a[1]["suggested"] == {"model": 3, "score": 0.75} and "suggested" not in a[0]
    assert a[1]["note"] == 'check "it"\né' and "note" not in a[0]
    assert (b[0]["model"], b[0]["score"], b[1]["model"]) == ("rules", 0.5, 2)


def test_span_item_carries_a_version_only_when_given() -> None:
    item = shapes.span_item(1, "CLAIM", 0, 6, TEXT, 0, None)
    assert "version" not in item and item["attributes"] == {} and item["text"] == "Lavrov"
    assert shapes.span_item(1, "CLAIM", 0, 6, TEXT, 0, None, version=3)["version"] == 3


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, {}),
        ("", {}),
        ("null", {}),
        ("{}", {}),
        ('{"certainty": "high"}', {"certainty": "high"}),
    ],
)
def test_stored_attributes_read_no_attributes_as_an_empty_set(raw: Any, expected: Any) -> None:
    """NULL, empty text and JSON null all mean a span without attributes, on every export path."""
    assert shapes.stored_attributes(raw) == expected


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("3", 3), ("rules", "rules"), ("²", "²"), ("３", "３"), ("9" * 40, "9" * 40)],
)
def test_a_model_name_is_a_version_only_in_ascii_digits(stored: str, shown: int | str) -> None:
    """str.isdigit takes "²" and "３": int() refused the first, and a project file may name
    any model."""
    assert shapes.model_name(stored) == shown
