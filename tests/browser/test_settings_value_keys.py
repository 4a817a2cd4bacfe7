"""A team lead adds a value to a sentence field in the settings' schema box and saves: the
box holds no ``keys`` the lead never wrote, and keys that no longer fit say what to do."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.browser_helpers import shot

pytestmark = pytest.mark.server


def _field(schema: dict[str, Any], name: str) -> dict[str, Any]:
    field: dict[str, Any] = next(f for f in schema["sentence_labels"] if f["name"] == name)
    return field


def test_a_lead_adds_a_value_in_the_schema_box_and_keys_that_no_longer_fit_say_so(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"ada": "admin"})
    page = open_tab("ada").open("/projects/demo/settings")
    schema = json.loads(page.input_value("textarea[name=schema_text]"))
    # "keys": [null, null] was in every field without keys, and adding a value was refused.
    assert "keys" not in _field(schema, "bias")
    _field(schema, "bias")["values"].append("MIXED")
    page.fill("textarea[name=schema_text]", json.dumps(schema, indent=2))
    page.click("input[name=submit]")
    page.wait_for_url("**/projects/demo/settings")
    assert page.locator("#schema-version").inner_text() == "2"
    stored = api_as(world.tokens["ada"]).get("/projects/demo")["schema"]
    assert _field(stored, "bias")["values"] == ["BIASED", "NON_BIASED", "MIXED"]

    # stance gives its values keys: one more value needs one more key (or null), said so.
    schema = json.loads(page.input_value("textarea[name=schema_text]"))
    _field(schema, "stance")["values"].append("MIXED")
    page.fill("textarea[name=schema_text]", json.dumps(schema, indent=2))
    page.click("input[name=submit]")
    errors = page.locator("#schema_text-errors")
    errors.wait_for(timeout=10_000)
    said = errors.inner_text()
    assert "sentence label stance" in said
    assert "'keys' has 3 entries for 4 values" in said
    assert "(FAVOR, AGAINST, NONE and MIXED), or leave 'keys' out for no keys" in said
    errors.scroll_into_view_if_needed()
    page.screenshot(path=shot("settings-keys-misfit.png"))
    assert page.locator("#schema-version").inner_text() == "2"
