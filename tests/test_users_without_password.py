"""A user without a password (as an import makes its annotators) is not listed as "active":
the users page, the API and ``annotator users list`` say they cannot log in, and how to set one."""

from __future__ import annotations

import html
import re
from typing import Any

from annotator.core.wording import NO_PASSWORD
from tests.helpers import login


def _state(page: str, username: str) -> str:
    """The words of ``username``'s State cell on the users page."""
    row = re.search(rf'<tr role="row" data-username="{username}">.*?</tr>', page, re.S)
    assert row is not None, username
    cell = re.search(r'data-label="State">(.*?)</td>', row.group(0), re.S)
    assert cell is not None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell.group(1))).split())


def test_the_users_page_says_who_has_no_password_and_where_to_set_one(
    client: Any, make_user: Any, session: Any
) -> None:
    make_user("ada", "admin")
    make_user("carol", "annotator", None)  # as a brat or CoNLL import makes her
    login(client, "ada")
    page = client.get("/admin/users").get_data(as_text=True)
    assert _state(page, "ada") == "active"
    assert _state(page, "carol") == (
        "no password set: cannot log in (set one under New password; API tokens work meanwhile)"
    )


def test_the_api_lists_whether_each_user_has_a_password(
    client: Any, make_user: Any, admin_headers: dict[str, str]
) -> None:
    make_user("carol", "annotator", None)
    users = client.get("/api/v1/users", headers=admin_headers).get_json()["users"]
    assert {u["username"]: (u["active"], u["has_password"]) for u in users} == {
        "ada": (True, True),
        "carol": (True, False),
    }
    answer = client.patch(
        "/api/v1/users/carol", json={"password": "carols own passphrase"}, headers=admin_headers
    )
    assert answer.get_json()["has_password"] is True


def test_the_command_line_list_says_no_password_and_the_command_that_sets_one(
    runner: Any, make_user: Any
) -> None:
    make_user("ada", "admin")
    make_user("carol", "annotator", None)
    listed = runner.invoke(args=["users", "list"]).output.splitlines()
    assert listed == [
        "ada\tadmin",
        f"carol\tannotator\t{NO_PASSWORD} (annotator users set-password carol)",
    ]
