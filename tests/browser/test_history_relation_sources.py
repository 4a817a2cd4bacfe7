"""The History page tells a gold relation's story when its end span moves: the relation's row
says the source it had before (under Before) and the one it has now (under After), and, with
no Restore of its own, that it followed its span and that restoring the span's change brings
it back with its source."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import shot

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed.   Moscow denied it."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "bob": "annotator", "carol": "annotator", "rita": "reviewer"},
        doc=(TEXT, "talks.txt"),
    )


def test_a_moved_end_relations_row_says_both_sources_and_what_restores_it(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    for name, source_end in (("alice", 9), ("bob", 9), ("carol", 14)):
        api = api_as(world.tokens[name])
        claim = api.write(
            "POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": 31}
        )
        source = api.write(
            "POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": source_end}
        )
        body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]}
        api.write("POST", f"/documents/{doc}/relations", body)
    rita = api_as(world.tokens["rita"])
    rita.write("POST", f"/projects/demo/review/{doc}/unanimous", {"quorum": "majority"})
    gold_source = next(s for s in rita.layer(doc, "gold")["spans"] if s["label"] == "SOURCE")
    rita.write("PATCH", f"/spans/{gold_source['id']}?layer=gold", {"end": 14})  # carol's extent

    page = open_tab("rita").open(f"/projects/demo/review/{doc}/history")
    section = page.locator("section[data-layer='gold']")
    moved = section.locator("tr[data-kind='relation'][data-action='update']")
    assert moved.count() == 1
    before, after = moved.locator(".history-before"), moved.locator(".history-after")
    assert before.locator(".history-source-before").inner_text() == (
        "accepted: majority of 3 (alice, bob)"
    )
    assert after.locator(".history-source").inner_text() == "chosen by a reviewer (carol)"
    assert "[0, 9)" in before.inner_text() and "[0, 14)" in after.inner_text()
    span_change = section.locator("tr[data-kind='span'][data-action='update']")
    span_id = span_change.get_attribute("data-change")
    why = moved.locator(".history-why").inner_text()
    assert "the relation followed its end span SOURCE [0, 9) to [0, 14)" in why
    assert "restore the span's change to move the span back" in why
    assert moved.locator("button").count() == 0
    # Which change that is, the row links to.
    cause = moved.locator(".history-cause a")
    assert cause.inner_text() == "The span's change"
    assert cause.get_attribute("href") == f"#change-{span_id}"
    target = section.locator(f"tr:has(#change-{span_id})")
    assert target.get_attribute("data-kind") == "span"
    moved.scroll_into_view_if_needed()
    page.screenshot(path=shot("gold42-history-relation-sources.png"), full_page=True)

    # The span's Restore brings the relation back, with the majority it had there.
    span_change.locator("button", has_text="Restore the earlier value").click()
    page.wait_for_load_state()
    restored = section.locator("tr[data-kind='relation'][data-action='restore']")
    assert restored.count() == 1
    assert restored.locator(".history-source").inner_text() == (
        "accepted: majority of 3 (alice, bob)"
    )
    assert restored.locator(".history-source-before").inner_text() == (
        "chosen by a reviewer (carol)"
    )
