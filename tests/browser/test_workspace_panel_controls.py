"""The side panels' controls in a working day: a double click and the keyboard.

A label value sets its value (its × beside it takes it off), a field name and an attribute
are buttons that toggle; the document's label is a select. Each press redraws its panel, and
the redrawn control is a new element: a double click's second click fell on the new button
and cleared what the first had set, and a control pressed from the keyboard lost the focus to
the page's start (the next Tab at the site's header, the select's next ↓ a step to the next
sentence instead of the next genre).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. Nobody else spoke."

FOCUSED_JS = """() => {
  const e = document.activeElement;
  if (!e) return null;
  return { id: e.id, text: e.textContent.trim(), pressed: e.getAttribute('aria-pressed'),
    current: e.getAttribute('aria-current') };
}"""


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))


def value_button(page: Any, field: str, value: str) -> Any:
    row = page.locator(f"#sentence-fields .field-row[data-field='{field}']")
    # The value's name, after the key it may show ("1 BIASED"), and not NON_BIASED.
    return row.locator("button.value", has_text=re.compile(rf"(^|\s){value}$"))


def test_a_double_click_on_a_value_or_an_attribute_keeps_it(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    reader = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    value_button(page, "stance", "AGAINST").dblclick()
    tab.wait_saved()
    layer = reader.layer(world.doc.id)
    assert [(v["name"], v["value"]) for v in layer["sentence_labels"]] == [("stance", "AGAINST")]
    assert value_button(page, "stance", "AGAINST").get_attribute("aria-pressed") == "true"
    # A span's attribute, the same.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("c")
    tab.wait_saved()
    page.locator("#span-details button.attr", has_text="JOURNALIST").dblclick()
    tab.wait_saved()
    [span] = reader.layer(world.doc.id)["spans"]
    assert span["attributes"] == {"claimer": "JOURNALIST"}
    # Two single clicks set and keep (a second press never takes a value off); its × does.
    value_button(page, "bias", "BIASED").click()
    tab.wait_saved()
    value_button(page, "bias", "BIASED").click()
    tab.wait_saved()
    names = [v["name"] for v in reader.layer(world.doc.id)["sentence_labels"]]
    assert names == ["bias", "stance"]
    page.get_by_role("button", name="Take bias BIASED off sentence 1").click()
    tab.wait_saved()
    names = [v["name"] for v in reader.layer(world.doc.id)["sentence_labels"]]
    assert names == ["stance"]


def test_a_control_pressed_by_key_keeps_the_focus(world: Any, open_tab: Any, api_as: Any) -> None:
    reader = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    value_button(page, "checkworthiness", "NON_FACTUAL").focus()
    page.keyboard.press("Space")
    tab.wait_saved()
    focused = page.evaluate(FOCUSED_JS)
    assert focused["text"].endswith("NON_FACTUAL") and focused["pressed"] == "true", focused
    # Tab goes on from there, to the value's × (it is set), then the field's next value.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_JS)["text"] == "×"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_JS)["text"].endswith("UNIMPORTANT_FACTUAL")
    # A field's name makes it the active field, and keeps the focus too.
    page.locator("#sentence-fields .field-row[data-field='bias'] .field-row__name").focus()
    page.keyboard.press("Enter")
    focused = page.evaluate(FOCUSED_JS)
    assert focused["text"] == "bias" and focused["current"] == "true", focused
    # The active field is marked by a bar beside it, not only by its digit badges.
    bars = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#sentence-fields .field-row')]"
        ".map((row) => [row.dataset.field, getComputedStyle(row).borderLeftColor]))"
    )
    assert len(set(bars.values())) == 2, bars  # one colour for the active row, one for the rest
    assert list(bars.values()).count(bars["bias"]) == 1, bars
    # The document's select: ↓ steps through its values, one a press, and stays the select.
    page.locator("#doc-label-genre").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab.wait_saved()
    assert page.evaluate(FOCUSED_JS)["id"] == "doc-label-genre"
    assert page.input_value("#doc-label-genre") == "OPINION"
    assert page.inner_text("#sentence-number") == "1"  # no key went to the text
    layer = reader.layer(world.doc.id)
    assert layer["document_labels"] == [{"name": "genre", "value": "OPINION"}]
    assert [(v["name"], v["value"]) for v in layer["sentence_labels"]] == [
        ("checkworthiness", "NON_FACTUAL")
    ]


def test_a_value_clicked_leaves_the_keys_to_the_text(world: Any, open_tab: Any) -> None:
    """A click is not the keyboard: the focus is not put back on the clicked button, so that
    Enter after it goes to the workspace (no suggestion selected: it says so) and does not
    press the value again."""
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    value_button(page, "stance", "FAVOR").click()
    tab.wait_saved()
    page.keyboard.press("Enter")
    assert value_button(page, "stance", "FAVOR").get_attribute("aria-pressed") == "true"
    assert page.inner_text("#notice").startswith("No suggestion")
