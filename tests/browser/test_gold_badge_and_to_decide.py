"""Two readings a reviewer got wrong, on a wide window and a phone.

The project page's Gold column said "Open" in plain text beside the Delete button: it read as
an action (open the gold). It is now a badge that says "Gold: open", nothing to press. The
review list said "Disagreement 0.00" for a document whose only difference was a shifted
boundary; each row now says how many differences are left to decide.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, SIDEWAYS_JS, within_the_window

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."
SIZES = {"1366": {"width": 1366, "height": 900}, "390": PHONE}


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """alice and bob mark the same claim in ``shift``, bob's end two characters short; ada
    (admin) manages the project, rita reviews."""
    world = make_world(
        {"ada": "admin", "rita": "reviewer", "alice": "annotator", "bob": "annotator"},
        shift=(TEXT, "shift.txt", {"title": "The shifted claim"}),
    )
    for name, end in (("alice", 31), ("bob", 29)):
        claim = {"label": "CLAIM", "start": 15, "end": end}
        api_as(world.tokens[name]).write("POST", f"/documents/{world.shift.id}/spans", claim)
    return world


@pytest.mark.parametrize("size", SIZES)
def test_the_gold_column_is_a_badge_not_an_action(world: Any, open_tab: Any, size: str) -> None:
    tab = open_tab("ada", touch=size == "390")
    page = tab.page
    page.set_viewport_size(SIZES[size])
    page.goto(f"{tab.server.url}/projects/demo")
    cell = page.locator("td[data-label='Gold']")
    badge = cell.locator(".status")
    assert badge.inner_text() == "Gold: open"
    # Nothing in the cell is a link or a button, and the badge is drawn as a pill, as the
    # annotators' statuses are, unlike the Delete button beside it.
    assert cell.locator("a, button").count() == 0
    style = badge.evaluate(
        "b => { const s = getComputedStyle(b);"
        " return [s.borderRadius, s.backgroundColor, s.cursor]; }"
    )
    delete = page.locator("a.button--danger").first
    assert style[0] != "0px" and style[1] != "rgba(0, 0, 0, 0)" and style[2] != "pointer"
    assert style[1] != delete.evaluate("d => getComputedStyle(d).backgroundColor")
    assert page.evaluate(SIDEWAYS_JS) == 0
    if size == "390":
        within_the_window(badge)


@pytest.mark.parametrize("size", SIZES)
def test_the_review_list_says_what_is_left_to_decide(world: Any, open_tab: Any, size: str) -> None:
    tab = open_tab("rita", touch=size == "390")
    page = tab.page
    page.set_viewport_size(SIZES[size])
    page.goto(f"{tab.server.url}/projects/demo/review")
    row = page.locator("table.table tbody tr").first
    assert row.locator("td[data-label='Disagreement']").inner_text().strip() == "0.00"
    assert row.locator("td[data-label='To decide']").inner_text().strip() == "1"
    assert page.evaluate(SIDEWAYS_JS) == 0
    if size == "390":
        within_the_window(row.locator("td[data-label='To decide']"))
