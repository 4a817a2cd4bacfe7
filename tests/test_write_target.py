"""The schema a write is checked on, parsed once per distinct text
(annotator.services.annotation.write_target).

A write reads its project's schema as JSON text with the rest of its target; the parsed
schema is shared by the writes that read the same text. What the write path does with a
changed schema is tests/test_schema_changes.py's.
"""

from __future__ import annotations

import json

from annotator.services.annotation.write_target import _SCHEMAS_KEPT, _parse_schema


def _text(number: int) -> str:
    return json.dumps({"name": f"schema {number}", "span_labels": [{"name": "CLAIM"}]})


def test_equal_texts_share_one_parse() -> None:
    first = _parse_schema(_text(1))
    # Another string of the same text, as every read of the row gives.
    again = _parse_schema("".join(_text(1)))
    assert again is first
    assert first == json.loads(_text(1))


def test_a_changed_text_is_parsed_again() -> None:
    before = _parse_schema(_text(2))
    after = _parse_schema(_text(2).replace("CLAIM", "SOURCE"))
    assert after is not before
    assert after["span_labels"] == [{"name": "SOURCE"}]
    assert _parse_schema(_text(2)) is before


def test_more_schemas_than_are_kept_each_give_their_own() -> None:
    texts = [_text(100 + n) for n in range(_SCHEMAS_KEPT * 2)]
    for _round in range(2):
        for number, text in enumerate(texts):
            assert _parse_schema(text)["name"] == f"schema {100 + number}"
