"""The review list's project-wide accept leaves out the documents someone has not finished,
says so and offers to include them, and from a filtered list asks about what it shows; the
list puts the documents everyone finished first."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import CURATION_TEXT

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """alice and bob give the first sentence of both documents the stance AGAINST; they
    have marked ``done_doc`` done and still work on ``open_doc``, where they also disagree
    on the second sentence (so it disagrees most)."""
    people = {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}
    made = make_world(
        people,
        open_doc=(CURATION_TEXT, "a-open.txt", {"title": "Still open"}),
        done_doc=(CURATION_TEXT, "b-done.txt", {"title": "Both done"}),
    )
    for name, stance in (("alice", "FAVOR"), ("bob", "NONE")):
        api = api_as(made.tokens[name])
        for doc in (made.open_doc, made.done_doc):
            label = {"sentence": 0, "name": "stance", "value": "AGAINST"}
            api.write("PUT", f"/documents/{doc.id}/labels", label)
        label = {"sentence": 1, "name": "stance", "value": stance}
        api.write("PUT", f"/documents/{made.open_doc.id}/labels", label)
        api.write("PUT", f"/documents/{made.done_doc.id}/status", {"status": "done"})
    return made


def _gold_stances(reader: Any, doc: Any) -> list[str]:
    return [v["value"] for v in reader.layer(doc.id, "gold")["sentence_labels"]]


def test_the_accept_leaves_out_the_unfinished_and_includes_them_when_asked(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    reader = api_as(world.tokens["rita"])
    tab = open_tab("rita")
    page = tab.open("/projects/demo/review")
    # Finished first, though the open one disagrees more; the page says the rule.
    titles = page.locator("tbody th a").all_inner_texts()
    assert titles == ["Both done", "Still open"]
    page.get_by_text("How these are counted").click()  # folded under the list
    assert "finished come first" in page.locator("#review-order").inner_text()

    # Filtered to what everyone finished, the question is about that list only.
    page = tab.open("/projects/demo/review?annotators=finished")
    page.get_by_role("link", name="Accept every unanimous item of the project into gold").click()
    confirm = page.locator("#unanimous-confirm")
    confirm.wait_for()
    assert "annotators=finished" in page.url
    assert "writes 1 item into gold in 1 document" in confirm.inner_text()
    assert page.locator("#unanimous-unfinished").count() == 0

    # Unfiltered: the open document is left out, said why, and can be included.
    page = tab.open("/projects/demo/review")
    page.get_by_role("link", name="Accept every unanimous item of the project into gold").click()
    confirm = page.locator("#unanimous-confirm")
    assert "writes 1 item into gold in 1 document" in confirm.inner_text()
    said = page.locator("#unanimous-unfinished").inner_text()
    assert "1 document left out: someone assigned has not finished it" in said
    page.locator("#unanimous-unfinished").get_by_role("link", name="Include it").click()
    page.wait_for_url("**include_unfinished=1**")
    confirm = page.locator("#unanimous-confirm")
    assert "writes 2 items into gold in 2 documents" in confirm.inner_text()
    assert "1 document someone assigned has not finished is included" in (
        page.locator("#unanimous-unfinished").inner_text()
    )
    assert (_gold_stances(reader, world.done_doc), _gold_stances(reader, world.open_doc)) == (
        [],
        [],
    )
    confirm.get_by_role("button", name="Accept 2 items into gold").click()
    page.wait_for_selector("text=Accepted 0 spans, 0 relations and 2 labels")
    assert (_gold_stances(reader, world.done_doc), _gold_stances(reader, world.open_doc)) == (
        ["AGAINST"],
        ["AGAINST"],
    )


def test_a_confirmed_accept_from_a_filtered_list_goes_back_to_it(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").open("/projects/demo/review?annotators=finished")
    page.get_by_role("link", name="Accept what most annotators agree on in the project").click()
    page.locator("#unanimous-confirm").get_by_role("button", name="Accept 1 item").click()
    page.wait_for_selector("text=Accepted 0 spans, 0 relations and 1 label")
    assert "annotators=finished" in page.url
    assert page.locator("select[name=annotators]").input_value() == "finished"
    assert (_gold_stances(reader, world.done_doc), _gold_stances(reader, world.open_doc)) == (
        ["AGAINST"],
        [],
    )
