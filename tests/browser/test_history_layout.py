"""The history page on a desktop window: each change's time stays on one line, however long the
items beside it, so that a reviewer reads the dates down the column."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = (
    "When attending the annual meeting by video link on the 22nd, Putin said that Russia and "
    "the relevant countries in the post-Soviet space have in-depth economic cooperation and "
    "cultural exchanges, and that they are fluent in the same language."
)


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "news.txt", {"title": "News"})
    )


def test_every_change_time_is_on_one_line(world: Any, open_tab: Any, api_as: Any) -> None:
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    claim = TEXT.index("Russia")
    for label, start, end in (("SOURCE", 61, 66), ("CUE", 67, 71), ("CLAIM", claim, len(TEXT))):
        api.write("POST", f"/documents/{doc}/spans", {"label": label, "start": start, "end": end})
    api.write("PUT", f"/documents/{doc}/labels", {"sentence": 0, "name": "stance", "value": "NONE"})
    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/review/{doc}/history")
    page.set_viewport_size({"width": 1366, "height": 900})
    lines = page.eval_on_selector_all(
        "section[data-layer='alice'] td time",
        "(times) => times.map((time) => time.getClientRects().length)",
    )
    assert len(lines) >= 4
    assert set(lines) == {1}
    page.screenshot(path="/tmp/shots/review23/history-1366.png")
