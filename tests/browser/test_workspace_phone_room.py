"""The workspace on a touch phone (390 x 844): the text gets the room, the sheet at the foot
never hides the end of the page, Accept leaves the text in sight, and "(?)" speaks of taps.

A fresh-eyes review found the header 4 rows tall (the text began 218 pixels down), the
sheet 340-420 pixels tall with something selected, the document's note under it for good (the
page could not scroll it above the sheet), the suggestions' panel open again after Accept (the
next one selected, somewhere else in the text), and the "(?)" dialog a table of keys."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents
from tests.browser.browser_helpers import PHONE, REACHABLE_JS, SIDEWAYS_JS, statements
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

TEXT = statements(30)
#: The most the text may start below the window's top on opening (it was 218: 3 rows of controls).
TEXT_TOP = 180
#: The largest share of the window's height the sheet at the foot may take, whatever is open.
SHEET_SHARE = 0.4

# How many lines the bar's controls take (a control starting below the last one's middle
# starts a line).
LINES_JS = """() => {
  const boxes = [...document.querySelectorAll('.ws-bar__row > *')]
    .map((e) => e.getBoundingClientRect()).filter((b) => b.width > 0);
  let lines = 0, middle = -Infinity;
  for (const b of boxes) if (b.top > middle) { lines += 1; middle = b.top + b.height / 2; }
  return lines;
}"""
SHEET_HEIGHT_JS = "() => document.querySelector('.ws-sheet').getBoundingClientRect().height"


@pytest.fixture
def world(make_world: Any) -> Any:
    schema = {**SEED_SCHEMA, "guidelines": "Mark every claim with its source."}
    return make_world(
        {"alice": "annotator"},
        schema=schema,
        first=(TEXT, "first.txt", {"title": "What were the true motivations behind the talks?"}),
        second=(TEXT, "second.txt", {"title": "Second"}),
        third=(TEXT, "third.txt", {"title": "Third"}),
    )


def phone(open_tab: Any, path: str) -> Any:
    """Open ``path`` as alice on a touch screen of a phone's size; return the tab."""
    tab = open_tab("alice", touch=True)
    tab.page.set_viewport_size(PHONE)
    tab.open(path)
    return tab


def add_claim(api: Any, document_id: int, sentence: int) -> str:
    """Write a CLAIM span on "the border was closed" of statement ``sentence``; return its words."""
    words = "the border was closed"
    start = TEXT.index(words, TEXT.index(f"statement {sentence} "))
    body = {"label": "CLAIM", "start": start, "end": start + len(words)}
    api.write("POST", f"/documents/{document_id}/spans", body)
    return words


def test_the_text_starts_high_on_a_phone_and_the_bar_keeps_its_controls(
    world: Any, open_tab: Any
) -> None:
    page = phone(open_tab, f"/projects/demo/documents/{world.second.id}").page
    top = page.evaluate("() => document.querySelector('#text').getBoundingClientRect().top")
    assert top <= TEXT_TOP, top
    for selector in (
        "#prev-doc",
        "#next-doc",
        "#undo",
        "#show-history",
        "#show-guidelines",
        "#mark-done",
        "#mark-skip",
        "#show-help",
        ".ws-bar .breadcrumbs a >> nth=-1",
    ):
        assert page.locator(selector).evaluate(REACHABLE_JS), selector
    # Previous and Next show their arrows alone; a screen reader still hears their words.
    assert page.get_by_role("link", name="← Previous").is_visible()
    assert page.get_by_role("link", name="Next →").is_visible()
    # The controls take two lines: Mark done on the second, below Saved.
    lines = page.evaluate(LINES_JS)
    assert lines <= 2, lines
    assert page.locator("#my-progress").is_visible()  # "0 of 3 done" still said
    assert page.evaluate(SIDEWAYS_JS) == 0


def test_the_sheet_takes_at_most_two_fifths_of_the_window_whatever_is_open(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    words = add_claim(api_as(world.tokens["alice"]), world.first.id, 12)
    add_claim(api_as(world.tokens["alice"]), world.first.id, 13)
    page = phone(open_tab, f"/projects/demo/documents/{world.first.id}").page
    limit = SHEET_SHARE * PHONE["height"]
    span = page.locator("#text .seg--span", has_text=words).first
    span.scroll_into_view_if_needed()
    span.tap()
    page.locator("#remove-span").wait_for(state="visible", timeout=5_000)
    assert page.evaluate(SHEET_HEIGHT_JS) <= limit, page.evaluate(SHEET_HEIGHT_JS)
    page.locator("#sentence-toggle").tap()
    assert page.evaluate(SHEET_HEIGHT_JS) <= limit, page.evaluate(SHEET_HEIGHT_JS)
    page.locator("#sentence-toggle").tap()
    page.locator("#link-span").scroll_into_view_if_needed()
    page.locator("#link-span").tap()
    page.locator("#cancel-link").wait_for(state="visible", timeout=5_000)
    assert page.evaluate(SHEET_HEIGHT_JS) <= limit, page.evaluate(SHEET_HEIGHT_JS)
    # The labels and the way out of linking stay in reach in the smaller sheet.
    assert page.locator("#cancel-link").evaluate(REACHABLE_JS)
    assert page.locator("#palette button").first.evaluate(REACHABLE_JS)


def test_the_document_note_scrolls_above_the_open_sheet_and_takes_a_tap(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    words = add_claim(api, world.first.id, 29)  # the last sentence: the page's end in sight
    tab = phone(open_tab, f"/projects/demo/documents/{world.first.id}")
    page = tab.page
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.locator("#text .seg--span", has_text=words).last.tap()
    page.locator("#remove-span").wait_for(state="visible", timeout=5_000)
    page.locator("#sentence-toggle").tap()  # the tallest sheet: labels open over the panel
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    note = page.locator("#note-text")
    note.scroll_into_view_if_needed()
    sheet_top = page.locator(".ws-sheet").bounding_box()["y"]
    box = note.bounding_box()
    assert box["y"] + box["height"] <= sheet_top, (box, sheet_top)
    assert note.evaluate(REACHABLE_JS)
    note.tap()
    page.keyboard.type("Read to the end.")
    page.locator("#note-unsure").tap()  # saves the note with it
    page.wait_for_selector("#note-state[data-state='saved']", timeout=10_000)


def test_accept_on_a_touch_screen_closes_the_panel_on_the_accepted_span(
    session: Any, world: Any, open_tab: Any, api_as: Any
) -> None:
    predict_documents(session, world.project)
    session.commit()
    api = api_as(world.tokens["alice"])
    tab = phone(open_tab, f"/projects/demo/documents/{world.first.id}")
    page = tab.page
    assert page.locator("#text .seg--suggested").count() >= 2  # one to accept, one after it
    first = page.locator("#text .seg--suggested").first
    first.scroll_into_view_if_needed()
    first.tap()
    page.locator("#accept-suggestion").wait_for(state="visible", timeout=5_000)
    y = page.evaluate("() => window.scrollY")
    page.locator("#accept-suggestion").tap()
    tab.wait_saved()
    assert len(api.layer(world.first.id)["spans"]) == 1
    # Nothing selected: the panel is closed and the text did not jump to the next suggestion.
    page.locator("#suggestion-panel").wait_for(state="hidden", timeout=5_000)
    assert page.locator("#text .seg.is-suggestion-selected").count() == 0
    assert page.evaluate("() => window.scrollY") == y
    assert "Accepted" in page.locator("#notice").inner_text()


def test_reject_on_a_touch_screen_closes_the_panel_too(
    session: Any, world: Any, open_tab: Any
) -> None:
    predict_documents(session, world.project)
    session.commit()
    page = phone(open_tab, f"/projects/demo/documents/{world.first.id}").page
    shown = page.locator("#text .seg--suggested").count()
    assert shown >= 2
    first = page.locator("#text .seg--suggested").first
    first.scroll_into_view_if_needed()
    first.tap()
    page.locator("#reject-suggestion").wait_for(state="visible", timeout=5_000)
    page.locator("#reject-suggestion").tap()
    page.locator("#suggestion-panel").wait_for(state="hidden", timeout=5_000)
    assert page.locator("#text .seg.is-suggestion-selected").count() == 0
    assert "Rejected" in page.locator("#notice").inner_text()


def test_the_help_on_a_touch_screen_names_taps_and_buttons_not_keys(
    world: Any, open_tab: Any
) -> None:
    page = phone(open_tab, f"/projects/demo/documents/{world.first.id}").page
    page.locator("#show-help").tap()
    help_box = page.locator("#help .help__box")
    help_box.wait_for(state="visible", timeout=5_000)
    said = help_box.inner_text()
    assert page.locator("#help-title").inner_text() == "Touch"
    assert page.locator("#close-help").inner_text() == "Close"
    for way in (
        "Touch and hold",
        "Tap a span",
        "Link",
        "Accept",
        "Remove span",
        "Labels",
        "Undo",
        "Mark done",
    ):
        assert way in said, way
    for key in ("Esc", "Ctrl+", "Shift+", "with the mouse"):
        assert key not in said, key
    assert page.evaluate(SIDEWAYS_JS) == 0
    page.locator("#close-help").tap()
    assert page.locator("#help").is_hidden()


def test_the_help_with_a_mouse_still_lists_the_keys(world: Any, open_tab: Any) -> None:
    page = open_tab("alice").open(f"/projects/demo/documents/{world.first.id}")
    page.locator("#show-help").click()
    assert page.locator("#help-title").inner_text() == "Keys"
    assert page.locator("#close-help").inner_text() == "Close (Esc)"
    assert "Ctrl+Z" in page.locator("#help-keys").inner_text()
