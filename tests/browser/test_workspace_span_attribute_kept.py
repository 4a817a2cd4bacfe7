"""A digit sets the selected span's attribute value; pressed again it keeps it and says so.
Taking a value off is its own act, as for sentence values: the value's × in the span's
panel, or Delete on the value's button there (Delete on the text removes the span itself).

Found by a review of keys38: pressing 1 three times said "claimer REPORTED set on the CLAIM
span", then "...taken off...", then "...set on..."; a digit past the span's choices set a
sentence value; Delete on a sentence value's button kept its meaning after `j` or a span's
selection; and Undo after Shift+Delete did not say what came back.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.workspace_keys import announced, notice, open_workspace

pytestmark = pytest.mark.server


def test_a_digit_sets_the_attribute_and_again_keeps_it(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as, claim=True)
    page = ws.page
    ws.select_claim()
    ws.press("1")
    assert announced(page) == "claimer REPORTED set on the CLAIM span."
    for _ in range(2):
        ws.press("1")
        assert ws.spans() == [("CLAIM", {"claimer": "REPORTED"})]
        said = notice(page)
        assert said.startswith("claimer is already REPORTED on the CLAIM span. To take it off: ")
        assert "× under Selected span" in said
    # The other value replaces it (a single-valued attribute).
    ws.press("2")
    assert ws.spans() == [("CLAIM", {"claimer": "JOURNALIST"})]


def test_the_attributes_cross_or_delete_on_its_button_takes_it_off(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as, claim=True)
    page = ws.page
    ws.select_claim()
    page.keyboard.press("2")
    cross = page.get_by_role("button", name="Take claimer JOURNALIST off the CLAIM span")
    assert cross.inner_text() == "×"
    cross.click()
    ws.tab.wait_saved()
    assert ws.spans() == [("CLAIM", {})]
    assert notice(page) == "claimer JOURNALIST taken off the CLAIM span (Ctrl+Z puts it back)."
    ws.press("Control+z")
    assert ws.spans() == [("CLAIM", {"claimer": "JOURNALIST"})]
    # Delete on the value's button: that value off, the span stays, the focus back on the text.
    page.focus("#span-details button.attr[data-focus='attr:claimer:JOURNALIST']")
    ws.press("Delete")
    assert ws.spans() == [("CLAIM", {})]
    assert page.evaluate("() => document.activeElement.id") == "text"
    # Delete on the text now removes the span, as the help says.
    ws.press("Delete")
    assert ws.spans() == []


def test_a_digit_past_the_spans_choices_does_nothing_and_says_why(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as, claim=True)
    ws.select_claim()
    ws.press("3")
    assert (ws.spans(), ws.values()) == ([("CLAIM", {})], [])
    assert notice(ws.page) == (
        "CLAIM has 2 choices: no choice 3 (Esc, then 3, for a sentence value)."
    )


def test_delete_after_a_value_taken_off_by_key_acts_on_the_selection(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as, claim=True)
    page = ws.page
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.focus("#sentence-fields button.value[data-focus='value:stance:AGAINST']")
    ws.press("Delete")
    assert ws.values() == []
    assert page.evaluate("() => document.activeElement.id") == "text"
    # The value's button focused again, then j: the focus goes back to the text.
    page.keyboard.press("a")
    page.focus("#sentence-fields button.value[data-focus='value:stance:AGAINST']")
    page.keyboard.press("k")
    assert page.evaluate("() => document.activeElement.id") == "text"
    # A span selected while a value's button has the focus: the focus follows the selection
    # to the text, and Delete removes the span (test_workspace_keys_follow_the_selection).
    page.focus("#sentence-fields button.value[data-focus='value:stance:FAVOR']")
    ws.select_claim()
    assert page.evaluate("() => document.activeElement.id") == "text"
    ws.press("Delete")
    assert (ws.spans(), ws.values()) == ([], [(1, "stance", "AGAINST")])
    assert announced(page) == "CLAIM span removed: “the border was closed”"


def test_undo_after_shift_delete_says_what_came_back(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as)
    ws.press("j", "a", "0", "Shift+Delete")  # 0: stance the active field
    assert ws.values() == []
    ws.press("Control+z")
    assert ws.values() == [(1, "stance", "AGAINST")]
    assert notice(ws.page) == "stance AGAINST back on sentence 2 (Ctrl+Shift+Z redoes it)."


def test_the_key_help_says_how_an_attribute_comes_off(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    page = open_workspace(make_world, open_tab, api_as).page
    page.keyboard.press("?")
    help_text = page.inner_text("#help-keys")
    assert "toggle its attribute" not in help_text
    assert "with a span selected: set its attribute value (again: kept, and said so;" in help_text
    assert "Delete on an attribute's button under Selected span" in help_text
