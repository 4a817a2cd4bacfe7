"""Back after Mark done shows the document as it is now, not the browser's kept copy.

Found by a review: Mark done on a document (the workspace goes on to the next one), then the
browser's Back: the document said "Not started", "0 of 2 done" and offered Mark done, while
the server held it done (a label key then said "Done: press Reopen to change it").
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed."


def test_back_after_mark_done_shows_the_document_done(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, first=(TEXT, "a.txt"), second=(TEXT, "b.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.first.id}")
    assert page.text_content("#doc-status") == "Not started"
    page.click("#mark-done")
    page.wait_for_url(f"**/documents/{world.second.id}")
    page.wait_for_selector("#workspace[data-ready='true']", timeout=10_000)

    page.go_back()
    page.wait_for_url(f"**/documents/{world.first.id}")
    page.wait_for_selector("#workspace[data-ready='true']", timeout=10_000)
    assert page.text_content("#doc-status") == "Done"
    assert page.is_visible("#mark-reopen") and not page.is_visible("#mark-done")
    assert page.text_content("#my-progress .progress__text").strip() == "1 of your 2 done"
    assert api_as(world.tokens["alice"]).layer(world.first.id)["status"] == "done"
