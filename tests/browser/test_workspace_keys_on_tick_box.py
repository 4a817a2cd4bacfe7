"""The workspace's keys act on a focused tick box, as on a button.

Found by a review: a document note written, Tab (the focus lands on "Unsure about this
document"), then Ctrl+Enter did nothing at all: the keys were left to any focused input, as
if it took typing, and a tick box takes only Space. The document stayed unfinished.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed."


def test_ctrl_enter_after_the_document_note_marks_done(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.fill("#note-text", "check the ministry's statement")
    page.focus("#note-text")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "note-unsure"
    page.keyboard.press("Space")  # the tick box's own key still ticks it
    assert page.is_checked("#note-unsure")
    page.keyboard.press("Control+Enter")
    tab.wait_saved()
    api = api_as(world.tokens["alice"])
    page.wait_for_function("() => document.getElementById('doc-status').textContent === 'Done'")
    assert api.layer(world.doc.id)["status"] == "done"
    (note,) = api.get(f"/documents/{world.doc.id}/notes")["notes"]
    assert (note["note"], note["unsure"]) == ("check the ministry's statement", True)


def test_a_text_box_keeps_its_keys(make_world: Any, open_tab: Any, api_as: Any) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#note-text")
    page.keyboard.type("c")  # a label key, typed into the note: no span
    tab.wait_saved()
    assert page.input_value("#note-text") == "c"
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["spans"] == []
