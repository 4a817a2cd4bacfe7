"""Every signed-in page links the user's own password form from the header: it was reachable
only from the API tokens page, where a user changing a password would not look."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.server


def test_a_user_finds_the_password_form_in_the_header_and_changes_it(
    make_world: Any, open_tab: Any
) -> None:
    make_world({"alice": "annotator"}, doc=("Officials said it.", "a.txt"))
    tab = open_tab("alice")
    page = tab.open("/projects/demo")
    header = page.locator(".site-header")
    header.get_by_role("link", name="Password").click()
    page.wait_for_url("**/account/password")
    assert header.get_by_role("link", name="Password").get_attribute("aria-current") == "page"
    page.fill("input[name=current_password]", PASSWORD)
    page.fill("input[name=new_password]", "a much longer secret 42")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_load_state()
    assert "Your password is changed." in page.inner_text(".flashes")
