"""The sheet at a phone's foot (390 x 844, touch) scrolls inside the window: what it holds
below its fold is reached, never left under the span labels that stay at its foot, and a
swipe on it moves it, not the text behind it.

Found on a phone: with a span selected and the sentence's labels open, the sheet's own scroll
put the control it moved to (a value's button the focus reached, the span's Remove, Link and
Set extent, its note) at the sheet's foot, under the span labels stuck there: out of reach
until scrolled again by hand; and a swipe on the sheet past its end scrolled the text instead.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, REACHABLE_JS, statements

pytestmark = pytest.mark.server

# The sheet's controls, each scrolled into view as the focus moving to it does: those not in
# reach then (covered, or outside the window).
OUT_OF_REACH_JS = f"""() => {{
  const reachable = {REACHABLE_JS};
  return [...document.querySelectorAll('.ws-sheet :is(button, select, textarea)')]
    .filter((e) => e.getClientRects().length)
    .filter((e) => {{ e.scrollIntoView({{ block: 'nearest' }}); return !reachable(e); }})
    .map((e) => e.id || e.dataset.focus || e.textContent.trim());
}}"""
SHEET_JS = """() => { const s = document.querySelector('.ws-sheet');
  const b = s.getBoundingClientRect(); return { top: b.top, bottom: b.bottom,
    content: s.scrollHeight, shown: s.clientHeight, at: s.scrollTop, page: scrollY }; }"""


def _swipe(page: Any, x: float, start: float, end: float) -> None:
    """Drag a finger from (x, start) to (x, end) as a touch screen sends it."""
    cdp = page.context.new_cdp_session(page)
    point = {"x": x, "y": start}
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    for step in range(1, 13):
        y = start + (end - start) * step / 12
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
        )
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(400)


def test_the_sheet_scrolls_inside_the_window_and_keeps_what_it_shows_above_the_labels(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    text = statements(30)
    world = make_world({"alice": "annotator"}, doc=(text, "long.txt", {"title": "Statements"}))
    start = text.index("the border was closed", text.index("statement 12 "))
    claim = {"label": "CLAIM", "start": start, "end": start + len("the border was closed")}
    api_as(world.tokens["alice"]).write("POST", f"/documents/{world.doc.id}/spans", claim)
    tab = open_tab("alice", touch=True)
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.open(f"/projects/demo/documents/{world.doc.id}")
    span = page.locator("#text .seg--span", has_text="the border was closed").first
    span.scroll_into_view_if_needed()
    span.tap()
    page.locator("#remove-span").wait_for(state="visible", timeout=5_000)
    page.locator("#sentence-toggle").tap()
    sheet = page.evaluate(SHEET_JS)
    assert sheet["bottom"] <= PHONE["height"] and sheet["content"] > sheet["shown"], sheet
    assert page.evaluate(OUT_OF_REACH_JS) == []

    # A swipe on the sheet scrolls the sheet; past its end, it stays there (the text behind
    # it does not move in its place).
    page.evaluate("() => { document.querySelector('.ws-sheet').scrollTop = 0; }")
    before = page.evaluate(SHEET_JS)
    middle = (before["top"] + before["bottom"]) / 2
    _swipe(page, 200, middle - 60, middle + 60)
    moved = page.evaluate(SHEET_JS)
    assert moved["at"] < before["at"] and moved["page"] == before["page"], (before, moved)
    for _ in range(4):
        _swipe(page, 200, middle - 60, middle + 60)
    top = page.evaluate(SHEET_JS)
    assert top["at"] == -(top["content"] - top["shown"]), top  # its first line reached
    assert top["page"] == before["page"], (before, top)
