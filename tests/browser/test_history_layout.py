"""The history page on a desktop window: each change's time, and the link to the note on why it
has no Restore, stay on one line, however long the items beside them, so that a reviewer reads
the dates down the column and a row is no taller than its items."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = (
    "When attending the annual meeting by video link on the 22nd, Putin said that Russia and "
    "the relevant countries in the post-Soviet space have in-depth economic cooperation and "
    "cultural exchanges, and that they are fluent in the same language. The ministry's "
    "spokeswoman said on Tuesday that the sanctions announced by the European Union would "
    "harm the bloc's own economies far more than they could ever harm Russia's."
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
    second = TEXT.index("The ministry")
    claims = (("CLAIM", claim, second - 1), ("CLAIM", TEXT.index("the sanctions"), len(TEXT) - 1))
    for label, start, end in (("SOURCE", 61, 66), ("CUE", 67, 71), *claims):
        api.write("POST", f"/documents/{doc}/spans", {"label": label, "start": start, "end": end})
    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/review/{doc}/history")
    page.set_viewport_size({"width": 1366, "height": 900})
    lines = page.eval_on_selector_all(
        "section[data-layer='alice'] td time",
        "(times) => times.map((time) => time.getClientRects().length)",
    )
    assert len(lines) >= 4
    assert set(lines) == {1}
    # Every change here added its item, so the rows share one note on why there is no Restore.
    # The link must not break even where the column is squeezed (as in a layer where no row has
    # a Restore button to widen it, such as an imported one), so it does not wrap at all.
    links = page.eval_on_selector_all(
        "section[data-layer='alice'] td .history-why a",
        "(links) => links.map((link) =>"
        " [link.getClientRects().length, getComputedStyle(link).whiteSpace])",
    )
    assert len(links) >= 3
    assert {tuple(link) for link in links} == {(1, "nowrap")}
