"""Ctrl+Z after Delete puts the same span back, not a copy.

The undo posted a new span: it came back under a new id, its links too, and the history's
earlier rows of the span could no longer be restored ("span N no longer exists; restore its
deletion first") while its deletion said the span was there again.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Analysts said the border was closed. The ministry denied that troops had moved."
CLAIM = "the border was closed"


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "news.txt", {"title": "News"})
    )


def _layer(api: Any, world: Any) -> tuple[list[tuple[int, str, str | None]], list[int]]:
    layer = api.layer(world.doc.id)
    spans = [(s["id"], s["label"], s.get("note")) for s in layer["spans"]]
    return sorted(spans), sorted(r["id"] for r in layer["relations"])


def test_delete_then_ctrl_z_keeps_the_spans_id_and_its_history_restorable(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    alice = api_as(world.tokens["alice"])
    doc = world.doc.id
    start = TEXT.index(CLAIM)
    body = {"label": "CLAIM", "start": start, "end": start + len(CLAIM), "note": "checked"}
    claim = alice.write("POST", f"/documents/{doc}/spans", body)
    analysts = {"label": "SOURCE", "start": 0, "end": 8}
    source = alice.write("POST", f"/documents/{doc}/spans", analysts)
    link = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]}
    relation = alice.write("POST", f"/documents/{doc}/relations", link)
    # An earlier change of the span, which the history offers to restore.
    alice.write("PATCH", f"/spans/{claim['id']}", {"attributes": {"claimer": "REPORTED"}})
    made = _layer(alice, world)
    assert made == (
        sorted([(claim["id"], "CLAIM", "checked"), (source["id"], "SOURCE", None)]),
        [relation["id"]],
    )

    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="border").first.click()
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert _layer(alice, world) == ([(source["id"], "SOURCE", None)], [])
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert _layer(alice, world) == made  # the same ids, the note with it
    shown = page.evaluate(
        "() => [...window.annotatorWorkspace.store.spans.values()].map((s) => s.id).sort()"
    )
    assert shown == sorted([claim["id"], source["id"]])
    # Redo removes it again, and the next undo puts it back again, at the version it now has.
    page.keyboard.press("Control+Shift+z")
    tab.wait_saved()
    assert _layer(alice, world) == ([(source["id"], "SOURCE", None)], [])
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert _layer(alice, world) == made
    assert tab.errors == []

    rita = open_tab("rita")
    history = rita.open(f"/projects/demo/review/{doc}/history")
    section = history.locator("section[data-layer='alice']")
    rows = section.locator("tr[data-kind='span']")
    assert rows.first.get_attribute("data-action") == "restore"  # newest first: the undo
    assert section.locator("tr[data-kind='span'][data-action='delete']").count() == 2
    earlier = section.locator("tr[data-kind='span'][data-action='update']")
    button = earlier.locator("button", has_text="Restore the earlier value")
    assert button.count() == 1
    button.click()
    history.wait_for_load_state()
    assert "Not restored" not in history.locator("body").inner_text()
    (back,) = [s for s in alice.layer(doc)["spans"] if s["id"] == claim["id"]]
    assert back["attributes"] == {}


def test_an_undo_over_the_same_span_made_in_another_tab_says_so_and_shows_that_one(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    alice = api_as(world.tokens["alice"])
    doc = world.doc.id
    start = TEXT.index(CLAIM)
    body = {"label": "CLAIM", "start": start, "end": start + len(CLAIM)}
    claim = alice.write("POST", f"/documents/{doc}/spans", body)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.locator("#text .seg--span", has_text="border").first.click()
    page.keyboard.press("Delete")
    tab.wait_saved()
    again = alice.write("POST", f"/documents/{doc}/spans", body)  # another tab, meanwhile
    page.keyboard.press("Control+z")
    tab.wait_saved()
    notice = page.locator("#notice")
    notice.wait_for(state="visible", timeout=5_000)
    assert notice.text_content() == (
        "Not put back: these words are a CLAIM span again, made elsewhere (another tab?)."
    )
    assert [s["id"] for s in alice.layer(doc)["spans"]] == [again["id"]] != [claim["id"]]
    # The page read the layer again: it shows the span made there, once.
    page.wait_for_function(
        f"() => [...window.annotatorWorkspace.store.spans.values()].map((s) => s.id).join() "
        f"=== '{again['id']}'",
        timeout=5_000,
    )
