"""The review list tells who has not started, in a real browser.

alice, bob and carol are assigned both documents. On ``talks.txt`` alice and bob are done and
carol has not started: its row says "3 assigned: 2 done, 1 not started" and, on hover, names
carol (with names hidden, "Annotator 3": the project's number for her, who joined last). On
``other.txt`` all three are done. The filter "Everyone finished" keeps ``other.txt`` alone,
"Waiting for someone" ``talks.txt`` alone.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed yesterday.\n\nMoscow denied it flatly."


def _row(page: Any, name: str) -> Any:
    return page.locator("tbody tr", has_text=name)


def test_the_list_says_who_is_assigned_and_filters_by_who_is_waiting(
    make_world: Any, open_tab: Any, api_as: Any, server: Any
) -> None:
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "carol": "annotator", "rita": "reviewer"},
        doc=(TEXT, "talks.txt"),
        other=(TEXT, "other.txt"),
    )
    writers = {name: api_as(world.tokens[name]) for name in ("alice", "bob", "carol")}
    done_by = ((world.doc, ("alice", "bob")), (world.other, ("alice", "bob", "carol")))
    for document, names in done_by:
        for name, stance in zip(names, ("FAVOR", "AGAINST", "NONE"), strict=False):
            label = {"sentence": 0, "name": "stance", "value": stance}
            writers[name].write("PUT", f"/documents/{document.id}/labels", label)
            writers[name].write("PUT", f"/documents/{document.id}/status", {"status": "done"})
    page = open_tab("rita").page

    page.goto(f"{server.url}/projects/demo/review")
    count = _row(page, "talks.txt").locator("td[data-label='Annotators'] .layer-count")
    assert " ".join(count.inner_text().split()).startswith("3 assigned: 2 done, 1 not started")
    assert count.get_attribute("title") == "carol has not marked this document done (Not started)"
    other = _row(page, "other.txt").locator("td[data-label='Annotators'] .layer-count")
    assert " ".join(other.inner_text().split()).startswith("3 assigned: 3 done")
    assert other.get_attribute("title") is None

    page.get_by_label("Annotators").select_option("finished")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**annotators=finished**")
    assert page.locator("tbody tr").count() == 1
    assert _row(page, "other.txt").is_visible()

    page.get_by_label("Annotators").select_option("waiting")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**annotators=waiting**")
    assert page.locator("tbody tr").count() == 1

    page.get_by_role("link", name="Hide annotator names").click()
    page.wait_for_url("**anonymous=1**")
    assert "annotators=waiting" in page.url  # the filter kept
    count = _row(page, "talks.txt").locator("td[data-label='Annotators'] .layer-count")
    title = count.get_attribute("title")
    assert title == "Annotator 3 has not marked this document done (Not started)"
    assert "carol" not in page.content()
