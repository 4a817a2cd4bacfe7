"""Project roles: membership, what each role may do, and the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import Conflict, Forbidden, Invalid, NotFound
from annotator.models import ProjectMember, SchemaVersion
from annotator.services import audit_log
from annotator.services.accounts import audit, membership, permissions
from annotator.services.accounts.assignment import assign_documents


@pytest.fixture
def people(make_user: Any) -> dict[str, Any]:
    return {
        name: make_user(name, role)
        for name, role in [
            ("root", "admin"),
            ("rita", "reviewer"),
            ("ann", "annotator"),
            ("bob", "annotator"),
            ("mia", "annotator"),
        ]
    }


def test_project_role_is_the_highest_held(
    session: Any, people: dict[str, Any], make_project: Any
) -> None:
    project = make_project("p1")
    role = lambda name: permissions.project_role(session, people[name], project.id)  # noqa: E731
    assert role("root") == "admin"
    assert role("rita") == "reviewer"  # a global reviewer reviews every project
    assert role("ann") is None
    membership.set_member(session, project, people["ann"], "manager")
    membership.set_member(session, project, people["rita"], "annotator")
    assert role("ann") == "manager"
    assert role("rita") == "reviewer"  # membership never lowers a global role
    assert permissions.may_manage(session, people["ann"], project.id)
    assert not permissions.may_manage(session, people["rita"], project.id)
    assert permissions.may_review(session, people["ann"], project.id)


def test_a_project_reviewer_reviews_that_project_only(
    session: Any, people: dict[str, Any], make_project: Any
) -> None:
    first, second = make_project("p1"), make_project("p2")
    membership.set_member(session, first, people["bob"], "reviewer")
    assert permissions.may_review(session, people["bob"], first.id)
    assert not permissions.may_review(session, people["bob"], second.id)
    with pytest.raises(Forbidden):
        permissions.require_review(session, people["bob"], second.id, "export")
    with pytest.raises(Forbidden):
        permissions.require_manage(session, people["bob"], first.id, "change settings")


def test_annotators_see_only_their_projects(
    session: Any, people: dict[str, Any], make_project: Any, make_document: Any
) -> None:
    first, second, third = make_project("p1"), make_project("p2"), make_project("p3")
    make_document(first, "One sentence here.")
    assign_documents(session, first, [people["ann"]], 1)
    membership.set_member(session, second, people["ann"], "reviewer")
    visible = [p.slug for p in permissions.visible_projects(session, people["ann"])]
    assert visible == ["p1", "p2"]
    assert [p.slug for p in permissions.visible_projects(session, people["mia"])] == []
    assert len(permissions.visible_projects(session, people["rita"])) == 3
    assert not permissions.can_see_project(session, people["ann"], third)
    with pytest.raises(NotFound, match="no project 'p1'"):  # hidden: as if missing
        permissions.require_project(session, people["mia"], first)


def test_assignment_makes_members_and_removal_waits_for_unassignment(
    session: Any, people: dict[str, Any], make_project: Any, make_document: Any
) -> None:
    project = make_project("p1")
    make_document(project, "One sentence here.")
    membership.set_member(session, project, people["bob"], "reviewer")
    with pytest.raises(Invalid, match="bob is not an annotator of p1"):  # a reviewer reviews
        assign_documents(session, project, [people["ann"], people["bob"]], 2)
    assign_documents(session, project, [people["ann"]], 1)
    roles = {m.user.username: m.role for m in membership.list_members(session, project)}
    assert roles == {"ann": "annotator", "bob": "reviewer"}
    with pytest.raises(Conflict, match="has 1 unfinished document"):
        membership.remove_member(session, project, people["ann"])
    membership.set_member(session, project, people["mia"], "annotator")
    membership.remove_member(session, project, people["mia"])
    assert membership.find_member(session, project, people["mia"]) is None
    with pytest.raises(NotFound):
        membership.remove_member(session, project, people["mia"])
    with pytest.raises(Invalid, match="role must be one of"):
        membership.set_member(session, project, people["mia"], "admin")


def test_a_new_project_stores_its_first_schema_version(session: Any, make_project: Any) -> None:
    project = make_project("p1")
    stored = session.scalars(
        select(SchemaVersion).where(SchemaVersion.project_id == project.id)
    ).all()
    assert [(v.version, v.schema) for v in stored] == [(1, project.schema)]


def test_audit_entries_page_newest_first(session: Any, people: dict[str, Any]) -> None:
    for number in range(5):
        audit_log.record(
            session,
            people["root"],
            "user.update",
            project_slug="p1" if number % 2 else None,
            target=f"user u{number}",
            before={"role": "annotator"},
            after={"role": "reviewer"},
        )
    audit_log.record(session, None, "project.delete", target="project gone")
    entries, total = audit.list_entries(session, page=1, per_page=4)
    assert total == 6 and len(entries) == 4
    assert entries[0].actor == audit_log.COMMAND_LINE and entries[0].action == "project.delete"
    assert [e.target for e in entries[1:]] == ["user u4", "user u3", "user u2"]
    scoped, scoped_total = audit.list_entries(session, project_slug="p1")
    assert scoped_total == 2 and {e.target for e in scoped} == {"user u1", "user u3"}
    shown = audit.entry_json(entries[1])
    assert shown["before"] == {"role": "annotator"} and shown["actor"] == "root"
    assert session.scalar(select(ProjectMember)) is None


def test_users_told_a_manager_are_the_projects_own(
    session: Any, people: dict[str, Any], make_project: Any
) -> None:
    """A manager must not learn who works elsewhere: every form and refusal that names users
    to them (assignment choices, the name meant) names the project's members only."""
    project, elsewhere = make_project("p1"), make_project("p2")
    membership.set_member(session, project, people["ann"], "manager")
    membership.set_member(session, project, people["bob"], "annotator")
    membership.set_member(session, elsewhere, people["mia"], "annotator")
    people["bob"].active = False  # a disabled member is still theirs to move documents from
    session.commit()
    told = permissions.users_told(session, people["ann"], project)
    assert told == {"ann": "annotator", "bob": "annotator"}
    assert not permissions.tells_of_everyone(people["ann"])
    # An admin lists every user anyway: every active one, members or not.
    told = permissions.users_told(session, people["root"], project)
    assert told == {"ann": "annotator", "mia": "annotator", "rita": "reviewer", "root": "admin"}
    assert permissions.tells_of_everyone(people["root"])


def test_a_manager_reads_the_audit_log_of_their_project_since_it_was_made(
    session: Any, people: dict[str, Any], make_project: Any
) -> None:
    """The history of an earlier, deleted project of the same slug is an admin's alone, on
    every face (the API and the admin page call :func:`audit.entries_read_by`)."""
    from datetime import timedelta

    from annotator.models import AuditEntry

    project = make_project("p1")
    membership.set_member(session, project, people["ann"], "manager")
    earlier = project.created_at - timedelta(days=1)
    for moment, action in [(earlier, "project.delete"), (project.created_at, "member.add")]:
        session.add(
            AuditEntry(
                created_at=moment,
                actor="root",
                action=action,
                project_slug="p1",
                target="p1",
                before=None,
                after=None,
            )
        )
    session.commit()
    actions = lambda who: [  # noqa: E731
        entry.action for entry in audit.entries_read_by(session, people[who], "p1")[0]
    ]
    assert "project.delete" in actions("root")
    assert "project.delete" not in actions("ann")
    assert "member.add" in actions("ann")
    with pytest.raises(Forbidden):
        audit.entries_read_by(session, people["ann"], None)
    with pytest.raises(NotFound):  # a project they cannot see is missing
        audit.entries_read_by(session, people["bob"], "p1")
    # An admin reads a deleted project's history by its slug; a manager, nobody's.
    assert audit.entries_read_by(session, people["root"], "gone") == ([], 0)
    with pytest.raises(NotFound):
        audit.entries_read_by(session, people["ann"], "gone")
