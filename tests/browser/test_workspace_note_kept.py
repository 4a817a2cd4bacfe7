"""The document note typed while a save cannot go through is not lost.

Found by an annotator's day of work: typing the note with the login session ended (logged out
in another tab) said the API's words under the box, and the notice's "Log in again" came back
to a box holding the old note, the new sentence gone; a note typed offline stayed "Not saved:
Failed to fetch" when the connection came back, never tried again, while the bar said
"Saved". Now what is typed is kept in the tab as a draft until stored, put back in the box
after logging in again and saved; a failed connection is tried again, at once when the browser
is back online; and the bar says the note is not saved.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_workspace_signed_out import log_in, log_out_elsewhere

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. Nobody else spoke."


def _stored(api: Any, document_id: int) -> list[tuple[str, bool]]:
    return [(n["note"], n["unsure"]) for n in api.get(f"/documents/{document_id}/notes")["notes"]]


def _wait_state(page: Any, state: str) -> None:
    page.locator(f"#note-state[data-state='{state}']").wait_for(timeout=10_000)


def test_a_note_typed_after_the_session_ended_is_saved_after_logging_in_again(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    path = f"/projects/demo/documents/{world.doc.id}"
    tab = open_tab("alice")
    page = tab.open(path)
    page.fill("#note-text", "Which officials?")
    page.locator("#note-text").blur()
    _wait_state(page, "saved")

    log_out_elsewhere(tab, again=False)
    page.fill("#note-text", "Which officials? Ask the ministry.")
    page.locator("#note-text").blur()
    _wait_state(page, "failed")
    page.locator("#signed-out").wait_for(state="visible", timeout=10_000)
    assert "Bearer" not in page.inner_text("#note-state")
    assert "logged out" in page.inner_text("#note-state")
    assert _stored(api, world.doc.id) == [("Which officials?", False)]

    page.click("#signed-out-action")
    page.wait_for_url(lambda url: "/auth/login" in url)
    log_in(page)
    page.wait_for_url(lambda url: url.endswith(path))
    page.wait_for_selector("#workspace[data-ready='true']")
    assert page.input_value("#note-text") == "Which officials? Ask the ministry."
    _wait_state(page, "saved")
    assert _stored(api, world.doc.id) == [("Which officials? Ask the ministry.", False)]
    # Stored: the draft is gone, and the next visit shows the note as stored.
    drafts = page.evaluate(
        "() => Object.keys(sessionStorage).filter((k) => k.startsWith('annotator:note-draft:'))"
    )
    assert drafts == []
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    assert page.input_value("#note-text") == "Which officials? Ask the ministry."
    assert page.get_attribute("#note-state", "data-state") == "saved"


def test_a_note_typed_offline_is_saved_when_the_connection_is_back(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    context = page.context
    context.set_offline(True)
    page.fill("#note-text", "Check the date.")
    page.check("#note-unsure")
    _wait_state(page, "retrying")
    # The bar does not say "Saved" while the note is not.
    assert page.get_attribute("#save-state", "data-state") == "retrying"
    assert "Saved" not in page.inner_text("#save-state")
    assert _stored(api, world.doc.id) == []
    context.set_offline(False)
    _wait_state(page, "saved")
    assert _stored(api, world.doc.id) == [("Check the date.", True)]
    assert page.get_attribute("#save-state", "data-state") == "saved"
    # The browser's own lines for the requests that found no network are not the page's errors.
    tab.errors[:] = [e for e in tab.errors if "ERR_INTERNET_DISCONNECTED" not in e]
