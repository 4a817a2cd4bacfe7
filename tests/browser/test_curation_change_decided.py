"""In the curation view a difference decided by a version in gold can be changed.

alice and bob attribute the same claim to a SOURCE of different extents ("Officials",
"Officials said"). Accepting alice's relation brings her SOURCE into gold as its end (the
flash says so), which decides the SOURCE's boundary shift with alice's version. That card
then offers bob's version instead (its key, 2), which moves gold's SOURCE onto bob's extent
with the relation still pointing at it, and Reopen (u), which takes it out of gold and says
that the relation went with it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import attributed, gold_words
from tests.browser.conftest import CURATION_TEXT

pytestmark = pytest.mark.server


@pytest.fixture
def world(curation_world: Any, api_as: Any) -> Any:
    doc = curation_world.doc.id
    for name, source in (("alice", "Officials"), ("bob", "Officials said")):
        claim = "the talks failed yesterday"
        attributed(api_as(curation_world.tokens[name]), doc, CURATION_TEXT, claim, source)
    return curation_world


def _said(page: Any) -> str:
    return " ".join(page.locator(".flashes").inner_text().split())


def test_a_boundary_decided_by_a_relations_end_is_taken_instead_and_reopened(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}/curate")
    boundary = page.locator(".cur-diff", has_text="Boundary shift")
    relation = page.locator(".cur-diff", has_text="Relation").first
    relation.locator(".difference__kind").click()
    page.keyboard.press("1")  # alice's relation
    page.wait_for_selector(".flashes")
    assert "it brought its ends into gold too: CLAIM" in _said(page)
    assert "SOURCE [0, 9) “Officials”" in _said(page)
    assert gold_words(reader, doc) == (
        ["Officials", "the talks failed yesterday"],
        [("the talks failed yesterday", "Officials")],
    )

    # The boundary shift is decided with alice's SOURCE; bob's can be taken instead.
    assert "Decided: gold holds alice’s" in boundary.inner_text()
    take = boundary.get_by_role("button", name="2 Take bob’s instead")
    assert take.is_visible()
    assert boundary.get_by_role("button", name="u Reopen").is_visible()
    boundary.locator(".difference__kind").click()
    page.keyboard.press("2")
    page.wait_for_selector("text=Took that version into gold instead.")
    # Back on that difference, the flash said in its card; gold's SOURCE is bob's, and the
    # relation still ends at it.
    focused = page.locator(".cur-diff--focus")
    assert focused.get_attribute("data-number") == boundary.get_attribute("data-number")
    assert focused.locator(".flashes").count() == 1
    assert "1 relation of gold still points at it" in _said(page)
    assert "Decided: gold holds bob’s" in boundary.inner_text()
    assert gold_words(reader, doc) == (
        ["Officials said", "the talks failed yesterday"],
        [("the talks failed yesterday", "Officials said")],
    )

    # u reopens it: gold's SOURCE leaves, and the relation with it, as the flash says.
    page.keyboard.press("u")
    page.wait_for_selector("text=Reopened the difference")
    assert "removed from gold SOURCE [0, 14) “Officials said”" in _said(page)
    assert "1 relation at it went with it: ATTRIBUTED_TO" in _said(page)
    assert boundary.get_attribute("data-undecided") == "true"
    assert gold_words(reader, doc) == (["the talks failed yesterday"], [])
