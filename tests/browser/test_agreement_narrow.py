"""The agreement page at 640 pixels: every table stacks its rows (as the project page and
History do), so that none scrolls sideways and every figure is on screen beside its name."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed yesterday.\n\nMoscow denied it flatly."

# Each table of the page: how far it reaches past its box, and whether its cells are named.
TABLES_JS = """() => [...document.querySelectorAll('main table')].map((table) => {
  const box = table.closest('.table-scroll') || table.parentElement;
  return {
    heading: (box.previousElementSibling && box.previousElementSibling.textContent) || '',
    over: box.scrollWidth - box.clientWidth,
    unnamed: [...table.querySelectorAll('tbody td')]
      .filter((td) => !td.hasAttribute('data-label')).length,
    matrix: table.classList.contains('table--matrix'),
  };
})"""


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt")
    )
    doc = world.doc.id
    for name, end, value in (("alice", 9, "FAVOR"), ("bob", 14, "AGAINST"), ("rita", 9, "FAVOR")):
        api = api_as(world.tokens[name])
        query = "?layer=gold" if name == "rita" else ""
        api.write(
            "POST", f"/documents/{doc}/spans{query}", {"label": "SOURCE", "start": 0, "end": end}
        )
        label = {"sentence": 0, "name": "stance", "value": value}
        api.write("PUT", f"/documents/{doc}/labels{query}", label)
    return world


def test_every_agreement_table_stacks_at_640_pixels(world: Any, open_tab: Any) -> None:
    tab = open_tab("rita")
    page = tab.open("/projects/demo/agreement?status=all")
    page.set_viewport_size({"width": 640, "height": 900})
    tables = page.evaluate(TABLES_JS)
    assert len(tables) >= 5
    # A coincidence matrix is values by values: its rows cannot stack, and its columns are
    # headed by the values' numbers at this width; it must still fit.
    matrices = [t for t in tables if t["matrix"]]
    assert matrices and [t for t in matrices if t["over"] > 1] == []
    rows = [t for t in tables if not t["matrix"]]
    assert [t for t in rows if t["over"] > 1 or t["unnamed"]] == []


# Every chart's box and the page's width, on the window as it is.
CHARTS_JS = """() => ({
  page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  charts: [...document.querySelectorAll('main svg.chart')].map((chart) => {
    const box = chart.getBoundingClientRect();
    return { label: chart.getAttribute('aria-label'), left: box.left, right: box.right };
  }),
  width: document.documentElement.clientWidth,
})"""


def test_the_charts_fit_a_phone_and_the_page_does_not_scroll_sideways(
    world: Any, open_tab: Any
) -> None:
    """At 390 pixels the histograms (400 wide as drawn) shrink to the column, text and all."""
    tab = open_tab("rita")
    page = tab.open("/projects/demo/agreement?status=all")
    page.set_viewport_size(PHONE)
    found = page.evaluate(CHARTS_JS)
    assert len(found["charts"]) >= 2
    assert found["page"] == 0
    assert [c for c in found["charts"] if c["left"] < 0 or c["right"] > found["width"]] == []
