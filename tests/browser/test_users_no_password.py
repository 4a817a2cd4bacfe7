"""The users page says an account without a password cannot log in, and how to set one:
after an import made its annotators, they were listed "active", and only the Assign form
said otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import shot

pytestmark = pytest.mark.server


def test_a_user_without_a_password_is_not_said_active_until_one_is_set(
    make_user: Any, open_tab: Any
) -> None:
    make_user("ada", "admin")
    make_user("carol", "annotator", None)  # as a brat or CoNLL import makes her
    page = open_tab("ada").open("/admin/users")
    state = page.locator('#users tr[data-username="carol"] td[data-label="State"]')
    assert state.inner_text().startswith("no password set: cannot log in")
    assert "set one under New password" in state.inner_text()
    page.locator("#users").screenshot(path=shot("users-no-password.png"))
    # The way it names: the row's own New password.
    page.get_by_label("New password of carol").fill("carols own passphrase")
    page.locator('#users tr[data-username="carol"]').get_by_role(
        "button", name="Set password"
    ).click()
    page.wait_for_load_state()
    assert page.locator('#users tr[data-username="carol"] td[data-label="State"]').inner_text() == (
        "active"
    )
