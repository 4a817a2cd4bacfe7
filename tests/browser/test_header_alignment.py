"""The site header lines up with the page under it: on the full-width annotation workspace its
name and links start and end where the workspace does, as on the other pages they start and
end with the page's column, so that the eye does not jump between two left edges."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "The minister said on Monday that the talks had failed. Nobody else said so."
EDGES = """(main) => {
  const content = (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return [box.left + parseFloat(style.paddingLeft), box.right - parseFloat(style.paddingRight)];
  };
  const [headerLeft, headerRight] = content(document.querySelector('.site-header__inner'));
  const [left, right] = content(document.querySelector(main));
  return {brand: document.querySelector('.site-header .brand').getBoundingClientRect().left,
          headerLeft, headerRight, left, right};
}"""


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))


@pytest.mark.parametrize("width", [390, 1366, 1920])
def test_the_header_lines_up_with_the_page(world: Any, open_tab: Any, width: int) -> None:
    tab = open_tab("alice")
    for path, main in (
        (f"/projects/demo/documents/{world.doc.id}", "main.workspace-page"),
        ("/projects", "main.page"),
    ):
        page = tab.open(path)
        page.set_viewport_size({"width": width, "height": 900})
        edges = page.evaluate(EDGES, main)
        assert abs(edges["brand"] - edges["left"]) <= 1, (path, edges)
        assert abs(edges["headerLeft"] - edges["left"]) <= 1, (path, edges)
        assert abs(edges["headerRight"] - edges["right"]) <= 1, (path, edges)
