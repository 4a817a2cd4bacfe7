"""The instance's accounts and a project's members are two pages with two names: the header's
"Users" (accounts: add, roles, passwords) and a project's "People" (members and project roles).
Both were "People"."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


def test_the_header_users_page_and_a_projects_people_page_are_told_apart(
    make_world: Any, open_tab: Any
) -> None:
    make_world({"ada": "admin"}, doc=("Officials said it.", "a.txt"))
    page = open_tab("ada").open("/projects/demo")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="People").count() == 0
    nav.get_by_role("link", name="Users").click()
    page.wait_for_url("**/admin/users")
    assert page.locator("h1").inner_text() == "Users"
    assert page.title().startswith("Users")
    page.go_back()
    page.get_by_role("navigation", name="Project").get_by_role("link", name="People").click()
    page.wait_for_url("**/projects/demo/people")
    assert page.locator("h1").inner_text().startswith("People of ")
