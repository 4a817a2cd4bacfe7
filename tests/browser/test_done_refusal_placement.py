"""Mark done refused for a blank required field, at 1366 pixels and on a phone: the toast
leaves the field it points to in view and uncovered, the bar says it whole, and the words
read as a sentence ("Not marked done: ...; give it a value" for one blank).

A lead found the toast over the Document "verdict" select it named, the bar cut to "Not
done: 1 required field bl...", and the toast starting "cannot mark done:".
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, shot
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

TEXT = "The border was closed. Trade fell. Prices rose."
WIDE = {"width": 1366, "height": 768}


def _schema() -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["document_labels"].append(
        {"name": "verdict", "values": ["TRUE", "MISLEADING", "FALSE"], "required": True}
    )
    return schema


def _box(page: Any, selector: str) -> dict[str, float]:
    return page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }",
        selector,
    )


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


@pytest.mark.parametrize(("size", "name"), [(WIDE, "1366"), (PHONE, "390")])
def test_the_refusal_leaves_the_field_it_names_uncovered_and_the_bar_whole(
    make_world: Any, open_tab: Any, size: dict[str, int], name: str
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"), schema=_schema())
    tab = open_tab("alice")
    page = tab.page
    page.set_viewport_size(size)
    tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.click("#mark-done")
    tab.wait_saved()
    page.locator("#notice").wait_for(state="visible")
    page.wait_for_timeout(300)  # the focus's scroll settled
    page.screenshot(path=shot(f"lead40a-done-refused-{name}.png"))
    toast = page.inner_text("#notice")
    assert toast.startswith("Not marked done: the required document field 'verdict' has no value")
    assert "give it a value" in toast and "give each" not in toast
    focused = page.evaluate("document.activeElement.dataset.focus || ''")
    assert focused.startswith("doc:verdict")
    control = _box(page, "[data-focus^='doc:verdict']")
    notice = _box(page, "#notice")
    assert not _overlap(control, notice), (control, notice)
    bar = page.locator("#save-state")
    assert bar.inner_text() == "● Not done: 1 required field blank" or bar.inner_text().endswith(
        "Not done: 1 required field blank"
    )
    cut = page.evaluate(
        "() => { const e = document.getElementById('save-state');"
        " return e.scrollWidth > e.clientWidth; }"
    )
    assert not cut
