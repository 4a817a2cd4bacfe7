"""Two tabs on one sentence: a stale tab's label key and its undo are refused, not written.

Tab A set FAVOR; tab B, still showing no value, pressed `a` and the server had AGAINST with no
warning; B's Ctrl+Z then left no stance at all. A label write now sends the value the page
shows (`previous`): the server refuses it when another is stored, naming it, and the page says
so and shows the stored value."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "The border was closed. Trade fell. Prices rose."

SHOWN_JS = "() => window.annotatorWorkspace.store.sentenceLabels.get('1|stance') ?? null"


def _stance(api: Any, doc: int) -> list[str]:
    layer = api.layer(doc)["sentence_labels"]
    return [x["value"] for x in layer if x["name"] == "stance" and x["sentence"] == 1]


def test_a_stale_tab_is_refused_and_shown_the_stored_value(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    tabs = [open_tab("alice"), open_tab("alice")]
    pages = [tab.open(f"/projects/demo/documents/{doc}") for tab in tabs]
    for page in pages:
        page.focus("#text")
        page.keyboard.press("j")  # both on the second sentence
    a, b = pages
    tab_a, tab_b = tabs

    a.keyboard.press("f")
    tab_a.wait_saved()
    assert _stance(api, doc) == ["FAVOR"]
    # B still shows no value: its AGAINST is refused; B says so and shows FAVOR.
    b.keyboard.press("a")
    tab_b.wait_saved()
    assert _stance(api, doc) == ["FAVOR"]
    b.wait_for_function(f"() => ({SHOWN_JS})() === 'FAVOR'")
    assert b.locator("#stale").is_visible()
    reason = b.inner_text("#stale-reason")
    assert "'stance' on sentence 2 was changed elsewhere" in reason
    assert "it is now FAVOR" in reason
    # Ctrl+Z in B has nothing of its own to take back: FAVOR stays.
    b.keyboard.press("Control+z")
    tab_b.wait_saved()
    assert _stance(api, doc) == ["FAVOR"]

    # Now B (up to date) sets AGAINST; A, showing FAVOR, sets NONE: refused, naming AGAINST.
    b.keyboard.press("a")
    tab_b.wait_saved()
    assert _stance(api, doc) == ["AGAINST"]
    a.keyboard.press("n")
    tab_a.wait_saved()
    assert _stance(api, doc) == ["AGAINST"]
    a.wait_for_function(f"() => ({SHOWN_JS})() === 'AGAINST'")
    assert "it is now AGAINST" in a.inner_text("#stale-reason")
    # A, up to date again, sets NONE; B's undo of its AGAINST (back to FAVOR) is stale and
    # refused rather than wiping A's NONE.
    a.keyboard.press("n")
    tab_a.wait_saved()
    assert _stance(api, doc) == ["NONE"]
    b.keyboard.press("Control+z")
    tab_b.wait_saved()
    assert _stance(api, doc) == ["NONE"]
    b.wait_for_function(f"() => ({SHOWN_JS})() === 'NONE'")
    assert "it is now NONE" in b.inner_text("#stale-reason")
    for tab in tabs:
        assert [e for e in tab.errors if "409" not in e] == []
