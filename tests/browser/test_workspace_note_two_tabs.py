"""Two tabs on one document: the document note is not silently overwritten, nor lost.

The note was last-writer-wins: tab B, opened before tab A saved a note, replaced it with no
word. The note now carries its version: B's save is refused. Reloading, as for a stale span,
would throw B's typed text away, so the note box shows the note saved elsewhere beside B's
text and B chooses: keep its own (sent over the stored version) or use the saved one.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


def _type_note(page: Any, text: str) -> None:
    page.fill("#note-text", text)
    page.locator("#note-text").blur()  # the box saves when it loses focus


def _wait_state(page: Any, state: str) -> None:
    page.wait_for_function(
        "(state) => document.getElementById('note-state').dataset.state === state",
        arg=state,
        timeout=10_000,
    )


def _stored(api: Any, document_id: int) -> tuple[str, int]:
    (note,) = api.get(f"/documents/{document_id}/notes")["notes"]
    return note["note"], note["version"]


def test_a_note_saved_in_another_tab_is_kept_or_replaced_by_choice(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    url = f"/projects/demo/documents/{world.doc.id}"
    api = api_as(world.tokens["alice"])
    first, second = open_tab("alice"), open_tab("alice")
    page_a, page_b = first.open(url), second.open(url)  # both read no note
    _type_note(page_a, "Which officials?")
    _wait_state(page_a, "saved")

    # B's save is refused: B sees both notes, its own text still in the box.
    _type_note(page_b, "Check the ministry.")
    conflict = page_b.locator("#note-conflict")
    conflict.wait_for(state="visible", timeout=10_000)
    assert "saved in another tab or window since" in conflict.inner_text()
    assert "Not saved: your note on this document is stale" in page_b.inner_text("#note-state")
    assert page_b.inner_text("#note-conflict-stored") == "Which officials?"
    assert page_b.input_value("#note-text") == "Check the ministry."
    assert page_b.get_attribute("#note-state", "data-state") == "failed"
    assert page_b.locator("#stale").is_hidden()  # no Reload that would lose the text
    assert _stored(api, world.doc.id) == ("Which officials?", 1)

    # B keeps its own: it replaces A's, and the panel goes.
    page_b.click("#note-keep-mine")
    _wait_state(page_b, "saved")
    assert page_b.locator("#note-conflict").count() == 0
    assert _stored(api, world.doc.id) == ("Check the ministry.", 2)
    # B goes on saving over its own version.
    _type_note(page_b, "Check the ministry. Twice.")
    _wait_state(page_b, "saved")
    assert _stored(api, world.doc.id) == ("Check the ministry. Twice.", 3)

    # A, behind now, is refused in turn and takes the saved note instead of its own.
    _type_note(page_a, "Which officials? The ministry's?")
    page_a.locator("#note-conflict").wait_for(state="visible", timeout=10_000)
    assert page_a.inner_text("#note-conflict-stored") == "Check the ministry. Twice."
    page_a.click("#note-take-stored")
    _wait_state(page_a, "saved")
    assert page_a.input_value("#note-text") == "Check the ministry. Twice."
    assert _stored(api, world.doc.id) == ("Check the ministry. Twice.", 3)  # nothing sent
    # And saves from there, over the version it took.
    _type_note(page_a, "Settled.")
    _wait_state(page_a, "saved")
    assert _stored(api, world.doc.id) == ("Settled.", 4)


def test_a_conflict_whose_saved_note_cannot_be_read_offers_reload_not_an_empty_note(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """Reading the note saved elsewhere failed: the panel showed "(no note)" and "Use the saved
    note" emptied the box over the other tab's note, never shown. It now says the note could
    not be read and offers Reload (the typed text comes back from the tab's draft)."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    url = f"/projects/demo/documents/{world.doc.id}"
    api = api_as(world.tokens["alice"])
    tab_b = open_tab("alice")
    page_a, page_b = open_tab("alice").open(url), tab_b.open(url)
    _type_note(page_a, "Which officials?")
    _wait_state(page_a, "saved")
    page_b.route("**/notes", lambda route: route.fulfill(status=503, body="{}"))
    _type_note(page_b, "Check the ministry.")
    page_b.locator("#note-conflict").wait_for(state="visible", timeout=10_000)
    assert "could not be read" in page_b.inner_text("#note-conflict-stored")
    assert page_b.locator("#note-take-stored").count() == 0
    page_b.unroute("**/notes")
    with page_b.expect_navigation():
        page_b.click("#note-conflict-reload")
    page_b.wait_for_selector("#workspace[data-ready='true']")
    # The typed text is back, refused again over the version it was typed on, and the
    # saved note is shown this time.
    assert page_b.input_value("#note-text") == "Check the ministry."
    page_b.locator("#note-take-stored").wait_for(timeout=10_000)
    assert page_b.inner_text("#note-conflict-stored") == "Which officials?"
    page_b.click("#note-keep-mine")
    _wait_state(page_b, "saved")
    assert _stored(api, world.doc.id) == ("Check the ministry.", 2)
    # The browser's line for the answer the test made fail is not the page's error.
    tab_b.errors[:] = [e for e in tab_b.errors if "503" not in e]
