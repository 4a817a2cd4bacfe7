"""A removal from the selected span's panel (its Remove, a relation's remove) puts the keyboard's
focus back on the text, where the keys act: the button pressed went with what it removed, and
the focus fell to the page's start, the next Tab at the site's header."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed."


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """alice's claim, attributed to her source."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    claim = api.write("POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": 36})
    source = api.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})
    body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]}
    api.write("POST", f"/documents/{doc}/relations", body)
    return world


@pytest.mark.parametrize("size", [None, PHONE], ids=["desktop", "phone"])
def test_the_focus_goes_back_to_the_text_after_a_removal(
    world: Any, open_tab: Any, api_as: Any, size: dict[str, int] | None
) -> None:
    tab = open_tab("alice")
    if size:
        tab.page.set_viewport_size(size)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.locator("#text .seg--span", has_text="the border was closed").click()
    # The relation's remove, in the claim's panel, from the keyboard.
    page.locator("#span-details .relations button").focus()
    page.keyboard.press("Enter")
    tab.wait_saved()
    assert page.evaluate("document.activeElement.id") == "text"
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["relations"] == []
    # The claim's own Remove.
    page.locator("#remove-span").focus()
    page.keyboard.press("Enter")
    tab.wait_saved()
    assert page.evaluate("document.activeElement.id") == "text"
    assert len(api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]) == 1
    # From there the keys go on: → selects a word.
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.getSelection().toString()") != ""
