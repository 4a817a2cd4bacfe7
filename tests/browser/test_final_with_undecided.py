"""Marking gold final while differences are still undecided asks first.

With "2 to decide" and nothing unanimous lacking, Final used to write at once, and the two
differences were then counted as decided. The page now says how many are undecided and that
gold keeps none of their versions; going back writes nothing, confirming marks final and the
two are still counted as to decide.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


@pytest.fixture
def world(none_world: Any) -> Any:
    """A source only alice marked and the second sentence's stance: two differences."""
    return none_world


def _set_final(page: Any) -> None:
    page.get_by_label("Gold status").select_option("final")
    page.get_by_role("button", name="Set", exact=True).click()
    page.wait_for_load_state()


def test_final_with_undecided_differences_asks_then_goes_back_or_confirms(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").open(f"/projects/demo/review/{doc}")
    assert "2 to decide" in page.get_by_role("heading", name="Differences").inner_text()

    _set_final(page)
    box = page.locator("#final-confirm")
    box.wait_for()
    said = " ".join(box.inner_text().split())
    assert (
        "2 differences still undecided in #1 (talks.txt): gold holds none of their versions" in said
    )
    assert "Gold lacks" not in said  # nothing unanimous is lacking: not mentioned
    assert reader.get(f"/projects/demo/review/{doc}")["gold_status"] == "open"

    box.get_by_role("link", name="Go back to deciding").click()
    page.wait_for_load_state()
    assert page.locator("#final-confirm").count() == 0
    assert reader.get(f"/projects/demo/review/{doc}")["gold_status"] == "open"

    _set_final(page)
    page.locator("#final-confirm").get_by_role(
        "button", name="Mark final with 2 undecided differences"
    ).click()
    page.wait_for_selector("text=2 differences still undecided in #1 (talks.txt): gold holds none")
    review = reader.get(f"/projects/demo/review/{doc}")
    assert review["gold_status"] == "final"
    # Still undecided, not "decided" because gold is final.
    assert [d["decided"] for d in review["differences"]] == [False, False]
    assert "2 to decide" in page.get_by_role("heading", name="Differences").inner_text()
