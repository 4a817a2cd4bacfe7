"""The review page's "None of these" and "Reopen", the curation view's actions on every
difference: a span only alice marked is decided without gold taking it, and reopened."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


@pytest.fixture
def world(curation_world: Any) -> Any:
    return curation_world


def _source_difference(reader: Any, doc: int) -> dict[str, Any]:
    answer = reader.get(f"/projects/demo/review/{doc}")
    return next(d for d in answer["differences"] if d["kind"] == "only_some")


def test_a_reviewer_decides_a_difference_as_none_on_the_review_page_and_reopens_it(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    # Two differences: a source only alice marked, and the second sentence's stance.
    for name, stance in (("alice", "AGAINST"), ("bob", "NONE")):
        label = {"sentence": 1, "name": "stance", "value": stance}
        api_as(world.tokens[name]).write("PUT", f"/documents/{doc}/labels", label)
    source = {"label": "SOURCE", "start": 0, "end": 9}
    api_as(world.tokens["alice"]).write("POST", f"/documents/{doc}/spans", source)
    reader = api_as(world.tokens["rita"])

    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}")
    assert "Differences (2 to decide, 2 in all)" in page.locator("h2").first.inner_text()
    marked = page.locator("section.difference", has_text="marked by alice")
    assert marked.locator("button", has_text="None of these").count() == 1
    assert page.locator("button.difference__none").count() == 2
    assert page.locator("button.difference__reopen").count() == 0

    marked.locator("button", has_text="None of these").click()
    page.wait_for_selector("text=Decided: gold holds none of its versions.")
    marked = page.locator("section.difference", has_text="marked by alice")
    assert "difference--decided" in (marked.get_attribute("class") or "")
    assert "Decided: none taken, by rita" in marked.inner_text()
    # Decided: neither accepting a version nor "none" again, only reopening.
    assert marked.locator("form.inline-form, button.difference__none").count() == 0
    assert "Differences (1 to decide, 2 in all)" in page.locator("h2").first.inner_text()
    assert reader.layer(doc, "gold")["spans"] == []
    decided = _source_difference(reader, doc)
    assert (decided["decided"], decided["taken"]) == (True, [])
    assert decided["none_taken"]["decided_by"] == "rita"

    marked.locator("button", has_text="Reopen").click()
    page.wait_for_selector("text=Reopened the difference.")
    marked = page.locator("section.difference", has_text="marked by alice")
    assert "difference--decided" not in (marked.get_attribute("class") or "")
    assert marked.locator("button", has_text="None of these").count() == 1
    assert marked.locator("button", has_text="Accept alice’s").count() == 1
    assert "Differences (2 to decide, 2 in all)" in page.locator("h2").first.inner_text()
    reopened = _source_difference(reader, doc)
    assert (reopened["decided"], reopened["none_taken"]) == (False, None)
