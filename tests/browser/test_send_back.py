"""A lead sends a done layer back from the agreement page's list; its annotator opens the
document to the reason and the blank sentences marked; a done layer shows its blanks too.

A team lead made stance required after the first documents were done: PATCH said the layers
stay done, listed on the agreement page, and nothing could reopen them but their annotators.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, SIDEWAYS_JS, shot, stance_required_after_done

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed yesterday.\n\nMoscow denied it flatly."
WIDE = {"width": 1366, "height": 768}


def test_a_lead_sends_a_layer_back_and_its_annotator_is_told_why(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world, _ = stance_required_after_done(make_world, api_as, (TEXT, "talks.txt"))
    doc = world.doc.id
    admin = api_as(world.tokens["ada"])

    lead = open_tab("rita")
    page = lead.page
    for size, name in ((PHONE, "390"), (WIDE, "1366")):
        page.set_viewport_size(size)
        page.goto(f"{lead.server.url}/projects/demo/agreement#done-blank")
        item = page.locator("li[data-done-blank='stance']")
        assert page.evaluate(SIDEWAYS_JS) == 0
        item.screenshot(path=shot(f"lead40a-agreement-send-back-{name}.png"))
    with page.expect_navigation():
        item.locator("form:has(input[value='alice']) button").click()
    assert "Sent alice's layer back: it is in progress again" in page.inner_text("body")
    item = page.locator("li[data-done-blank='stance']")
    assert "bob" in item.inner_text() and "alice" not in item.inner_text()
    history = admin.get(f"/projects/demo/documents/{doc}/history", annotator="alice")
    status = next(c for c in history["changes"] if c["kind"] == "status")
    assert status["actor"] == "rita" and status["after"]["reason"] == "stance blank"

    # The project page: bob's finished layer has its Send back beside his status; alice's,
    # in progress now, has none.
    for size, name in ((PHONE, "390"), (WIDE, "1366")):
        page.set_viewport_size(size)
        page.goto(f"{lead.server.url}/projects/demo")
        assert page.evaluate(SIDEWAYS_JS) == 0
        page.locator("table").first.screenshot(path=shot(f"lead40a-project-send-back-{name}.png"))
    assert page.locator("form.send-back:has(input[value='bob']) button").count() == 1
    assert page.locator("form.send-back:has(input[value='alice'])").count() == 0

    tab = open_tab("alice")
    mine = tab.open(f"/projects/demo/documents/{doc}")
    notice = mine.locator("#sent-back")
    assert notice.is_visible()
    said = notice.inner_text()
    assert said.startswith("Sent back to you by rita: stance blank.")
    assert "'stance' has no value on sentence 2" in said
    # The blank sentence is marked from the start, as Mark done refused would mark it.
    missing = mine.eval_on_selector_all(".sent.is-missing", "rows => rows.map(r => r.dataset.i)")
    assert missing == ["1"]
    assert "In progress" in mine.inner_text("#status-box")
    mine.screenshot(path=shot("lead40a-workspace-sent-back-1366.png"))

    # bob's layer stays done: its blanks are marked too, for whoever reads it.
    theirs = open_tab("bob").open(f"/projects/demo/documents/{doc}")
    blank = theirs.eval_on_selector_all(".sent.is-missing", "rows => rows.map(r => r.dataset.i)")
    assert blank == ["0", "1"]


def test_a_lead_types_a_reason_and_the_annotator_reads_it_as_typed(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """The Send back button has a box for the reason: what is typed there reaches the
    annotator's workspace as text (markup shown, not run), and the page still fits a phone."""
    world = make_world(
        {"alice": "annotator", "rita": "reviewer"},
        doc=(TEXT, "talks.txt"),
    )
    doc = world.doc.id
    api_as(world.tokens["alice"]).write("PUT", f"/documents/{doc}/status", {"status": "done"})

    lead = open_tab("rita")
    page = lead.page
    page.set_viewport_size(PHONE)
    # The review page's Send back has the box too, and fits a phone.
    page.goto(f"{lead.server.url}/projects/demo/review/{doc}")
    assert page.evaluate(SIDEWAYS_JS) == 0
    assert page.locator("form.send-back input.send-back__reason").count() == 1
    page.goto(f"{lead.server.url}/projects/demo")
    assert page.evaluate(SIDEWAYS_JS) == 0
    form = page.locator("form.send-back:has(input[name='annotator'][value='alice'])")
    box = form.get_by_label("Why alice's layer goes back (optional, shown to alice)")
    assert box.get_attribute("maxlength") == "500" and box.input_value() == ""
    reason = "Check the <b>cues</b> & stance"
    box.fill(reason)
    page.set_viewport_size(WIDE)
    with page.expect_navigation():
        form.get_by_role("button", name="Send back").click()
    assert "Sent alice's layer back" in page.inner_text("body")

    mine = open_tab("alice").open(f"/projects/demo/documents/{doc}")
    notice = mine.locator("#sent-back")
    assert notice.inner_text().startswith(f"Sent back to you by rita: {reason}.")
    assert notice.locator("b").count() == 0
