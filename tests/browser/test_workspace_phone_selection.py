"""The workspace on a phone: what a tap selects can be acted on where the thumb is.

The panel of a selected span (Remove, Link) or suggestion (Accept, Reject) came after the
whole text in the one-column layout, thousands of pixels down on a long article, and a phone
has no Delete, l or Enter key. It now sits above the span labels at the window's foot while
something is selected."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents
from tests.browser.browser_helpers import PHONE, REACHABLE_JS, statements

pytestmark = pytest.mark.server

TEXT = statements(30)


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "long.txt"))


def test_a_tapped_span_is_removed_from_the_panel_above_the_labels(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    words = "the border was closed"
    start = TEXT.index(words, TEXT.index("statement 3 "))
    body = {"label": "CLAIM", "start": start, "end": start + len(words)}
    api.write("POST", f"/documents/{world.doc.id}/spans", body)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE)
    assert page.locator("#span-panel").is_hidden()
    page.locator("#text .seg--span", has_text=words).click()
    remove = page.locator("#remove-span")
    remove.wait_for(state="visible")
    assert remove.evaluate(REACHABLE_JS)
    assert page.locator("#link-span").evaluate(REACHABLE_JS)
    assert page.locator("#palette button").first.evaluate(REACHABLE_JS)  # the labels too
    # The span itself is not under the panel: scrolled up above it if it was.
    sheet_top = page.locator(".ws-sheet").bounding_box()["y"]
    span = page.locator("#text .seg--span", has_text=words).bounding_box()
    assert span["y"] >= 0 and span["y"] + span["height"] <= sheet_top, (span, sheet_top)
    remove.click()
    tab.wait_saved()
    assert api.layer(world.doc.id)["spans"] == []
    assert page.locator("#span-panel").is_hidden()
    # Wide again, the panel is one of the side's, as before.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator(".ws-palette").evaluate("p => getComputedStyle(p).position") == "static"
    side = page.locator(".ws-side").bounding_box()
    assert page.locator("#palette").bounding_box()["x"] >= side["x"]


def test_a_tapped_suggestion_is_accepted_from_the_panel_above_the_labels(
    session: Any, world: Any, open_tab: Any, api_as: Any
) -> None:
    predict_documents(session, world.project)  # the attribution rules suggest
    session.commit()
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE)
    # With none selected, the suggestions' counts take no room above the labels.
    assert not page.locator("#suggestion-panel").is_visible()
    page.locator("#text .seg--suggested").first.click()
    accept = page.locator("#accept-suggestion")
    accept.wait_for(state="visible")
    assert accept.evaluate(REACHABLE_JS)
    assert page.locator("#reject-suggestion").evaluate(REACHABLE_JS)
    accept.click()
    tab.wait_saved()
    assert len(api.layer(world.doc.id)["spans"]) == 1
