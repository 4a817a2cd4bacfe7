"""In the curation view, a relation accepted after its end's boundary was decided with the
other version ends at gold's span (keys 2 then 1): gold holds one claim, read back through the
API; and a digit with no version says which versions there are.

alice's claim is "the talks failed yesterday", bob's "talks failed yesterday" (the same end);
both attribute it to the SOURCE "Officials". bob alone marks "Moscow".
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
    for name, claim in (("alice", "the talks failed yesterday"), ("bob", "talks failed yesterday")):
        attributed(api_as(curation_world.tokens[name]), doc, CURATION_TEXT, claim, "Officials")
    start = CURATION_TEXT.index("Moscow")
    body = {"label": "SOURCE", "start": start, "end": start + len("Moscow")}
    api_as(curation_world.tokens["bob"]).write("POST", f"/documents/{doc}/spans", body)
    return curation_world


def test_keys_2_then_1_leave_gold_one_claim_with_the_link_at_it(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}/curate")
    boundary = page.locator(".cur-diff", has_text="Boundary shift")
    boundary.locator(".difference__kind").click()
    page.keyboard.press("2")  # bob's claim
    page.wait_for_selector(".cur-diff--decided")
    page.wait_for_load_state("load")
    relation = page.locator(".cur-diff", has_text="Relation").first
    relation.locator(".difference__kind").click()
    page.keyboard.press("1")  # alice's relation
    page.wait_for_selector(".flashes")
    said = " ".join(page.locator(".flashes").inner_text().split())
    assert "Its end CLAIM" in said and "is gold’s CLAIM" in said

    assert gold_words(reader, doc) == (
        ["Officials", "talks failed yesterday"],
        [("talks failed yesterday", "Officials")],
    )
    assert "gold holds bob’s" in boundary.inner_text()
    assert "Decided" in page.locator(".cur-diff", has_text="Relation").first.inner_text()

    # A difference only bob marked: 1 (alice's lane) says which version there is.
    page.wait_for_load_state("load")
    only = page.locator(".cur-diff", has_text="marked by bob")
    only.locator(".difference__kind").click()
    page.keyboard.press("1")
    notice = page.locator("#curation-notice").inner_text()
    assert notice == "This difference has only bob’s version: 2."


def test_key_1_then_2_moves_the_link_onto_bobs_claim(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}/curate")
    page.locator(".cur-diff", has_text="Relation").first.locator(".difference__kind").click()
    page.keyboard.press("1")  # alice's relation, with alice's claim
    page.wait_for_selector(".flashes")
    page.wait_for_load_state("load")
    boundary = page.locator(".cur-diff", has_text="Boundary shift")
    boundary.locator(".difference__kind").click()
    page.keyboard.press("2")  # bob's claim instead: the link follows gold's span
    page.wait_for_selector("text=Took that version into gold instead")
    assert gold_words(reader, doc) == (
        ["Officials", "talks failed yesterday"],
        [("talks failed yesterday", "Officials")],
    )
    assert "Decided" in page.locator(".cur-diff", has_text="Relation").first.inner_text()
