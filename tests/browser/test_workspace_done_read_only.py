"""A document marked done is read-only in its workspace until Reopen.

Found by a review: on a done document, `.` (next suggestion) then Enter (accept) made a span
in the layer behind the review's back, the status staying "done". Every key that would write
now says "Done: press Reopen to change it" and writes nothing (the server refuses such a
write too, 409 layer_done); Reopen lets the same keys through. The suggestions are not drawn
on a done layer at all (test_workspace_done_suggestions.py): `.` says why.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents
from tests.browser.browser_helpers import select_text
from tests.browser.workspace_keys import notice

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied that troops had moved."
REFUSED = "Done: press Reopen to change it."
PAUSED = "This document is done; reopen it to use suggestions."


def test_done_workspace_refuses_writes_until_reopened(
    session: Any, make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    # The real path: the attribution rules write the suggestions layer (no model trained).
    predict_documents(session, world.project)
    session.commit()
    api = api_as(world.tokens["alice"])
    api.write("PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert page.locator("#text .seg--suggested").count() == 0
    assert page.is_visible("#mark-reopen")

    # `.` goes to no suggestion, and says why; Enter would accept one: refused.
    page.focus("#text")
    page.keyboard.press(".")
    assert notice(page) == PAUSED
    assert page.evaluate("() => window.annotatorWorkspace.suggestions.selected") is None
    page.keyboard.press("Enter")
    assert notice(page) == REFUSED
    # A label key on selected words would make a span: refused, the selection left as it was.
    page.evaluate("() => document.getElementById('notice').textContent = ''")
    select_text(page, 0, 9)
    page.keyboard.press("c")
    assert notice(page) == REFUSED
    tab.wait_saved()
    assert page.evaluate("() => window.annotatorWorkspace.store.spans.size") == 0
    assert api.layer(world.doc.id)["spans"] == []
    assert api.layer(world.doc.id)["status"] == "done"

    # Reopen: the same keys write.
    page.click("#mark-reopen")
    tab.wait_saved()
    assert api.layer(world.doc.id)["status"] == "in_progress"
    # Back to the text: Enter on the status box's button would press it.
    page.wait_for_selector("#text .seg--suggested")
    page.focus("#text")
    page.keyboard.press(".")
    page.keyboard.press("Enter")
    tab.wait_saved()
    select_text(page, 38, 50)
    page.keyboard.press("c")
    tab.wait_saved()
    spans = api.layer(world.doc.id)["spans"]
    assert len(spans) == 2, spans
    assert any(s["text"] == "The ministry" and s["label"] == "CLAIM" for s in spans), spans
    assert not tab.errors


def test_a_write_refused_because_another_tab_marked_done_says_so_in_the_page_s_words(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    # Not a stale page: no "changed elsewhere ... reload" banner, and no API words
    # ("PUT /api/v1/documents/..."), but the status with Reopen beside it.
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    api_as(world.tokens["alice"]).write(
        "PUT", f"/documents/{world.doc.id}/status", {"status": "done"}
    )
    select_text(page, 0, 9)
    page.keyboard.press("c")
    tab.wait_saved()
    page.wait_for_selector("#mark-reopen:not([hidden])")
    assert page.locator("#stale").is_hidden()
    assert notice(page) == REFUSED
    assert page.inner_text("#save-state") == f"Not saved: {REFUSED}"
