"""Marking gold final on a document three annotate offers what most of them agree on: one
click accepts it and marks final (tests/test_final_majority.py has the rest)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import CURATION_TEXT

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """alice, bob and carol mark the same SOURCE; alice and bob give the first sentence stance
    AGAINST, carol NONE; all three are done. Gold holds nothing yet."""
    people = {"alice": "annotator", "bob": "annotator", "carol": "annotator", "rita": "reviewer"}
    world = make_world(people, doc=(CURATION_TEXT, "talks.txt"))
    doc = world.doc.id
    for name in ("alice", "bob", "carol"):
        api = api_as(world.tokens[name])
        api.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})
        stance = "NONE" if name == "carol" else "AGAINST"
        api.write(
            "PUT", f"/documents/{doc}/labels", {"sentence": 0, "name": "stance", "value": stance}
        )
        api.write("PUT", f"/documents/{doc}/status", {"status": "done"})
    return world


def test_accept_what_most_agree_on_and_mark_final(world: Any, open_tab: Any, api_as: Any) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").open(f"/projects/demo/review/{doc}")
    page.get_by_label("Gold status").select_option("final")
    page.get_by_role("button", name="Set", exact=True).click()
    box = page.locator("#final-confirm")
    box.wait_for()
    assert "Gold lacks 2 items that most annotators (more than half) gave alike" in (
        " ".join(box.inner_text().split())
    )
    assert reader.get(f"/projects/demo/review/{doc}")["gold_status"] == "open"

    box.get_by_role("button", name="Accept what most agree on and mark final").click()
    page.wait_for_selector(
        "text=Accepted 1 span, 0 relations and 1 label that most annotators gave alike; "
        "gold is final."
    )
    assert reader.get(f"/projects/demo/review/{doc}")["gold_status"] == "final"
    gold = reader.layer(doc, "gold")
    assert [s["text"] for s in gold["spans"]] == ["Officials"]
    assert [v["value"] for v in gold["sentence_labels"]] == ["AGAINST"]
    assert page.locator("#final-confirm").count() == 0
