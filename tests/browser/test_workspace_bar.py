"""The workspace's top bar sticks to the top of the window and grows with what it holds (a
long title, the stale-layer notice). The side panel sticks below it, never under it; in a
narrow window only the bar's controls stay on screen once the text is scrolled."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import after_frames

pytestmark = pytest.mark.server

TEXT = "\n\n".join(
    f"Sentence {n} of the report says the talks failed again on Monday." for n in range(150)
)
META = {"source": "Wire", "date": "2024-05-01"}
TITLE = "Talks on the border crossings failed again after a week of meetings in three capitals " * 2

BOXES = """(selectors) => Object.fromEntries(selectors.map(
  (s) => [s, document.querySelector(s).getBoundingClientRect().toJSON()]))"""
# Two frames: the bar's size observer has run and the page is drawn with what it set.


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator"}, doc=(TEXT, "report.txt", {"title": TITLE, "meta": META})
    )


@pytest.fixture
def open_stale(world: Any, open_tab: Any, api_as: Any) -> Any:
    """Return an opener of alice's workspace in a window ``width`` pixels wide, made stale as
    it happens: the span the page holds is changed elsewhere, and the page's next change to
    it is refused."""

    def open_at(width: int) -> Any:
        tab = open_tab("alice")
        api = api_as(world.tokens["alice"])
        span = api.write(
            "POST", f"/documents/{world.doc.id}/spans", {"label": "CLAIM", "start": 0, "end": 8}
        )
        page = tab.open(f"/projects/demo/documents/{world.doc.id}")
        page.locator("#text .seg--span").first.click()
        api.write("PATCH", f"/spans/{span['id']}", {"label": "SOURCE"})
        page.keyboard.press("q")
        tab.wait_saved()
        page.locator("#stale").wait_for(state="visible")
        page.set_viewport_size({"width": width, "height": 800})
        after_frames(page, 2)
        return page

    return open_at


def scroll_far(page: Any) -> dict[str, Any]:
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    after_frames(page, 2)
    return page.evaluate(BOXES, [".ws-bar", ".ws-side", ".ws-bar__row", "#stale"])


def test_the_side_panel_sticks_below_a_bar_grown_by_a_long_title_and_the_stale_notice(
    open_stale: Any,
) -> None:
    page = open_stale(1280)
    boxes = scroll_far(page)
    bar, side = boxes[".ws-bar"], boxes[".ws-side"]
    assert bar["top"] == 0 and bar["height"] > 200  # two title lines and the notice
    assert side["top"] >= bar["bottom"]
    assert side["bottom"] <= 800  # and its foot is still in the window
    # The notice closes (a reload would): the panel moves up under the smaller bar.
    page.evaluate("() => { document.getElementById('stale').hidden = true; }")
    boxes = scroll_far(page)
    assert boxes[".ws-bar"]["height"] < bar["height"] - 40
    assert boxes[".ws-bar"]["bottom"] <= boxes[".ws-side"]["top"] <= boxes[".ws-bar"]["bottom"] + 20


def test_a_narrow_window_keeps_only_the_bars_controls_on_screen_once_scrolled(
    open_stale: Any,
) -> None:
    page = open_stale(640)
    top = page.evaluate(BOXES, [".ws-bar", ".ws-bar h1", "#doc-meta"])
    assert top[".ws-bar h1"]["bottom"] <= top[".ws-bar"]["bottom"]  # at first all is there
    boxes = scroll_far(page)
    row, stale = boxes[".ws-bar__row"], boxes["#stale"]
    # The controls and the notice, whole, at the top of the window; the title scrolled away.
    assert 0 <= row["top"] <= 10 and stale["bottom"] <= boxes[".ws-bar"]["bottom"]
    # (a phone's title is one line, workspace.css: what scrolled away is its height at least)
    title = page.evaluate(BOXES, [".ws-bar h1"])[".ws-bar h1"]
    assert title["bottom"] <= 0, title
    assert boxes[".ws-bar"]["bottom"] <= top[".ws-bar"]["height"] - top[".ws-bar h1"]["height"]
    for control in ("#save-state", "#mark-done", "#mark-skip", "#show-help", "#stale-reload"):
        assert page.locator(control).is_visible()
        assert page.locator(control).bounding_box()["y"] >= 0, control
    # Going back up sentence by sentence (k) scrolls each into view below the bar, not under it.
    page.evaluate("() => window.scrollTo(0, 0)")
    for key in "j" * 60 + "k" * 25:
        page.keyboard.press(key)
    after_frames(page, 2)
    bar = page.evaluate("() => document.querySelector('.ws-bar').getBoundingClientRect().toJSON()")
    current = page.locator("#text .sent.is-current").bounding_box()
    assert current["y"] >= bar["bottom"] - 1 and bar["top"] < 0  # the bar is stuck
