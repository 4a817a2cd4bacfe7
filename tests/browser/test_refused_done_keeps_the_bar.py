"""Mark done refused at 1366 pixels: the bar stays one line and Mark done stays put.

The whole refusal ("cannot mark done: the required field 'stance' has no value on sentences
1, 2, ...") went into the save state, the bar grew from 42 to 79 pixels and Mark done moved
from (983, 61) to (497, 164) until the next write. The bar now counts the blank fields
("Not done: 2 required fields blank"); the whole refusal is in the notice."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.browser.browser_helpers import statements
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server


def _schema() -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    for field in schema["sentence_labels"] + schema["document_labels"]:
        if field["name"] in ("stance", "genre"):
            field["required"] = True
    return schema


def _where(page: Any) -> tuple[float, float, float]:
    """The bar's height and Mark done's left and top, in pixels."""
    bar = page.locator(".ws-bar").bounding_box()
    done = page.locator("#mark-done").bounding_box()
    return bar["height"], done["x"], done["y"]


def _same_place(after: tuple[float, ...], before: tuple[float, ...]) -> bool:
    """Within a pixel (a bold word's fraction of one is rounding, not a move)."""
    return all(abs(a - b) <= 1 for a, b in zip(after, before, strict=True))


def test_a_refused_mark_done_keeps_the_bar_one_line_at_1366(make_world: Any, open_tab: Any) -> None:
    world = make_world(
        {"alice": "annotator"},
        doc=(statements(14), "many.txt", {"title": "Sanctions, talks and the summit"}),
        schema=_schema(),
    )
    tab = open_tab("alice")
    page = tab.page
    page.set_viewport_size({"width": 1366, "height": 768})
    tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("n")  # in progress, so the status's buttons are those of a day's work
    tab.wait_saved()
    before = _where(page)
    row = page.locator(".ws-bar__row").bounding_box()
    assert row["height"] < 50  # one line of buttons
    page.keyboard.press("Control+Enter")
    tab.wait_saved()
    page.locator(".chip--missing").first.wait_for(state="visible", timeout=10_000)
    bar = page.locator("#save-state")
    assert bar.inner_text() == "Not done: 2 required fields blank"
    assert _same_place(_where(page), before)
    assert page.locator(".ws-bar__row").bounding_box()["height"] == row["height"]
    # The whole refusal, each field with its sentences, is in the notice.
    notice = page.locator("#notice")
    assert notice.is_visible()
    words = notice.inner_text()
    assert "'stance' has no value on sentences" in words
    assert "'genre'" in words
    tab.errors[:] = [e for e in tab.errors if "422" not in e]
    assert tab.errors == []


def test_a_long_refusal_is_cut_to_one_line_with_its_words_in_the_tooltip(
    make_world: Any, open_tab: Any
) -> None:
    """Any failed write's words: one line in the bar, whole in the tooltip."""
    world = make_world({"alice": "annotator"}, doc=(statements(3), "few.txt"))
    tab = open_tab("alice")
    page = tab.page
    page.set_viewport_size({"width": 1366, "height": 768})
    tab.open(f"/projects/demo/documents/{world.doc.id}")
    before = _where(page)
    words = "Not saved: " + "the server refused this write for a reason said at length " * 4
    page.evaluate(
        "(words) => window.annotatorWorkspace.showSaveState('failed', words.slice(11))", words
    )
    bar = page.locator("#save-state")
    assert bar.get_attribute("title") == words
    line = float(bar.evaluate("b => parseFloat(getComputedStyle(b).lineHeight)"))
    assert bar.bounding_box()["height"] <= line + 1
    assert _same_place(_where(page), before)
