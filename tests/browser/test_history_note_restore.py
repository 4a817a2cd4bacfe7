"""A note changed in the workspace is restored from the History page, by the annotator on
their own open layer (and offered to the reviewer), the Restore button within a phone's
window."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, within_the_window

pytestmark = pytest.mark.server

TEXT = "Officials said the alliance would raise its target."


def test_an_annotator_restores_their_earlier_note_from_the_history_page(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world(
        {"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "summit.txt", {"title": "Summit"})
    )
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    body = {"label": "CLAIM", "start": 15, "end": 50, "note": "first thought"}
    span = api.write("POST", f"/documents/{doc}/spans", body)
    api.write("PATCH", f"/spans/{span['id']}", {"note": "second thought"})
    history = f"/projects/demo/review/{doc}/history"

    rita = open_tab("rita").open(history)
    rita.set_viewport_size({"width": 1366, "height": 768})
    changed = rita.locator("tr[data-kind='span'][data-action='update']")
    assert changed.locator("button", has_text="Restore the earlier value").count() == 1

    alice = open_tab("alice", touch=True).open(history)
    alice.set_viewport_size(PHONE)
    button = alice.locator("tr[data-kind='span'][data-action='update'] button")
    within_the_window(button)
    button.click()
    alice.wait_for_load_state()
    assert "Restored the span of change" in alice.locator("body").inner_text()
    (back,) = api.layer(doc)["spans"]
    assert back["note"] == "first thought"
    restored = alice.locator("tr[data-kind='span'][data-action='restore']")
    assert restored.locator("td").nth(1).inner_text().startswith("alice")
