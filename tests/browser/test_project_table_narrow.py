"""At 640 px the project page's documents table stacks its rows, so each Delete button is on
screen without scrolling the table sideways (it was reached only by scrolling)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_world: Any) -> Any:
    long = "A rather long title of a document about the talks " * 3
    return make_world(
        {"ada": "admin", "alice": "annotator", "bob": "annotator"},
        first=("The talks failed. " * 20, "talks-with-a-long-name.txt", {"title": long}),
        second=("Moscow denied it. " * 20, "moscow.txt", {"title": "Moscow"}),
    )


@pytest.mark.parametrize("width", [640, 1280])
def test_every_delete_button_is_within_the_window_without_sideways_scroll(
    world: Any, open_tab: Any, width: int
) -> None:
    tab = open_tab("ada")
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{tab.server.url}/projects/demo")
    buttons = page.locator("a.button--danger", has_text="Delete")
    assert buttons.count() == 2
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    scrolls = page.evaluate(
        """() => [document.documentElement, ...document.querySelectorAll('.table-scroll')]
              .filter((e) => e.scrollWidth > e.clientWidth + 1).length"""
    )
    assert scrolls == 0
