"""The review page's "None of these" and "Reopen", the curation view's actions on every
difference: a span only alice marked is decided without gold taking it, and reopened."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import source_difference

pytestmark = pytest.mark.server


@pytest.fixture
def world(none_world: Any) -> Any:
    return none_world


def test_a_reviewer_decides_a_difference_as_none_on_the_review_page_and_reopens_it(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
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
    decided = source_difference(reader, doc)
    assert (decided["decided"], decided["taken"]) == (True, [])
    assert decided["none_taken"]["decided_by"] == "rita"

    marked.locator("button", has_text="Reopen").click()
    page.wait_for_selector("text=Reopened the difference.")
    marked = page.locator("section.difference", has_text="marked by alice")
    assert "difference--decided" not in (marked.get_attribute("class") or "")
    assert marked.locator("button", has_text="None of these").count() == 1
    assert marked.locator("button", has_text="Accept alice’s").count() == 1
    assert "Differences (2 to decide, 2 in all)" in page.locator("h2").first.inner_text()
    reopened = source_difference(reader, doc)
    assert (reopened["decided"], reopened["none_taken"]) == (False, None)
