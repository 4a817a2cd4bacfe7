"""The workspace on a narrow window: the span labels stay on screen, wherever the text is
scrolled to, and hide none of it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, statements, units

pytestmark = pytest.mark.server

# An article longer than a 640 by 900 window: its last sentence is far below the first screen.
SENTENCES = 40
TEXT = statements(SENTENCES, "\n\n")

# Whether the element drawn at the middle of a box is the box's element (or inside it).
ON_TOP = """(node) => {
  const box = node.getBoundingClientRect();
  const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  return node.contains(top);
}"""


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "long.txt"))


def test_the_labels_stay_on_screen_640_pixels_wide_and_still_label(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """At 640 pixels the labels came after the whole text: to label a word the annotator
    scrolled past the article. They now stay at the window's foot, over nothing of the text."""
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size({"width": 640, "height": 900})
    first = page.locator("#palette button").first
    last_words = TEXT.rindex("the border was closed")
    page.locator(f"#text .sent[data-i='{SENTENCES - 1}']").scroll_into_view_if_needed()
    for scrolled in ("top", "bottom"):
        if scrolled == "top":
            page.evaluate("() => window.scrollTo(0, 0)")
        else:
            page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        box = first.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 900, (scrolled, box)
        assert first.evaluate(ON_TOP), scrolled  # drawn on top, not behind the text
    # Scrolled to the end, the last line of the text is above the labels, not under them.
    last_line = page.locator(f"#text .sent[data-i='{SENTENCES - 1}'] .sent__text")
    palette = page.locator("#palette").bounding_box()
    line = last_line.bounding_box()
    assert line["y"] + line["height"] <= palette["y"], (line, palette)
    # Clicked, the label labels the words selected near the end of the text.
    start = units(TEXT, last_words)
    select_text(page, start, start + len("the border was closed"))
    first.click()
    tab.wait_saved()
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert [(s["label"], s["text"]) for s in spans] == [("CLAIM", "the border was closed")]
    # Wide again, the labels are back at the top of the side panels.
    page.set_viewport_size({"width": 1280, "height": 900})
    side = page.locator(".ws-side").bounding_box()
    assert page.locator("#palette").bounding_box()["x"] >= side["x"]
    assert page.locator(".ws-palette").evaluate("p => getComputedStyle(p).position") == "static"


def test_a_sentence_or_word_stepped_to_by_key_stops_above_the_labels(
    world: Any, open_tab: Any
) -> None:
    """j scrolled the current sentence just into the window, which at 640 pixels is under the
    labels fixed at its foot: the sentence being labelled was hidden behind them."""
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size({"width": 640, "height": 700})
    palette_top = page.locator(".ws-palette").bounding_box()["y"]
    for step in range(1, 20):
        page.keyboard.press("j")
        row = page.locator("#text .sent.is-current").bounding_box()
        assert row["y"] + row["height"] <= palette_top, (step, row, palette_top)
    for step in range(12):
        page.keyboard.press("ArrowRight")
        word = page.evaluate(
            "() => window.getSelection().getRangeAt(0).getBoundingClientRect().toJSON()"
        )
        assert word["bottom"] <= palette_top, (step, word, palette_top)
