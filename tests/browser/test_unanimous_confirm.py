"""Accepting every unanimous (or majority) item into gold asks first, saying how many items
it writes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import CURATION_TEXT

pytestmark = pytest.mark.server


def _mark(world: Any, api_as: Any, name: str, source: bool, stance: str) -> None:
    """``name`` marks the SOURCE (``source``) and gives the first sentence ``stance``."""
    doc, api = world.doc.id, api_as(world.tokens[name])
    if source:
        api.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})
    label = {"sentence": 0, "name": "stance", "value": stance}
    api.write("PUT", f"/documents/{doc}/labels", label)


@pytest.fixture
def world(curation_world: Any, api_as: Any) -> Any:
    """alice and bob both mark the same SOURCE and give the first sentence the same stance;
    only alice marks a CUE."""
    for name in ("alice", "bob"):
        _mark(curation_world, api_as, name, True, "AGAINST")
    cue = {"label": "CUE", "start": 10, "end": 14}
    api_as(curation_world.tokens["alice"]).write(
        "POST", f"/documents/{curation_world.doc.id}/spans", cue
    )
    return curation_world


@pytest.fixture
def trio(make_world: Any, api_as: Any) -> Any:
    """Three annotators: alice and bob as in ``world``; carol marks no SOURCE, stance NONE.
    Nothing is unanimous; the SOURCE and the stance AGAINST are two of three's."""
    people = {"alice": "annotator", "bob": "annotator", "carol": "annotator", "rita": "reviewer"}
    made = make_world(people, doc=(CURATION_TEXT, "talks.txt"))
    for name, source, stance in (("alice", True, "AGAINST"), ("bob", True, "AGAINST")):
        _mark(made, api_as, name, source, stance)
    _mark(made, api_as, "carol", False, "NONE")
    return made


def _gold(reader: Any, doc: int) -> tuple[list[str], list[str]]:
    layer = reader.layer(doc, "gold")
    return [s["text"] for s in layer["spans"]], [v["value"] for v in layer["sentence_labels"]]


def test_accepting_the_unanimous_items_asks_first_and_cancelling_writes_nothing(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").open(f"/projects/demo/review/{doc}")
    # Of two annotators, most is both: no second button for the same items.
    assert page.get_by_role("link", name="Accept what most annotators agree on").count() == 0
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
    # Both done: the project-wide accept leaves out a document someone has not finished.
    for name in ("alice", "bob"):
        api_as(world.tokens[name]).write("PUT", f"/documents/{doc}/status", {"status": "done"})
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


def test_accepting_what_most_annotators_agree_on_from_the_curation_view(
    trio: Any, open_tab: Any, api_as: Any
) -> None:
    doc = trio.doc.id
    reader = api_as(trio.tokens["rita"])
    page = open_tab("rita").open(f"/projects/demo/review/{doc}/curate")
    page.get_by_role("link", name="Accept every unanimous item into gold").click()
    assert "Nothing to accept" in page.locator("#unanimous-confirm").inner_text()
    page.get_by_role("link", name="Accept what most annotators agree on").click()
    confirm = page.locator("#unanimous-confirm[data-quorum=majority]")
    confirm.wait_for()
    said = confirm.inner_text()
    assert "writes 2 items into gold: 1 span, 0 relations and 1 label" in said
    assert "that most annotators gave alike" in said and "2 of 4 is a tie" in said
    assert _gold(reader, doc) == ([], [])  # asked, not written
    confirm.get_by_role("button", name="Accept 2 items").click()
    page.wait_for_selector(
        "text=Accepted 1 span, 0 relations and 1 label that most annotators gave alike"
    )
    assert "/curate" in page.url
    assert _gold(reader, doc) == (["Officials"], ["AGAINST"])
    # The project-wide question of the review list finds nothing left.
    page = open_tab("rita").open("/projects/demo/review")
    page.get_by_role("link", name="Accept what most annotators agree on in the project").click()
    assert "Nothing to accept" in page.locator("#unanimous-confirm").inner_text()
