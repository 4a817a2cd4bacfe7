"""An admin adds a member among hundreds of users in Chromium, on a desktop and on a phone:
by typing part of a name and taking a suggestion, not by scrolling a select of every user."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, shot

pytestmark = pytest.mark.server

DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def world(make_world: Any) -> None:
    people = {f"person{i:03d}": "annotator" for i in range(300)}
    # A third are members already: never suggested.
    members = {name: "annotator" for i, name in enumerate(people) if i % 3 == 0}
    make_world({"root": "admin"} | people, slug="p", members=members, tokens=False)


@pytest.mark.parametrize(("touch", "size"), [(False, DESKTOP), (True, PHONE)])
def test_an_admin_adds_a_member_by_typing_part_of_the_name(
    world: Any, open_tab: Any, touch: bool, size: dict[str, int]
) -> None:
    tab = open_tab("root", touch=touch)
    tab.page.set_viewport_size(size)
    page = tab.open("/projects/p/people")
    name = page.get_by_label("Username")
    assert page.locator("select[name=username]").count() == 0
    name.press_sequentially("son14")  # person140..149; 141, 144, 147 are members
    options = page.locator("#member-suggestions option")
    page.wait_for_function(
        "() => document.querySelectorAll('#member-suggestions option').length > 0"
    )
    suggested = options.evaluate_all("os => os.map(o => o.value)")
    assert suggested == [f"person{i}" for i in range(140, 150) if i % 3]
    # The suggestion taken (what choosing it in the list does), a role, and added.
    name.fill(suggested[1])
    page.get_by_label("Project role").first.select_option("reviewer")
    page.get_by_role("button", name="Add member").click()
    row = page.locator(f"tr[data-username={suggested[1]}]")
    row.wait_for()
    assert "reviewer" in row.inner_text()
    # The field fits the screen it is on.
    box = name.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]

    # A name that is nobody's is refused under the field, naming the look-alikes.
    name = page.get_by_label("Username")
    name.fill("person14")
    page.get_by_role("button", name="Add member").click()
    errors = page.locator("#username-errors")
    errors.wait_for()
    assert "no user called 'person14'" in errors.inner_text()
    assert "person140" in errors.inner_text() and "person141" not in errors.inner_text()


@pytest.fixture
def few(session: Any, make_user: Any, make_project: Any) -> None:
    make_user("root", "admin")
    make_project("q")
    for name in ("dan", "zed"):
        make_user(name)
    session.commit()


@pytest.mark.parametrize(("touch", "size"), [(False, DESKTOP), (True, PHONE)])
def test_an_admin_picks_one_of_a_few_non_members_and_is_told_the_name_meant(
    few: Any, open_tab: Any, touch: bool, size: dict[str, int]
) -> None:
    """With few non-members, all are in the field's list before anything is typed; "Dan"
    is refused with the name meant and the way to the Users page, which finds dan."""
    tab = open_tab("root", touch=touch)
    tab.page.set_viewport_size(size)
    page = tab.open("/projects/q/people")
    offered = page.locator("#member-suggestions option").evaluate_all("os => os.map(o => o.value)")
    assert offered == ["dan", "root", "zed"]
    page.get_by_label("Username").fill("Dan")
    page.get_by_role("button", name="Add member").click()
    errors = page.locator("#username-errors")
    errors.wait_for()
    assert "no user called 'Dan' (did you mean 'dan'?)" in errors.inner_text()
    page.screenshot(path=shot(f"small38-people-did-you-mean-{size['width']}.png"))
    page.locator(".flash").get_by_role("link", name="Users page").click()
    page.wait_for_url("**/admin/users?q=dan")
    assert page.locator("tr", has_text="dan").count() >= 1
