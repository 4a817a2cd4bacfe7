"""Accepting every unanimous item into gold asks first, saying how many items it writes."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


@pytest.fixture
def world(curation_world: Any, api_as: Any) -> Any:
    """alice and bob both mark the same SOURCE and give the first sentence the same stance;
    only alice marks a CUE."""
    doc = curation_world.doc.id
    for name in ("alice", "bob"):
        api = api_as(curation_world.tokens[name])
        api.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})
        label = {"sentence": 0, "name": "stance", "value": "AGAINST"}
        api.write("PUT", f"/documents/{doc}/labels", label)
    cue = {"label": "CUE", "start": 10, "end": 14}
    api_as(curation_world.tokens["alice"]).write("POST", f"/documents/{doc}/spans", cue)
    return curation_world


def _gold(reader: Any, doc: int) -> tuple[list[str], list[str]]:
    layer = reader.layer(doc, "gold")
    return [s["text"] for s in layer["spans"]], [v["value"] for v in layer["sentence_labels"]]


def test_accepting_the_unanimous_items_asks_first_and_cancelling_writes_nothing(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").open(f"/projects/demo/review/{doc}")
    page.get_by_role("link", name="Accept every unanimous item into gold").click()
    confirm = page.locator("#unanimous-confirm")
    confirm.wait_for()
    assert "writes 2 items into gold: 1 span, 0 relations and 1 label" in confirm.inner_text()
    assert "Nothing is written yet" in confirm.inner_text()
    assert _gold(reader, doc) == ([], [])  # asked, not written
    confirm.get_by_role("link", name="Cancel").click()
    page.wait_for_load_state()
    assert page.locator("#unanimous-confirm").count() == 0
    assert _gold(reader, doc) == ([], [])

    page.get_by_role("link", name="Accept every unanimous item into gold").click()
    page.locator("#unanimous-confirm").get_by_role("button", name="Accept 2 items").click()
    page.wait_for_selector("text=Accepted 1 span, 0 relations and 1 label")
    assert _gold(reader, doc) == (["Officials"], ["AGAINST"])
    # Asked again, there is nothing left to accept, and no button to write it.
    page.get_by_role("link", name="Accept every unanimous item into gold").click()
    confirm = page.locator("#unanimous-confirm")
    assert "Nothing to accept" in confirm.inner_text()
    assert confirm.get_by_role("button").count() == 0


def test_the_project_wide_accept_and_the_curation_view_ask_first_too(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    tab = open_tab("rita")
    page = tab.open("/projects/demo/review")
    page.get_by_role("link", name="Accept every unanimous item of the project into gold").click()
    confirm = page.locator("#unanimous-confirm")
    assert "writes 2 items into gold in 1 document" in confirm.inner_text()
    confirm.get_by_role("link", name="Cancel").click()
    page.wait_for_load_state()
    assert _gold(reader, doc) == ([], [])

    page = tab.open(f"/projects/demo/review/{doc}/curate")
    page.get_by_role("link", name="Accept every unanimous item into gold").click()
    page.locator("#unanimous-confirm").get_by_role("button", name="Accept 2 items").click()
    page.wait_for_selector("text=Accepted 1 span, 0 relations and 1 label")
    assert "/curate" in page.url  # back where it was asked
    assert _gold(reader, doc) == (["Officials"], ["AGAINST"])
