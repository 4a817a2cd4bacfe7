"""The agreement page's bar chart names each label field in full: a document field is named
``document:`` and its name, and cut at 22 characters ``document:loaded_language`` read
``document:loaded_langua``, beside bars that no longer said which field they were. On a
phone, the Labels table's stacked row took the long name on one line and scrolled sideways."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE

pytestmark = pytest.mark.server

TEXT = "NATO leaders met in Vilnius.\n\nCritics called the plan a reckless escalation."
SCHEMA = {
    "span_labels": [{"name": "CLAIM", "key": "c", "color": "#d62728"}],
    "sentence_labels": [{"name": "stance", "values": ["FAVOR", "AGAINST", "NEUTRAL"]}],
    "document_labels": [
        {"name": "loaded_language", "values": ["YES", "NO"]},
        {"name": "loaded_language_in_headline_and_lead", "values": ["YES", "NO"]},
    ],
}
FIELDS = [
    "stance",
    "document:loaded_language",
    "document:loaded_language_in_headline_and_lead",
]

# Each row name of the label chart: its drawn lines, the full name its <title> gives, and
# whether it stays left of the bars and inside the chart.
ROW_NAMES_JS = """(svg) => {
  const bars = Math.min(...[...svg.querySelectorAll('rect[height]')]
    .filter((r) => r.querySelector('title')).map((r) => r.getBoundingClientRect().left));
  const left = svg.getBoundingClientRect().left;
  return [...svg.querySelectorAll("text[text-anchor='end']")].map((t) => {
    const box = t.getBoundingClientRect();
    const spans = [...t.querySelectorAll('tspan')];
    return {
      lines: spans.length ? spans.map((s) => s.textContent) : [t.textContent],
      title: t.querySelector('title') ? t.querySelector('title').textContent : null,
      inside: box.left >= left - 0.5 && box.right <= bars + 0.5,
    };
  });
}"""

# The page, and each table's box, wider than the window: its class, its start and widths.
WIDE_JS = """() => [document.documentElement, ...document.querySelectorAll('.table-scroll')]
  .filter((e) => e.scrollWidth > e.clientWidth + 1)
  .map((e) => `${e.className} ${e.innerText.slice(0, 40)} ${e.scrollWidth}/${e.clientWidth}`)"""


def test_the_label_chart_names_every_field_in_full(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        schema=SCHEMA,
        doc=(TEXT, "summit.txt"),
    )
    doc = world.doc.id
    for name, stance, loaded in (("alice", "AGAINST", "YES"), ("bob", "NEUTRAL", "YES")):
        writer = api_as(world.tokens[name])
        for sentence, value in ((0, "NEUTRAL"), (1, stance)):
            body = {"sentence": sentence, "name": "stance", "value": value}
            writer.write("PUT", f"/documents/{doc}/labels", body)
        for field in ("loaded_language", "loaded_language_in_headline_and_lead"):
            body = {"sentence": None, "name": field, "value": loaded}
            writer.write("PUT", f"/documents/{doc}/labels", body)

    for touch, size in ((False, {"width": 1366, "height": 900}), (True, PHONE)):
        tab = open_tab("rita", touch=touch)
        tab.page.set_viewport_size(size)
        page = tab.open("/projects/demo/agreement?status=all")
        chart = page.locator("svg.chart[aria-label='Label agreement per field']")
        rows = chart.evaluate(ROW_NAMES_JS)
        for row, field in zip(rows, FIELDS, strict=True):
            drawn = "".join(row["lines"])
            # Said whole, or, too long for two lines, its start and its end around "…".
            if "…" in drawn:
                head, tail = drawn.split("…")
                assert field.startswith(head) and field.endswith(tail), (drawn, field)
            else:
                assert drawn == field, row
            assert row["inside"], row
        # The full name, for the reader who points at it.
        assert [row["title"] for row in rows] == FIELDS
        wide = page.evaluate(WIDE_JS)
        assert wide == [], (size, wide)
