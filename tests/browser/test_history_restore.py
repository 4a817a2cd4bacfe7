"""A span deleted in the workspace is listed in the document's history and restored from it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units

pytestmark = pytest.mark.server

TEXT = "Analysts 👀 said the border was closed. The ministry denied that troops had moved."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "news.txt", {"title": "News"})
    )


def test_a_deleted_span_is_listed_in_the_history_and_restored_from_it(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    words = "the border was closed"
    start = TEXT.index(words)
    alice = open_tab("alice")
    page = alice.open(f"/projects/demo/documents/{world.doc.id}")
    # After an emoji: the page counts UTF-16 units, the history code points.
    select_text(page, units(TEXT, start), units(TEXT, start + len(words)))
    page.keyboard.press("c")
    alice.wait_saved()
    reader = api_as(world.tokens["rita"])
    (span,) = reader.layer(world.doc.id, "alice")["spans"]
    assert (span["start"], span["end"]) == (start, start + len(words))
    page.keyboard.press("Delete")  # the new span is selected
    alice.wait_saved()
    assert reader.layer(world.doc.id, "alice")["spans"] == []

    rita = open_tab("rita")
    review = rita.open(f"/projects/demo/review/{world.doc.id}")
    review.click("text=History")
    review.wait_for_url(f"**/review/{world.doc.id}/history")
    section = review.locator("section[data-layer='alice']")
    deleted = section.locator("tr[data-kind='span'][data-action='delete']")
    assert deleted.count() == 1
    # Offsets in code points from 0, as the API counts them; sentences from 1.
    shown = f"CLAIM [{start}, {start + len(words)}) \u201c{words}\u201d (sentence 1)"
    assert deleted.locator(".history-before").inner_text() == shown
    assert deleted.locator(".history-after").inner_text() == "(nothing)"
    deleted.locator("button", has_text="Restore the span").click()
    review.wait_for_load_state()
    assert "Restored the span" in review.locator("body").inner_text()
    restored = section.locator("tr[data-kind='span'][data-action='restore']")
    assert restored.count() == 1
    assert restored.locator("td").nth(1).inner_text().startswith("rita")

    (back,) = reader.layer(world.doc.id, "alice")["spans"]
    assert (back["label"], back["start"], back["end"]) == ("CLAIM", start, start + len(words))
    document = reader.get(f"/documents/{world.doc.id}")
    assert back["text"] == document["text"][back["start"] : back["end"]] == words


def test_at_640_px_the_restore_buttons_are_on_screen_without_sideways_scroll(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    alice = api_as(world.tokens["alice"])
    span = {"label": "CLAIM", "start": 0, "end": 8}
    made = alice.write("POST", f"/documents/{world.doc.id}/spans", span)
    deleted = alice.http.delete(f"{alice.server.url}/api/v1/spans/{made['id']}", timeout=20)
    assert deleted.status_code == 204
    rita = open_tab("rita")
    page = rita.page
    page.set_viewport_size({"width": 640, "height": 900})
    page.goto(f"{rita.server.url}/projects/demo/review/{world.doc.id}/history")
    buttons = page.locator("button", has_text="Restore")
    assert buttons.count() >= 2  # the span, and alice's status
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 640, box
    assert page.evaluate(
        "() => [...document.querySelectorAll('.table-scroll')]"
        ".every((e) => e.scrollWidth <= e.clientWidth + 1)"
    )
    # The row that added the span says why it offers no Restore, on screen too.
    why = page.locator("tr[data-action='create'] .history-why")
    box = why.bounding_box()
    assert "no earlier value" in why.inner_text() and box and box["x"] + box["width"] <= 640
