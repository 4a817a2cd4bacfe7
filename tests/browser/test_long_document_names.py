"""A document named by one long word keeps its table's other columns in view.

File names and ids such as ``Reportage_2024-...-final-v3.txt`` are one word to the browser;
before, such a name stretched the document list past the page, and every row's annotators,
progress and Delete button went out of sight behind a horizontal scroll.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

LONG_ID = "Reportage_" + "y" * 240 + ".txt"


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"lead": "admin", "alice": "annotator"},
        titled=("The mayor said it.", LONG_ID, {"title": "Short"}),
        untitled=("Nobody agreed.", "x" * 250),
    )


def overflow(page: Any, table: str) -> float:
    """Return how far the table reaches past its scroll box, in pixels (0: all in view)."""
    return float(
        page.evaluate(
            """(table) => {
              const box = document.querySelector(table).closest('.table-scroll');
              return box.scrollWidth - box.clientWidth;
            }""",
            table,
        )
    )


def test_the_project_page_keeps_every_column_in_view(world: Any, open_tab: Any) -> None:
    page = open_tab("lead").open("/projects/demo")
    assert LONG_ID in page.inner_text("main")
    assert overflow(page, "main table.table") == 0
    for document in (world.titled, world.untitled):
        delete = page.get_by_role("link", name=f"Delete document #{document.number}")
        box = delete.bounding_box()
        assert box is not None and box["x"] + box["width"] <= page.viewport_size["width"]


def test_the_assignments_page_keeps_the_annotators_in_view(world: Any, open_tab: Any) -> None:
    page = open_tab("lead").open("/projects/demo/assignments")
    assert overflow(page, "#documents") == 0
    for document in (world.titled, world.untitled):
        cell = page.locator(f"#documents tr[data-document='{document.id}'] td").last
        assert cell.inner_text() == "alice" and cell.is_visible()
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= page.viewport_size["width"]
