"""A refusal repeats a bad value by a short prefix, an ellipsis and its length, never whole.

A 1 MB label, attribute, attribute value or label value came back whole in the 422 (and
in ``details``): an amplifier for anyone sending junk, and a wall of text in a log line.
The value is cut where errors are built (:func:`annotator.core.errors.echoed`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotator.core.errors import echoed
from tests.api_world import World, build_world

BIG = 1_000_000
JUNK = "Q" * BIG
#: What a refusal may weigh, however big the value it refuses.
MOST_BYTES = 4_000


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _cut_refusal(response: Any) -> dict[str, Any]:
    assert response.status_code in (400, 422), response.status_code
    assert len(response.get_data()) < MOST_BYTES, response.get_data()[:300]
    error: dict[str, Any] = response.get_json()["error"]
    said = error["message"] + json.dumps(error["details"])
    assert "QQQQ…" in said and "1,000,000 characters" in said, said
    return error


def test_echoed_keeps_short_values_and_cuts_long_ones() -> None:
    assert echoed("CLAIM") == "'CLAIM'"
    assert echoed(7) == "7"
    cut = echoed("ab" * 100)
    assert cut.startswith("'abab") and cut.endswith("…' (200 characters)")
    assert len(cut) < 80


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("spans", {"label": JUNK, "start": 0, "end": 9}),
        ("spans", {"label": "CLAIM", "start": 0, "end": 9, "attributes": {JUNK: "x"}}),
        ("spans", {"label": "CLAIM", "start": 0, "end": 9, "attributes": {"claimer": JUNK}}),
    ],
    ids=["label", "attribute", "attribute value"],
)
def test_a_huge_span_value_comes_back_cut(world: World, path: str, body: Any) -> None:
    _cut_refusal(world.call("alice", "POST", f"/documents/{world.doc.id}/{path}", body))


@pytest.mark.parametrize(
    "body",
    [
        {"sentence": 0, "name": "stance", "value": JUNK},
        {"sentence": 0, "name": JUNK, "value": "FAVOR"},
    ],
    ids=["value", "field"],
)
def test_a_huge_label_value_or_field_comes_back_cut(world: World, body: Any) -> None:
    _cut_refusal(world.call("alice", "PUT", f"/documents/{world.doc.id}/labels", body))


def test_a_huge_unknown_field_comes_back_cut(world: World) -> None:
    body = {"label": "CLAIM", "start": 0, "end": 9, JUNK: 1}
    error = _cut_refusal(world.call("alice", "POST", f"/documents/{world.doc.id}/spans", body))
    assert error["details"]["field"] == "Q" * 40 + "…"


def test_a_huge_schema_value_comes_back_cut(world: World) -> None:
    schema = {"span_labels": [{"name": "CLAIM", "color": JUNK}]}
    response = world.call("ada", "PATCH", "/projects/demo", {"schema": schema})
    _cut_refusal(response)
