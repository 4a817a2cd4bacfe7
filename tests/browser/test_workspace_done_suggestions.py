"""A layer marked done (or skipped) draws no suggestions, and the panel says why.

Found by a fresh look: the dashed CLAIM? / SOURCE? outlines stayed on a done layer, inviting
an accept that was then refused (the server takes no write on a done layer: 409 layer_done).
They are now left out while the layer is done or skipped, the Suggestions panel says "This
document is done; reopen it to use suggestions.", and Reopen brings them back at once.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents
from tests.browser.browser_helpers import PHONE, REACHABLE_JS, SIDEWAYS_JS
from tests.browser.workspace_keys import notice

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied that troops had moved."
SHOWN = "#text .seg--suggested"
DONE = "This document is done; reopen it to use suggestions."


@pytest.fixture
def world(session: Any, make_world: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    # The real path: the attribution rules write the suggestions layer (no model trained).
    predict_documents(session, world.project)
    session.commit()
    return world


@pytest.mark.parametrize("width", [1366, PHONE["width"]])
def test_a_done_layer_draws_no_suggestions_and_says_why(
    world: Any, open_tab: Any, api_as: Any, width: int
) -> None:
    api = api_as(world.tokens["alice"])
    assert api.get(f"/documents/{world.doc.id}/suggestions")["spans"]
    api.write("PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
    phone = width == PHONE["width"]
    tab = open_tab("alice", touch=phone)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE if phone else {"width": width, "height": 900})
    assert page.locator(SHOWN).count() == 0
    assert page.locator("#text [data-sug-tags]").count() == 0
    if not phone:
        assert page.inner_text("#suggestion-details") == DONE
        # `.` would go to one: it says why there is none to go to.
        page.focus("#text")
        page.keyboard.press(".")
        assert notice(page) == DONE
        assert page.evaluate("() => window.annotatorWorkspace.suggestions.selected") is None

    # Reopen: drawn again at once, and accepted as before.
    page.click("#mark-reopen")
    tab.wait_saved()
    page.wait_for_selector(SHOWN)
    assert page.locator("#suggestions-paused").count() == 0
    if not phone:
        assert "shown" in page.inner_text("#suggestion-count")
        page.focus("#text")
        page.keyboard.press(".")
        page.keyboard.press("Enter")
        tab.wait_saved()
        assert len(api.layer(world.doc.id)["spans"]) == 1

    # Marked done again: gone again, without a reload.
    page.click("#mark-done")
    tab.wait_saved()
    page.wait_for_selector(SHOWN, state="detached")
    if not phone:
        assert page.inner_text("#suggestion-details") == DONE
    assert not tab.errors


def test_a_skipped_layer_says_skipped(world: Any, open_tab: Any, api_as: Any) -> None:
    api = api_as(world.tokens["alice"])
    api.write("PUT", f"/documents/{world.doc.id}/status", {"status": "skipped"})
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert page.locator(SHOWN).count() == 0
    assert page.inner_text("#suggestion-details") == (
        "This document is skipped; reopen it to use suggestions."
    )


def test_a_phone_says_why_without_a_selection(world: Any, open_tab: Any, api_as: Any) -> None:
    """A phone shows the Suggestions panel only with a suggestion selected, which a done layer
    never has: its reason was never seen there. It is shown at the window's foot, over the
    labels, while the layer keeps suggestions back, and goes with Reopen."""
    api = api_as(world.tokens["alice"])
    api.write("PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
    tab = open_tab("alice", touch=True)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE)
    why = page.locator("#suggestions-paused")
    why.wait_for(state="visible", timeout=5_000)
    assert why.inner_text() == DONE
    assert page.evaluate(REACHABLE_JS, why.element_handle())
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(SIDEWAYS_JS) == 0
    # One line of the sheet, not the panel's heading and room besides.
    assert why.bounding_box()["height"] < 45
    page.click("#mark-reopen")
    tab.wait_saved()
    page.wait_for_selector(SHOWN)
    assert not page.locator("#suggestion-panel").is_visible()
    assert not tab.errors
