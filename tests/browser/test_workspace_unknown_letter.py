"""A letter no label or value has says so in the workspace: in a schema whose stance gives
its values no keys (CONTRACT section 2's shape), `f` did nothing and said nothing."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.browser.browser_helpers import shot
from tests.browser.workspace_keys import notice, open_workspace
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

SAID = (
    "No label or value has key {} in this project: 1–9 set the active field's values; "
    "press ? for the keys."
)


def test_a_stance_letter_without_keys_says_so_and_the_digits_still_set_the_value(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    for field in schema["sentence_labels"]:
        field.pop("keys", None)
    # Stance first, as the active field: a digit sets its values.
    schema["sentence_labels"].sort(key=lambda field: field["name"] != "stance")
    ws = open_workspace(make_world, open_tab, api_as, schema=schema)
    for key in ("f", "a", "x", "F"):
        ws.page.evaluate("() => { document.getElementById('notice').hidden = true; }")
        ws.press(key)
        ws.page.locator("#notice").wait_for(state="visible")
        assert notice(ws.page) == SAID.format(key), key
    ws.page.screenshot(path=shot("workspace-unknown-letter.png"))
    assert ws.values() == []
    ws.press("1")
    assert ws.values() == [(0, "stance", "FAVOR")]


def test_the_seed_schema_s_stance_keys_still_set_the_stance(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as)
    ws.press("a")
    assert ws.values() == [(0, "stance", "AGAINST")]
    assert "No label" not in notice(ws.page)
