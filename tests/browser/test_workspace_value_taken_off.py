"""A value's key sets the value; pressed again it keeps it and says so. Taking a value off
is its own act: the × beside the value, Delete on the value's button, or Shift+Delete for
the active field; each says what it took off and how to put it back, and Ctrl+Z does.

Found by a review: alice came back to sentence 3, pressed `a` to make sure it was AGAINST,
and got "stance AGAINST taken off sentence 3": a second press took the value off (as a
double click once did), so pressing again to confirm undid what was meant.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.browser.browser_helpers import SHOTS
from tests.browser.workspace_keys import announced, notice, open_workspace
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server


def test_a_second_press_keeps_the_value_and_says_it_is_already_set(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as)
    page = ws.page
    ws.press("a")
    assert ws.values() == [(0, "stance", "AGAINST")]
    assert announced(page) == "stance AGAINST set on sentence 1."
    ws.press("a")
    assert ws.values() == [(0, "stance", "AGAINST")]
    said = notice(page)
    assert said.startswith("stance is already AGAINST on sentence 1. To take it off: ")
    assert "× under Sentence" in said
    assert page.text_content("#notice-said") == said  # heard, and the last write's words gone
    assert announced(page) == ""
    # The value's button pressed again (a click) keeps it too, and nothing went to the undo.
    page.click("#sentence-fields button.value[data-focus='value:stance:AGAINST']")
    ws.tab.wait_saved()
    assert ws.values() == [(0, "stance", "AGAINST")]
    assert page.get_attribute("#undo", "title").startswith("Undo: stance AGAINST on sentence 1")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "value-kept.png"))


def test_the_values_cross_takes_it_off_and_ctrl_z_puts_it_back(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as)
    page = ws.page
    page.keyboard.press("a")
    cross = page.get_by_role("button", name="Take stance AGAINST off sentence 1")
    assert cross.inner_text() == "×"
    cross.click()
    ws.tab.wait_saved()
    assert ws.values() == []
    assert notice(page) == "stance AGAINST taken off sentence 1 (Ctrl+Z puts it back)."
    assert announced(page) == "stance AGAINST taken off sentence 1."
    assert page.text_content("#notice-said") == ""  # said once, by #announce
    assert page.locator("#sentence-fields .value-off").count() == 0
    ws.press("Control+z")
    assert ws.values() == [(0, "stance", "AGAINST")]


def test_delete_on_the_value_and_shift_delete_take_it_off(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as)
    page = ws.page
    # stance FAVOR (by its key, whichever field is active), then the active field,
    # checkworthiness: UNIMPORTANT_FACTUAL.
    ws.press("f", "2")
    assert len(ws.values()) == 2
    # Delete with the value's button focused: that value only.
    page.focus("#sentence-fields button.value[data-focus='value:stance:FAVOR']")
    ws.press("Delete")
    assert ws.values() == [(0, "checkworthiness", "UNIMPORTANT_FACTUAL")]
    assert announced(page) == "stance FAVOR taken off sentence 1."
    # Shift+Delete from the text: the active field's value.
    page.focus("#text")
    ws.press("Shift+Delete")
    assert ws.values() == []
    assert announced(page) == "checkworthiness UNIMPORTANT_FACTUAL taken off sentence 1."
    page.keyboard.press("Shift+Delete")  # nothing left: said, nothing written
    assert notice(page) == "checkworthiness has no value on sentence 1: nothing to take off."
    # Delete with nothing selected still removes nothing.
    ws.press("f", "Delete")
    assert ws.values() == [(0, "stance", "FAVOR")]
    assert notice(page).startswith("Nothing selected to remove")


def test_a_field_that_takes_many_adds_a_value_and_keeps_it(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["sentence_labels"].append(
        {"name": "topic", "values": ["ECONOMY", "WAR"], "multiple": True, "keys": ["e", "w"]}
    )
    ws = open_workspace(make_world, open_tab, api_as, schema=schema)
    page = ws.page
    ws.press("w", "e")
    assert ws.values() == [(0, "topic", ["ECONOMY", "WAR"])]
    assert announced(page) == "topic ECONOMY added on sentence 1: now ECONOMY, WAR."
    ws.press("w")
    assert ws.values() == [(0, "topic", ["ECONOMY", "WAR"])]
    assert notice(page).startswith("topic already has WAR on sentence 1.")
    page.get_by_role("button", name="Take topic WAR off sentence 1").click()
    ws.tab.wait_saved()
    assert ws.values() == [(0, "topic", ["ECONOMY"])]
    ws.press("Control+z")
    assert ws.values() == [(0, "topic", ["ECONOMY", "WAR"])]


def test_the_key_help_says_what_a_second_press_does_and_how_to_take_a_value_off(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    page = open_workspace(make_world, open_tab, api_as).page
    page.keyboard.press("?")
    help_text = page.inner_text("#help-keys")
    assert "stance: AGAINST on the current sentence (again: kept, and said so;" in help_text
    assert "again: clear it" not in help_text
    assert "take the active field's value off the current sentence" in help_text


def test_on_a_touch_screen_the_way_back_is_the_undo_button(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as, touch=True)
    page = ws.page
    ws.press("f", "f")
    assert notice(page) == (
        "stance is already FAVOR on sentence 1. To take it off: its × under Sentence."
    )
    page.get_by_role("button", name="Take stance FAVOR off sentence 1").click()
    ws.tab.wait_saved()
    assert notice(page) == "stance FAVOR taken off sentence 1 (the Undo button ↶ puts it back)."
    assert ws.values() == []


def test_the_cross_pressed_by_key_hands_the_focus_to_its_value(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as)
    page = ws.page
    page.keyboard.press("n")
    page.get_by_role("button", name="Take stance NONE off sentence 1").focus()
    ws.press("Enter")
    assert ws.values() == []
    focused = page.evaluate(
        "() => [document.activeElement.dataset.focus, document.activeElement.ariaPressed]"
    )
    assert focused == ["value:stance:NONE", "false"]
