"""The people page (/admin/users) in Chromium: create, change a role, disable an account."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_user: Any) -> None:
    make_user("root", "admin")
    make_user("cat", "annotator")


def test_an_admin_creates_changes_and_disables_users(world: Any, open_tab: Any) -> None:
    cat = open_tab("cat")
    assert cat.page.url.endswith("/")
    admin = open_tab("root")
    page = admin.open("/admin/users")

    page.fill("input[name=username]", "dan")
    page.select_option("select[name=role]", "annotator")
    page.fill("form[action$='/admin/users'] input[name=password]", "short")
    page.click("form[action$='/admin/users'] button[type=submit]")
    errors = page.locator("#password-errors")
    assert "at least 10" in errors.inner_text()
    # Said beside the field it is about, and announced as its description.
    assert page.get_attribute("#password", "aria-describedby") is not None
    assert "password-errors" in (page.get_attribute("#password", "aria-describedby") or "")
    assert page.locator("tr[data-username=dan]").count() == 0

    page.fill("form[action$='/admin/users'] input[name=password]", "dans own passphrase")
    page.click("form[action$='/admin/users'] button[type=submit]")
    row = page.locator("tr[data-username=dan]")
    row.wait_for()
    assert "annotator" in row.inner_text() and "active" in row.inner_text()

    row.locator("select[name=role]").select_option("reviewer")
    row.locator("button", has_text="Change role").click()
    page.wait_for_selector("tr[data-username=dan] .role--reviewer")

    # cat is still signed in; once disabled, their next page is the login form.
    assert "/auth/login" not in cat.open("/").url
    page.locator("tr[data-username=cat]").get_by_role("link", name="Disable").click()
    page.get_by_role("button", name="Disable cat").click()  # asked first, then done
    page.wait_for_selector("tr[data-username=cat] >> text=disabled")
    assert "/auth/login" in cat.open("/").url
    assert page.locator("tr[data-username=cat] button", has_text="Enable").count() == 1
