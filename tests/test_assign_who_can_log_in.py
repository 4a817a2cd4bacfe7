"""The Assignments page ticks only annotators who can log in.

A brat import creates its annotators without a password, and a disabled user cannot log in
either: ticked by default, they were given documents they could not open. Such an annotator
is still offered (a password may be set later) but not ticked, with the reason beside the name.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.services.accounts import membership
from annotator.services.accounts.users import set_active, why_no_login
from tests.helpers import login


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any) -> dict[str, Any]:
    project = make_project("a", name="Team three")
    users = {"root": make_user("root", "admin"), "man": make_user("man")}
    users["ann"] = make_user("ann")
    users["carol"] = make_user("carol", "annotator", None)  # as a brat import makes her
    users["dave"] = make_user("dave")
    membership.set_member(session, project, users["man"], "manager")
    for name in ("ann", "carol", "dave"):
        membership.set_member(session, project, users[name], "annotator")
    set_active(session, users["dave"], False)
    make_document(project, "One sentence here. Another one there.", "a-0")
    session.commit()
    return users


def _boxes(html: str) -> dict[str, tuple[bool, str]]:
    """Each offered annotator of the assign form: whether ticked, and the label's words."""
    form = re.search(r'<form[^>]*id="assign-form".*?</form>', html, re.S)
    assert form is not None
    found = {}
    for item in re.findall(r"<li>(.*?)</li>", form.group(0), re.S):
        if 'name="annotators"' not in item:  # the choice of documents is a list too
            continue
        value = re.search(r'value="([^"]*)"', item)
        assert value is not None
        label = re.sub(r"<[^>]+>", "", item)
        found[value.group(1)] = ("checked" in item, " ".join(label.split()))
    return found


def test_why_no_login_names_a_missing_password_and_a_disabled_account(session, world) -> None:
    assert why_no_login(session, ["ann", "carol", "dave", "nobody"]) == {
        "carol": "no password set: cannot log in",
        "dave": "disabled: cannot log in",
    }


def test_an_admin_sees_carol_offered_not_ticked_with_the_reason(app: Any, world: Any) -> None:
    client = app.test_client()
    login(client, "root")
    boxes = _boxes(client.get("/projects/a/assignments").get_data(as_text=True))
    # dave, disabled, is not offered to an admin at all (as before); carol is, unticked.
    assert boxes == {
        "ann": (True, "ann"),
        "carol": (False, "carol (no password set: cannot log in)"),
    }


def test_a_manager_sees_the_disabled_member_not_ticked(app: Any, world: Any) -> None:
    client = app.test_client()
    login(client, "man")
    boxes = _boxes(client.get("/projects/a/assignments").get_data(as_text=True))
    assert boxes["ann"] == (True, "ann")
    assert boxes["carol"] == (False, "carol (no password set: cannot log in)")
    assert boxes["dave"] == (False, "dave (disabled: cannot log in)")
