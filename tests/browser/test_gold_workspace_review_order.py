"""The gold workspace's Previous and Next go down the review list, as the reviewer works.

They went by document id (the reviewer's queue of every document), so a reviewer who opened
the document at the top of the review list and pressed Next landed on whichever document was
imported after it, not on the next one to review.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed yesterday.\n\nMoscow denied it flatly."


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """Four documents in id order a, b, c, d; alice and bob disagree most on c, then on a and
    b alike, not at all on d; b's gold is final. The review list: c, a, d, b."""
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        a=(TEXT, "a.txt"),
        b=(TEXT, "b.txt"),
        c=(TEXT, "c.txt"),
        d=(TEXT, "d.txt"),
    )
    stances = {
        "a": (("AGAINST", "NONE"), ("NONE", "NONE")),
        "b": (("AGAINST", "NONE"), ("NONE", "NONE")),
        "c": (("AGAINST", "FAVOR"), ("NONE", "NONE")),
        "d": (("NONE", "NONE"), ("NONE", "NONE")),
    }
    for name, (alice, bob) in stances.items():
        doc = getattr(world, name).id
        for who, values in (("alice", alice), ("bob", bob)):
            api = api_as(world.tokens[who])
            for sentence, value in enumerate(values):
                body = {"sentence": sentence, "name": "stance", "value": value}
                api.write("PUT", f"/documents/{doc}/labels", body)
    api_as(world.tokens["rita"]).write(
        "PUT", f"/projects/demo/review/{world.b.id}/status", {"status": "final"}
    )
    return world


def test_gold_previous_and_next_follow_the_review_list(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    reader = api_as(world.tokens["rita"])
    listed = [d["document"] for d in reader.get("/projects/demo/review")["documents"]]
    order = [world.c.id, world.a.id, world.d.id, world.b.id]
    assert listed == order  # the review list's order, which is not the ids'
    assert sorted(order) != order
    page = open_tab("rita").open(f"/projects/demo/documents/{world.c.id}?layer=gold")
    assert page.locator("#prev-doc").count() == 0
    nav = page.get_by_role("navigation", name="Review list")
    assert nav.locator("#queue-place").inner_text() == "Review list: 1 of 4"
    seen = [world.c.id]
    while page.locator("#next-doc").count():
        assert len(seen) <= len(order), seen  # a list leading back would loop for ever
        page.click("#next-doc")
        page.wait_for_load_state()
        page.locator(".layer-badge").wait_for()
        assert "Gold layer" in page.locator(".layer-badge").inner_text()
        assert "layer=gold" in page.url
        seen.append(int(page.url.split("/documents/")[1].split("?")[0]))
    assert seen == order
    assert page.locator("#queue-place").inner_text() == "Review list: 4 of 4"
    page.click("#prev-doc")
    page.wait_for_load_state()
    assert f"/documents/{world.d.id}?" in page.url


def test_an_annotators_queue_keeps_its_own_order(world: Any, open_tab: Any) -> None:
    page = open_tab("alice").open(f"/projects/demo/documents/{world.a.id}")
    nav = page.get_by_role("navigation", name="Your queue")
    assert nav.locator("#queue-place").text_content() == "Document 1 of 4"
    assert page.get_attribute("#next-doc", "href").endswith(f"/documents/{world.b.id}")
