"""Two tabs on one span: a tab that still shows an older version cannot remove (or, by its
undo, put back) what the other changed since, and a write on a span removed elsewhere says so
with the stale notice and its Reload, not only "no span N" in the bar."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units
from tests.browser.relation_world import TEXT as LINKED_TEXT
from tests.browser.relation_world import linked

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."
WORDS = "the border was closed"


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))


def two_tabs_after_a_relabel(world: Any, open_tab: Any) -> tuple[Any, Any, Any, Any]:
    """The review's steps: tab A marks a CLAIM; tab B opens the document and clicks that span;
    tab A relabels it SOURCE (version 2). Tab B still shows the CLAIM at version 1."""
    first = open_tab("alice")
    page_a = first.open(f"/projects/demo/documents/{world.doc.id}")
    start = TEXT.index(WORDS)
    select_text(page_a, units(TEXT, start), units(TEXT, start + len(WORDS)))
    page_a.keyboard.press("c")
    first.wait_saved()
    second = open_tab("alice")
    page_b = second.open(f"/projects/demo/documents/{world.doc.id}")
    page_b.locator("#text .seg--span").first.click()
    page_a.locator("#text .seg--span").first.click()
    page_a.keyboard.press("s")
    first.wait_saved()
    assert page_b.locator("#text .seg[data-tags]").first.get_attribute("data-tags") == "CLAIM"
    return first, page_a, second, page_b


def stored(api_as: Any, world: Any) -> list[tuple[str, int]]:
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    return [(s["label"], s["version"]) for s in spans]


def test_a_stale_tabs_delete_is_refused_with_the_stale_notice_and_its_undo_puts_nothing_back(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    first, page_a, second, page_b = two_tabs_after_a_relabel(world, open_tab)
    answers: list[tuple[str, int]] = []
    page_b.on(
        "response",
        lambda r: answers.append((r.request.method, r.status)) if "/spans/" in r.url else None,
    )
    sent: list[str] = []
    page_b.on("request", lambda r: sent.append(r.url) if r.method == "DELETE" else None)

    page_b.keyboard.press("Delete")
    second.wait_saved()

    assert answers == [("DELETE", 409)]
    assert sent[0].endswith("?version=1")
    stale = page_b.locator("#stale")
    stale.wait_for(state="visible", timeout=5_000)
    reason = page_b.text_content("#stale-reason")
    assert reason == "Not saved: this span was changed elsewhere (another tab, or a reviewer)."
    assert page_b.locator("#stale-reload").is_visible()
    assert stored(api_as, world) == [("SOURCE", 2)]
    # The page reads the layer again: it shows the span as the other tab left it.
    page_b.wait_for_function(
        "() => document.querySelector('#text .seg[data-tags]')?.dataset.tags === 'SOURCE'",
        timeout=5_000,
    )
    # Its undo has no removal to take back: the old CLAIM is not put back over the SOURCE.
    page_b.keyboard.press("Control+z")
    second.wait_saved()
    assert "Nothing to undo" in page_b.text_content("#notice")
    assert stored(api_as, world) == [("SOURCE", 2)]
    assert answers == [("DELETE", 409)]


def test_an_undo_pressed_before_the_refusal_arrives_puts_nothing_back(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    first, page_a, second, page_b = two_tabs_after_a_relabel(world, open_tab)
    held: list[Any] = []
    # The refusal is held back until the undo is pressed: the undo's writes queue behind it.
    page_b.route("**/api/v1/spans/*", lambda route: held.append(route))
    writes: list[tuple[str, int]] = []
    page_b.on(
        "response",
        lambda r: writes.append((r.request.method, r.status)) if "/api/v1/" in r.url else None,
    )

    page_b.keyboard.press("Delete")
    page_b.wait_for_function("() => window.annotatorWorkspace.actions.undoStack.length === 1")
    page_b.keyboard.press("Control+z")  # the CLAIM is drawn again, its POST waits its turn
    page_b.wait_for_function("() => window.annotatorWorkspace.api.pending() === 2")
    for _ in range(50):  # the route's handler hears of the DELETE when the driver tells it
        if held:
            break
        page_b.wait_for_timeout(100)
    assert len(held) == 1
    held[0].continue_()
    second.wait_saved()

    assert ("DELETE", 409) in writes
    assert [w for w in writes if w[0] == "POST"] == []  # the undo sent nothing
    assert stored(api_as, world) == [("SOURCE", 2)]
    page_b.locator("#stale").wait_for(state="visible", timeout=5_000)
    page_b.wait_for_function(
        "() => [...document.querySelectorAll('#text .seg[data-tags]')]"
        ".map(s => s.dataset.tags).join() === 'SOURCE'",
        timeout=5_000,
    )


def test_a_current_tabs_delete_sends_its_version_and_goes_through_and_undo_puts_it_back(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    first, page_a, second, page_b = two_tabs_after_a_relabel(world, open_tab)
    sent: list[str] = []
    page_a.on("request", lambda r: sent.append(r.url) if r.method == "DELETE" else None)

    page_a.keyboard.press("Delete")  # tab A holds version 2, the one stored
    first.wait_saved()

    assert [url.rsplit("?", 1)[-1] for url in sent] == ["version=2"]
    assert stored(api_as, world) == []
    page_a.keyboard.press("Control+z")
    first.wait_saved()
    # The same span back, one version later than it was removed at: a tab that read it
    # before the removal is stale.
    assert stored(api_as, world) == [("SOURCE", 3)]
    page_a.keyboard.press("Control+Shift+z")  # the redo's delete sends the version put back
    first.wait_saved()
    assert sent[-1].endswith("?version=3")
    assert stored(api_as, world) == []
    assert page_a.locator("#stale").is_hidden()


def test_a_write_on_a_span_removed_in_another_tab_says_so_with_the_stale_notice(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    first, page_a, second, page_b = two_tabs_after_a_relabel(world, open_tab)
    page_a.keyboard.press("Delete")  # tab A removes the span it has at version 2
    first.wait_saved()
    assert stored(api_as, world) == []

    page_b.keyboard.press("q")  # tab B relabels the span it still shows
    second.wait_saved()

    stale = page_b.locator("#stale")
    stale.wait_for(state="visible", timeout=5_000)
    reason = page_b.text_content("#stale-reason")
    assert reason == "Not saved: this span was removed elsewhere (another tab, or a reviewer)."
    assert page_b.locator("#stale-reload").is_visible()
    assert page_b.get_attribute("#save-state", "data-state") == "failed"
    assert "removed elsewhere" in page_b.text_content("#save-state")
    assert "no span" not in page_b.text_content("#save-state")
    assert "removed elsewhere" in page_b.text_content("#notice")
    assert stored(api_as, world) == []
    with page_b.expect_navigation():
        page_b.click("#stale-reload")
    page_b.wait_for_selector("#workspace[data-ready='true']")
    assert page_b.locator("#text .seg[data-tags]").count() == 0


def test_a_link_removed_in_another_tab_is_said_removed_when_this_tab_removes_it_too(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """What the removal wanted is so: said as information, not as a write "Not saved" (an
    analyst read that as the link still being there)."""
    world = make_world({"alice": "annotator"}, doc=(LINKED_TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    linked(api, world.doc.id)
    tabs = [open_tab("alice") for _ in range(2)]
    pages = [tab.open(f"/projects/demo/documents/{world.doc.id}") for tab in tabs]
    for page in pages:
        arc = page.locator("#text .arc[role='button']", has_text="ATTRIBUTED_TO")
        arc.locator(".arc__tag").click(timeout=5_000)
    pages[0].keyboard.press("Delete")  # tab A removes the link
    tabs[0].wait_saved()
    assert api.layer(world.doc.id)["relations"] == []

    pages[1].keyboard.press("Delete")  # tab B, which still shows it, removes it too
    tabs[1].wait_saved()

    notice = pages[1].inner_text("#notice")
    assert notice == "This link had already been removed elsewhere (another tab, or a reviewer)."
    assert pages[1].locator("#stale").is_hidden()
    assert pages[1].get_attribute("#save-state", "data-state") == "saved"
    assert pages[1].locator("#text .arc[role='button']", has_text="ATTRIBUTED_TO").count() == 0
    assert [s["label"] for s in api.layer(world.doc.id)["spans"]] == ["SOURCE", "CLAIM"]


def test_a_span_removed_in_another_tab_and_removed_here_too_is_no_failure(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(LINKED_TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    linked(api, world.doc.id)
    tabs = [open_tab("alice") for _ in range(2)]
    pages = [tab.open(f"/projects/demo/documents/{world.doc.id}") for tab in tabs]
    for page in pages:
        page.locator("#text .seg--span").first.click()
    pages[0].keyboard.press("Delete")  # tab A removes the span (and its link)
    tabs[0].wait_saved()
    assert len(api.layer(world.doc.id)["spans"]) == 1

    pages[1].keyboard.press("Delete")  # tab B, which still shows it, removes it too
    tabs[1].wait_saved()
    notice = pages[1].inner_text("#notice")
    assert notice == "This span had already been removed elsewhere (another tab, or a reviewer)."
    assert pages[1].get_attribute("#save-state", "data-state") == "saved"
    assert len(api.layer(world.doc.id)["spans"]) == 1


def test_a_delete_refused_as_the_layer_was_marked_done_elsewhere_says_so(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """A 409 that names no version is not a stale span: marked done in another tab (a
    review found the removal's refusal worded as "changed elsewhere" there)."""
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    start = TEXT.index(WORDS)
    select_text(page, units(TEXT, start), units(TEXT, start + len(WORDS)))
    page.keyboard.press("c")
    tab.wait_saved()
    page.locator("#text .seg--span").first.click()
    api = api_as(world.tokens["alice"])
    api.write("PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
    page.keyboard.press("Delete")
    tab.wait_saved()
    page.wait_for_selector("#mark-reopen:not([hidden])", timeout=10_000)
    assert page.inner_text("#notice") == "Done: press Reopen to change it."
    assert page.locator("#stale").is_hidden()
    assert [s["label"] for s in api.layer(world.doc.id)["spans"]] == ["CLAIM"]
