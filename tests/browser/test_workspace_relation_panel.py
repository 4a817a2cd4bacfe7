"""A relation selected by its arc shows its panel: its ends, its type and its note.

Found by users: a relation picked by a click on its arc (or Tab to it) showed nothing but the
arc lit up; its note was only in the link list of an end's span panel. Selected by its arc,
the relation now has a panel of its own (Selected relation): its type, its two ends with
their words, and its note, in a box saved as a link's note is where the layer is open,
read-only where it is marked done (as the span's note box is), as text where the layer is
another's; and Remove link beside it, as Delete does.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, within_the_window
from tests.browser.relation_world import TEXT, linked, relation_notes, wait_link_note_saved

pytestmark = pytest.mark.server

NOTE = "check the <b>quote</b>"


def _arc(page: Any) -> Any:
    arc = page.locator("#text .arc[role='button']", has_text="ATTRIBUTED_TO").locator(".arc__tag")
    arc.wait_for(timeout=5_000)
    return arc


def test_an_arc_clicked_shows_its_ends_type_and_note_written_there(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    linked(api, doc, NOTE)

    tab = open_tab("alice")
    tab.page.set_viewport_size({"width": 1366, "height": 900})
    page = tab.open(f"/projects/demo/documents/{doc}")
    panel = page.locator("#relation-panel")
    assert panel.is_hidden()
    _arc(page).click()
    assert panel.is_visible()
    details = panel.locator("#relation-details")
    assert details.locator(".relation-panel__type").inner_text() == "ATTRIBUTED_TO"
    ends = details.locator(".relation-panel__end")
    assert ends.locator("strong").all_inner_texts() == ["CLAIM", "SOURCE"]
    claim = "the alliance would raise its target"
    assert ends.locator("q").all_inner_texts() == [claim, "Officials"]
    box = details.locator(".relation-note__box")
    assert box.input_value() == NOTE  # escaped: text, no tag made
    assert details.locator("b").count() == 0
    named = f"ATTRIBUTED_TO: CLAIM “{claim}” → SOURCE “Officials”"
    assert box.get_attribute("aria-label") == f"Note on the link {named}"
    # Written there and saved as a link's note is (Ctrl+Enter: saved, back to the text),
    # the relation still selected.
    box.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("the minister, not officials")
    page.keyboard.press("Control+Enter")
    wait_link_note_saved(page)
    assert relation_notes(api, doc) == ["the minister, not officials"]
    assert page.evaluate("document.activeElement.id") == "text"
    assert panel.is_visible()
    assert details.locator(".relation-note__state").get_attribute("data-state") == "saved"
    # Ctrl+Z takes the note back, as any edit.
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert relation_notes(api, doc) == [NOTE]
    assert box.input_value() == NOTE

    # A click on the text elsewhere deselects it; the span panel shows instead.
    page.locator("#text .seg--span", has_text="Officials").click()
    assert panel.is_hidden() and page.locator("#span-panel").is_visible()

    # Removed from its panel: the link goes, its spans stay.
    _arc(page).click()
    details.get_by_role("button", name="Remove link").click()
    tab.wait_saved()
    assert api.layer(doc)["relations"] == [] and len(api.layer(doc)["spans"]) == 2
    assert panel.is_hidden()
    assert tab.errors == []


def test_delete_on_an_arc_selected_by_tab_still_removes_it(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    linked(api, doc)

    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    _arc(page)
    page.locator("#text").focus()
    page.keyboard.press("Tab")
    assert page.locator("#relation-panel").is_visible()
    assert page.locator("#relation-details .relation-note__box").input_value() == ""
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert api.layer(doc)["relations"] == []
    assert page.locator("#relation-panel").is_hidden()
    assert tab.errors == []


def test_tab_goes_on_from_the_arc_to_its_panels_note_the_relation_staying_selected(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """A keyboard's way to the note: Tab from the arc passes the span labels and reaches the
    panel's box; the relation stays selected on the way, its panel shown."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    linked(api, doc)

    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    _arc(page)
    page.locator("#text").focus()
    page.keyboard.press("Tab")  # the arc
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.locator("#relation-panel").is_visible()
        if page.evaluate("document.activeElement.classList.contains('relation-note__box')"):
            break
    else:
        raise AssertionError("Tab never reached the relation's note")
    page.keyboard.type("check the quote")
    page.keyboard.press("Control+Enter")
    wait_link_note_saved(page)
    assert relation_notes(api, doc) == ["check the quote"]
    assert tab.errors == []


def test_a_done_layer_shows_the_note_read_only_until_reopened(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    linked(api, doc, NOTE)
    api.write("PUT", f"/documents/{doc}/status", {"status": "done"})

    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    _arc(page).click()
    box = page.locator("#relation-details .relation-note__box")
    assert box.input_value() == NOTE
    assert box.get_attribute("readonly") is not None
    box.click()
    page.keyboard.type("more")
    assert box.input_value() == NOTE
    assert relation_notes(api, doc) == [NOTE]
    page.click("#mark-reopen")
    tab.wait_saved()
    _arc(page).click()
    assert page.locator("#relation-details .relation-note__box").get_attribute("readonly") is None
    assert tab.errors == []


def test_another_annotators_layer_shows_the_note_as_text(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    linked(api, doc, NOTE)

    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/documents/{doc}?annotator=alice")
    _arc(page).click()
    details = page.locator("#relation-details")
    assert details.locator(".relation-note__text").inner_text() == NOTE
    assert details.locator("textarea, button").count() == 0
    assert tab.errors == []


def test_an_arc_tapped_on_a_phone_shows_its_panel_in_the_window(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    linked(api, doc)

    tab = open_tab("alice", touch=True)
    tab.page.set_viewport_size(PHONE)
    page = tab.open(f"/projects/demo/documents/{doc}")
    _arc(page).tap()
    panel = page.locator("#relation-panel")
    assert panel.is_visible()
    within_the_window(panel)
    box = panel.locator(".relation-note__box")
    box.tap()
    box.fill("the minister?")
    page.locator("#text .sent", has_text="alliance").tap()  # leaving the box saves it
    wait_link_note_saved(page)
    assert relation_notes(api, doc) == ["the minister?"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert tab.errors == []
