"""The review page and the curation view lead to the next document to review.

A reviewer who marked a document final went back to the list (the breadcrumb), found the next
row, and opened it: two clicks and a look per document, thirty times a day.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed yesterday.\n\nMoscow denied it flatly."


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """Three documents alice and bob disagree on: most on ``a``, then ``b``, least on ``c``."""
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        a=(TEXT, "a.txt"),
        b=(TEXT, "b.txt"),
        c=(TEXT, "c.txt"),
    )
    stances = {"a": ("AGAINST", "NONE", "FAVOR", "NONE"), "b": ("AGAINST", "NONE", "NONE", "NONE")}
    stances["c"] = ("NONE", "NONE", "NONE", "NONE")
    for name, values in stances.items():
        doc = getattr(world, name).id
        for who, first, second in (("alice", values[0], values[2]), ("bob", values[1], values[3])):
            api = api_as(world.tokens[who])
            for sentence, value in ((0, first), (1, second)):
                body = {"sentence": sentence, "name": "stance", "value": value}
                api.write("PUT", f"/documents/{doc}/labels", body)
    return world


def test_next_document_follows_the_review_list_skipping_final_ones(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    reader = api_as(world.tokens["rita"])
    order = [d["external_id"] for d in reader.get("/projects/demo/review")["documents"]]
    assert order == ["a.txt", "b.txt", "c.txt"]
    reader.write("PUT", f"/projects/demo/review/{world.b.id}/status", {"status": "final"})
    page = open_tab("rita").open(f"/projects/demo/review/{world.a.id}")
    page.get_by_role("link", name="Next document to review").click()
    page.wait_for_load_state()
    # b is final: the next one still to review is c.
    assert page.url.endswith(f"/projects/demo/review/{world.c.id}")
    page.get_by_role("link", name="Curate over the text").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Next document to review").click()
    page.wait_for_load_state()
    # From the curation view, to the next one's curation view: a, the first not final.
    assert page.url.endswith(f"/projects/demo/review/{world.a.id}/curate")


def test_with_nothing_left_to_review_the_list_says_so(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    reader = api_as(world.tokens["rita"])
    for doc in (world.a, world.b):
        reader.write("PUT", f"/projects/demo/review/{doc.id}/status", {"status": "final"})
    page = open_tab("rita").open(f"/projects/demo/review/{world.c.id}")
    page.get_by_role("link", name="Next document to review").click()
    page.wait_for_load_state()
    assert page.url.split("?")[0].endswith("/projects/demo/review")
    assert "No other document to review: every other one is final." in page.inner_text("main")
