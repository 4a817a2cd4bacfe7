"""A claim with a source and a cue is linked twice without selecting it again.

After a link was made the claim was deselected: `l` for its second link said "Select a span
first", and the Enter after it said "No suggestions to accept". The link's start span stays
selected now, by key or by a click on the target, so `l` starts its next link at once.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_workspace_arcs import post

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


def _world(make_world: Any, api_as: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    spans = (("SOURCE", "Officials"), ("CUE", "said"), ("CLAIM", "the border was closed"))
    for label, words in spans:
        start, end = TEXT.index(words), TEXT.index(words) + len(words)
        post(api, f"/documents/{world.doc.id}/spans", {"label": label, "start": start, "end": end})
    return world


def _links(api: Any, doc_id: int) -> list[tuple[str, str, str]]:
    layer = api.layer(doc_id)
    text = {s["id"]: s["text"] for s in layer["spans"]}
    return sorted((r["type"], text[r["from"]], text[r["to"]]) for r in layer["relations"])


BOTH = [
    ("ATTRIBUTED_TO", "the border was closed", "Officials"),
    ("CUED_BY", "the border was closed", "said"),
]


def test_l_after_a_link_made_by_keys_starts_the_claims_next_link(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = _world(make_world, api_as)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.locator("#text .seg[data-tags='CLAIM']").click()
    page.keyboard.press("l")
    page.keyboard.press("Enter")  # the nearest candidate: the cue "said"
    assert "CLAIM" in page.inner_text("#span-panel")
    page.keyboard.press("l")  # the claim is still selected: its next link, to the source
    details = page.inner_text("#link-details")
    assert "1 span can be linked" in details and "Officials" in details, details
    page.keyboard.press("Enter")
    tab.wait_saved()
    assert _links(api_as(world.tokens["alice"]), world.doc.id) == BOTH
    # Both links drawn: the claim, still selected, has nothing more to link to.
    page.keyboard.press("l")
    assert "No span in this document can be linked" in page.inner_text("#link-details")


def test_l_after_a_link_made_by_a_click_starts_the_claims_next_link(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = _world(make_world, api_as)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.locator("#text .seg[data-tags='CLAIM']").click()
    page.keyboard.press("l")
    page.locator("#text .seg[data-tags='SOURCE']").click()  # a click links at once
    assert page.locator("#link-panel").is_hidden()
    assert "CLAIM" in page.inner_text("#span-panel")
    page.keyboard.press("l")
    page.locator("#text .seg[data-tags='CUE']").click()
    tab.wait_saved()
    assert _links(api_as(world.tokens["alice"]), world.doc.id) == BOTH
