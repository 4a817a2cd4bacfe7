"""The review page's "Sentences with most undecided differences" lead to those differences."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

IN_VIEW = """(node) => {
  const box = node.getBoundingClientRect();
  return box.top > -1 && box.top < innerHeight;
}"""


def test_each_sentence_of_the_ranking_links_to_its_first_undecided_difference(
    none_world: Any, open_tab: Any
) -> None:
    """They linked to the sentence list at the foot of the page (its split and merge tools),
    not to the differences to decide."""
    page = open_tab("rita").open(f"/projects/demo/review/{none_world.doc.id}")
    page.set_viewport_size({"width": 640, "height": 500})
    ranking = page.locator("#sentence-ranking a")
    assert ranking.all_inner_texts() == ["sentence 1", "sentence 2"]
    for number in (2, 1):
        ranking.filter(has_text=f"sentence {number}").click()
        target = page.locator(page.url.split("#", 1)[1].join(["#", ""]))
        assert target.evaluate("n => n.classList.contains('difference')")
        assert f"sentence {number}" in target.locator(".difference__kind").text_content()
        assert target.evaluate(IN_VIEW), target.evaluate("n => n.getBoundingClientRect().top")
