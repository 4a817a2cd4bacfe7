"""A label field's pages name it as users know it, "genre (document label)", not by the key of
its address (``document:genre``), on a desktop and on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, shot

pytestmark = pytest.mark.server


@pytest.mark.parametrize("size", [{"width": 1366, "height": 900}, PHONE], ids=["1366", "390"])
def test_the_document_field_s_pages_say_genre_document_label(
    make_world: Any, open_tab: Any, size: dict[str, int]
) -> None:
    make_world({"ada": "admin"})
    tab = open_tab("ada")
    tab.page.set_viewport_size(size)
    page = tab.open("/projects/demo/labels")
    page.get_by_role("link", name="Edit the document label genre").click()
    page.wait_for_url("**/labels/fields/edit?field=document:genre")
    assert page.locator("main h1").inner_text() == "genre (document label)"
    assert page.title().startswith("genre (document label) · ")
    assert page.locator(".breadcrumbs [aria-current=page]").inner_text() == "genre"
    assert "document:genre" not in page.locator("main").inner_text()
    page.screenshot(path=shot(f"keys39-field-genre-{size['width']}.png"), full_page=True)
    page.get_by_role("link", name="Edit the values of genre (document label)").click()
    page.wait_for_url("**/labels/values?field=document:genre")
    assert page.locator("main h1").inner_text() == "Values of genre (document label)"
    page.locator("#add-value").fill("ESSAY")
    page.get_by_role("button", name="Add value").click()
    said = page.locator(".flash", has_text="Value ESSAY is added to the document label genre")
    said.wait_for(timeout=10_000)
    assert "document:genre" not in page.locator("main").inner_text()
    page.screenshot(path=shot(f"keys39-values-genre-{size['width']}.png"), full_page=True)
