"""The workspace's status box says the document's status once, and beside it only the actions
that change it from there: "Mark done" and "Skip" while it is open, "Reopen" once it is done or
skipped.

A "Done" chip sat beside a "Done" button: people read them as two controls, or as one word said
twice; and a done document offered nothing to take it back to work on but an undo."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed."
DESKTOP = {"width": 1366, "height": 900}

# What the box shows: its status's words and the names of its buttons on screen; and the
# bar's other controls on the box's line (their middle between its top and its foot).
BOX_JS = """() => {
  const box = document.getElementById('status-box');
  const frame = box.getBoundingClientRect();
  const beside = [...box.parentElement.children].filter((node) => {
    if (node === box || node.offsetParent === null) return false;
    const other = node.getBoundingClientRect();
    const middle = (other.top + other.bottom) / 2;
    return frame.top <= middle && middle <= frame.bottom;
  });
  return {
    group: [box.getAttribute('role'), box.getAttribute('aria-label')],
    status: document.getElementById('doc-status').textContent,
    buttons: [...box.querySelectorAll('button')].filter((b) => b.offsetParent !== null)
      .map((b) => b.textContent.trim()),
    beside: beside.map((node) => node.id || node.className),
  };
}"""

SHOWN = {
    "new": ("Not started", ["Mark done", "Skip"]),
    "in_progress": ("In progress", ["Mark done", "Skip"]),
    "done": ("Done", ["Reopen"]),
    "skipped": ("Skipped", ["Reopen"]),
}


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("status", list(SHOWN))
def test_each_status_is_said_once_with_the_actions_that_change_it(
    make_world: Any, open_tab: Any, api_as: Any, status: str, size: dict[str, int]
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    if status != "new":
        body = {"status": status}
        api_as(world.tokens["alice"]).write("PUT", f"/documents/{world.doc.id}/status", body)
    tab = open_tab("alice", touch=size is PHONE)
    tab.page.set_viewport_size(size)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    box = page.evaluate(BOX_JS)
    name, buttons = SHOWN[status]
    assert box["status"] == name
    assert box["buttons"] == buttons
    # No button repeats the status's word, and the box is one control to assistive technology.
    assert name not in box["buttons"]
    assert box["group"] == ["group", "Document status"]
    # On a phone too the box shares a line of the bar with its other controls: it never takes
    # a row of its own (out of the text's height).
    assert box["beside"], box


def test_done_then_reopened_keeps_the_focus_and_the_count(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """The only document: Mark done stays on it. The button pressed goes away, and the
    keyboard's focus moves to the one that takes its place, not to the page's start."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    reader = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#mark-done")
    page.keyboard.press("Enter")
    tab.wait_saved()
    page.wait_for_function("() => document.getElementById('doc-status').textContent === 'Done'")
    assert page.evaluate("document.activeElement.id") == "mark-reopen"
    assert page.text_content("#my-progress .progress__text").strip() == "1 of your 1 done"
    page.keyboard.press("Enter")  # Reopen: back in progress, on the same page
    tab.wait_saved()
    assert page.text_content("#doc-status") == "In progress"
    assert page.evaluate("document.activeElement.id") == "mark-done"
    assert page.text_content("#my-progress .progress__text").strip() == "0 of your 1 done"
    statuses = {d["id"]: d["status"] for d in reader.get("/projects/demo/documents")["documents"]}
    assert statuses[world.doc.id] == "in_progress"
    # The key is unchanged: Ctrl+Enter marks it done again.
    page.locator("#text").focus()
    page.keyboard.press("Control+Enter")
    tab.wait_saved()
    assert page.text_content("#doc-status") == "Done"
