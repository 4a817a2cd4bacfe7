"""The document's labels a key away, and the workspace's keys from their lists.

Ctrl+Enter did nothing with the focus on a document field's list (the keys took a select for
a text box), and the document's labels were 24 Tabs from the text. Now `g` focuses the first
document field and Esc goes back; from a list Ctrl+Enter marks the document done and Ctrl+Z /
Ctrl+Shift+Z undo and redo, while its letters still choose its value."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

TEXT = "The border was closed. Trade fell. Prices rose."


def _focused(page: Any) -> str:
    return page.evaluate("() => document.activeElement.id")  # type: ignore[no-any-return]


def _genre(api: Any, doc: int) -> list[str]:
    return [label["value"] for label in api.layer(doc)["document_labels"]]


def test_g_reaches_the_document_labels_and_the_keys_act_from_a_list(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("g")
    assert _focused(page) == "doc-label-genre"
    # A letter is the list's: `n` (NONE for the sentence's stance, on the text) chooses NEWS.
    page.keyboard.press("n")
    tab.wait_saved()
    assert page.input_value("#doc-label-genre") == "NEWS"
    assert _genre(api, world.doc.id) == ["NEWS"]
    assert api.layer(world.doc.id)["sentence_labels"] == []
    assert _focused(page) == "doc-label-genre"
    # Undo and redo from the list.
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert _genre(api, world.doc.id) == []
    page.keyboard.press("Control+Shift+z")
    tab.wait_saved()
    assert _genre(api, world.doc.id) == ["NEWS"]
    # Esc: back to the text, where the keys are the workspace's again.
    page.keyboard.press("Escape")
    assert _focused(page) == "text"
    page.keyboard.press("g")
    assert _focused(page) == "doc-label-genre"
    page.keyboard.press("Control+Enter")
    tab.wait_saved()
    page.wait_for_function(
        "() => document.getElementById('doc-status').textContent.trim() === 'Done'"
    )
    (row,) = api.get("/projects/demo/documents")["documents"]
    assert row["status"] == "done"
    assert tab.errors == []


def test_g_and_esc_with_a_document_field_of_tick_boxes(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """A field that takes many values is tick boxes: `g` reaches the first, Esc comes back."""
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["document_labels"] = [
        {"name": "topics", "values": ["WAR", "TRADE", "ENERGY"], "multiple": True}
    ]
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"), schema=schema)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("g")
    assert page.evaluate("() => document.activeElement.value") == "WAR"
    page.keyboard.press("Space")
    tab.wait_saved()
    layer = api_as(world.tokens["alice"]).layer(world.doc.id)
    assert layer["document_labels"] == [{"name": "topics", "value": ["WAR"]}]
    page.keyboard.press("Escape")
    assert _focused(page) == "text"
    assert tab.errors == []
