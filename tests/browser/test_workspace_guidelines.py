"""The project's guidelines open from the workspace's bar, over the text, and close back to
where the annotator was.

They were only in the side panel's last fold: under every label field on a wide window, after
the whole text on a phone, where a new annotator had to know to look."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import REACHABLE_JS, statements
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

TEXT = statements(40)
GUIDELINES = "# How to mark claims\n\nMark every *claim* with its source.\n\n" + "More.\n\n" * 60


def _tap(page: Any, locator: Any) -> None:
    """Click the middle of an element as a pointer does (Playwright's click first scrolls the
    element into view, which moves the page under the sticky bar)."""
    box = locator.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize("size", [(1366, 800), (390, 844)])
def test_the_guidelines_open_from_the_bar_and_close_back(
    make_world: Any, open_tab: Any, api_as: Any, size: tuple[int, int]
) -> None:
    schema = {**SEED_SCHEMA, "guidelines": GUIDELINES}
    world = make_world({"alice": "annotator"}, schema=schema, doc=(TEXT, "long.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    sentence = page.locator("#text .sent[data-i='20'] .sent__text")
    sentence.scroll_into_view_if_needed()
    sentence.click(position={"x": 5, "y": 5})
    where = page.evaluate("window.scrollY")
    button = page.locator("#show-guidelines")
    assert button.evaluate(REACHABLE_JS)
    _tap(page, button)
    dialog = page.locator("#guidelines-dialog")
    assert page.locator("#guidelines-dialog em").inner_text() == "claim"
    # From their start: their "#" heading (an h3 under the dialog's own h2 "Guidelines").
    heading = page.locator("#guidelines-dialog .guidelines__body h3")
    assert heading.inner_text() == "How to mark claims"
    assert heading.evaluate(REACHABLE_JS)
    assert page.locator("#close-guidelines").evaluate(REACHABLE_JS)
    # Keys are the dialog's while it is open: a label key makes nothing, says nothing.
    page.keyboard.press("c")
    assert page.locator("#notice").is_hidden()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "show-guidelines"
    assert page.evaluate("window.scrollY") == where  # the text where it was
    assert page.inner_text("#sentence-number") == "21"
    # The Close button too.
    _tap(page, button)
    _tap(page, page.locator("#close-guidelines"))
    assert not dialog.is_visible()
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["spans"] == []


def test_without_guidelines_there_is_no_button(make_world: Any, open_tab: Any) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "long.txt"))
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    assert page.locator("#show-guidelines").count() == 0
