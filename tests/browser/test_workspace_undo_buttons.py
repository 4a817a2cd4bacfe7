"""Undo and Redo without a keyboard.

Ctrl+Z and Ctrl+Shift+Z were the only way back: a phone (no keyboard) could not take back a
mistaken tap. The bar's Undo and Redo buttons do what the keys do, each disabled while there
is nothing to take back or put again, named by what it would undo ("Undo: CLAIM span"), its
key in its tooltip and ``aria-keyshortcuts`` (shown on the button as well, the keys took the
bar to two lines on a laptop).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, REACHABLE_JS, select_text, statements

pytestmark = pytest.mark.server

TEXT = statements(30)
DESKTOP = {"width": 1366, "height": 768}
WORDS = "the border was closed"


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "long.txt", {"title": "Statements"}))


def _spans(api: Any, world: Any) -> list[tuple[str, int, int]]:
    return [(s["label"], s["start"], s["end"]) for s in api.layer(world.doc.id)["spans"]]


def _name(page: Any, selector: str) -> str:
    """The button's accessible name, as a screen reader says it."""
    return page.locator(selector).evaluate("b => b.getAttribute('aria-label') || b.textContent")


def test_a_phone_undoes_a_tapped_span_and_redoes_it_with_the_bars_buttons(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice", touch=True)
    tab.page.set_viewport_size(PHONE)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    undo, redo = page.locator("#undo"), page.locator("#redo")
    assert undo.is_disabled() and redo.is_disabled()  # nothing done yet
    for button in (undo, redo):
        assert page.evaluate(REACHABLE_JS, button.element_handle())
        # A touch screen has no keys: no key is shown on the button.
        assert button.locator("kbd").count() == 0
    start = TEXT.index(WORDS)
    select_text(page, start, start + len(WORDS))
    page.locator("#palette button[data-label='CLAIM']").tap()
    tab.wait_saved()
    made = [("CLAIM", start, start + len(WORDS))]
    assert _spans(api, world) == made
    assert undo.is_enabled() and redo.is_disabled()
    page.get_by_role("button", name="Undo: CLAIM span", exact=True).tap()
    tab.wait_saved()
    assert _spans(api, world) == []
    assert undo.is_disabled() and redo.is_enabled()
    page.get_by_role("button", name="Redo: CLAIM span", exact=True).tap()
    tab.wait_saved()
    assert _spans(api, world) == made
    assert undo.is_enabled() and redo.is_disabled()
    assert tab.errors == []


def test_the_mouse_sees_each_button_disabled_with_nothing_to_take_back_or_put_again(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    tab.page.set_viewport_size(DESKTOP)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    undo, redo = page.locator("#undo"), page.locator("#redo")
    assert undo.is_disabled() and redo.is_disabled()
    assert (_name(page, "#undo"), _name(page, "#redo")) == ("Undo", "Redo")
    # Each button's key is in its tooltip (Ctrl+Y or Ctrl+Shift+Z: the shorter) and said to
    # assistive technology.
    assert (undo.get_attribute("title"), redo.get_attribute("title")) == (
        "Nothing to undo (Ctrl+Z)",
        "Nothing to redo (Ctrl+Y)",
    )
    assert undo.get_attribute("aria-keyshortcuts") == "Control+Z"
    assert redo.get_attribute("aria-keyshortcuts") == "Control+Y Control+Shift+Z"
    for button in (undo, redo):
        assert page.evaluate(REACHABLE_JS, button.element_handle())
    start = TEXT.index(WORDS)
    select_text(page, start, start + len(WORDS))
    page.keyboard.press("c")
    page.keyboard.press("Escape")  # the new span lets go: a value's letter is the sentence's
    page.keyboard.press("f")  # the current sentence's stance
    tab.wait_saved()
    assert _name(page, "#undo") == "Undo: stance FAVOR on sentence 1"
    assert undo.get_attribute("title") == "Undo: stance FAVOR on sentence 1 (Ctrl+Z)"
    assert redo.is_disabled()
    undo.click()
    tab.wait_saved()
    assert _name(page, "#undo") == "Undo: CLAIM span"
    assert _name(page, "#redo") == "Redo: stance FAVOR on sentence 1"
    undo.click()
    tab.wait_saved()
    assert _spans(api, world) == []
    assert undo.is_disabled() and _name(page, "#undo") == "Undo"
    assert _name(page, "#redo") == "Redo: CLAIM span"
    redo.click()
    tab.wait_saved()
    assert _spans(api, world) == [("CLAIM", start, start + len(WORDS))]
    # A new edit leaves nothing to redo: the other branch is gone.
    page.locator("#text .seg--span").first.click()  # let go by Esc before the stance
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert _name(page, "#undo") == "Undo: remove CLAIM span"
    assert redo.is_disabled() and _name(page, "#redo") == "Redo"
    # The keys overlay names the buttons beside their keys.
    page.keyboard.press("?")
    row = page.locator("#help-keys tr", has=page.locator("kbd", has_text="Ctrl+Z"))
    assert "Undo and Redo buttons" in row.inner_text()
    assert tab.errors == []
