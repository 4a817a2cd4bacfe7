"""The review list and the agreement report show their figures first, their method folded.

Both opened with a paragraph of how they are counted before any document or figure, on a
phone most of the first screen. The method is now a closed "How these are counted" under the
summary or after the table, every word of it kept, at 1366 and at 390 pixels, with nothing
wider than the window.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, SHOTS
from tests.browser.conftest import CURATION_TEXT

pytestmark = pytest.mark.server

DESKTOP = {"width": 1366, "height": 900}
SIZES = [pytest.param(DESKTOP, id="1366"), pytest.param(PHONE, id="390")]

# Where things are, in page pixels, and whether anything is wider than the window.
LAYOUT = """(selectors) => Object.assign(Object.fromEntries(selectors.map((s) => {
  const found = document.querySelector(s);
  return [s, found ? found.getBoundingClientRect().top + window.scrollY : null];
})), {over: document.documentElement.scrollWidth - document.documentElement.clientWidth})"""


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """alice and bob disagree on a stance in two documents and have finished them."""
    people = {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}
    made = make_world(
        people,
        first=(CURATION_TEXT, "a.txt", {"title": "First"}),
        second=(CURATION_TEXT, "b.txt", {"title": "Second"}),
    )
    for name, stance in (("alice", "FAVOR"), ("bob", "NONE")):
        api = api_as(made.tokens[name])
        for doc in (made.first, made.second):
            label = {"sentence": 0, "name": "stance", "value": stance}
            api.write("PUT", f"/documents/{doc.id}/labels", label)
            api.write("PUT", f"/documents/{doc.id}/status", {"status": "done"})
    return made


def _shot(page: Any, name: str, size: dict[str, int]) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size['width']}.png"), full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_the_review_list_shows_its_documents_before_how_they_are_counted(
    world: Any, open_tab: Any, size: dict[str, int]
) -> None:
    tab = open_tab("rita")
    tab.page.set_viewport_size(size)
    page = tab.open("/projects/demo/review")
    at = page.evaluate(LAYOUT, ["table", "#review-method", "p.lead"])
    assert at["over"] == 0
    assert at["table"] < at["#review-method"]  # the documents, then the method
    assert at["table"] < size["height"]  # on the first screen, a phone's too
    lead = page.locator("p.lead").inner_text()
    assert "most disagreement first" in lead and "span F1" not in lead
    method = page.locator("#review-method")
    assert method.get_attribute("open") is None
    _shot(page, "review", size)
    method.locator("summary", has_text="How these are counted").click()
    said = method.inner_text()
    for words in ("1 − span F1 with overlap matching", "finished come first", "To decide"):
        assert words in said
    assert page.locator("#review-order").is_visible()
    assert page.evaluate(LAYOUT, [])["over"] == 0
    _shot(page, "review-method", size)


@pytest.mark.parametrize("size", SIZES)
def test_the_agreement_report_shows_its_figures_before_how_they_are_counted(
    world: Any, open_tab: Any, size: dict[str, int]
) -> None:
    tab = open_tab("rita")
    tab.page.set_viewport_size(size)
    page = tab.open("/projects/demo/agreement")
    lead = page.locator("p.lead").inner_text()
    assert "2 annotators (alice, bob)" in lead and "Pairwise figures" not in lead
    at = page.evaluate(LAYOUT, ["p.lead", "#agreement-method", "form.filters", "#spans-method"])
    assert at["over"] == 0
    assert at["p.lead"] < at["#agreement-method"] < at["form.filters"]  # under the summary
    spans_table = page.locator("h2:has-text('Spans') ~ .table-scroll").first
    assert spans_table.bounding_box()["y"] < page.locator("#spans-method").bounding_box()["y"]
    for method in ("#agreement-method", "#spans-method"):
        assert page.locator(method).get_attribute("open") is None
    _shot(page, "agreement", size)
    for method in ("#agreement-method", "#spans-method"):
        page.locator(f"{method} summary", has_text="How these are counted").click()
    said = page.locator("#agreement-method").inner_text()
    assert "Pairwise figures are the mean over annotator pairs" in said
    assert "unitizing α (Krippendorff 2004)" in page.locator("#spans-method").inner_text()
    assert page.evaluate(LAYOUT, [])["over"] == 0
    _shot(page, "agreement-method", size)
