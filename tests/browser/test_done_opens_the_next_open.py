"""Ctrl+Enter, or the Done button, marks the document done and opens the next one still to do.

An annotator who skipped ahead (finished the third document before the second) and then
finishes the first was taken to the second, done already; the queue's next open document
is what she is after. Next → stays the queue's neighbour, whatever its status.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator"},
        first=(TEXT, "a.txt", {"title": "First"}),
        second=(TEXT, "b.txt", {"title": "Second"}),
        third=(TEXT, "c.txt", {"title": "Third"}),
    )


def mark(reader: Any, document: Any, status: str) -> None:
    reader.write("PUT", f"/documents/{document.id}/status", {"status": status})


def test_ctrl_enter_passes_over_documents_already_done(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    reader = api_as(world.tokens["alice"])
    mark(reader, world.second, "done")
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.first.id}")
    assert page.get_attribute("#next-doc", "href").endswith(f"/documents/{world.second.id}")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    page.wait_for_selector("#workspace[data-ready='true']")
    assert page.url.endswith(f"/documents/{world.third.id}")
    statuses = {d["id"]: d["status"] for d in reader.get("/projects/demo/documents")["documents"]}
    assert statuses[world.first.id] == "done"


def test_ctrl_enter_goes_back_to_an_open_document_before_this_one(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    reader = api_as(world.tokens["alice"])
    mark(reader, world.second, "done")
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.third.id}")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    page.wait_for_selector("#workspace[data-ready='true']")
    assert page.url.endswith(f"/documents/{world.first.id}")


def test_the_done_button_does_what_ctrl_enter_does(world: Any, open_tab: Any, api_as: Any) -> None:
    """A click on Done stayed on the document: only the keyboard moved on."""
    reader = api_as(world.tokens["alice"])
    mark(reader, world.second, "done")
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.first.id}")
    with page.expect_navigation(timeout=10_000):
        page.click("#mark-done")
    page.wait_for_selector("#workspace[data-ready='true']")
    assert page.url.endswith(f"/documents/{world.third.id}")
    statuses = {d["id"]: d["status"] for d in reader.get("/projects/demo/documents")["documents"]}
    assert statuses[world.first.id] == "done"
    # With no other document still to do, Done stays and says so, as Ctrl+Enter does.
    page.click("#mark-done")
    tab.wait_saved()
    assert "no other document in your queue is still to do" in page.inner_text("body")
    assert page.url.endswith(f"/documents/{world.third.id}")


def test_skip_opens_the_next_document_still_to_do(world: Any, open_tab: Any, api_as: Any) -> None:
    """Skip marked the document skipped and left the annotator on it, to find the next one."""
    reader = api_as(world.tokens["alice"])
    mark(reader, world.second, "done")
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.first.id}")
    with page.expect_navigation(timeout=10_000):
        page.click("#mark-skip")
    page.wait_for_selector("#workspace[data-ready='true']")
    assert page.url.endswith(f"/documents/{world.third.id}")
    statuses = {d["id"]: d["status"] for d in reader.get("/projects/demo/documents")["documents"]}
    assert statuses[world.first.id] == "skipped"
    # The skipped first document is not still to do: skipping the third, the last open one,
    # stays and says so.
    page.click("#mark-skip")
    tab.wait_saved()
    assert "Marked skipped: no other document in your queue is still to do" in page.inner_text(
        "body"
    )
    assert page.url.endswith(f"/documents/{world.third.id}")
