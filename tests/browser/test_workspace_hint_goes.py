"""A hint that says what to do first goes once it is done.

A label tapped with no words selected says "Select words first ..., then tap CLAIM" over the
text; selecting words and tapping CLAIM made the span, and the hint stayed over it, saying
the opposite of what had just happened, until its timer ran out.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, select_text

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


@pytest.mark.parametrize("touch", [True, False])
def test_select_words_first_goes_when_the_span_is_made(
    make_world: Any, open_tab: Any, api_as: Any, touch: bool
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice", touch=touch)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE)
    claim = page.locator(".palette__pick[data-label='CLAIM']")
    press = claim.tap if touch else claim.click
    press()
    notice = page.locator("#notice")
    assert notice.is_visible() and "Select words first" in notice.inner_text()
    select_text(page, 0, 9)
    press()
    tab.wait_saved()
    # At once, not when the hint's timer (seconds) runs out.
    assert notice.is_hidden(), notice.inner_text()
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert [(s["label"], s["text"]) for s in spans] == [("CLAIM", "Officials")]
