"""Each layer's status in the review, the question before final naming who is not done, and
the Assignments page leaving unticked who cannot log in: at 1366 pixels and on a 390-pixel
touch screen.

alice marked the document done; bob, whose layer is still In progress, did not. The review
list says "2 assigned: 1 done, 1 in progress", the curation view puts "In progress" under
bob's lanes, and marking final asks first, naming bob. carol, made without a password as a
brat import makes its annotators, is offered on the Assignments page unticked, with the
reason.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


def _fits(page: Any, width: int) -> None:
    """Nothing is wider than the window (no sideways scrolling)."""
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1366, 390])
def test_layer_statuses_and_final_naming_who_is_not_done(
    none_world: Any, open_tab: Any, api_as: Any, server: Any, width: int
) -> None:
    world = none_world
    doc = world.doc.id
    api_as(world.tokens["alice"]).write("PUT", f"/documents/{doc}/status", {"status": "done"})
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita", touch=width < 900).page
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(f"{server.url}/projects/demo/review")
    cell = page.locator("td[data-label='Annotators']")
    assert "2 assigned: 1 done, 1 in progress" in " ".join(cell.inner_text().split())
    assert cell.get_by_text("bob: In progress").is_visible()
    _fits(page, width)

    page.goto(f"{server.url}/projects/demo/review/{doc}/curate")
    legend = page.locator("#lane-statuses")
    assert " ".join(legend.inner_text().split()) == "Layers: alice Done; bob In progress"
    bob_lane = page.locator(".cur-lane[data-lane='bob'] .cur-lane__name").first
    assert "In progress" in bob_lane.inner_text()
    _fits(page, width)

    page.goto(f"{server.url}/projects/demo/review/{doc}")
    assert page.locator("h3", has_text="bob").get_by_text("In progress").is_visible()
    page.get_by_label("Gold status").select_option("final")
    page.get_by_role("button", name="Set", exact=True).click()
    box = page.locator("#final-confirm")
    box.wait_for()
    said = " ".join(box.inner_text().split())
    assert "bob has not marked this document done (In progress):" in said
    assert reader.get(f"/projects/demo/review/{doc}")["gold_status"] == "open"
    _fits(page, width)
    box.get_by_role("button", name="Mark final with 2 undecided differences").click()
    page.wait_for_selector("text=bob has not marked this document done (In progress)")
    assert reader.get(f"/projects/demo/review/{doc}")["gold_status"] == "final"


@pytest.mark.parametrize("width", [1366, 390])
def test_assignments_leave_unticked_who_cannot_log_in(
    make_world: Any, make_user: Any, session: Any, open_tab: Any, server: Any, width: int
) -> None:
    from annotator.services.accounts import membership

    world = make_world({"ann": "annotator", "root": "admin"}, doc=("One. Two.", "a.txt"))
    carol = make_user("carol", "annotator", None)  # as a brat import makes her
    membership.set_member(session, world.project, carol, "annotator")
    session.commit()
    page = open_tab("root", touch=width < 900).page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{server.url}/projects/demo/assignments")
    form = page.locator("#assign-form")
    assert form.get_by_label("ann", exact=True).is_checked()
    carol_box = form.get_by_label("carol (no password set: cannot log in)")
    assert carol_box.is_visible() and not carol_box.is_checked()
    _fits(page, width)
