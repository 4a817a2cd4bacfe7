"""Documents go to a project's annotators only, on the page, over the API and on the command line.

A project's annotators are its members in the annotator role; a user whose role is annotator
and who is not a member yet may be given documents too, which makes them one (CONTRACT
section 10). Its reviewers and managers, and admins and reviewers who are not members, may not.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import Assignment, AuditEntry
from tests.helpers import csrf_token_from, login

TEXT = "One sentence here. Another one there."


@pytest.fixture
def world(make_world: Any) -> dict[str, Any]:
    people = {"root": "admin", "rita": "reviewer", "ann": "annotator"}
    people |= {"rev": "annotator", "new": "annotator"}
    members = {"ann": "annotator", "rev": "reviewer"}
    docs = {f"a{i}": (TEXT, f"a-{i}") for i in range(2)}
    made = make_world(people, slug="a", name="Team three", members=members, **docs)
    return {"heads": made.tokens["root"]}


def _assignments(session: Any) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Assignment))


def test_the_assign_and_reassign_forms_offer_only_who_may_be_assigned(app: Any, world: Any) -> None:
    """Not the admin nor the global reviewer (no members), nor the project's reviewer."""
    client = app.test_client()
    assert login(client, "root").status_code == 302
    html = client.get("/projects/a/assignments").get_data(as_text=True)
    assign_form = re.search(r'<form[^>]*id="assign-form".*?</form>', html, re.S)
    assert assign_form is not None
    ticks = re.findall(r'name="annotators"[^>]*value="([^"]*)"', assign_form.group(0))
    assert ticks == ["ann", "new"]
    reassign_form = re.search(r'<form[^>]*id="reassign-form".*?</form>', html, re.S)
    assert reassign_form is not None
    to_user = re.search(r'<select[^>]*name="to_user".*?</select>', reassign_form.group(0), re.S)
    assert to_user is not None
    assert re.findall(r'value="([^"]+)"', to_user.group(0)) == ["ann", "new"]


@pytest.mark.parametrize(
    ("names", "said"),
    [
        (["ann", "root"], "root is not an annotator of Team three"),
        (["ann", "rita", "rev"], "rita, rev are not annotators of Team three"),
    ],
)
def test_the_api_refuses_to_give_documents_to_others(
    client: Any, session: Any, world: Any, names: list[str], said: str
) -> None:
    answer = client.post(
        "/api/v1/projects/a/assignments",
        json={"annotators": names, "per_document": 1},
        headers=world["heads"],
    )
    assert answer.status_code == 422
    assert said in answer.get_json()["error"]["message"]
    assert _assignments(session) == 0


def test_the_api_gives_documents_to_an_annotator_not_yet_a_member(
    client: Any, session: Any, world: Any
) -> None:
    answer = client.post(
        "/api/v1/projects/a/assignments",
        json={"annotators": ["ann", "new"], "per_document": 1},
        headers=world["heads"],
    )
    assert answer.status_code == 200, answer.get_json()
    members = client.get("/api/v1/projects/a/members", headers=world["heads"]).get_json()
    assert {"username": "new", "role": "annotator"} in members["members"]


def test_the_command_line_refuses_to_assign_or_move_documents_to_others(
    runner: Any, session: Any, world: Any
) -> None:
    refused = runner.invoke(args=["assign", "a", "--annotators", "ann,rita", "--per-document", "1"])
    assert refused.exit_code == 1
    assert "rita is not an annotator of Team three" in refused.output
    assert _assignments(session) == 0
    given = runner.invoke(args=["assign", "a", "--annotators", "ann", "--per-document", "1"])
    assert given.exit_code == 0, given.output
    moved = runner.invoke(args=["reassign", "a", "--from", "ann", "--to", "rev"])
    assert moved.exit_code == 1
    assert "rev is not an annotator of Team three" in moved.output
    assert _assignments(session) == 2


def test_the_page_says_why_a_reassign_to_a_reviewer_is_refused(
    app: Any, session: Any, world: Any, runner: Any
) -> None:
    """A form sent with a name it did not offer is refused as not filled in right."""
    runner.invoke(args=["assign", "a", "--annotators", "ann", "--per-document", "1"])
    client = app.test_client()
    assert login(client, "root").status_code == 302
    page = "/projects/a/assignments"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    answer = client.post(
        f"{page}/reassign", data={"csrf_token": token, "from_user": "ann", "to_user": "rev"}
    )
    assert answer.status_code == 400
    assert _assignments(session) == 2


def _member_entries(session: Any) -> list[tuple[str, str, str | None, Any, Any]]:
    session.expire_all()
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "member.set").order_by(AuditEntry.id)
    )
    return [(e.actor, e.target, e.project_slug, e.before, e.after) for e in rows]


def test_an_assignment_on_the_page_that_makes_a_member_logs_member_set_once(
    app: Any, session: Any, world: Any
) -> None:
    """new, never a member, becomes the project's annotator by the assign form: the audit log
    says so (as the People page's add does), once; ann, a member already, is not logged."""
    client = app.test_client()
    assert login(client, "root").status_code == 302
    page = "/projects/a/assignments"
    for _ in range(2):  # assigned again: no second entry
        token = csrf_token_from(client.get(page).get_data(as_text=True))
        answer = client.post(
            page, data={"csrf_token": token, "annotators": ["ann", "new"], "per_document": "2"}
        )
        assert answer.status_code == 302
    assert _member_entries(session) == [("root", "new", "a", None, {"role": "annotator"})]
    assert "member.set" in client.get("/admin/audit?project=a").get_data(as_text=True)


def test_an_assignment_over_the_api_that_makes_a_member_logs_member_set_once(
    client: Any, session: Any, world: Any
) -> None:
    for _ in range(2):
        answer = client.post(
            "/api/v1/projects/a/assignments",
            json={"annotators": ["ann", "new"], "per_document": 1},
            headers=world["heads"],
        )
        assert answer.status_code == 200, answer.get_json()
    assert _member_entries(session) == [("root", "new", "a", None, {"role": "annotator"})]
    log = client.get("/api/v1/audit?project=a", headers=world["heads"]).get_json()
    assert [e["target"] for e in log["entries"] if e["action"] == "member.set"] == ["new"]


def test_documents_moved_to_a_never_member_log_member_set_once(
    app: Any, session: Any, world: Any, runner: Any
) -> None:
    """The reassign form's new annotator becomes a member as an assigned one does: logged."""
    runner.invoke(args=["assign", "a", "--annotators", "ann", "--per-document", "1"])
    client = app.test_client()
    assert login(client, "root").status_code == 302
    page = "/projects/a/assignments"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    answer = client.post(
        f"{page}/reassign", data={"csrf_token": token, "from_user": "ann", "to_user": "new"}
    )
    assert answer.status_code == 302
    assert _member_entries(session) == [("root", "new", "a", None, {"role": "annotator"})]
