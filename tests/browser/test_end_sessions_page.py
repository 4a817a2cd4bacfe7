"""Ending a user's sessions from /admin/users on a phone: asked first, in a box within the
window, with the API tokens revoked only when ticked.

An admin could sign a user out everywhere only by disabling them or setting a new password.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, SIDEWAYS_JS, within_the_window

pytestmark = pytest.mark.server


def test_an_admin_ends_a_users_sessions_and_tokens_from_a_phone(
    make_user: Any, make_token: Any, open_tab: Any, api_as: Any
) -> None:
    make_user("ada", "admin")
    cat_token = api_as(make_token(make_user("cat", "annotator")))
    cat = open_tab("cat")
    admin = open_tab("ada", touch=True)
    admin.page.set_viewport_size(PHONE)
    page = admin.open("/admin/users")
    page.locator("tr[data-username=cat]").get_by_role("link", name="End sessions").click()

    box = page.get_by_role("alertdialog")
    assert "End the sessions of cat?" in box.inner_text()
    assert "Their API tokens keep working unless you tick the box" in box.inner_text()
    for part in (
        box,
        box.get_by_label("Also revoke their 1 API token"),
        box.get_by_role("button", name="End sessions"),
        box.get_by_role("link", name="Cancel"),
    ):
        within_the_window(part)
    assert page.evaluate(SIDEWAYS_JS) == 0

    assert "/auth/login" not in cat.open("/").url
    box.get_by_label("Also revoke their 1 API token").check()
    box.get_by_role("button", name="End sessions").click()
    page.get_by_text("cat: signed out everywhere; 1 API token revoked.").wait_for()
    assert "/auth/login" in cat.open("/").url
    refused = cat_token.http.get(f"{cat_token.server.url}/api/v1/projects", timeout=20)
    assert refused.status_code == 401


# The contrast ratio (WCAG 2) of an element's text colour on its background colour.
CONTRAST_JS = """(node) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const style = getComputedStyle(node);
  const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def test_disable_asks_first_within_a_phones_window_with_a_readable_button(
    make_user: Any, open_tab: Any
) -> None:
    """The question's Disable button was the danger red on the accent's blue (contrast 1.13)."""
    make_user("ada", "admin")
    make_user("cat", "annotator")
    admin = open_tab("ada", touch=True)
    admin.page.set_viewport_size(PHONE)
    page = admin.open("/admin/users")
    page.locator("tr[data-username=cat]").get_by_role("link", name="Disable").click()
    box = page.get_by_role("alertdialog")
    assert "Disable cat?" in box.inner_text()
    button = box.get_by_role("button", name="Disable cat")
    within_the_window(button)
    assert page.evaluate(SIDEWAYS_JS) == 0
    assert button.evaluate(CONTRAST_JS) >= 4.5
