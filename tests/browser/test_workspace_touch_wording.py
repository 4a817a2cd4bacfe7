"""What the workspace says after an undo or a redo names the way to take it back: the key on a
keyboard's screen, the bar's button on a touch screen (no pointer that hovers, a coarse one,
no fine one), which has no Ctrl+Shift+Z to press.

A tap on Undo said "Undone (Ctrl+Shift+Z redoes it)." on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, select_text
from tests.browser.workspace_keys import notice

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it on Monday."
WORDS = "the border was closed"


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))


def _notice(page: Any) -> str:
    """The notice's words once it is shown (a tap's answer comes after the tap returns)."""
    page.locator("#notice").wait_for(state="visible")
    return notice(page)


def test_a_touch_screen_is_told_of_the_buttons_not_the_keys(world: Any, open_tab: Any) -> None:
    tab = open_tab("alice", touch=True)
    page = tab.page
    page.set_viewport_size(PHONE)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    media = "(query) => matchMedia(query).matches"
    assert page.evaluate(media, "(pointer: coarse)") and not page.evaluate(
        media, "(any-pointer: fine)"
    )
    start = TEXT.index(WORDS)
    select_text(page, start, start + len(WORDS))
    page.locator("#palette button[data-label='CLAIM']").tap()
    tab.wait_saved()
    page.locator("#undo").tap()
    tab.wait_saved()
    said = _notice(page)
    assert said == "Undone: CLAIM span (the Redo button ↷ puts it back)."
    page.locator("#redo").tap()
    tab.wait_saved()
    said = _notice(page)
    assert said == "Redone: CLAIM span (the Undo button ↶ takes it back again)."
    assert tab.errors == []


def test_a_keyboards_screen_is_told_of_the_keys(world: Any, open_tab: Any) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    start = TEXT.index(WORDS)
    select_text(page, start, start + len(WORDS))
    page.keyboard.press("c")
    tab.wait_saved()
    page.locator("#undo").click()  # the mouse's way; the keys are there too
    tab.wait_saved()
    assert _notice(page) == "Undone: CLAIM span (Ctrl+Shift+Z redoes it)."
    page.keyboard.press("Control+Shift+z")
    tab.wait_saved()
    assert _notice(page) == "Redone: CLAIM span (Ctrl+Z undoes it again)."
    assert tab.errors == []
