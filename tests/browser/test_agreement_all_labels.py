"""The agreement page names the span scores over every label in words ("All labels"), as its
model section does; the CSV download and the API keep the key ``_all`` (CONTRACT)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed yesterday.\n\nMoscow denied it flatly."


def test_the_span_table_says_all_labels_and_the_csv_and_api_keep_the_key(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt")
    )
    doc = world.doc.id
    for name, end in (("alice", 9), ("bob", 14)):
        span = {"label": "SOURCE", "start": 0, "end": end}
        api_as(world.tokens[name]).write("POST", f"/documents/{doc}/spans", span)
    tab = open_tab("rita")
    page = tab.open("/projects/demo/agreement")
    rows = page.locator("h2:text-is('Spans') + p + .table-scroll tbody th").all_inner_texts()
    assert "All labels" in rows and "SOURCE" in rows and "_all" not in rows
    assert "_all" not in page.locator("main").inner_text()
    page.set_viewport_size({"width": 640, "height": 900})

    csv = page.request.get(f"{tab.server.url}/projects/demo/agreement.csv").text()
    assert "_all" in csv
    report = api_as(world.tokens["rita"]).get("/projects/demo/agreement")
    assert "_all" in report["spans"]
