"""The key overlay on a phone, which has no Esc key: its Close button is on show when it opens
and stays on show as the list scrolls, and a tap on the dimmed page around it closes it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."

# Whether the Close button is inside the part of the overlay's box on screen.
CLOSE_SHOWN_JS = """() => {
  const box = document.querySelector('.help__box').getBoundingClientRect();
  const close = document.getElementById('close-help').getBoundingClientRect();
  return close.top >= box.top && close.bottom <= box.bottom && close.bottom <= innerHeight;
}"""


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))


def test_the_close_button_is_on_show_and_a_tap_beside_the_box_closes_it(
    world: Any, open_tab: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE)
    page.click("#show-help")
    box = page.locator(".help__box")
    assert box.evaluate("b => b.scrollHeight > b.clientHeight")  # the list scrolls
    assert box.evaluate("b => b.scrollTop") == 0
    assert page.evaluate(CLOSE_SHOWN_JS)
    box.evaluate("b => { b.scrollTop = b.scrollHeight / 2; }")
    assert page.evaluate(CLOSE_SHOWN_JS)
    page.click("#close-help")
    assert page.locator("#help").is_hidden()
    assert page.evaluate("() => document.activeElement.id") == "show-help"

    page.click("#show-help")
    edges = box.bounding_box()
    page.mouse.click(edges["x"] + edges["width"] / 2, edges["y"] + edges["height"] + 6)
    assert page.locator("#help").is_hidden()
    page.click("#show-help")
    page.mouse.click(edges["x"] + 20, edges["y"] + 20)  # inside the box: it stays open
    assert page.locator("#help").is_visible()
