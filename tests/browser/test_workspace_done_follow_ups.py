"""Follow-ups of the done lock in the workspace, each found by a review.

A write the server refused (a layer marked done in another tab) left its entry on the Undo
stack: Undo then said "Undone" and did nothing. Ctrl+Z pressed while Ctrl+Enter's "done" was
on its way said "Undone", yet the page went on to the next document and the status stayed
done (the reopen never left). A done layer's span note box took typing that was never saved.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text
from tests.browser.workspace_keys import notice

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied that troops had moved."
REFUSED = "Done: press Reopen to change it."


def test_a_refused_write_leaves_nothing_to_undo(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    api = api_as(world.tokens["alice"])
    api.write("PUT", f"/documents/{world.doc.id}/status", {"status": "done"})  # another tab
    select_text(page, 0, 9)
    page.keyboard.press("c")
    tab.wait_saved()
    page.wait_for_selector("#mark-reopen:not([hidden])")
    assert notice(page) == REFUSED
    # The span never was: Undo has nothing of it to take back.
    assert page.evaluate("() => window.annotatorWorkspace.actions.undoStack.length") == 0
    assert page.locator("#undo").is_disabled()
    page.click("#mark-reopen")
    tab.wait_saved()
    # Reopened, Undo would take back the reopen: never the span that was not made.
    whats = "() => window.annotatorWorkspace.actions.undoStack.map((entry) => entry.what)"
    assert page.evaluate(whats) == ["reopen"]
    assert api.layer(world.doc.id)["status"] == "in_progress"
    assert not tab.errors


def test_ctrl_z_while_done_is_on_its_way_stays_and_reopens(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, first=(TEXT, "a.txt"), second=(TEXT, "b.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.first.id}")
    held: list[Any] = []

    def hold_the_first(route: Any) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)  # the "done", answered once Ctrl+Z has been pressed

    page.route("**/api/v1/documents/*/status", hold_the_first)
    page.focus("#text")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => window.annotatorWorkspace.api.pending() > 0")
    for _ in range(500):  # bounded: a request that never comes must fail, not hang the run
        if held:
            break
        page.wait_for_timeout(20)
    assert held, "the page sent no status request within ten seconds"
    page.keyboard.press("Control+z")
    assert notice(page) == "Undone: mark done (Ctrl+Shift+Z redoes it)."
    held[0].continue_()
    tab.wait_saved()
    page.wait_for_timeout(300)  # time for a navigation, were one to start
    assert page.url.endswith(f"/documents/{world.first.id}")
    api = api_as(world.tokens["alice"])
    assert api.layer(world.first.id)["status"] == "in_progress"
    assert page.locator("#status-box .status").inner_text() == "In progress"
    assert not tab.errors


def test_a_done_layers_span_note_box_is_read_only_until_reopen(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    api.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})
    api.write("PUT", f"/documents/{doc}/status", {"status": "done"})
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="Officials").click()
    box = page.locator("#span-details #span-note-text")
    box.wait_for(timeout=5_000)
    assert not box.is_editable()
    assert REFUSED in page.inner_text("#span-note")
    page.click("#mark-reopen")
    tab.wait_saved()
    page.wait_for_function("() => !document.querySelector('#span-note-text').readOnly")
    box.fill("unsure of the source")
    page.focus("#text")
    tab.wait_saved()
    assert api.layer(doc)["spans"][0]["note"] == "unsure of the source"
    assert not tab.errors
