"""On a phone, a tapped suggestion's panel opens in the bottom sheet from its head.

The sheet scrolls from its foot, where the span labels stay; the suggestion's panel (its
counts, label and words, Accept and Reject, its suggested relations, the sentence's button
and hints) is taller than the room above them, and opened scrolled to its foot: the label,
the words and Accept were above the sheet's top edge, and a tap on the outline showed hints.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents
from tests.browser.browser_helpers import PHONE, REACHABLE_JS, units

pytestmark = pytest.mark.server

TEXT = (
    "Analysts 👀 expect more talks. "
    "Officials said the border was closed. "
    "The ministry denied that troops had moved."
)

# The part of an element inside the sheet's visible box (and the window): its top and bottom.
IN_SHEET_JS = """(node) => {
  const sheet = document.querySelector('.ws-sheet').getBoundingClientRect();
  const box = node.getBoundingClientRect();
  return box.top >= Math.max(sheet.top, 0) - 1
    && box.bottom <= Math.min(sheet.bottom, innerHeight) + 1;
}"""

SCROLLS_JS = """() => {
  const sheet = document.querySelector('.ws-sheet');
  return sheet.scrollHeight > sheet.clientHeight;
}"""


@pytest.fixture
def world(session: Any, make_world: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))
    predict_documents(session, world.project)  # the attribution rules suggest
    session.commit()
    return world


def test_a_tapped_suggestion_opens_the_sheet_at_its_head_and_accept_takes_a_tap(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    offered = api.get(f"/documents/{world.doc.id}/suggestions")
    # The claim: its panel lists its suggested relations too, the tallest there is here.
    claim = next(s for s in offered["spans"] if s["text"] == "the border was closed")
    tab = open_tab("alice", touch=True)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE)
    page.wait_for_selector("#text .seg--suggested")
    page.locator(f"#text .seg--suggested[data-s='{units(TEXT, claim['start'])}']").tap()
    page.wait_for_selector("#suggestion-panel.has-selection #accept-suggestion")
    # The panel is taller than the sheet's room: it must scroll, or this proves nothing.
    assert page.evaluate(SCROLLS_JS)
    head = page.locator("#suggestion-details .span-head")
    accept = page.locator("#accept-suggestion")
    assert head.inner_text().startswith("CLAIM")
    assert page.evaluate(IN_SHEET_JS, head.element_handle())
    assert page.evaluate(IN_SHEET_JS, accept.element_handle())
    assert page.evaluate(REACHABLE_JS, accept.element_handle())
    box = accept.bounding_box()
    assert box is not None
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.wait_saved()
    (span,) = api.layer(world.doc.id)["spans"]
    assert (span["label"], span["text"]) == ("CLAIM", "the border was closed")
    assert tab.errors == []
