"""A document's number in its project opens it, and the workspace says the number: in
Chromium, on a desktop and on a phone, with nothing wider than the window."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, shot, within_the_window

pytestmark = pytest.mark.server

DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def world(make_world: Any, make_project: Any, make_document: Any) -> Any:
    other = make_project("other")
    make_document(other, "Another project's text.", "x.txt")  # row 1: not news's
    return make_world(
        {"alice": "annotator"},
        slug="news",
        one=("Officials said the talks failed.", "one.txt", {"title": "Talks"}),
        two=("Moscow denied it.", "two.txt", {"title": "Denial"}),
    )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1366", "390"])
def test_an_annotator_opens_a_document_by_its_number(
    world: Any, open_tab: Any, size: dict[str, int]
) -> None:
    tab = open_tab("alice")
    tab.page.set_viewport_size(size)
    page = tab.open("/projects/news/documents/number/2")
    assert page.url.endswith(f"/projects/news/documents/{world.two.id}")
    number = page.locator(".ws-bar .breadcrumbs [aria-current=page]")
    assert number.inner_text() == "#2" and page.locator("h1").inner_text() == "Denial"
    within_the_window(number, size["width"])
    over = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(over) == 0
    page.screenshot(path=shot(f"small38-workspace-number-{size['width']}.png"))

    # #1's number typed where the id goes (row 1 is the other project's): the 404 leads on.
    assert world.one.number == 1 and world.one.id != 1
    page.goto(f"{tab.server.url}/projects/news/documents/1")  # no workspace to wait for
    assert "takes a document's id, not its number" in page.locator("p.lead").inner_text()
    page.screenshot(path=shot(f"small38-no-document-{size['width']}.png"))
    page.locator("#error-way").click()
    page.wait_for_url(f"**/projects/news/documents/{world.one.id}")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1366", "390"])
def test_a_number_she_cannot_open_says_which_she_can_and_offers_no_other(
    world: Any, open_tab: Any, make_document: Any, size: dict[str, int]
) -> None:
    """#3, nobody's: alice hears of #1 and #2, her own, not of #3; and the row-id 404 of an
    id that is no number of hers leads to the project page, not to a number she lacks."""
    project = world.project
    make_document(project, "A third text.", "three.txt")  # #3, not alice's
    tab = open_tab("alice")
    tab.page.set_viewport_size(size)
    page = tab.page
    page.goto(f"{tab.server.url}/projects/news/documents/number/3")
    lead = page.locator("p.lead").inner_text()
    assert lead == (
        "no document #3 in project 'news'; this project has documents 1 and 2 you can open"
    )
    page.screenshot(path=shot(f"keys39-no-number-{size['width']}.png"))
    page.goto(f"{tab.server.url}/projects/news/documents/987654")
    lead = page.locator("p.lead").inner_text()
    assert "This project has documents 1 and 2 you can open, each at" in lead
    assert page.locator("#error-way").inner_text() == f"The documents of {project.name}"
    over = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(over) == 0
    page.screenshot(path=shot(f"keys39-no-document-id-{size['width']}.png"))
    page.locator("#error-way").click()
    page.wait_for_url("**/projects/news")
