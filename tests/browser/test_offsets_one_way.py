"""A span's offsets read the same on every page that shows them: review, curation and history
count as CONTRACT does (from 0, the end excluded), so a reviewer can look a span up in the API."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


def test_review_curation_and_history_show_one_spans_offsets_alike(
    curation_world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    world = curation_world
    doc = world.doc.id
    said = {"label": "CLAIM", "start": 15, "end": 41}  # "the talks failed yesterday"
    api_as(world.tokens["alice"]).write("POST", f"/documents/{doc}/spans", said)
    shorter = said | {"end": 31}  # bob's ends before "yesterday": a difference to curate
    api_as(world.tokens["bob"]).write("POST", f"/documents/{doc}/spans", shorter)
    stored = api_as(world.tokens["rita"]).layer(doc, "alice")["spans"][0]
    assert (stored["start"], stored["end"]) == (15, 41)
    shown = "CLAIM [15, 41) \u201cthe talks failed yesterday\u201d"

    page = open_tab("rita").page
    review = f"{server.url}/projects/demo/review/{doc}"
    page.goto(review)
    assert shown in page.locator("body").inner_text()
    page.goto(f"{review}/curate")
    assert shown in page.locator(".cur-diff__versions").first.inner_text()
    page.goto(f"{review}/history")
    created = page.locator("section[data-layer='alice'] tr[data-kind='span']").first
    assert created.locator(".history-after").inner_text() == f"{shown} (sentence 1)"
    assert "16-41" not in page.locator("body").inner_text()  # no longer counted from 1
