"""A relation's note in the workspace.

Found by a review: the workspace never showed a relation's note (brat's ``#`` notes on R
lines, the API's PATCH /relations/<id>) and did not keep it: an undone "Remove link" (or
"Remove span", which takes its links) brought the relation back as a new one without its
note. The store keeps each relation's note and the undo sends it; the selected span's links
show their notes, with a box to write one where the layer takes writes (saved as the span's
note is: leaving the box, Ctrl+Enter, the page going away; undone by Ctrl+Z), as text where
it does not (another annotator's layer, a layer marked done).
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, shot, within_the_window
from tests.browser.relation_world import TEXT, linked, relation_notes, wait_link_note_saved

pytestmark = pytest.mark.server

NOTE = "from brat: check the quote"
TAGGED = "check the <b>quote</b>\nsee paragraph 3"


@pytest.mark.parametrize("removal", ["link", "span"])
def test_an_undone_removal_brings_the_link_back_with_its_note(
    make_world: Any, open_tab: Any, api_as: Any, removal: str
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    first = linked(api, world.doc.id, NOTE)

    tab = open_tab("alice")
    tab.page.set_viewport_size({"width": 1366, "height": 900})
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="Officials").click()
    if removal == "link":
        page.locator("#span-details .relations button", has_text="Remove link").click()
    else:
        page.locator("#remove-span").click()
    tab.wait_saved()
    assert api.layer(doc)["relations"] == []
    page.locator("#text").focus()
    page.keyboard.press("Control+z")
    tab.wait_saved()
    relations = api.layer(doc)["relations"]
    assert len(relations) == 1 and relations[0]["id"] == first  # the same relation, put back
    assert relation_notes(api, doc) == [NOTE]
    # And the page knows it: the link's box shows it.
    page.locator("#text .seg--span", has_text="Officials").click()
    assert page.locator("#span-details .relation-note__box").input_value() == NOTE
    # Redone and undone again: still there.
    page.locator("#text").focus()
    page.keyboard.press("Control+Shift+z")
    tab.wait_saved()
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert relation_notes(api, doc) == [NOTE]


def test_a_links_note_written_saved_undone_and_read_again(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    linked(api, world.doc.id)

    tab = open_tab("alice")
    tab.page.set_viewport_size({"width": 1366, "height": 900})
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="the alliance").click()
    box = page.locator("#span-details .relation-note__box")
    assert box.count() == 1 and box.input_value() == ""
    # Named with its link, for a screen reader as for the eye.
    assert box.get_attribute("aria-label") == "Note on the link ATTRIBUTED_TO → SOURCE “Officials”"
    box.focus()
    page.keyboard.type("check the <b>quote</b>")
    page.keyboard.press("Shift+Enter")  # a new line, not a key of the workspace
    page.keyboard.type("see paragraph 3  ")
    state = page.locator("#span-details .relation-note__state")
    assert state.get_attribute("data-state") == "unsaved"
    page.keyboard.press("Control+Enter")  # saves, and goes back to the text
    wait_link_note_saved(page)
    assert relation_notes(api, doc) == [TAGGED]  # trimmed, as the server keeps it
    assert page.evaluate("document.activeElement.id") == "text"
    assert state.get_attribute("data-state") == "saved"
    page.screenshot(path=shot("relnote32-relation-note-1366.png"))

    # Undone from the text, as any change: the link has no note again; redone: back.
    assert page.get_attribute("#undo", "aria-label") == "Undo: ATTRIBUTED_TO link's note"
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert relation_notes(api, doc) == [None]
    assert box.input_value() == ""
    page.keyboard.press("Control+Shift+z")
    tab.wait_saved()
    assert relation_notes(api, doc) == [TAGGED]

    # Read again: the other end's panel shows the same note, as text (its tag never made).
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="Officials").click()
    assert box.input_value() == TAGGED
    assert page.locator("#span-details b").count() == 0

    # Emptied and left (a click on the text): the note is cleared.
    box.fill("   ")
    page.locator("#text .sent", has_text="alliance").click()
    wait_link_note_saved(page)
    assert relation_notes(api, doc) == [None]
    assert tab.errors == []


def test_a_links_note_written_by_touch_on_a_phone(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    linked(api, world.doc.id)

    tab = open_tab("alice", touch=True)
    tab.page.set_viewport_size(PHONE)
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="Officials").tap()
    box = page.locator("#span-details .relation-note__box")
    box.tap()
    box.fill("the minister?")
    page.locator("#text .sent", has_text="alliance").tap()  # leaving the box saves it
    wait_link_note_saved(page)
    assert relation_notes(api, doc) == ["the minister?"]
    page.locator("#text .seg--span", has_text="Officials").tap()
    assert box.input_value() == "the minister?"
    # Within the window, wide enough to write in, and its link's button beside it reachable.
    within_the_window(page.locator("#span-details .relations li"))
    assert 200 < box.bounding_box()["width"] <= PHONE["width"]
    assert box.bounding_box()["height"] >= 32  # a finger's target
    page.screenshot(path=shot("relnote32-relation-note-390.png"))
    assert tab.errors == []


@pytest.mark.parametrize("whose", ["another annotator's", "done"])
def test_a_layer_read_not_written_shows_the_links_note_as_text(
    make_world: Any, open_tab: Any, api_as: Any, whose: str
) -> None:
    world = make_world({"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    linked(api, world.doc.id, TAGGED)
    if whose == "done":
        api.write("PUT", f"/documents/{doc}/status", {"status": "done"})
        tab = open_tab("alice")
        path = f"/projects/demo/documents/{doc}"
    else:
        tab = open_tab("rita")
        path = f"/projects/demo/documents/{doc}?annotator=alice"
    page = tab.open(path)
    page.locator("#text .seg--span", has_text="the alliance").click()
    note = page.locator("#span-details .relations .relation-note__text")
    note.wait_for(timeout=5_000)
    assert note.inner_text() == TAGGED and note.locator("b").count() == 0
    assert page.locator("#span-details .relation-note__box").count() == 0
    if whose == "done":
        # Reopened, the box is there to write in.
        page.click("#mark-reopen")
        tab.wait_saved()
        box = page.locator("#span-details .relation-note__box")
        box.wait_for(timeout=5_000)
        assert box.input_value() == TAGGED


def test_a_links_note_typed_then_the_page_left_is_saved(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    linked(api, world.doc.id)

    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="the alliance").click()
    page.locator("#span-details .relation-note__box").focus()
    page.keyboard.type("check the quote")  # no blur, no Ctrl+Enter
    page.goto(tab.server.url + "/projects/demo")
    for _ in range(50):  # the keepalive request may land just after the page is gone
        if relation_notes(api, doc) != [None]:
            break
        time.sleep(0.1)
    assert relation_notes(api, doc) == ["check the quote"]
