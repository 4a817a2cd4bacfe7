"""An annotator writes a note on a span in its panel ("unsure of the source"), as brat and
INCEpTION let one do: the panel showed a note read only, none could be written, and the undo
of a span's removal re-created the span by a POST that took no note, so the note was lost.

The box saves when it is left or on Ctrl+Enter (one change, undone by Ctrl+Z like any edit),
shows whether it is saved, keeps its text as text, and works with touch at 390 px.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, shot

pytestmark = pytest.mark.server

TEXT = "Officials said the alliance would raise its target."
NOTE = "unsure of the <b>source</b>\nsee paragraph 3"


def _notes(api: Any, doc: int) -> dict[str, str | None]:
    return {s["label"]: s.get("note") for s in api.layer(doc)["spans"]}


def _wait_note_saved(page: Any) -> None:
    """Wait until no typed note waits for its save (the box's blur saves a moment later),
    and every write queued has its answer."""
    page.wait_for_function(
        "() => !window.annotatorWorkspace.spanNotes.draft"
        " && window.annotatorWorkspace.api.pending() === 0",
        timeout=5_000,
    )


def _wait_state(page: Any, state: str) -> None:
    page.wait_for_function(
        "(state) => document.querySelector('#span-note-state')?.dataset.state === state",
        arg=state,
        timeout=5_000,
    )


def test_a_note_written_saved_undone_kept_by_a_relabel_and_back_with_an_undone_removal(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    api.write("POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": 50})

    tab = open_tab("alice")
    tab.page.set_viewport_size({"width": 1366, "height": 900})
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="the alliance").click()
    box = page.locator("#span-details #span-note-text")
    assert box.input_value() == ""
    # Reached from the keyboard, as every control of the panel is.
    box.focus()
    page.keyboard.type("unsure of the <b>source</b>")
    page.keyboard.press("Shift+Enter")  # a new line, not a key of the workspace
    page.keyboard.type("see paragraph 3  ")
    assert page.locator("#span-note-state").get_attribute("data-state") == "unsaved"
    page.keyboard.press("Control+Enter")  # saves, and goes back to the text
    tab.wait_saved()
    _wait_state(page, "saved")
    assert _notes(api, doc) == {"CLAIM": NOTE}
    assert page.evaluate("document.activeElement.id") == "text"
    page.screenshot(path=shot("spannote31-span-note-written-1366.png"))

    # Reloaded, the note is there, as text (its tag never made).
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="the alliance").click()
    assert box.input_value() == NOTE
    assert page.locator("#span-details b").count() == 0

    # A change, then Ctrl+Z on the text: the note before it is back, on the server too.
    box.fill("see paragraph 4")
    box.blur()  # leaving the box saves it
    _wait_note_saved(page)
    assert _notes(api, doc) == {"CLAIM": "see paragraph 4"}
    # The Undo button says what it takes back.
    assert page.get_attribute("#undo", "aria-label") == "Undo: CLAIM span's note"
    page.locator("#text").focus()
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert _notes(api, doc) == {"CLAIM": NOTE}
    assert box.input_value() == NOTE

    # A relabel keeps it.
    page.keyboard.press("b")
    tab.wait_saved()
    assert _notes(api, doc) == {"BIASED_WORD": NOTE}
    assert box.input_value() == NOTE

    # The span removed and the removal undone: it comes back with its note.
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert _notes(api, doc) == {}
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert _notes(api, doc) == {"BIASED_WORD": NOTE}
    page.locator("#text .seg--span", has_text="the alliance").click()
    assert box.input_value() == NOTE
    assert tab.errors == []


def test_a_note_written_by_touch_on_a_phone(make_world: Any, open_tab: Any, api_as: Any) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    api.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})

    tab = open_tab("alice", touch=True)
    tab.page.set_viewport_size(PHONE)
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="Officials").tap()
    box = page.locator("#span-details #span-note-text")
    box.tap()
    box.fill("a spokesman?")
    page.screenshot(path=shot("spannote31-span-note-typing-390.png"))
    page.locator("#text .sent", has_text="alliance").tap()  # leaving the box saves it
    _wait_note_saved(page)
    assert _notes(api, doc) == {"SOURCE": "a spokesman?"}
    # Within the window: the box is as wide as the sheet allows, never wider.
    page.locator("#text .seg--span", has_text="Officials").tap()
    width = box.bounding_box()["width"]
    assert 200 < width <= PHONE["width"]
    assert box.input_value() == "a spokesman?"
    page.screenshot(path=shot("spannote31-span-note-390.png"))
    assert tab.errors == []


def test_a_layer_read_not_written_shows_the_note_as_text_with_no_box(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    body = {"label": "CLAIM", "start": 15, "end": 50, "note": NOTE}
    api.write("POST", f"/documents/{doc}/spans", body)

    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/documents/{doc}?annotator=alice")
    page.locator("#text .seg--span", has_text="the alliance").click()
    note = page.locator("#span-details #span-note .span-note__text")
    note.wait_for(timeout=5_000)
    assert note.inner_text() == NOTE and note.locator("b").count() == 0
    assert page.locator("#span-note-text").count() == 0


@pytest.mark.parametrize("away", ["address", "close"])
def test_a_span_note_typed_then_left_without_leaving_the_box_is_saved(
    make_world: Any, open_tab: Any, api_as: Any, away: str
) -> None:
    """The box saved only on blur or Ctrl+Enter: a tab closed, or another address opened,
    while typing lost the note. It is sent as the page goes away (keepalive), as the
    document's is."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    api.write("POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": 50})

    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="the alliance").click()
    box = page.locator("#span-details #span-note-text")
    box.focus()
    page.keyboard.type("unsure of the source")  # no blur, no Ctrl+Enter
    assert page.locator("#span-note-state").get_attribute("data-state") == "unsaved"
    if away == "address":  # another address typed, or Back: the box is never left
        page.goto(tab.server.url + "/projects/demo")
    else:
        page.close(run_before_unload=True)
    for _ in range(50):  # the keepalive request may land just after the page is gone
        if _notes(api, doc)["CLAIM"]:
            break
        time.sleep(0.1)
    assert _notes(api, doc) == {"CLAIM": "unsure of the source"}

    # Reloaded, the box shows it.
    page = open_tab("alice").open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="the alliance").click()
    assert page.locator("#span-details #span-note-text").input_value() == "unsure of the source"
