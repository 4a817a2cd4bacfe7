"""With names hidden on the review page, its History link and the restore keep them hidden,
and each annotator keeps one number: zed joined the project before amy, so zed is Annotator 1
on the review page, its history and the agreement report, although amy sorts first."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Analysts said the border was closed. The ministry denied that troops had moved."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"zed": "annotator", "amy": "annotator", "rita": "reviewer"},
        doc=(TEXT, "news.txt", {"title": "News"}),
    )


def test_the_history_reached_from_a_hidden_review_page_names_no_annotator(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    for name, label in (("zed", "CLAIM"), ("amy", "SOURCE")):
        writer = api_as(world.tokens[name])
        made = writer.write(
            "POST", f"/documents/{world.doc.id}/spans", {"label": label, "start": 0, "end": 8}
        )
        gone = writer.http.delete(f"{writer.server.url}/api/v1/spans/{made['id']}", timeout=20)
        assert gone.status_code == 204
    rita = open_tab("rita")
    review = rita.open(f"/projects/demo/review/{world.doc.id}?anonymous=1")
    headings = review.locator("main h3").all_inner_texts()
    assert [h.split()[:2] for h in headings if h.startswith("Annotator")] == [
        ["Annotator", "1"],
        ["Annotator", "2"],
    ]
    review.click("text=History")
    review.wait_for_url(f"**/review/{world.doc.id}/history?anonymous=1", timeout=10_000)
    sections = review.locator("section.history-layer")
    assert [sections.nth(i).get_attribute("data-layer") for i in range(sections.count())] == [
        "Annotator 1",
        "Annotator 2",
    ]
    body = review.locator("main").inner_text()
    assert "zed" not in body and "amy" not in body
    # zed's section holds zed's change (a CLAIM), amy's hers (a SOURCE).
    first = review.locator("section[data-layer='Annotator 1']").inner_text()
    assert "CLAIM" in first and "SOURCE" not in first
    # Restore amy's deleted span: the page comes back hidden, saying what it restored.
    deleted = review.locator(
        "section[data-layer='Annotator 2'] tr[data-kind='span'][data-action='delete']"
    )
    deleted.locator("button", has_text="Restore the span").click()
    review.wait_for_url("**anonymous=1**", timeout=10_000)
    review.locator(".flash").first.wait_for(timeout=10_000)
    body = review.locator("main").inner_text()
    assert "Restored the span" in body
    assert "zed" not in body and "amy" not in body
    restored = review.locator(
        "section[data-layer='Annotator 2'] tr[data-kind='span'][data-action='restore']"
    )
    assert restored.count() == 1
    reader = api_as(world.tokens["rita"])
    assert len(reader.layer(world.doc.id, "amy")["spans"]) == 1
    # The agreement report, hidden likewise, names them in the same order.
    agreement = rita.open("/projects/demo/agreement?anonymous=1&status=all")
    lead = agreement.locator("p.lead").first.inner_text()
    assert "2 annotators (Annotator 1, Annotator 2)" in lead
    assert "zed" not in lead and "amy" not in lead
