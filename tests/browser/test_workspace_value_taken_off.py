"""A value's key sets the value; pressed again it keeps it and says so. Taking a value off
is its own act: the × beside the value, Delete on the value's button, or Shift+Delete for
the active field; each says what it took off and how to put it back, and Ctrl+Z does.

Found by a review: alice came back to sentence 3, pressed `a` to make sure it was AGAINST,
and got "stance AGAINST taken off sentence 3": a second press took the value off (as a
double click once did), so pressing again to confirm undid what was meant.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."
SHOTS = Path("/tmp/keys38")


def _notice(page: Any) -> str:
    return page.evaluate("() => document.getElementById('notice').textContent")


def _announced(page: Any) -> str:
    return page.text_content("#announce")


def _values(api: Any, doc: int) -> list[tuple[int, str, Any]]:
    labels = api.layer(doc)["sentence_labels"]
    return sorted((x["sentence"], x["name"], x["value"]) for x in labels)


def test_a_second_press_keeps_the_value_and_says_it_is_already_set(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("a")
    tab.wait_saved()
    assert _values(api, world.doc.id) == [(0, "stance", "AGAINST")]
    assert _announced(page) == "stance AGAINST set on sentence 1."
    page.keyboard.press("a")
    tab.wait_saved()
    assert _values(api, world.doc.id) == [(0, "stance", "AGAINST")]
    said = _notice(page)
    assert said.startswith("stance is already AGAINST on sentence 1. To take it off: ")
    assert "× under Sentence" in said
    assert page.text_content("#notice-said") == said  # heard, and the last write's words gone
    assert _announced(page) == ""
    # The value's button pressed again (a click) keeps it too, and nothing went to the undo.
    page.click("#sentence-fields button.value[data-focus='value:stance:AGAINST']")
    tab.wait_saved()
    assert _values(api, world.doc.id) == [(0, "stance", "AGAINST")]
    assert page.get_attribute("#undo", "title").startswith("Undo: stance AGAINST on sentence 1")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "value-kept.png"))


def test_the_values_cross_takes_it_off_and_ctrl_z_puts_it_back(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("a")
    cross = page.get_by_role("button", name="Take stance AGAINST off sentence 1")
    assert cross.inner_text() == "×"
    cross.click()
    tab.wait_saved()
    assert _values(api, world.doc.id) == []
    assert _notice(page) == "stance AGAINST taken off sentence 1 (Ctrl+Z puts it back)."
    assert _announced(page) == "stance AGAINST taken off sentence 1."
    assert page.text_content("#notice-said") == ""  # said once, by #announce
    assert page.locator("#sentence-fields .value-off").count() == 0
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert _values(api, world.doc.id) == [(0, "stance", "AGAINST")]


def test_delete_on_the_value_and_shift_delete_take_it_off(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("f")  # stance FAVOR (by its key, whichever field is active)
    page.keyboard.press("2")  # the active field, checkworthiness: UNIMPORTANT_FACTUAL
    tab.wait_saved()
    assert len(_values(api, world.doc.id)) == 2
    # Delete with the value's button focused: that value only.
    page.focus("#sentence-fields button.value[data-focus='value:stance:FAVOR']")
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert _values(api, world.doc.id) == [(0, "checkworthiness", "UNIMPORTANT_FACTUAL")]
    assert _announced(page) == "stance FAVOR taken off sentence 1."
    # Shift+Delete from the text: the active field's value.
    page.focus("#text")
    page.keyboard.press("Shift+Delete")
    tab.wait_saved()
    assert _values(api, world.doc.id) == []
    assert _announced(page) == "checkworthiness UNIMPORTANT_FACTUAL taken off sentence 1."
    page.keyboard.press("Shift+Delete")  # nothing left: said, nothing written
    assert _notice(page) == "checkworthiness has no value on sentence 1: nothing to take off."
    # Delete with nothing selected still removes nothing.
    page.keyboard.press("f")
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert _values(api, world.doc.id) == [(0, "stance", "FAVOR")]
    assert _notice(page).startswith("Nothing selected to remove")


def test_a_field_that_takes_many_adds_a_value_and_keeps_it(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["sentence_labels"].append(
        {"name": "topic", "values": ["ECONOMY", "WAR"], "multiple": True, "keys": ["e", "w"]}
    )
    world = make_world({"alice": "annotator"}, schema=schema, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("w")
    page.keyboard.press("e")
    tab.wait_saved()
    assert _values(api, world.doc.id) == [(0, "topic", ["ECONOMY", "WAR"])]
    assert _announced(page) == "topic ECONOMY added on sentence 1: now ECONOMY, WAR."
    page.keyboard.press("w")
    tab.wait_saved()
    assert _values(api, world.doc.id) == [(0, "topic", ["ECONOMY", "WAR"])]
    assert _notice(page).startswith("topic already has WAR on sentence 1.")
    page.get_by_role("button", name="Take topic WAR off sentence 1").click()
    tab.wait_saved()
    assert _values(api, world.doc.id) == [(0, "topic", ["ECONOMY"])]
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert _values(api, world.doc.id) == [(0, "topic", ["ECONOMY", "WAR"])]


def test_the_key_help_says_what_a_second_press_does_and_how_to_take_a_value_off(
    make_world: Any, open_tab: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("?")
    help_text = page.inner_text("#help-keys")
    assert "stance: AGAINST on the current sentence (again: kept, and said so)" in help_text
    assert "again: clear it" not in help_text
    assert "take the active field's value off the current sentence" in help_text


def test_on_a_touch_screen_the_way_back_is_the_undo_button(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice", touch=True)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("f")
    page.keyboard.press("f")
    tab.wait_saved()
    assert _notice(page) == (
        "stance is already FAVOR on sentence 1. To take it off: its × under Sentence."
    )
    page.get_by_role("button", name="Take stance FAVOR off sentence 1").click()
    tab.wait_saved()
    assert _notice(page) == "stance FAVOR taken off sentence 1 (the Undo button ↶ puts it back)."
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["sentence_labels"] == []


def test_the_cross_pressed_by_key_hands_the_focus_to_its_value(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("n")
    page.get_by_role("button", name="Take stance NONE off sentence 1").focus()
    page.keyboard.press("Enter")
    tab.wait_saved()
    assert _values(api, world.doc.id) == []
    focused = page.evaluate(
        "() => [document.activeElement.dataset.focus, document.activeElement.ariaPressed]"
    )
    assert focused == ["value:stance:NONE", "false"]
