"""The selected span's panel names what each remove button removes: a relation's button read
"remove", a line above the span's own "Remove", so that on a phone (no Ctrl+Z at hand) a tap
meant to drop a link could take the span and its links instead, and a screen reader heard
"remove" with nothing after it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE

pytestmark = pytest.mark.server

TEXT = "Officials said the alliance would raise its target."


@pytest.mark.parametrize("touch", [False, True], ids=["desktop", "phone"])
def test_a_relations_button_says_it_removes_that_link(
    make_world: Any, open_tab: Any, api_as: Any, touch: bool
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    claim = api.write("POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": 50})
    source = api.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})
    body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]}
    api.write("POST", f"/documents/{doc}/relations", body)

    tab = open_tab("alice", touch=touch)
    tab.page.set_viewport_size(PHONE if touch else {"width": 1366, "height": 900})
    page = tab.open(f"/projects/demo/documents/{doc}")
    span = page.locator("#text .seg--span", has_text="the alliance")
    span.tap() if touch else span.click()
    panel = page.locator("#span-details")
    link_button = panel.locator(".relations button")
    assert link_button.inner_text().strip() == "Remove link"
    named = panel.get_by_role("button", name="Remove link ATTRIBUTED_TO → SOURCE “Officials”")
    assert named.count() == 1
    # The span's own button says what it takes away too (its key shown where there are keys).
    said_by_span_button = " ".join(panel.locator("#remove-span").inner_text().split())
    assert said_by_span_button == ("Remove span" if touch else "Delete Remove span")

    named.tap() if touch else named.click()
    tab.wait_saved()
    layer = api.layer(doc)
    assert layer["relations"] == [] and len(layer["spans"]) == 2
