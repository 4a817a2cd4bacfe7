"""The workspace on a phone: with a span selected and the sentence's labels open, the text
stays readable above the sheet at the window's foot.

The sheet held the span labels, the selected span's panel and the sentence's four label fields,
up to half the window: below the bar at the top, the text kept 38% of a 390 x 844 window, and
the fields opened were cut at the sheet's top. Open, the sheet now takes at most 40% of the
window and scrolls, the fields shown first and the span labels staying at its foot."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, REACHABLE_JS, SIDEWAYS_JS, statements

pytestmark = pytest.mark.server

TEXT = statements(30)
#: The least share of the window's height in which the text is seen with the labels open.
TEXT_SHARE = 0.45

# The window's band between the bar (stuck at the top) and the sheet (fixed at the foot) over
# the text's box: where the text is seen.
TEXT_BAND_JS = """() => {
  const bar = document.querySelector('.ws-bar').getBoundingClientRect();
  const sheet = document.querySelector('.ws-sheet').getBoundingClientRect();
  const text = document.querySelector('.ws-text').getBoundingClientRect();
  const top = Math.max(bar.bottom, text.top, 0);
  const bottom = Math.min(sheet.top, text.bottom, innerHeight);
  return { band: Math.max(bottom - top, 0), height: innerHeight,
    barBottom: bar.bottom, sheetTop: sheet.top };
}"""


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "long.txt", {"title": "Statements"}))
    start = TEXT.index("the border was closed", TEXT.index("statement 12"))
    span = {"label": "CLAIM", "start": start, "end": start + len("the border was closed")}
    world.span = api_as(world.tokens["alice"]).write(
        "POST", f"/documents/{world.doc.id}/spans", span
    )
    return world


def test_the_text_keeps_most_of_the_window_with_a_span_selected_and_the_labels_open(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice", touch=True)
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.open(f"/projects/demo/documents/{world.doc.id}")
    span = page.locator("#text .seg--span", has_text="the border was closed").first
    span.scroll_into_view_if_needed()
    span.click()
    assert page.locator("#span-panel").is_visible()
    page.locator("#sentence-toggle").click()
    assert page.locator("#sentence-toggle").get_attribute("aria-expanded") == "true"
    room = page.evaluate(TEXT_BAND_JS)
    assert room["band"] >= TEXT_SHARE * room["height"], room
    # The fields opened are shown from their top, with the fold's button and the span labels;
    # the selected span above the sheet; its panel a scroll of the sheet away, not gone.
    fields = page.locator("#sentence-fields .value")
    for control in (
        fields.first,
        page.locator("#sentence-toggle"),
        page.locator("#palette button").first,
    ):
        assert control.evaluate(REACHABLE_JS), control
    # (over two lines, the span's middle is between them: its box is what must be in sight)
    span_box = page.locator("#text .seg.is-selected").first.bounding_box()
    assert room["barBottom"] <= span_box["y"], (span_box, room)
    assert span_box["y"] + span_box["height"] <= room["sheetTop"], (span_box, room)
    remove = page.locator("#span-panel button", has_text="Remove")
    remove.scroll_into_view_if_needed()
    assert remove.evaluate(REACHABLE_JS)
    assert fields.count() == 11  # checkworthiness 3, stance 3, bias 2, opinion 3
    last = fields.nth(fields.count() - 1)
    last.scroll_into_view_if_needed()
    assert last.evaluate(REACHABLE_JS)
    last.click()
    tab.wait_saved()
    labels = api.layer(world.doc.id)["sentence_labels"]
    assert [label["name"] for label in labels] == ["opinion"]
    assert page.evaluate(SIDEWAYS_JS) == 0
    # Folded again, the sheet is as it was: the fields take no room.
    page.locator("#sentence-toggle").click()
    assert not page.locator("#sentence-fields").is_visible()
