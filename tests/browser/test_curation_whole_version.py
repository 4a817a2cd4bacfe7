"""The curation view: "1" on a difference takes alice's version whole into gold. alice marked
two CLAIMs side by side where bob marked one over both: her first alone went into gold, the
view said nothing was left to decide, and her second claim was left out unsaid."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

THE_TALKS = (15, 24)  # "the talks"
FAILED = (25, 41)  # "failed yesterday"


def test_a_key_takes_both_of_alices_claims_where_bob_marked_one(
    curation_world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    world = curation_world
    doc = world.doc.id
    for name, bounds in (("alice", THE_TALKS), ("alice", FAILED), ("bob", (15, 41))):
        body = {"label": "CLAIM", "start": bounds[0], "end": bounds[1]}
        api_as(world.tokens[name]).write("POST", f"/documents/{doc}/spans", body)
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}/curate")
    assert page.locator(".cur-diff").count() == 1
    assert page.locator("#undecided-count").inner_text() == "1"
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "1"

    page.keyboard.press("1")  # alice's lane
    page.wait_for_selector("#diff-1.cur-diff--decided")

    gold = api_as(world.tokens["rita"]).layer(doc, "gold")
    assert sorted((s["label"], s["start"], s["end"]) for s in gold["spans"]) == [
        ("CLAIM", *THE_TALKS),
        ("CLAIM", *FAILED),
    ]
    assert page.locator("#undecided-count").inner_text() == "0"
    card = page.locator("#diff-1")
    said = card.locator(".flash").inner_text()
    assert "With it came the rest of alice’s version of that difference" in said
    # alice's version is gold's: only bob's is offered, to take instead.
    assert card.locator("form.cur-take").all_inner_texts() == ["2 Take bob’s instead"]
