"""Naming documents under the review list's question keeps the list's filter: the question
counts the named documents the filter shows and says which it left out, and so does the
message after the accept (before, the filter was dropped unsaid and all named were taken)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import shot
from tests.browser.test_accept_unfinished import _gold_stances, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.server


def test_named_documents_on_a_filtered_list_keep_the_filter(
    world: Any,  # noqa: F811
    open_tab: Any,
    api_as: Any,
) -> None:
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").open("/projects/demo/review?annotators=finished")
    page.get_by_role("link", name="Accept every unanimous item of the project into gold").click()
    page.locator("#unanimous-confirm").wait_for()
    named = page.locator("#unanimous-documents")
    named.get_by_label("Only these documents").fill("a-open.txt, b-done.txt")
    named.get_by_role("button", name="Count them").click()
    page.wait_for_url("**documents=**")
    assert "annotators=finished" in page.url
    confirm = page.locator("#unanimous-confirm")
    assert "writes 1 item into gold in 1 document" in confirm.inner_text()
    said = page.locator("#unanimous-filtered-out").inner_text()
    assert "1 named document left out by the annotators filter \u201cfinished\u201d" in said
    assert "(a-open.txt)" in said
    page.screenshot(path=shot("scope38-question.png"), full_page=True)

    confirm.get_by_role("button", name="Accept 1 item into gold").click()
    page.wait_for_selector("text=Accepted 0 spans, 0 relations and 1 label")
    assert "left out by the annotators filter" in page.content()
    assert "annotators=finished" in page.url
    assert (_gold_stances(reader, world.done_doc), _gold_stances(reader, world.open_doc)) == (
        ["AGAINST"],
        [],
    )
