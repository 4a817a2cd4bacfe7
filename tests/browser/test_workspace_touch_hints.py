"""On a touch screen the workspace's panels leave out the lines that name keys, and the keys
on the buttons: a phone has none to press, and in its sheet at the window's foot they took
room above the label buttons ("Label key or a label above: relabel · Esc: deselect")."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE
from tests.browser.test_workspace_arcs import post

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."
HINT = "Esc: deselect"


@pytest.mark.parametrize("touch", [True, False])
def test_the_key_hints_are_for_keyboards(
    make_world: Any, open_tab: Any, api_as: Any, touch: bool
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    body = {"label": "SOURCE", "start": 0, "end": 9}
    post(api_as(world.tokens["alice"]), f"/documents/{world.doc.id}/spans", body)
    tab = open_tab("alice", touch=touch)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE)
    span = page.locator("#text .seg--span")
    if touch:
        span.tap()
    else:
        span.click()
    assert page.locator("#span-panel").is_visible()
    assert page.locator("#remove-span").is_visible()
    assert page.get_by_text(HINT).is_visible() == (not touch)
    # The keys on the buttons themselves too: the label's letter, Delete on Remove.
    assert page.locator("#remove-span kbd").is_visible() == (not touch)
    assert page.locator(".palette kbd").first.is_visible() == (not touch)
    assert page.locator(".palette__name").first.is_visible()


@pytest.mark.parametrize("touch", [True, False])
def test_a_label_tapped_with_nothing_selected_says_how_on_that_screen(
    make_world: Any, open_tab: Any, touch: bool
) -> None:
    """A label tapped before any words are selected: a phone is told to select words by
    touch and tap the label, not to press keys it has not got ("→ and Shift+→, then press c")."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice", touch=touch)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE)
    claim = page.locator(".palette__pick[data-label='CLAIM']")
    if touch:
        claim.tap()
    else:
        claim.click()
    notice = page.inner_text("#notice")
    if touch:
        assert "tap CLAIM" in notice and "press" not in notice and "→" not in notice, notice
    else:
        assert "press c" in notice, notice
