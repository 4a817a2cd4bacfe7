"""A reviewer who opened gold or an annotator's layer in the workspace (from the review page's
"Edit gold in the workspace") has a way back to that document's review page in the
breadcrumb; it led only to the project."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "rita": "reviewer"},
        doc=("Officials said the border was closed.", "a.txt", {"title": "Border"}),
    )


@pytest.mark.parametrize("layer", ["?layer=gold", "?annotator=alice"])
def test_the_breadcrumb_leads_a_reviewer_back_to_the_documents_review(
    world: Any, open_tab: Any, layer: str
) -> None:
    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}{layer}")
    crumbs = page.locator(".breadcrumbs a")
    assert crumbs.all_inner_texts() == ["Projects", world.project.name, "Review", "Border"]
    crumbs.last.click()
    page.wait_for_url(f"**/projects/demo/review/{world.doc.id}")
    assert page.locator("h1").inner_text() == "Border"


def test_an_annotator_in_their_own_layer_is_offered_no_review_page(
    world: Any, open_tab: Any
) -> None:
    tab = open_tab("alice")
    for query in ("", "?annotator=alice"):
        page = tab.open(f"/projects/demo/documents/{world.doc.id}{query}")
        assert page.locator(".breadcrumbs a").all_inner_texts() == ["Projects", world.project.name]
