"""The agreement page in a browser: it opens on finished work, scores against final gold and
says so, and its "Include gold still in review" box, ticked and filtered, counts the rest."""

from __future__ import annotations

from typing import Any

import pytest

from tests.assist_world import build_half_reviewed

pytestmark = pytest.mark.server


def test_the_box_counts_gold_in_review_and_stays_ticked(
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    open_tab: Any,
) -> None:
    build_half_reviewed(session, make_user, make_project, make_document, assign)
    page = open_tab("rita").open("/projects/half/agreement")
    assert page.locator("select[name=status]").input_value() == "done"
    assert page.locator("#gold-scope").inner_text() == "Scored against gold marked final only."
    assert (
        page.locator("#gold-in-review")
        .inner_text()
        .startswith("1 document’s gold is still in review (not marked final)")
    )
    box = page.locator("input[name=include_in_review]")
    # The box sits beside its words, on one line, as a filter among the others.
    label = page.locator("label.filters__check")
    box_top, label_box = box.bounding_box(), label.bounding_box()
    assert box_top is not None and label_box is not None
    assert label_box["height"] < 3 * box_top["height"]
    page.get_by_text("Include gold still in review", exact=True).click()
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**include_in_review=1**")
    assert page.locator("input[name=include_in_review]").is_checked()
    assert page.locator("select[name=status]").input_value() == "done"
    assert (
        page.locator("#gold-scope")
        .inner_text()
        .startswith("Scored against gold marked final and gold still in review")
    )
    assert page.locator("#gold-in-review").count() == 0
    assert "2 documents have a gold layer" in page.locator("main").inner_text()
