"""The projects page: the way in to creating a project, for the admins who may.

A new admin lands on the projects page; before, it offered no link to the new-project page
and sent them to the command line, though the README promises a team needs no terminal.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


def test_an_admin_reaches_the_new_project_page_from_the_empty_projects_page(
    make_user: Any, open_tab: Any
) -> None:
    make_user("lead", "admin")
    page = open_tab("lead").open("/")
    assert "Create one with New project" in page.inner_text(".empty")
    with page.expect_navigation():
        page.get_by_role("link", name="New project").click()
    assert page.url.endswith("/projects/new")
    assert page.locator("#slug").is_visible()


def test_the_link_stays_once_projects_exist_and_only_admins_see_it(
    make_user: Any, make_project: Any, open_tab: Any
) -> None:
    make_user("lead", "admin")
    make_user("rita", "reviewer")
    make_user("alice", "annotator")
    page = open_tab("rita").open("/")
    assert page.get_by_role("link", name="New project").count() == 0
    assert page.inner_text(".empty") == "There are no projects yet: an admin creates them."
    make_project("news")
    assert open_tab("lead").open("/").get_by_role("link", name="New project").count() == 1
    page = open_tab("alice").open("/")
    assert page.get_by_role("link", name="New project").count() == 0


def test_a_link_drawn_as_a_button_looks_like_the_form_buttons(
    make_user: Any, open_tab: Any
) -> None:
    # Links with the button class were underlined, unlike every <button> beside them.
    make_user("lead", "admin")
    page = open_tab("lead").open("/")
    link = page.locator("a.button#new-project")
    assert link.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    assert link.evaluate("e => getComputedStyle(e).display") == "inline-block"
