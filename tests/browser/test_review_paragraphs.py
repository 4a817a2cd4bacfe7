"""The curation view and the review page show where the article's paragraphs break, as the
workspace does.

Each sentence of the curation view is a box of its own, each of the review page a row, all
evenly spaced: a reviewer read the article as a wall of sentences. A sentence after a blank
line in the text now opens with a gap above it (a smaller one after one line break), by the
rule and the mark the workspace uses (core/paragraph_breaks.py, ``data-break``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, SIDEWAYS_JS

pytestmark = pytest.mark.server

TEXT = (
    "Officials said the talks failed. The ministry denied it.\n\n"
    "Moscow said troops moved. Nobody confirmed it.\n"
    "A line of its own follows."
)
#: Sentences that open a paragraph (after a blank line), or a line (after one line break).
PARAGRAPH, LINE = 2, 4

# Each box's top less the bottom of the box before it (the first box's: 0).
GAPS = """(selector) => {
  const rows = [...document.querySelectorAll(selector)];
  return rows.map((row, i) => i === 0 ? 0
    : row.getBoundingClientRect().top - rows[i - 1].getBoundingClientRect().bottom);
}"""


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """Two annotators differing in sentences 2 and 4 (counted from 1: the last of the first
    paragraph, the second of the second)."""
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt")
    )
    for name in ("alice", "bob"):  # alike: a layer each, no difference
        label = {"sentence": 0, "name": "stance", "value": "NONE"}
        api_as(world.tokens[name]).write("PUT", f"/documents/{world.doc.id}/labels", label)
    for word in ("ministry", "Nobody"):
        start = TEXT.index(word)
        span = {"label": "SOURCE", "start": start, "end": start + len(word)}
        api_as(world.tokens["alice"]).write("POST", f"/documents/{world.doc.id}/spans", span)
    return world


def _open(open_tab: Any, path: str, width: int) -> tuple[Any, Any]:
    phone = width == PHONE["width"]
    tab = open_tab("rita", touch=phone)
    page = tab.page
    page.set_viewport_size(PHONE if phone else {"width": width, "height": 900})
    page.goto(f"{tab.server.url}{path}")
    return tab, page


def _within_the_window(page: Any, width: int) -> None:
    assert page.evaluate(SIDEWAYS_JS) == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1366, PHONE["width"]])
def test_the_curation_view_parts_the_paragraphs(world: Any, open_tab: Any, width: int) -> None:
    tab, page = _open(open_tab, f"/projects/demo/review/{world.doc.id}/curate?sentences=all", width)
    boxes = "#curation .cur-sentence[id^='cur-s-']"
    marks = page.eval_on_selector_all(boxes, "rows => rows.map((r) => r.dataset.break || null)")
    assert marks == [None, None, "paragraph", None, "line"]
    gaps = page.evaluate(GAPS, boxes)
    within = [gaps[1], gaps[3]]  # two sentences of one paragraph
    assert max(within) - min(within) < 1, gaps
    assert gaps[PARAGRAPH] >= max(within) + 12, gaps
    assert max(within) + 4 <= gaps[LINE] < gaps[PARAGRAPH], gaps
    _within_the_window(page, width)
    assert not tab.errors


def test_the_curation_view_of_differences_alone_parts_them_where_a_paragraph_opened(
    world: Any, open_tab: Any
) -> None:
    """Sentences 2 and 4 shown (those with a difference), 3 left out: the paragraph that
    opens at 3 still parts them."""
    tab, page = _open(open_tab, f"/projects/demo/review/{world.doc.id}/curate", 1366)
    boxes = "#curation .cur-sentence[id^='cur-s-']"
    shown = page.eval_on_selector_all(
        boxes, "rows => rows.map((r) => [r.id, r.dataset.break || null])"
    )
    assert shown == [["cur-s-1", None], ["cur-s-3", "paragraph"]]
    assert page.evaluate(GAPS, boxes)[1] >= 24
    assert not tab.errors


@pytest.mark.parametrize("width", [1366, PHONE["width"]])
def test_the_review_page_parts_the_paragraphs(world: Any, open_tab: Any, width: int) -> None:
    tab, page = _open(open_tab, f"/projects/demo/review/{world.doc.id}", width)
    rows = "#sentences .sentence-row"
    gaps = page.evaluate(GAPS, rows)
    assert len(gaps) == 5
    within = [gaps[1], gaps[3]]
    assert max(within) - min(within) < 1, gaps
    assert gaps[PARAGRAPH] >= max(within) + 12, gaps
    assert max(within) + 4 <= gaps[LINE] < gaps[PARAGRAPH], gaps
    _within_the_window(page, width)
    assert not tab.errors
