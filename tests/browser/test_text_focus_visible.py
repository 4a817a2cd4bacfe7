"""The document text shows where the keyboard is: Tab onto it draws an outline around it (off
the words), a mouse click on it draws none."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. Nobody else spoke."
OUTLINE = """() => {
  const style = getComputedStyle(document.getElementById("text"));
  return [style.outlineStyle, parseFloat(style.outlineWidth)];
}"""


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "border.txt", {"title": "Border"}))


def test_the_text_has_an_outline_when_reached_by_keyboard_and_none_when_clicked(
    world: Any, open_tab: Any
) -> None:
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    page.click("#text .sent__text >> nth=1")
    assert page.evaluate("() => document.activeElement.id") == "text"
    assert page.evaluate(OUTLINE)[0] == "none"  # a click: no outline over the reading

    page.keyboard.press("Shift+Tab")  # away and back by keyboard
    assert page.evaluate("() => document.activeElement.id") != "text"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "text"
    style, width = page.evaluate(OUTLINE)
    assert style == "solid" and width >= 1
