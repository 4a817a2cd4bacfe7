"""What the workspace says and to whom: information is said politely (role=status), only a
failure interrupts (role=alert); the text is a named document; and the document's history is
a link away from the workspace, for those who may read it."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."

#: The workspace's live regions and what each says now.
REGIONS_JS = """() => [...document.querySelectorAll('[role=alert], [role=status], [aria-live]')]
  .filter((e) => e.closest('#workspace'))
  .map((e) => [e.getAttribute('role') || e.getAttribute('aria-live'), e.textContent.trim()])"""


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        doc=(TEXT, "news.txt", {"title": "News"}),
    )


def said_in(page: Any, words: str) -> list[str]:
    """The roles of the live regions that say ``words``."""
    return [role for role, text in page.evaluate(REGIONS_JS) if text == words]


def test_information_is_polite_and_a_failure_is_an_alert(world: Any, open_tab: Any) -> None:
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("k")  # at the first sentence: a word of where it is, no alarm
    page.locator("#notice").wait_for(state="visible", timeout=5_000)
    assert page.inner_text("#notice") == "This is the first sentence."
    assert said_in(page, "This is the first sentence.") == ["status"]
    assert page.get_attribute("#notice", "role") is None  # the toast is seen, said by its region
    # A failure interrupts, and the polite region no longer holds the old words.
    page.evaluate("() => window.annotatorWorkspace.notify('Not saved: test failure.', 'error')")
    assert said_in(page, "Not saved: test failure.") == ["alert"]
    assert said_in(page, "This is the first sentence.") == []
    assert page.inner_text("#notice") == "Not saved: test failure."


def test_the_text_has_a_role_that_takes_its_name(world: Any, open_tab: Any) -> None:
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    text = page.locator("#text")
    # aria-label on a plain div names nothing (axe: aria-prohibited-attr); the text's role
    # takes it: an application, whose keys a screen reader passes through.
    assert text.get_attribute("role") == "application"
    name = "Text: select words, then press a label key"
    assert page.get_by_role("application", name=name).count() == 1


def test_the_history_is_linked_from_the_workspace_for_those_who_read_it(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    api_as(world.tokens["alice"]).write(
        "POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": 36}
    )
    page = open_tab("alice").open(f"/projects/demo/documents/{doc}")
    link = page.locator("#show-history")
    assert link.inner_text() == "History"
    link.click()
    page.wait_for_url(f"**/review/{doc}/history?annotator=alice", timeout=10_000)
    assert "CLAIM" in page.inner_text("main")

    # A reviewer reading bob's layer: its history.
    reviewer = open_tab("rita").open(f"/projects/demo/documents/{doc}?annotator=bob")
    assert reviewer.get_attribute("#show-history", "href").endswith(
        f"/review/{doc}/history?annotator=bob"
    )
    gold = open_tab("rita").open(f"/projects/demo/documents/{doc}?layer=gold")
    assert gold.get_attribute("#show-history", "href").endswith(
        f"/review/{doc}/history?annotator=gold"
    )
