"""The History page says a reason for no Restore that many rows share once, above the table:
each such row names the note in a link whose accessible description is the note's text."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Analysts said the border was closed. The ministry denied that troops had moved."
NOTHING_EARLIER = (
    "this change created its item: there is no earlier value to restore, and a restore never "
    "deletes"
)


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "news.txt"))


def test_the_reason_every_added_row_gives_is_said_once_above_the_table(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    alice = api_as(world.tokens["alice"])
    doc = world.doc.id
    for label, start, end in (("CLAIM", 14, 35), ("SOURCE", 0, 8), ("CUE", 9, 13)):
        alice.write("POST", f"/documents/{doc}/spans", {"label": label, "start": start, "end": end})
    alice.write(
        "PUT", f"/documents/{doc}/labels", {"sentence": 0, "name": "stance", "value": "NONE"}
    )
    moved = alice.write(
        "POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 50, "end": 56}
    )
    alice.write("PATCH", f"/spans/{moved['id']}", {"end": 63})

    page = open_tab("rita").open(f"/projects/demo/review/{doc}/history")
    section = page.locator("section[data-layer='alice']")
    added = section.locator("tr[data-action='create']")
    assert added.count() == 5  # four spans and a label
    # Said once, in a note above the table, not on each of the five rows.
    assert section.inner_text().count(NOTHING_EARLIER) == 1
    note = section.locator(".history-note")
    assert note.count() == 1
    assert note.inner_text() == f"Note 1 (5 changes without a Restore): {NOTHING_EARLIER}."
    note_box, table_box = note.bounding_box(), section.locator("table").bounding_box()
    assert note_box and table_box and note_box["y"] < table_box["y"]
    for i in range(added.count()):
        link = added.nth(i).locator(".history-why a")
        assert link.inner_text() == "No Restore: note 1"
        # A screen reader hears the reason with the link, without leaving the row.
        assert link.get_attribute("aria-describedby") == "why-alice-1"
        described = link.evaluate(
            "(a) => document.getElementById(a.getAttribute('aria-describedby')).textContent"
        )
        assert NOTHING_EARLIER in described
    # The rows that can be restored keep their buttons; the changed span's is one of them.
    changed = section.locator("tr[data-kind='span'][data-action='update']")
    assert changed.locator("button", has_text="Restore the earlier value").count() == 1
    # Following the link lands on the note.
    added.first.locator(".history-why a").click()
    assert page.evaluate("() => location.hash") == "#why-alice-1"


def test_a_reason_only_one_row_gives_stays_on_its_row(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    alice = api_as(world.tokens["alice"])
    alice.write(
        "POST", f"/documents/{world.doc.id}/spans", {"label": "CLAIM", "start": 0, "end": 8}
    )
    page = open_tab("rita").open(f"/projects/demo/review/{world.doc.id}/history")
    section = page.locator("section[data-layer='alice']")
    assert section.locator(".history-note").count() == 0
    why = section.locator("tr[data-action='create'] .history-why")
    assert why.inner_text() == NOTHING_EARLIER
