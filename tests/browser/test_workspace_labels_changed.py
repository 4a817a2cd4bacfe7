"""A workspace opened before its project's labels changed: a write naming a label (or value)
the schema no longer has is refused, and the page says why and how to recover, until reloaded.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


def test_a_write_with_a_label_renamed_since_the_page_opened_offers_a_reload(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator", "root": "admin"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    admin = api_as(world.tokens["root"])
    admin.write("PATCH", "/projects/demo", {"renames": {"labels": {"SOURCE": "SPEAKER"}}})
    start = TEXT.index("Officials")
    select_text(page, units(TEXT, start), units(TEXT, start + len("Officials")))
    page.keyboard.press("s")  # SOURCE, as the page still knows it
    tab.wait_saved()
    stale = page.locator("#stale")
    stale.wait_for(state="visible")
    said = stale.inner_text()
    assert "unknown span label 'SOURCE'" in said
    assert "labels changed" in said and "changed elsewhere" not in said
    with page.expect_navigation():
        page.click("#stale-reload")
    page.wait_for_selector("#workspace[data-ready='true']")
    assert "SPEAKER" in page.inner_text("#palette")
