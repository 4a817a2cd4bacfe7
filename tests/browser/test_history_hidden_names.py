"""With names hidden on the review page, its History link and the restore keep them hidden."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Analysts said the border was closed. The ministry denied that troops had moved."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        doc=(TEXT, "news.txt", {"title": "News"}),
    )


def test_the_history_reached_from_a_hidden_review_page_names_no_annotator(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    for name, label in (("alice", "CLAIM"), ("bob", "SOURCE")):
        writer = api_as(world.tokens[name])
        made = writer.write(
            "POST", f"/documents/{world.doc.id}/spans", {"label": label, "start": 0, "end": 8}
        )
        gone = writer.http.delete(f"{writer.server.url}/api/v1/spans/{made['id']}", timeout=20)
        assert gone.status_code == 204
    rita = open_tab("rita")
    review = rita.open(f"/projects/demo/review/{world.doc.id}?anonymous=1")
    review.click("text=History")
    review.wait_for_url(f"**/review/{world.doc.id}/history?anonymous=1", timeout=10_000)
    sections = review.locator("section.history-layer")
    assert [sections.nth(i).get_attribute("data-layer") for i in range(sections.count())] == [
        "Annotator 1",
        "Annotator 2",
    ]
    body = review.locator("main").inner_text()
    assert "alice" not in body and "bob" not in body
    # Restore bob's deleted span: the page comes back hidden, saying what it restored.
    deleted = review.locator(
        "section[data-layer='Annotator 2'] tr[data-kind='span'][data-action='delete']"
    )
    deleted.locator("button", has_text="Restore the span").click()
    review.wait_for_url("**anonymous=1**", timeout=10_000)
    review.locator(".flash").first.wait_for(timeout=10_000)
    body = review.locator("main").inner_text()
    assert "Restored the span" in body
    assert "alice" not in body and "bob" not in body
    restored = review.locator(
        "section[data-layer='Annotator 2'] tr[data-kind='span'][data-action='restore']"
    )
    assert restored.count() == 1
    reader = api_as(world.tokens["rita"])
    assert len(reader.layer(world.doc.id, "bob")["spans"]) == 1
