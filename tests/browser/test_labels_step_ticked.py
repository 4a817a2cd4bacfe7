"""A new project's "1 Check the labels" ticks once a lead saves a label, in Chromium: the
step never ticked, whatever the lead did on the labels page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, shot

pytestmark = pytest.mark.server


def test_the_labels_step_ticks_once_a_label_is_saved(make_world: Any, open_tab: Any) -> None:
    make_world({"ada": "admin"})  # a project with no documents: its first steps show
    tab = open_tab("ada")
    page = tab.open("/projects/demo")
    step = page.locator(".setup-step").first
    assert step.locator(".setup-step__mark").inner_text() == "1"
    step.get_by_role("link", name="Check the labels").click()
    page.click("text=Add a span label")
    page.fill("#span_labels-name", "QUOTE")
    page.fill("#span_labels-key", "u")
    page.click("input[value='Add span label']")
    page.wait_for_url("**/projects/demo/labels")

    page = tab.open("/projects/demo")
    step = page.locator(".setup-step").first
    assert step.locator(".setup-step__mark").inner_text() == "✓"
    assert "setup-step--done" in (step.get_attribute("class") or "")
    assert step.get_by_role("link", name="Labels checked").count() == 1
    page.set_viewport_size(PHONE)
    over = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(over) == 0
    page.screenshot(path=shot("small38-labels-step-390.png"))
