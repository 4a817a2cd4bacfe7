"""The review queue on a narrow window: its table fits, one block per document."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

WIDTHS = """() => {
  const box = document.querySelector('.table-scroll');
  return {
    page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    table: [box.scrollWidth, box.clientWidth],
  };
}"""


def test_the_review_queue_fits_a_640_pixel_window_without_scrolling_sideways(
    none_world: Any, open_tab: Any
) -> None:
    """At 640 pixels the queue's seven columns ran past the window; each document is now a
    block, every figure on its own line after its column's name."""
    page = open_tab("rita").open("/projects/demo/review")
    row = page.locator("table.table tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "table-row"  # wide: a table
    page.set_viewport_size({"width": 640, "height": 900})
    widths = page.evaluate(WIDTHS)
    assert widths["page"][0] <= widths["page"][1], widths
    assert widths["table"][0] <= widths["table"][1], widths
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    cell = row.locator("td[data-label='Disagreement']")
    shown = cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert shown == '"Disagreement"'  # the column's name stands beside its figure
    # the figure stands at the row's right edge, lined up with the other rows' figures
    row_box = row.bounding_box()
    figure_right = cell.evaluate(
        "c => { const r = document.createRange(); r.selectNodeContents(c);"
        " return r.getBoundingClientRect().right; }"
    )
    assert figure_right > row_box["x"] + row_box["width"] * 0.9, (figure_right, row_box)
    # the column headings stay in the page for screen readers, out of sight
    assert page.get_by_role("columnheader", name="Disagreement").count() == 1
    assert row.locator("th a").inner_text() == "talks.txt"
