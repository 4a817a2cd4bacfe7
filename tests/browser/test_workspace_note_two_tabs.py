"""Two tabs on one document: the document note is not silently overwritten.

The note was last-writer-wins: tab B, opened before tab A saved a note, replaced it with no
word, while a span edited in two tabs got a 409 and the stale notice. The note now carries
its version: B's save is refused and B shows the same notice, with its Reload.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


def _type_note(page: Any, text: str) -> None:
    page.fill("#note-text", text)
    page.locator("#note-text").blur()  # the box saves when it loses focus


def _wait_saved(page: Any) -> None:
    page.wait_for_function("() => document.getElementById('note-state').dataset.state === 'saved'")


def test_a_note_saved_in_another_tab_since_is_not_overwritten(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    url = f"/projects/demo/documents/{world.doc.id}"
    first, second = open_tab("alice"), open_tab("alice")
    page_a, page_b = first.open(url), second.open(url)  # both read no note
    _type_note(page_a, "Which officials?")
    _wait_saved(page_a)
    assert page_b.locator("#stale").is_hidden()
    _type_note(page_b, "Check the ministry.")
    stale = page_b.locator("#stale")
    stale.wait_for(state="visible")
    assert "Not saved: your note on this document is stale" in stale.inner_text()
    assert page_b.get_attribute("#note-state", "data-state") == "failed"
    api = api_as(world.tokens["alice"])
    (note,) = api.get(f"/documents/{world.doc.id}/notes")["notes"]
    assert note["note"] == "Which officials?"
    # The tab that saved goes on saving: it follows its own version.
    _type_note(page_a, "Which officials? The ministry's?")
    _wait_saved(page_a)
    # Reload shows the note as stored, and a save from there is taken.
    with page_b.expect_navigation():
        page_b.click("#stale-reload")
    page_b.wait_for_selector("#workspace[data-ready='true']")
    assert page_b.input_value("#note-text") == "Which officials? The ministry's?"
    _type_note(page_b, "Settled.")
    _wait_saved(page_b)
    (note,) = api.get(f"/documents/{world.doc.id}/notes")["notes"]
    assert (note["note"], note["version"]) == ("Settled.", 3)
