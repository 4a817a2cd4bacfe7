"""Finding one person among many in Chromium: the users page and a project's People page.

A lead filters by name, changes someone, and is back on the same filtered list (not on the
whole list of hundreds); the filter fits a phone.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_world: Any) -> None:
    people = {f"member{i:02d}": "annotator" for i in range(60)} | {"Carla": "annotator"}
    members = dict.fromkeys(people, "annotator") | {"Carla": "reviewer"}
    make_world({"root": "admin"} | people, slug="p", members=members, tokens=False)


def _filter(page: Any) -> Any:
    return page.get_by_role("search", name="Filter people")


def _rows(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "tr[data-username]", "rows => rows.map(r => r.dataset.username)"
    )


def test_a_filtered_users_page_stays_filtered_through_a_change(world: Any, open_tab: Any) -> None:
    page = open_tab("root").open("/admin/users")
    assert len(_rows(page)) == 50  # a page of the one paging rule, not all 62
    assert page.get_by_role("navigation", name="Pages").inner_text().count("Page 1 of 2") == 1
    _filter(page).get_by_label("Name").fill("CARL")
    _filter(page).get_by_role("button", name="Filter").click()
    page.wait_for_url("**/admin/users?q=CARL*")
    assert _rows(page) == ["Carla"]
    row = page.locator("tr[data-username=Carla]")
    row.locator("select[name=role]").select_option("reviewer")
    row.locator("button", has_text="Change role").click()
    page.wait_for_selector("tr[data-username=Carla] .role--reviewer")
    assert "q=CARL" in page.url and _rows(page) == ["Carla"]
    assert _filter(page).get_by_label("Name").input_value() == "CARL"
    # Disable asks first and, confirmed, comes back to the same view.
    row.get_by_role("link", name="Disable").click()
    page.get_by_role("button", name="Disable Carla").click()
    page.wait_for_selector("tr[data-username=Carla] >> text=disabled")
    assert "q=CARL" in page.url and _rows(page) == ["Carla"]


def test_the_people_page_filters_by_role_and_a_removal_keeps_the_view(
    world: Any, open_tab: Any
) -> None:
    page = open_tab("root").open("/projects/p/people")
    assert len(_rows(page)) == 50
    _filter(page).get_by_label("Name").fill("member0")
    _filter(page).get_by_role("button", name="Filter").click()
    page.wait_for_url("**q=member0*")
    assert _rows(page) == [f"member0{i}" for i in range(10)]
    page.locator("tr[data-username=member03]").get_by_role("button", name="Remove").click()
    page.wait_for_selector("text=member03 is no longer a member")
    assert "q=member0" in page.url
    assert _rows(page) == [f"member0{i}" for i in range(10) if i != 3]
    _filter(page).get_by_label("Project role").select_option("reviewer")
    _filter(page).get_by_label("Name").fill("")
    _filter(page).get_by_role("button", name="Filter").click()
    page.wait_for_url("**role=reviewer*")
    assert _rows(page) == ["Carla"]


@pytest.mark.parametrize("width", [1366, 390])
def test_the_filters_fit_the_window(world: Any, open_tab: Any, width: int) -> None:
    tab = open_tab("root")
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    for path, name in [("/admin/users?q=carl", "users"), ("/projects/p/people?q=1", "people")]:
        tab.open(path)
        form = page.get_by_role("search", name="Filter people")
        box = form.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} at {width} px is {overflow} px wide"
        # Its fields are drawn as a form's are, big enough to hit with a finger, and on a
        # phone each takes the form's width (a browser's own boxes were half that, 21 px tall).
        for field in (form.get_by_label("Name"), form.locator("select[name=role]")):
            field_box = field.bounding_box()
            assert field_box is not None and field_box["height"] >= 36, (name, field_box)
            if width < 720:
                assert field_box["width"] >= 0.95 * box["width"], (name, field_box, box)
