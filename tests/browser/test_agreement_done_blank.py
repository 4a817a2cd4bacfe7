"""The agreement page lists the layers marked done that leave a required field blank, each
document a link to its review page, and the list fits a phone.

A team lead made stance required after the first documents were done: PATCH said how many
layers it left blank, and the reviewer found them on the agreement page, under Left blank.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import (
    PHONE,
    SIDEWAYS_JS,
    shot,
    stance_required_after_done,
    within_the_window,
)

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed yesterday.\n\nMoscow denied it flatly."
LONG_ID = "reuters-world-europe-2024-03-17-officials-said-the-talks-failed-yesterday.txt"


def test_the_done_layers_a_required_field_leaves_blank_are_listed_and_linked(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world, changed = stance_required_after_done(make_world, api_as, (TEXT, LONG_ID))
    doc = world.doc.id
    assert [(b["field"], b["layers"]) for b in changed["required_left_blank"]] == [("stance", 2)]
    tab = open_tab("rita")
    page = tab.page
    page.set_viewport_size(PHONE)
    page.goto(f"{tab.server.url}/projects/demo/agreement")
    item = page.locator("li[data-done-blank='stance']")
    assert "2 layers marked done leave it blank" in item.inner_text()
    # The document once, with both its layers.
    said = " ".join(item.inner_text().replace("Send back", "").split())
    assert "by alice (1 sentence blank) and bob (2 sentences blank)" in said
    assert item.locator("button", has_text="Send back").count() == 2
    assert item.locator("a").count() == 1
    within_the_window(item)
    assert page.evaluate(SIDEWAYS_JS) == 0
    item.screenshot(path=shot("required39-agreement-done-blank-phone.png"))
    item.locator("a").first.click()
    page.wait_for_url(f"**/projects/demo/review/{doc}")
