"""The workspace's bar of controls with everything in it (the layer, the save state, Undo and
Redo, Previous and Next, the progress, Guidelines, the status and its buttons, Keys) is one
line on a 1366x768 laptop, and at 1024 and on a phone every control of it is in the window,
nothing scrolling sideways.

With the keys' names shown on Undo and Redo, "Keys (?)" went to a second line at 1366."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, SIDEWAYS_JS, statements, within_the_window
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

#: The bar's controls and what they say, in the window at any width.
CONTROLS = ".ws-bar__row :is(button, a, .layer-badge, .save-state, .progress, #queue-place)"

#: Each shown control's top and bottom, in client pixels.
EDGES_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((node) => node.getClientRects().length > 0)
  .map((node) => { const box = node.getBoundingClientRect();
                   return [node.id || node.className, box.top, box.bottom]; })"""


@pytest.fixture
def world(make_world: Any) -> Any:
    text = statements(20)
    return make_world(
        {"alice": "annotator"},
        schema={**SEED_SCHEMA, "guidelines": "Mark every claim with its source."},
        first=(text, "first.txt", {"title": "First"}),
        second=(text, "second.txt", {"title": "Russian foreign policy in the news, part two"}),
        third=(text, "third.txt", {"title": "Third"}),
    )


def _open(world: Any, open_tab: Any, api_as: Any, size: dict[str, int], touch: bool) -> Any:
    # A span of alice's, so that the document is in progress ("In progress", the status's
    # longest name) and the first document done, so that the progress has a bar to show.
    doc = world.second.id
    api = api_as(world.tokens["alice"])
    api.write("POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 0, "end": 9})
    api.write("PUT", f"/documents/{world.first.id}/status", {"status": "done"})
    tab = open_tab("alice", touch=touch)
    tab.page.set_viewport_size(size)
    page = tab.open(f"/projects/demo/documents/{doc}")
    for selector in ("#undo", "#redo", "#prev-doc", "#next-doc", "#show-guidelines", "#show-help"):
        assert page.locator(selector).is_visible(), selector
    return page


@pytest.fixture
def crowded(make_world: Any) -> Any:
    """Thirty documents, so that the queue's place and the progress take two digits each."""
    text = statements(3)
    return make_world(
        {"alice": "annotator"},
        schema={**SEED_SCHEMA, "guidelines": "Mark every claim with its source."},
        **{f"d{n:02}": (text, f"d{n:02}.txt", {"title": f"Article {n}"}) for n in range(1, 31)},
    )


def test_the_bar_is_one_line_at_1366(world: Any, open_tab: Any, api_as: Any) -> None:
    page = _open(world, open_tab, api_as, {"width": 1366, "height": 768}, touch=False)
    _assert_one_line(page)


def test_the_bar_is_one_line_at_1366_with_two_digit_counts(
    crowded: Any, open_tab: Any, api_as: Any
) -> None:
    """ "19 of 30" and "10 of 30 done": with the History link beside Guidelines, Keys went to a
    second line at 1366 once the counts took two digits."""
    api = api_as(crowded.tokens["alice"])
    for n in range(1, 11):
        api.write("PUT", f"/documents/{getattr(crowded, f'd{n:02}').id}/status", {"status": "done"})
    doc = crowded.d19.id
    api.write("POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 0, "end": 9})
    tab = open_tab("alice")
    tab.page.set_viewport_size({"width": 1366, "height": 768})
    page = tab.open(f"/projects/demo/documents/{doc}")
    assert page.locator("#my-progress").text_content().strip() == "10 of your 30 done"
    assert page.locator("#queue-place").inner_text().strip().endswith("of 30")
    assert page.locator("#show-history").is_visible()
    _assert_one_line(page)


def _assert_one_line(page: Any) -> None:
    edges = page.evaluate(EDGES_JS, CONTROLS)
    assert len(edges) >= 12, edges
    # One line: every control's box crosses the same horizontal line.
    lowest_top = max(top for _, top, _ in edges)
    highest_bottom = min(bottom for _, _, bottom in edges)
    assert lowest_top < highest_bottom, edges
    assert page.evaluate(SIDEWAYS_JS) == 0
    # The keys are in the buttons' tooltips and for assistive technology, not on show.
    assert page.get_attribute("#undo", "aria-keyshortcuts") == "Control+Z"
    assert "Ctrl+Z" in page.get_attribute("#undo", "title")
    assert "Ctrl+Y" in page.get_attribute("#redo", "title")


@pytest.mark.parametrize(
    ("size", "touch"),
    [({"width": 1024, "height": 768}, False), (PHONE, True)],
    ids=["1024", "phone"],
)
def test_every_control_of_the_bar_is_in_the_window_and_nothing_scrolls_sideways(
    world: Any, open_tab: Any, api_as: Any, size: dict[str, int], touch: bool
) -> None:
    page = _open(world, open_tab, api_as, size, touch=touch)
    assert page.evaluate(SIDEWAYS_JS) == 0
    within_the_window(page.locator(f"{CONTROLS}:visible"), size["width"])
    # Undo and Redo are a thumb's target at least, and the bar is two lines at most on a
    # phone, three at 1024.
    for selector in ("#undo", "#redo"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["width"] >= 27 and box["height"] >= 20, (selector, box)
    tops = {round(top) for _, top, _ in page.evaluate(EDGES_JS, "#undo, #show-help, #mark-done")}
    assert max(tops) - min(tops) < 80, tops
