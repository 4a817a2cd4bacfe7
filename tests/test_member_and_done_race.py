"""Removing a member while they are assigned, and marking a layer done while a required value
is cleared, run one after the other, whichever comes first (services/write_holds.py).

Unordered on PostgreSQL, a member removed while documents were being assigned to them was
left with assignments but no membership (so without access to them; assigning refuses a
removed member, as it does here when the removal commits first), and a layer marked done
while its required value was cleared was left done with the field blank. Each test holds the
first transaction open, runs the second in a thread, sees it wait, and commits the first.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict, Invalid, LayerDone
from annotator.models import Assignment, Document, LabelValue, Project, User
from annotator.services.accounts import membership
from annotator.services.accounts.assignment import assign_documents
from annotator.services.accounts.people import drop_member
from annotator.services.accounts.project_admin import edit_project
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.write_target import open_write_target
from tests import held_writes
from tests.held_writes import run_in_thread, until_it_waits

holder = held_writes.holder  # the fixture

TEXT = "Officials said the talks failed. Moscow denied it."


@pytest.fixture
def world(session: Session, make_user: Any, make_project: Any, make_document: Any, assign: Any):
    """alice, a member, has one document whose required genre she gave; a second document is
    not assigned yet."""
    project = make_project()
    schema = copy.deepcopy(project.schema)
    genre = next(f for f in schema["document_labels"] if f["name"] == "genre")
    genre["required"] = True
    edit_project(session, project, None, schema=schema)
    alice = make_user("alice")
    first = make_document(project, TEXT, external_id="d1")
    second = make_document(project, TEXT, external_id="d2")
    assign(first, alice)
    session.commit()
    world = {"project": project.id, "alice": alice.id, "first": first.id, "second": second.id}
    set_label(session, open_target(session, world), None, "genre", "NEWS")
    done(session, world)  # nothing unfinished: alice may be removed
    session.commit()
    return world


def open_target(own: Session, world: dict[str, Any]) -> Any:
    alice = own.get(User, world["alice"])
    assert alice is not None
    return open_write_target(own, alice, world["first"], None)


def done(own: Session, world: dict[str, Any], status: str = "done") -> str:
    alice, document = own.get(User, world["alice"]), own.get(Document, world["first"])
    assert alice is not None and document is not None
    return set_status(own, alice, document, status).status  # type: ignore[arg-type]


def clear_genre(own: Session, world: dict[str, Any]) -> None:
    set_label(own, open_target(own, world), None, "genre", None)  # type: ignore[arg-type]


def assign_second(own: Session, world: dict[str, Any]) -> int:
    project, alice = own.get(Project, world["project"]), own.get(User, world["alice"])
    assert project is not None and alice is not None
    return assign_documents(own, project, [alice], 1, document_ids=[world["second"]]).created


def remove_alice(own: Session, world: dict[str, Any]) -> None:
    project, alice = own.get(Project, world["project"]), own.get(User, world["alice"])
    assert project is not None and alice is not None
    drop_member(own, None, project, alice)
    own.flush()


def member_and_assignments(session: Session, world: dict[str, Any]) -> tuple[bool, list[int]]:
    session.rollback()  # a fresh snapshot: what the two transactions committed
    project, alice = session.get(Project, world["project"]), session.get(User, world["alice"])
    assert project is not None and alice is not None
    mine = select(Assignment.document_id).where(Assignment.user_id == alice.id)
    member = membership.find_member(session, project, alice)
    return member is not None, sorted(session.scalars(mine))


def test_removing_a_member_waits_for_an_assignment_to_them_and_is_refused(
    app: Flask, session: Session, world: dict[str, Any], holder: Any
) -> None:
    mine = holder()
    assert assign_second(mine, world) == 1  # not committed
    removing = run_in_thread(app, lambda own: remove_alice(own, world))
    until_it_waits(app, removing)
    mine.commit()
    error = removing.finish().get("error")
    assert isinstance(error, Conflict), error
    assert error.details == {"unfinished": 1}
    assert member_and_assignments(session, world) == (True, [world["first"], world["second"]])


def test_an_assignment_waits_for_the_members_removal_and_is_refused_as_to_a_removed_member(
    app: Flask, session: Session, world: dict[str, Any], holder: Any
) -> None:
    mine = holder()
    remove_alice(mine, world)  # not committed
    assigning = run_in_thread(app, lambda own: assign_second(own, world))
    until_it_waits(app, assigning)
    mine.commit()
    error = assigning.finish().get("error")
    assert isinstance(error, Invalid), error
    assert error.details == {"field": "annotators", "removed": ["alice"]}
    assert member_and_assignments(session, world) == (False, [world["first"]])


def test_marking_done_waits_for_a_required_value_cleared_and_is_refused(
    app: Flask, session: Session, world: dict[str, Any], holder: Any
) -> None:
    done(session, world, "in_progress")
    session.commit()
    mine = holder()
    clear_genre(mine, world)  # not committed
    marking = run_in_thread(app, lambda own: done(own, world))
    until_it_waits(app, marking)
    mine.commit()
    error = marking.finish().get("error")
    assert isinstance(error, Invalid), error
    assert error.details["reason"] == "required_missing"
    assert error.details["field"] == "genre"
    session.rollback()
    assert session.scalars(select(Assignment.status)).all() == ["in_progress"]


def test_a_required_value_cleared_while_the_layer_is_marked_done_waits_and_is_refused(
    app: Flask, session: Session, world: dict[str, Any], holder: Any
) -> None:
    done(session, world, "in_progress")
    session.commit()
    mine = holder()
    assert done(mine, world) == "done"  # not committed
    clearing = run_in_thread(app, lambda own: clear_genre(own, world))
    until_it_waits(app, clearing)
    mine.commit()
    error = clearing.finish().get("error")
    assert isinstance(error, LayerDone), error
    assert error.details["status"] == "done"
    session.rollback()
    assert session.scalars(select(LabelValue.value)).all() == ["NEWS"]
    assert session.scalars(select(Assignment.status)).all() == ["done"]
