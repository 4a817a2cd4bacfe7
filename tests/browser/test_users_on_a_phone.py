"""The users page on a phone: each user's buttons are within the window, without scrolling
the table sideways.

On a 390 px phone the table's Change column (role, password, API tokens, Disable) was past
the window's right edge, reached only by scrolling the table sideways, which nothing on the
page hinted at.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, SIDEWAYS_JS, within_the_window

pytestmark = pytest.mark.server


def test_each_users_buttons_are_within_a_phones_window(make_user: Any, open_tab: Any) -> None:
    make_user("ada", "admin")
    make_user("alice", "annotator")
    make_user("rita", "reviewer")
    tab = open_tab("ada", touch=True)
    tab.page.set_viewport_size(PHONE)
    page = tab.open("/admin/users")
    users = page.locator("#users")
    for name in ("Change role", "Set password"):
        within_the_window(users.get_by_role("button", name=name))
    for name in ("API tokens", "End sessions", "Disable"):
        within_the_window(users.get_by_role("link", name=name))
    within_the_window(users.get_by_label("New password of alice"))
    assert page.evaluate(SIDEWAYS_JS) == 0
