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

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


def _notice(page: Any) -> str:
    return page.evaluate("() => document.getElementById('notice').textContent")


def _announced(page: Any) -> str:
    return page.text_content("#announce")


def _layer(api: Any, doc: int) -> tuple[list[tuple[str, dict]], list[tuple[int, str, Any]]]:
    layer = api.layer(doc)
    spans = sorted((s["label"], s["attributes"]) for s in layer["spans"])
    labels = sorted((x["sentence"], x["name"], x["value"]) for x in layer["sentence_labels"])
    return spans, labels


def _claim(api: Any, world: Any) -> None:
    start = TEXT.index("the border was closed")
    api.write(
        "POST",
        f"/documents/{world.doc.id}/spans",
        {"label": "CLAIM", "start": start, "end": start + len("the border was closed")},
    )


def _open_with_claim_selected(world: Any, open_tab: Any) -> tuple[Any, Any]:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.locator("#text .seg--span", has_text="the border was closed").first.click()
    return tab, page


def test_a_digit_sets_the_attribute_and_again_keeps_it(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    _claim(api, world)
    tab, page = _open_with_claim_selected(world, open_tab)
    page.keyboard.press("1")
    tab.wait_saved()
    assert _announced(page) == "claimer REPORTED set on the CLAIM span."
    for _ in range(2):
        page.keyboard.press("1")
        tab.wait_saved()
        assert _layer(api, world.doc.id)[0] == [("CLAIM", {"claimer": "REPORTED"})]
        said = _notice(page)
        assert said.startswith("claimer is already REPORTED on the CLAIM span. To take it off: ")
        assert "× under Selected span" in said
    # The other value replaces it (a single-valued attribute).
    page.keyboard.press("2")
    tab.wait_saved()
    assert _layer(api, world.doc.id)[0] == [("CLAIM", {"claimer": "JOURNALIST"})]


def test_the_attributes_cross_or_delete_on_its_button_takes_it_off(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    _claim(api, world)
    tab, page = _open_with_claim_selected(world, open_tab)
    page.keyboard.press("2")
    cross = page.get_by_role("button", name="Take claimer JOURNALIST off the CLAIM span")
    assert cross.inner_text() == "×"
    cross.click()
    tab.wait_saved()
    assert _layer(api, world.doc.id)[0] == [("CLAIM", {})]
    assert _notice(page) == "claimer JOURNALIST taken off the CLAIM span (Ctrl+Z puts it back)."
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert _layer(api, world.doc.id)[0] == [("CLAIM", {"claimer": "JOURNALIST"})]
    # Delete on the value's button: that value off, the span stays, the focus back on the text.
    page.focus("#span-details button.attr[data-focus='attr:claimer:JOURNALIST']")
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert _layer(api, world.doc.id)[0] == [("CLAIM", {})]
    assert page.evaluate("() => document.activeElement.id") == "text"
    # Delete on the text now removes the span, as the help says.
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert _layer(api, world.doc.id)[0] == []


def test_a_digit_past_the_spans_choices_does_nothing_and_says_why(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    _claim(api, world)
    tab, page = _open_with_claim_selected(world, open_tab)
    page.keyboard.press("3")
    tab.wait_saved()
    assert _layer(api, world.doc.id) == ([("CLAIM", {})], [])
    assert _notice(page) == "CLAIM has 2 choices: no choice 3 (Esc, then 3, for a sentence value)."


def test_delete_after_a_value_taken_off_by_key_acts_on_the_selection(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    _claim(api, world)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.focus("#sentence-fields button.value[data-focus='value:stance:AGAINST']")
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert _layer(api, world.doc.id)[1] == []
    assert page.evaluate("() => document.activeElement.id") == "text"
    # The value's button focused again, then j: the focus goes back to the text.
    page.keyboard.press("a")
    page.focus("#sentence-fields button.value[data-focus='value:stance:AGAINST']")
    page.keyboard.press("k")
    assert page.evaluate("() => document.activeElement.id") == "text"
    # A span selected while a value's button has the focus: the focus follows the selection
    # to the text, and Delete removes the span (test_workspace_keys_follow_the_selection).
    page.focus("#sentence-fields button.value[data-focus='value:stance:FAVOR']")
    page.locator("#text .seg--span", has_text="the border was closed").first.click()
    assert page.evaluate("() => document.activeElement.id") == "text"
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert _layer(api, world.doc.id) == ([], [(1, "stance", "AGAINST")])
    assert _announced(page) == "CLAIM span removed: “the border was closed”"


def test_undo_after_shift_delete_says_what_came_back(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.keyboard.press("0")  # stance the active field
    page.keyboard.press("Shift+Delete")
    tab.wait_saved()
    assert _layer(api, world.doc.id)[1] == []
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert _layer(api, world.doc.id)[1] == [(1, "stance", "AGAINST")]
    assert _notice(page) == "stance AGAINST back on sentence 2 (Ctrl+Shift+Z redoes it)."


def test_the_key_help_says_how_an_attribute_comes_off(make_world: Any, open_tab: Any) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("?")
    help_text = page.inner_text("#help-keys")
    assert "toggle its attribute" not in help_text
    assert "with a span selected: set its attribute value (again: kept, and said so;" in help_text
    assert "Delete on an attribute's button under Selected span" in help_text
