"""Linking can be cancelled without a keyboard, and a phone is told how in touch's words.

On a phone, Link put the page in linking mode with "Tab: next · Enter: link · click a span ·
Esc: cancel" and no button: a tap on the text said "press Esc to cancel", and a phone has no
Esc, so the only way out was to link something or leave the page. The panel's first lines
also sat above the sheet's visible part, so the phone showed its instructions cut in half.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, REACHABLE_JS
from tests.browser.test_workspace_arcs import post

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


def _world(make_world: Any, api_as: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    post(api, f"/documents/{world.doc.id}/spans", {"label": "SOURCE", "start": 0, "end": 9})
    post(api, f"/documents/{world.doc.id}/spans", {"label": "CLAIM", "start": 15, "end": 36})
    return world


def _in_view(page: Any, selector: str) -> bool:
    """Whether the element is inside the window and on top at its middle (a tap reaches it)."""
    return page.evaluate(REACHABLE_JS, page.locator(selector).element_handle())


def test_a_phone_cancels_linking_with_a_button_and_reads_how_in_touch_words(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = _world(make_world, api_as)
    tab = open_tab("alice", touch=True)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE)
    page.locator("#text .seg[data-tags='CLAIM']").tap()
    page.locator("#link-span").tap()
    said = page.inner_text("#link-details")
    assert "Tap a span marked green" in said, said
    assert "Tab" not in said and "Esc" not in said and "Enter" not in said, said
    # The panel's heading (its first line) is in the window, not above the sheet's fold.
    assert _in_view(page, "#link-panel h2")
    assert _in_view(page, "#cancel-link")
    page.locator("#cancel-link").tap()
    assert page.locator("#link-panel").is_hidden()
    assert page.locator("#text .seg.is-candidate, #text .seg.is-target").count() == 0
    # Linking is over: a tap on the source selects it, and no relation was made.
    page.locator("#text .seg[data-tags='SOURCE']").tap()
    assert "SOURCE" in page.inner_text("#span-panel")
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["relations"] == []


def test_a_mouse_cancels_linking_with_the_button_too(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = _world(make_world, api_as)
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    page.locator("#text .seg[data-tags='CLAIM']").click()
    page.keyboard.press("l")
    said = page.inner_text("#link-details")
    assert "Tab: next" in said and "Esc: cancel" in said, said
    # The side column scrolls to the panel: it sat below the window's foot, out of sight.
    assert _in_view(page, "#link-panel h2")
    assert _in_view(page, "#cancel-link")
    page.get_by_role("button", name="Cancel linking").click()
    assert page.locator("#link-panel").is_hidden()
    page.keyboard.press("Escape")
    page.locator("#text .seg[data-tags='SOURCE']").click()
    assert "SOURCE" in page.inner_text("#span-panel")
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["relations"] == []
