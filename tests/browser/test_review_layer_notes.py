"""The review page's "Layers side by side" shows each layer's notes on its spans and
relations: escaped, under the item, small, and readable on a phone (no sideways scroll)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, within_the_window

pytestmark = pytest.mark.server

TEXT = "Officials said the alliance would raise its target."
LONG = "Unsure: <i>officials</i> may be the ministry's spokespeople, see https://example.org/" + (
    "averyveryverylongwordwithoutanyspace" * 3
)


def test_a_reviewer_reads_each_layers_notes_side_by_side_at_1366_and_390(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "summit.txt")
    )
    doc = world.doc.id
    alice, bob = api_as(world.tokens["alice"]), api_as(world.tokens["bob"])
    noted = {"label": "CLAIM", "start": 15, "end": 50, "note": LONG}
    claim = alice.write("POST", f"/documents/{doc}/spans", noted)
    source = alice.write(
        "POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9}
    )
    body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]}
    relation = alice.write("POST", f"/documents/{doc}/relations", body)
    alice.write("PATCH", f"/relations/{relation['id']}", {"note": "said so\nin paragraph 3"})
    bob.write("POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 19, "end": 50})

    tab = open_tab("rita")
    page = tab.page
    for width, height in ((1366, 900), (PHONE["width"], PHONE["height"])):
        page.set_viewport_size({"width": width, "height": height})
        tab.open(f"/projects/demo/review/{doc}")
        layers = page.locator(".layers .layer")
        alices = layers.filter(has=page.locator("h3", has_text="alice"))
        notes = alices.locator(".layer__note")
        assert notes.all_inner_texts() == [LONG, "said so\nin paragraph 3"]
        assert alices.locator("i").count() == 0  # escaped
        bobs = layers.filter(has=page.locator("h3", has_text="bob"))
        assert bobs.locator(".layer__note").count() == 0
        # Smaller than the item it explains, its lines kept.
        size = notes.first.evaluate("n => parseFloat(getComputedStyle(n).fontSize)")
        item = alices.locator("li").first.evaluate("n => parseFloat(getComputedStyle(n).fontSize)")
        assert size < item
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == PHONE["width"]:
            within_the_window(notes.first)
        alices.scroll_into_view_if_needed()
    assert tab.errors == []
