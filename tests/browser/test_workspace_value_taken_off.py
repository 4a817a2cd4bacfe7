"""A second press of a sentence value's key takes the value off, and says so.

Found by a review: `a` then `a` again (or a double click on a value already set) cleared the
stance with no word: people read it as nothing having happened. The notice names the value
taken off, the sentence, and how to put it back.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


def _notice(page: Any) -> str:
    return page.evaluate("() => document.getElementById('notice').textContent")


def test_a_second_press_takes_the_value_off_and_says_how_to_put_it_back(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("a")
    tab.wait_saved()
    labels = api.layer(world.doc.id)["sentence_labels"]
    assert [(x["sentence"], x["name"], x["value"]) for x in labels] == [(0, "stance", "AGAINST")]
    assert "taken off" not in _notice(page)
    page.keyboard.press("a")
    tab.wait_saved()
    assert api.layer(world.doc.id)["sentence_labels"] == []
    assert _notice(page) == "stance AGAINST taken off sentence 1 (Ctrl+Z puts it back)."
    page.keyboard.press("Control+z")
    tab.wait_saved()
    labels = api.layer(world.doc.id)["sentence_labels"]
    assert [x["value"] for x in labels] == ["AGAINST"]


def test_on_a_touch_screen_the_undo_button_is_named(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice", touch=True)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("f")
    page.keyboard.press("f")
    tab.wait_saved()
    assert _notice(page) == "stance FAVOR taken off sentence 1 (the Undo button ↶ puts it back)."
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["sentence_labels"] == []
