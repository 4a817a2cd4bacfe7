"""The workspace note is saved as it is typed and when the page is left, and says so."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))


def _note(api_as: Any, world: Any) -> list[tuple[str, bool]]:
    notes = api_as(world.tokens["alice"]).get(f"/documents/{world.doc.id}/notes")["notes"]
    return [(n["note"], n["unsure"]) for n in notes]


def test_a_note_typed_then_left_by_a_link_is_stored(world: Any, open_tab: Any, api_as: Any) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.click("#note-text")
    page.keyboard.type("Check the second source")  # no blur: the box keeps its focus
    assert page.text_content("#note-state") == "Not saved yet."
    page.click("nav.breadcrumbs a >> nth=0")  # away at once, before a second has passed
    page.wait_for_url(lambda url: "/documents/" not in url)
    for _ in range(50):  # the keepalive request may land just after the next page
        if _note(api_as, world):
            break
        page.wait_for_timeout(100)
    assert _note(api_as, world) == [("Check the second source", False)]


def test_a_note_is_saved_a_moment_after_typing_stops(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.click("#note-text")
    page.keyboard.type("Unclear attribution")
    assert page.get_attribute("#note-state", "data-state") == "unsaved"
    page.wait_for_selector("#note-state[data-state='saved']", timeout=5_000)
    assert page.text_content("#note-state") == "Saved."
    assert page.evaluate("document.activeElement.id") == "note-text"  # saved without a blur
    assert _note(api_as, world) == [("Unclear attribution", False)]


def test_a_note_the_server_refuses_says_not_saved_and_why(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    # A NUL no database stores as text: the server refuses the note (422).
    page.evaluate(
        """() => {
          const area = document.getElementById('note-text');
          area.value = 'a\\u0000b';
          area.dispatchEvent(new Event('input'));
        }"""
    )
    page.wait_for_selector("#note-state[data-state='failed']", timeout=5_000)
    assert page.text_content("#note-state").startswith("Not saved: the field 'note'")
    assert _note(api_as, world) == []


def test_the_note_box_says_saved_only_once_a_note_is_stored(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """An empty box said "Saved." before anything was typed; it now says nothing until a
    save, and a note read back from the server is said to be saved."""
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert page.text_content("#note-state") == ""
    assert page.get_attribute("#note-state", "data-state") == "none"
    page.click("#note-text")
    page.keyboard.type("Two sources")
    page.wait_for_selector("#note-state[data-state='saved']", timeout=5_000)
    assert page.text_content("#note-state") == "Saved."
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    assert page.input_value("#note-text") == "Two sources"
    assert page.text_content("#note-state") == "Saved."
