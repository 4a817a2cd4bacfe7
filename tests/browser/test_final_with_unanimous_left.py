"""Marking gold final while it still lacks items every annotator gave alike asks first.

A reviewer who decides every difference sees "0 to decide"; the items the annotators agreed
on are not differences, so they are in gold only once accepted. Marked final without them, the
document's gold was exported without them, and the project's "accept every unanimous item"
skips final documents, so nothing brought them back.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


@pytest.fixture
def world(curation_world: Any, api_as: Any) -> Any:
    """alice and bob both mark the same SOURCE, give the first sentence the same stance and
    mark the document done; gold holds nothing yet."""
    doc = curation_world.doc.id
    for name in ("alice", "bob"):
        api = api_as(curation_world.tokens[name])
        api.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})
        label = {"sentence": 0, "name": "stance", "value": "AGAINST"}
        api.write("PUT", f"/documents/{doc}/labels", label)
        # Both finished: the question is about the unanimous items alone (a layer not done
        # is asked about too: tests/browser/test_review_layer_statuses.py).
        api.write("PUT", f"/documents/{doc}/status", {"status": "done"})
    return curation_world


def _gold(reader: Any, doc: int) -> tuple[str, list[str], list[str]]:
    status = reader.get(f"/projects/demo/review/{doc}")["gold_status"]
    layer = reader.layer(doc, "gold")
    texts = [s["text"] for s in layer["spans"]]
    return status, texts, [v["value"] for v in layer["sentence_labels"]]


def _set_final(page: Any) -> None:
    page.get_by_label("Gold status").select_option("final")
    page.get_by_role("button", name="Set", exact=True).click()
    page.wait_for_load_state()


def test_final_with_unanimous_items_outside_gold_asks_and_accepts_them(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").open(f"/projects/demo/review/{doc}")
    _set_final(page)
    box = page.locator("#final-confirm")
    box.wait_for()
    said = box.inner_text()
    assert (
        "Gold lacks 2 items that every annotator gave alike: 1 span, 0 relations and 1 label"
        in said
    )
    assert _gold(reader, doc) == ("open", [], [])  # asked, nothing written
    # The box is in view: the reviewer need not look for it. (Scrolled to as the address's
    # anchor, its top may lie a fraction of a pixel above the window's, as layout rounds.)
    assert page.evaluate(
        "(b) => { const r = b.getBoundingClientRect(); return r.top > -1 && r.top < innerHeight; }",
        box.element_handle(),
    )

    box.get_by_role("button", name="Accept them and mark final").click()
    page.wait_for_selector("text=Accepted 1 span, 0 relations and 1 label; gold is final.")
    assert _gold(reader, doc) == ("final", ["Officials"], ["AGAINST"])
    assert page.locator("#final-confirm").count() == 0


def test_final_without_them_and_cancel(world: Any, open_tab: Any, api_as: Any) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").open(f"/projects/demo/review/{doc}")
    _set_final(page)
    page.locator("#final-confirm").get_by_role("link", name="Cancel").click()
    page.wait_for_load_state()
    assert page.locator("#final-confirm").count() == 0
    assert _gold(reader, doc) == ("open", [], [])

    _set_final(page)
    page.locator("#final-confirm").get_by_role("button", name="Mark final without them").click()
    page.wait_for_selector("text=Gold status updated.")
    assert _gold(reader, doc) == ("final", [], [])


def test_final_with_nothing_unanimous_left_is_set_at_once(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    reader.write("POST", f"/projects/demo/review/{doc}/unanimous", {})
    page = open_tab("rita").open(f"/projects/demo/review/{doc}")
    _set_final(page)
    page.wait_for_selector("text=Gold status updated.")
    assert page.locator("#final-confirm").count() == 0
    assert _gold(reader, doc)[0] == "final"
