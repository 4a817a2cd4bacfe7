"""Mark done refused for a blank required field: the save-state bar says the status was not
changed, not that the labels went unsaved, and stays short on a phone.

A reviewer saw "● Not saved: cannot mark done: ..." in red after pressing Mark done with a
required field blank: untrue (every label was saved; only the status was refused), and five
lines tall on a 390 px phone. The bar now names the refused action and counts the blank fields;
the full list stays in the toast and the sentence marks.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.browser.browser_helpers import shot
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

TEXT = "The border was closed. Trade fell. Prices rose."


def _schema() -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    for field in schema["sentence_labels"] + schema["document_labels"]:
        if field["name"] in ("stance", "genre"):
            field["required"] = True
    return schema


def test_refused_done_says_not_marked_done_in_one_short_line(
    make_world: Any, open_tab: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"), schema=_schema())
    tab = open_tab("alice")
    page = tab.page
    page.set_viewport_size({"width": 390, "height": 844})
    tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("n")  # a label saved before the refusal
    tab.wait_saved()
    page.click("#mark-done")
    tab.wait_saved()
    page.locator(".chip--missing").first.wait_for(state="visible", timeout=10_000)
    bar = page.locator("#save-state")
    words = bar.inner_text()
    assert "Not saved" not in words
    assert words == "Not done: 2 required fields blank"  # counted; the toast lists them
    notice = page.evaluate("() => document.getElementById('notice').textContent")
    assert "'genre'" in notice  # the full list
    line = float(bar.evaluate("b => parseFloat(getComputedStyle(b).lineHeight)"))
    assert bar.bounding_box()["height"] <= 3 * line + 1
    page.screenshot(path=shot("nits38-refused-done-phone.png"))
    # A later write that saves says "Saved" again.
    page.keyboard.press("j")
    page.keyboard.press("n")
    tab.wait_saved()
    assert bar.inner_text() == "Saved"
    tab.errors[:] = [e for e in tab.errors if "422" not in e]
