"""The curation view of a document with nothing to compare says so, and offers nothing that
has nothing to act on; so does the review queue with no document to review.

The view said "0 of 0 differences to decide." followed by every key of the view, offered to
accept every unanimous item into gold with fewer than two annotators' layers there (nothing
can be unanimous then), and n said "Every difference is decided." where there were none. The
queue offered to accept every unanimous item of the project with no document listed."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


def test_a_document_nobody_annotated_says_there_is_nothing_to_decide(
    curation_world: Any, server: Any, open_tab: Any
) -> None:
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{curation_world.doc.id}/curate")
    lead = page.locator("p.lead")
    assert lead.inner_text() == "Nothing to decide: no differences between the annotators’ layers."
    assert lead.locator("kbd").count() == 0
    assert page.get_by_text("Accept every unanimous item into gold").count() == 0
    # Why: nobody has worked on it yet.
    assert "0 of the 2 annotators assigned" in page.locator("#no-differences").inner_text()
    page.keyboard.press("n")
    notice = page.locator("#curation-notice")
    assert notice.inner_text() == "Nothing to decide: there are no differences."


def test_with_differences_all_decided_the_keys_say_so(
    none_world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    """The other case: differences there, every one decided (gold holds none of them: marking
    gold final would decide nothing)."""
    doc = none_world.doc.id
    reviewer = api_as(none_world.tokens["rita"])
    for difference in reviewer.get(f"/projects/demo/review/{doc}")["differences"]:
        body = {"difference": difference["key"]}
        reviewer.write("POST", f"/projects/demo/review/{doc}/none", body)
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}/curate")
    assert page.locator("#undecided-count").inner_text() == "0"
    assert page.locator("p.lead kbd").count() > 0
    page.keyboard.press("n")
    assert page.locator("#curation-notice").inner_text() == "Every difference is decided."


def test_one_annotators_layer_offers_no_unanimous_accept(
    curation_world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    doc = curation_world.doc.id
    source = {"label": "SOURCE", "start": 0, "end": 9}
    api_as(curation_world.tokens["alice"]).write("POST", f"/documents/{doc}/spans", source)
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}/curate")
    assert "Only alice’s layer is here" in page.locator("#no-differences").inner_text()
    assert page.get_by_text("Accept every unanimous item into gold").count() == 0
    page.goto(f"{server.url}/projects/demo/review/{doc}")  # the document's review page alike
    assert "Only alice’s layer is here" in page.locator("#no-differences").inner_text()
    assert page.get_by_text("Accept every unanimous item into gold").count() == 0
    # The queue lists no document two annotators annotated: nothing to accept there either.
    page.goto(f"{server.url}/projects/demo/review")
    assert page.get_by_text("No document has been annotated by two or more").is_visible()
    assert page.get_by_text("Accept every unanimous item of the project").count() == 0
