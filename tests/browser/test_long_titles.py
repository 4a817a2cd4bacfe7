"""A project name of the longest kind and a document title of one long word, as headings:
wrapped, and clipped after three lines with the whole name in the heading's title."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.limits import PROJECT_NAME_MAX

pytestmark = pytest.mark.server

NAME = ("Russian foreign policy in the regional and national news " * 4)[:PROJECT_NAME_MAX]
TITLE = "Reportage_" + "y" * 300

# The heading's height in lines, whether it reaches past its box sideways, and the breadcrumb
# trail's height in lines (each step one line, a long name cut short).
HEADING_JS = """() => {
  const h = document.querySelector('main h1');
  const line = parseFloat(getComputedStyle(h).lineHeight);
  const trail = document.querySelector('main .breadcrumbs');
  const step = parseFloat(getComputedStyle(trail).lineHeight) || 20;
  return {lines: h.clientHeight / line, wide: h.scrollWidth > h.clientWidth + 1, title: h.title,
          trail: Math.round(trail.getBoundingClientRect().height / step)};
}"""


@pytest.fixture
def world(session: Any, make_world: Any) -> Any:
    world = make_world(
        {"lead": "admin", "alice": "annotator"}, doc=("Officials said it.", "d1", {"title": TITLE})
    )
    world.project.name = NAME
    session.commit()
    return world


@pytest.mark.parametrize("width", [1280, 640])
def test_long_headings_wrap_and_stop_at_three_lines(world: Any, open_tab: Any, width: int) -> None:
    tab = open_tab("lead")
    tab.page.set_viewport_size({"width": width, "height": 900})
    for path, whole in (
        ("/projects/demo", NAME),
        (f"/projects/demo/review/{world.doc.id}", TITLE),
        ("/projects/demo/export", f"Export {NAME}"),
    ):
        page = tab.open(path)
        heading = page.evaluate(HEADING_JS)
        assert heading["lines"] <= 3.05 and not heading["wide"], (path, heading)
        assert heading["title"] == whole
        assert heading["trail"] <= 2, (path, heading)
