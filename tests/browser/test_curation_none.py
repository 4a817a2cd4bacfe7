"""The curation view's "none of these": a span only alice marked, judged wrong, is decided by
one key without gold taking it; n skips it, the count of differences to decide goes down, and
reopening brings it back."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import source_difference

pytestmark = pytest.mark.server


@pytest.fixture
def world(none_world: Any) -> Any:
    return none_world


def test_a_reviewer_decides_none_of_these_by_key_and_reopens_it(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}/curate")
    assert page.locator(".cur-diff[data-undecided]").count() == 2
    assert page.locator("#undecided-count").inner_text() == "2"
    focused = page.locator(".cur-diff--focus")
    assert focused.get_attribute("data-number") == "1"
    assert "marked by alice" in focused.inner_text()

    # "0": gold holds none of its versions; decided, by rita, and the count goes down.
    page.keyboard.press("0")
    page.wait_for_selector("#diff-1.cur-diff--decided")
    decided = page.locator("#diff-1")
    assert "Decided: none taken, by rita" in decided.inner_text()
    assert decided.locator("form.cur-take, button.cur-none").count() == 0
    assert page.locator("#undecided-count").inner_text() == "1"
    # Back on the next undecided difference; n and p never land on the decided one.
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "2"
    page.keyboard.press("n")
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "2"
    page.keyboard.press("p")
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "2"
    # Gold took nothing: no span, and the API says decided with none taken, by rita.
    assert reader.layer(doc, "gold")["spans"] == []
    source = source_difference(reader, doc)
    assert source["decided"] is True
    assert source["taken"] == []
    assert source["none_taken"]["decided_by"] == "rita"

    # It survives a reload; clicking it and pressing u reopens it.
    page.reload()
    page.wait_for_selector("#diff-1.cur-diff--decided")
    page.locator("#diff-1 .difference__kind").click()
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "1"
    page.keyboard.press("u")
    page.wait_for_selector("#diff-1[data-undecided]")
    assert page.locator("#undecided-count").inner_text() == "2"
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "1"
    assert source_difference(reader, doc)["decided"] is False
    assert source_difference(reader, doc)["none_taken"] is None
