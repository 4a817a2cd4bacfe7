"""A refused assignment is said by the field at fault, not only at the top of the page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import SIDEWAYS_JS

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


def test_a_refused_k_is_said_by_its_field(make_world: Any, open_tab: Any, api_as: Any) -> None:
    world = make_world(
        {"root": "admin", "ann": "annotator", "ben": "annotator"}, doc=(TEXT, "talks.txt")
    )
    page = open_tab("root").open("/projects/demo/assignments")
    for username in ("ann", "ben"):
        page.check(f"#assign-form input[value='{username}']")
    page.fill("#per_document", "3")
    with page.expect_navigation():
        page.click("#assign-form button[type=submit]")
    said = "Annotators per document must be from 1 to 2, the number of annotators given, not 3"
    assert said in page.inner_text(".flash--warning")
    field = page.locator("#per_document")
    assert field.get_attribute("aria-invalid") == "true"
    described = (field.get_attribute("aria-describedby") or "").split()
    assert "per_document-errors" in described
    assert said in page.inner_text("#per_document-errors")
    # The page opens on the field at fault, with what was typed and ticked kept.
    assert page.evaluate("document.activeElement.id") == "per_document"
    assert field.input_value() == "3"
    assert page.is_checked("#assign-form input[value='ben']")
    # Nothing was assigned beyond what the world set up.
    reader = api_as(world.tokens["root"])
    listed = reader.get("/projects/demo/documents")["documents"]
    assert [d["progress"]["assigned"] for d in listed] == [2]


@pytest.mark.parametrize("width", [1366, 390])
def test_assigning_with_nobody_ticked_comes_back_to_the_form(
    make_world: Any, open_tab: Any, api_as: Any, width: int
) -> None:
    """Nobody ticked: the same form again, the problem said beside the annotators' boxes,
    nothing assigned (not a bare error page)."""
    world = make_world(
        {"root": "admin", "ann": "annotator", "ben": "annotator"}, doc=(TEXT, "talks.txt")
    )
    tab = open_tab("root", touch=width == 390)
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{tab.server.url}/projects/demo/assignments")
    for username in ("ann", "ben"):
        page.uncheck(f"#assign-form input[value='{username}']")
    with page.expect_navigation():
        page.click("#assign-form button[type=submit]")
    assert page.locator("#assign-form").count() == 1
    assert page.inner_text("#annotators-errors") == "Tick at least one annotator."
    fieldset = page.locator("#assign-form fieldset:has(#annotators)")
    assert fieldset.get_attribute("aria-describedby") == "annotators-errors"
    assert not page.is_checked("#assign-form input[value='ann']")  # as it was sent
    assert page.evaluate(SIDEWAYS_JS) == 0
    listed = api_as(world.tokens["root"]).get("/projects/demo/documents")["documents"]
    assert [d["progress"]["assigned"] for d in listed] == [2]  # as the world set them up
