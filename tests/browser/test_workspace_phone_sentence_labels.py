"""The workspace on a phone: the tapped sentence's labels are in reach at the window's foot.

In the one-column layout the sentence's label fields came after the whole text, so labelling
sentence 17 meant scrolling to the end and back. They now sit in the sheet above the span
labels, folded to one line (the sentence's number and a Labels button) until opened."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, REACHABLE_JS, statements

pytestmark = pytest.mark.server

TEXT = statements(30)


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "long.txt"))


def test_a_tapped_sentence_is_labelled_from_the_foot_of_the_window(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE)
    sentence = page.locator("#text .sent[data-i='16'] .sent__text")
    sentence.scroll_into_view_if_needed()
    sentence.click(position={"x": 5, "y": 5})
    assert page.inner_text("#sentence-number") == "17"
    toggle = page.locator("#sentence-toggle")
    assert toggle.evaluate(REACHABLE_JS)
    # Folded, the fields take no room above the span labels.
    assert not page.locator("#sentence-fields").is_visible()
    assert page.locator("#palette button").first.evaluate(REACHABLE_JS)
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    favor = page.locator("#sentence-fields [data-field='stance'] .value", has_text="FAVOR")
    assert favor.evaluate(REACHABLE_JS)
    assert page.locator("#palette button").first.evaluate(REACHABLE_JS)  # the labels too
    # The sentence itself is not under the opened sheet: scrolled up above it if it was.
    sheet_top = page.locator(".ws-sheet").bounding_box()["y"]
    row = page.locator("#text .sent[data-i='16']").bounding_box()
    assert row["y"] >= 0 and row["y"] + row["height"] <= sheet_top, (row, sheet_top)
    favor.click()
    tab.wait_saved()
    labels = api.layer(world.doc.id)["sentence_labels"]
    assert {"sentence": 16, "name": "stance", "value": "FAVOR"} in labels
    # Wide again, the sentence's labels are the side's, unfolded, with no fold button.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert toggle.is_hidden()
    side = page.locator(".ws-side").bounding_box()
    fields = page.locator("#sentence-fields").bounding_box()
    assert fields["x"] >= side["x"]
