"""A lead changes the stance's target on the settings page after annotation began: asked first."""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer

pytestmark = pytest.mark.server


def test_a_target_change_over_given_values_asks_then_saves_on_confirmation(
    session: Any, make_world: Any, open_tab: Any
) -> None:
    world = make_world(
        {"ada": "admin", "alice": "annotator"}, doc=("Officials said it. Critics denied it.", "a")
    )
    layer = open_layer(session, world.alice, world.doc, None)
    set_label(session, layer, 0, "stance", "AGAINST")
    set_label(session, layer, 1, "stance", "FAVOR")
    session.commit()
    page = open_tab("ada").open("/projects/demo/settings")
    schema = json.loads(page.input_value("textarea[name=schema_text]"))
    stance = next(f for f in schema["sentence_labels"] if f["name"] == "stance")
    old = stance["target"]
    stance["target"] = "Fuel subsidies"
    page.fill("textarea[name=schema_text]", json.dumps(schema))
    page.click("input[name=submit]")
    question = page.locator("#meaning-confirm")
    question.wait_for(timeout=10_000)
    said = question.inner_text()
    assert f"stance: target changed from {old!r} to 'Fuel subsidies'" in said
    assert f"2 values in 1 document (gold: 0) were given toward {old!r}" in said
    assert "No value records the schema version it was given under" in said
    assert page.locator("#schema-version").inner_text() == "1"
    page.click("input[name=confirm_meaning]")
    page.wait_for_url("**/projects/demo/settings")
    assert page.locator("#schema-version").inner_text() == "2"
    history = page.locator("table.schema-versions").inner_text()
    assert "stance: target changed from" in history and "'Fuel subsidies'" in history
    assert page.locator("#meaning-confirm").count() == 0
