"""A document whose gold is final and an annotator reopened their layer since: the review list
marks it "Changed after final", its review page says so, and setting gold final again on the
page clears both; at 1366 pixels and on a 390-pixel touch screen."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


@pytest.mark.parametrize("width", [1366, 390])
def test_the_reviewer_is_told_and_clears_it_by_marking_final_again(
    none_world: Any, open_tab: Any, api_as: Any, server: Any, width: int
) -> None:
    world = none_world
    doc = world.doc.id
    for who in ("alice", "bob"):
        api_as(world.tokens[who]).write("PUT", f"/documents/{doc}/status", {"status": "done"})
    reviewer = api_as(world.tokens["rita"])
    reviewer.write("PUT", f"/projects/demo/review/{doc}/status", {"status": "final"})
    reopened = api_as(world.tokens["alice"]).write(
        "PUT", f"/documents/{doc}/status", {"status": "in_progress"}
    )
    assert reopened["status"] == "in_progress"

    page = open_tab("rita", touch=width < 900).page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{server.url}/projects/demo/review")
    gold = page.locator("td[data-label='Gold']").first
    assert gold.get_by_text("Changed after final").is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width

    page.goto(f"{server.url}/projects/demo/review/{doc}")
    notice = page.locator(".notice--changed")
    assert "An annotator’s layer changed after gold was marked final" in notice.inner_text()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    page.get_by_label("Gold status").select_option("final")
    page.get_by_role("button", name="Set", exact=True).click()
    page.wait_for_load_state()
    notice.wait_for(state="detached", timeout=5_000)

    page.goto(f"{server.url}/projects/demo/review")
    assert page.locator("td[data-label='Gold']").first.inner_text().strip() == "Final"
