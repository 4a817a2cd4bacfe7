"""The workspace at 1366x800: the side panel fits the window and scrolls inside it, from the
top of the page on, and j keeps the current sentence clear of the window's foot.

Found on a laptop: with the site's header and the title above it, the side panel ran 50
pixels past the window's foot, its last field out of reach until the text was scrolled; and j
stepping down left the current sentence on the window's last line, the next ones unseen.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "\n\n".join(
    f"Sentence {n} of the report says the talks failed again on Monday in the capital."
    for n in range(1, 61)
)

SIDE = """() => { const side = document.querySelector('.ws-side').getBoundingClientRect();
  const node = document.querySelector('.ws-side');
  return [side.top, side.bottom, node.scrollHeight, node.clientHeight, innerHeight]; }"""
CURRENT = """() => { const row = document.querySelector('#text .sent.is-current');
  const box = row.getBoundingClientRect(); return [box.top, box.bottom, innerHeight]; }"""


@pytest.fixture
def page(make_world: Any, open_tab: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "long.txt", {"title": "Long"}))
    tab = open_tab("alice")
    tab.page.set_viewport_size({"width": 1366, "height": 800})
    return tab.open(f"/projects/demo/documents/{world.doc.id}")


def test_the_side_panel_ends_inside_the_window_and_scrolls_there(page: Any) -> None:
    page.wait_for_timeout(100)  # the panel's room is measured on the next frame
    top, bottom, content, shown, height = page.evaluate(SIDE)
    assert bottom <= height, (top, bottom, height)
    assert content > shown  # its own scroll reaches the rest
    page.locator(".ws-side").evaluate("(side) => { side.scrollTop = side.scrollHeight; }")
    last = page.locator(".ws-side > *").last.bounding_box()
    assert last["y"] + last["height"] <= height + 1
    # Scrolled up to the bar, the panel takes the room the header left.
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(200)
    stuck_top, stuck_bottom, _, taller, _ = page.evaluate(SIDE)
    assert stuck_top < top and stuck_bottom <= height and taller > shown


def test_j_keeps_the_current_sentence_clear_of_the_window_foot(page: Any) -> None:
    for n in range(25):
        page.keyboard.press("j")
        top, bottom, height = page.evaluate(CURRENT)
        assert top >= 0, (n, top)
        # A quarter of the window stays below it, for the sentences to come.
        assert bottom <= height * 0.75 + 2, (n, bottom, height)
    # Going back up, k shows the sentence below the bar, as before.
    for _ in range(25):
        page.keyboard.press("k")
    top, _bottom, _height = page.evaluate(CURRENT)
    bar = page.locator(".ws-bar").bounding_box()
    assert top >= bar["y"] + bar["height"] - 1
