"""A value nobody gave reads as one dash on every page (wording.NO_VALUE, an en dash): the
users page said "—" for a user never logged in, the differences "bob=-"."""

from __future__ import annotations

from typing import Any

from tests.helpers import login

NO_VALUE = "\u2013"  # wording.NO_VALUE, an en dash


def test_the_users_and_assignments_pages_show_a_missing_value_as_no_value(
    client: Any, make_user: Any, make_project: Any, make_document: Any
) -> None:
    make_user("ada", "admin")
    make_user("carl", "annotator")  # never logged in
    project = make_project("demo")
    make_document(project, "Nobody is assigned to this one.")
    login(client, "ada")
    users = client.get("/admin/users").get_data(as_text=True)
    carl = users.split('data-username="carl"', 1)[1].split("</tr>", 1)[0]
    assert f'data-label="Last login">{NO_VALUE}</td>' in carl and "\u2014" not in carl
    assignments = client.get("/projects/demo/assignments").get_data(as_text=True)
    assert "\u2014" not in assignments and f"<td>{NO_VALUE}</td>" in assignments
