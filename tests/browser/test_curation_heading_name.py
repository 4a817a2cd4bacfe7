"""The gold pages' headings break a long file name sensibly: at its underscore, with its
extension on the line of the name before it, not ".txt" alone on a line ("...1530c" over
".txt", as a phone showed the curation page). Copied, the name is whole; the heading's title
says it whole."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, shot

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."
NAME = "004_b3889e6c0fe1530c.txt"
# The lines the heading's text after its last break takes (one rectangle a line).
LAST_PART_LINES = """() => {
  const h1 = document.querySelector('main h1');
  const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
  let last = null;
  while (walker.nextNode()) if (walker.currentNode.data.trim()) last = walker.currentNode;
  const range = document.createRange();
  range.selectNodeContents(last);
  return [last.data, range.getClientRects().length];
}"""


@pytest.mark.parametrize("size", [{"width": 1366, "height": 900}, PHONE], ids=["1366", "390"])
def test_the_curation_and_review_headings_break_the_name_at_its_underscore(
    make_world: Any, open_tab: Any, api_as: Any, server: Any, size: dict[str, int]
) -> None:
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, NAME)
    )
    for name, stance in (("alice", "AGAINST"), ("bob", "NONE")):
        label = {"sentence": 0, "name": "stance", "value": stance}
        api_as(world.tokens[name]).write("PUT", f"/documents/{world.doc.id}/labels", label)
    page = open_tab("rita").page
    page.set_viewport_size(size)
    for path, page_name in (("/curate", "curate"), ("", "review")):
        page.goto(f"{server.url}/projects/demo/review/{world.doc.id}{path}")
        heading = page.locator("main h1")
        assert NAME in heading.get_attribute("title")
        assert heading.text_content().endswith(NAME)  # copied, the name is whole
        assert page.evaluate(LAST_PART_LINES) == ["b3889e6c0fe1530c.txt", 1]
        over = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        assert page.evaluate(over) == 0
        page.screenshot(path=shot(f"keys39-{page_name}-name-{size['width']}.png"))
