"""The agreement page of a project with nothing to compare says so in words, not as empty axes."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed yesterday.\n\nMoscow denied it flatly."

# Charts drawn with no mark on them: no bar, no cell and no column with any size.
EMPTY_CHARTS = """() => [...document.querySelectorAll('svg.chart')].filter((svg) =>
  ![...svg.querySelectorAll('rect')].some((r) => Number(r.getAttribute('width')) > 10
    && Number(r.getAttribute('height')) > 0)
).map((svg) => svg.getAttribute('aria-label'))"""


def test_a_fresh_project_draws_no_empty_chart_and_says_why(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """As on a fresh demo: one annotator has worked, so no figure is defined."""
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt")
    )
    label = {"sentence": 0, "name": "stance", "value": "AGAINST"}
    api_as(world.tokens["alice"]).write("PUT", f"/documents/{world.doc.id}/labels", label)
    page = open_tab("rita").open("/projects/demo/agreement")
    assert page.evaluate(EMPTY_CHARTS) == []
    said = page.locator(".chart-empty").all_inner_texts()
    assert said == [
        "Label agreement per field: nothing to draw yet, no figure is defined (none has two"
        " annotators' work).",
        "Span agreement per label: nothing to draw yet, no figure is defined (none has two"
        " annotators' work).",
        "Documents by span F1 (overlap): nothing to draw yet, no document has a figure (two or"
        " more annotators' work).",
        "Documents by label agreement: nothing to draw yet, no document has a figure (two or"
        " more annotators' work).",
    ]


def test_a_chart_with_nothing_to_draw_has_no_caption_of_its_own(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """Under "Documents by label agreement: nothing to draw yet" the page went on with the
    caption of the chart not drawn ("Share of agreeing label pairs"), captioning nothing."""
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt")
    )
    for name in ("alice", "bob"):  # spans compared, no label: one chart drawn, one not
        body = {"label": "CLAIM", "start": 15, "end": 41}
        api_as(world.tokens[name]).write("POST", f"/documents/{world.doc.id}/spans", body)
    page = open_tab("rita").open("/projects/demo/agreement?status=all")
    said = page.locator(".chart-empty").all_inner_texts()
    assert any(s.startswith("Documents by label agreement: nothing to draw") for s in said)
    captions = page.locator("figcaption").all_inner_texts()
    assert "Span F1 (overlap), mean over pairs" in captions  # drawn, captioned
    assert "Share of agreeing label pairs" not in captions
    # Every caption is under a chart drawn.
    assert page.locator("figure:not(:has(svg.chart))").count() == 0
