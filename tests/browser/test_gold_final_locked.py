"""Gold marked final on the pages: the curation view, the review page and the gold workspace say
so in one line and leave out their change controls; keys change nothing (the server refuses
anyway); "Set back to in review" on the line opens gold to changes again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units
from tests.browser.conftest import CURATION_TEXT

pytestmark = pytest.mark.server

LINE = "#gold-final"


def gold_items(reader: Any, doc: int) -> Any:
    gold = reader.layer(doc, "gold")
    return gold["spans"], gold["relations"], gold["sentence_labels"]


def test_final_gold_shows_its_line_and_no_change_controls(
    none_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = none_world
    doc = world.doc.id
    rita = api_as(world.tokens["rita"])
    rita.write("PUT", f"/projects/demo/review/{doc}/status", {"status": "final"})
    before = gold_items(rita, doc)
    tab = open_tab("rita")
    page = tab.page

    # The curation view: the line, no take/none forms nor accept links; its keys do nothing.
    page.goto(f"{tab.server.url}/projects/demo/review/{doc}/curate")
    line = page.locator(LINE)
    assert line.is_visible()
    assert "Gold is final" in line.inner_text()
    assert line.get_by_role("button", name="Set back to in review").is_visible()
    assert page.locator("form.cur-take").count() == 0
    assert page.locator(".cur-none, .cur-reopen").count() == 0
    assert page.get_by_role("link", name="Accept every unanimous item into gold").count() == 0
    assert page.locator(".cur-diff[data-undecided]").count() == 2  # still listed, to read
    assert "accept alice’s" not in page.locator(".keys-hint").inner_text()
    for key in ("1", "2", "0", "u"):
        page.keyboard.press(key)
    page.wait_for_load_state()
    assert gold_items(rita, doc) == before

    # The review page: the line, no accept, none or sentence tools.
    page.goto(f"{tab.server.url}/projects/demo/review/{doc}")
    assert page.locator(LINE).is_visible()
    assert page.get_by_role("button", name="Accept alice’s").count() == 0
    assert page.locator(".difference__none, .difference__reopen").count() == 0
    assert page.locator("#sentence-tools").count() == 0

    # The gold workspace: read only, the line, and a label key says why it changes nothing.
    page = tab.open(f"/projects/demo/documents/{doc}?layer=gold")
    assert page.locator(LINE).is_visible()
    assert "read-only" in page.locator(".layer-badge").inner_text()
    words = "Officials"
    start = CURATION_TEXT.index(words)
    select_text(page, units(CURATION_TEXT, start), units(CURATION_TEXT, start + len(words)))
    page.keyboard.press("s")
    page.locator("#notice").wait_for(state="visible")
    assert page.inner_text("#notice").startswith("Gold is final: set it back to in review")
    assert page.evaluate("() => window.annotatorWorkspace.api.pending()") == 0
    assert gold_items(rita, doc) == before
    assert tab.errors == []

    # Set back to in review from the workspace: it comes back writable, and a key writes.
    page.get_by_role("button", name="Set back to in review").click()
    page.wait_for_selector("#workspace[data-ready='true']", timeout=10_000)
    assert "layer=gold" in page.url
    assert page.locator(LINE).count() == 0
    assert "read-only" not in page.locator(".layer-badge").inner_text()
    select_text(page, units(CURATION_TEXT, start), units(CURATION_TEXT, start + len(words)))
    page.keyboard.press("s")
    tab.wait_saved()
    spans = gold_items(rita, doc)[0]
    assert [(s["label"], s["start"], s["end"]) for s in spans] == [("SOURCE", 0, 9)]
    status = rita.get(f"/projects/demo/review/{doc}")["gold_status"]
    assert status == "in_review"
