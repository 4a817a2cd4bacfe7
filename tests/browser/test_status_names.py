"""An assignment's status is said alike on every page: the workspace's status box, the project
page's document list and the export form's status choices (it was "new" in one place and
"Not started" in another, "in progress" and "In progress")."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "news.txt", {"title": "News"})
    )


def listed_status(tab: Any) -> str:
    page = tab.open("/projects/demo")
    return page.locator("table .status").inner_text()


def says(page: Any, status: str) -> None:
    """Wait until the workspace's status box says ``status`` (it fails if it never does)."""
    page.wait_for_function(
        "(status) => document.getElementById('doc-status').textContent === status", arg=status
    )


def test_the_workspace_says_each_status_as_the_project_page_does(world: Any, open_tab: Any) -> None:
    tab = open_tab("alice")
    assert listed_status(tab) == "Not started"
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    says(page, "Not started")
    select_text(page, 0, len("Officials"))
    page.keyboard.press("s")
    tab.wait_saved()
    says(page, "In progress")
    assert listed_status(tab) == "In progress"
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    says(page, "In progress")  # read from the server before the click
    page.click("#mark-skip")
    tab.wait_saved()
    says(page, "Skipped")
    assert listed_status(tab) == "Skipped"


def test_the_export_form_offers_the_statuses_by_the_same_names(world: Any, open_tab: Any) -> None:
    page = open_tab("rita").open("/projects/demo/export")
    options = page.locator("#status option").all_inner_texts()
    assert options == ["Any status", "Not started", "In progress", "Done", "Skipped"]
    listed = page.goto(page.url.replace("/export", ""))
    assert listed is not None
    names = page.locator("select[name=status] option").all_inner_texts()
    assert names[1:] == options[1:]
