"""The workspace bar's two counts say different things: the document's place in the queue
("2 of 3", to a screen reader "Document 2 of 3") and the annotator's progress ("1 done", its
bar the share; to a screen reader "1 of your 3 done"). Both read "N of 3", side by side, and
an annotator could not tell which was which."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


@pytest.mark.parametrize("width", [1366, 390])
def test_the_place_and_the_progress_are_named_apart(
    make_world: Any, open_tab: Any, api_as: Any, width: int
) -> None:
    world = make_world(
        {"alice": "annotator"}, a=(TEXT, "a.txt"), b=(TEXT, "b.txt"), c=(TEXT, "c.txt")
    )
    api_as(world.tokens["alice"]).write(
        "PUT", f"/documents/{world.a.id}/status", {"status": "done"}
    )
    tab = open_tab("alice")
    tab.page.set_viewport_size({"width": width, "height": 800})
    page = tab.open(f"/projects/demo/documents/{world.b.id}")
    place = page.locator("#queue-place")
    progress = page.locator("#my-progress .progress__text")
    # Read by a screen reader whatever the width: each names what it counts.
    assert place.text_content() == "Document 2 of 3"
    assert progress.text_content() == "1 of your 3 done"
    # To the eye, one "N of 3" (the place) beside "1 done" (the progress, its bar the share).
    shown = page.evaluate(
        """() => [...document.querySelectorAll('#queue-place, #my-progress .progress__text')]
          .map((node) => [...node.childNodes].filter((c) => c.nodeType === 3 ||
            c.getBoundingClientRect().width > 1).map((c) => c.textContent).join('').trim())"""
    )
    assert shown == ["2 of 3", "1 done"]
    # Marked done here, the progress follows in the same words.
    page.get_by_role("button", name="Mark done").click()
    page.wait_for_url(lambda url: f"/documents/{world.b.id}" not in url)
    assert page.locator("#my-progress .progress__text").text_content() == "2 of your 3 done"
