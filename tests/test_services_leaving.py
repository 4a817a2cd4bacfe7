"""An annotator who leaves: taking them off their unfinished documents (their work there
discarded, logged), giving those documents to another who starts afresh, and removing them
from the project once only finished work is theirs, which stays while their access ends."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import Conflict
from annotator.models import Assignment, AuditEntry, Layer, Span
from annotator.services.accounts import membership, people, permissions, staffing
from annotator.services.accounts.assignment import assign_documents
from annotator.services.accounts.unfinished import take_off_unfinished, unfinished_documents
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any) -> Any:
    """d0..d3, each of bob and alice. bob has d0 in progress (a stance set) and d3 done with a
    span; alice finished every one of hers with a span, but d2, which she skipped."""
    project = make_project("p")
    users = {name: make_user(name) for name in ("alice", "bob", "carl")}
    users["root"] = make_user("root", "admin")
    docs = [make_document(project, TEXT, external_id=f"d{i}") for i in range(4)]
    assign_documents(session, project, [users["alice"], users["bob"]], 2)
    membership.set_member(session, project, users["carl"], "annotator")
    _stance(session, users["bob"], docs[0])
    _span(session, users["bob"], docs[3])
    _status(session, users["bob"], docs[3], "done")
    for doc in docs:
        _span(session, users["alice"], doc)
        _status(session, users["alice"], doc, "skipped" if doc is docs[2] else "done")
    session.commit()
    return {"project": project, "docs": docs, **users}


def _stance(session: Any, user: Any, doc: Any) -> None:
    set_label(session, open_layer(session, user, doc, None), 0, "stance", "NONE")
    _status(session, user, doc, "in_progress")


def _span(session: Any, user: Any, doc: Any) -> None:
    add_span(session, open_layer(session, user, doc, None), "SOURCE", 0, 9)


def _status(session: Any, user: Any, doc: Any, status: str) -> None:
    row = session.scalar(
        select(Assignment).where(Assignment.user_id == user.id, Assignment.document_id == doc.id)
    )
    row.status = status
    session.flush()


def _held(session: Any, user: Any) -> dict[str, str]:
    session.expire_all()
    rows = session.execute(
        select(Assignment.document_id, Assignment.status).where(Assignment.user_id == user.id)
    )
    return dict(sorted(rows.all()))


def _spans_of(session: Any, user: Any) -> int:
    query = select(func.count()).select_from(Span).join(Layer).where(Layer.user_id == user.id)
    return session.scalar(query)


def _last_audit(session: Any) -> AuditEntry:
    return session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def test_the_unfinished_documents_are_the_new_and_in_progress_ones_with_their_work(
    session: Any, world: Any
) -> None:
    listed = unfinished_documents(session, world["project"], world["bob"])
    assert [(d.external_id, d.status, d.holds_work) for d in listed] == [
        ("d0", "in_progress", True),
        ("d1", "new", False),
        ("d2", "new", False),
    ]
    assert unfinished_documents(session, world["project"], world["alice"]) == []
    named = unfinished_documents(session, world["project"], world["bob"], [world["docs"][0].id])
    assert [d.external_id for d in named] == ["d0"]


def test_taking_off_unfinished_documents_deletes_that_work_only_and_logs_it(
    session: Any, world: Any
) -> None:
    bob, docs = world["bob"], world["docs"]
    report = take_off_unfinished(session, world["root"], world["project"], bob)
    session.commit()
    assert report.dropped == ["d0"] and report.removed == ["d1", "d2"]
    assert _held(session, bob) == {docs[3].id: "done"}  # the finished one stays
    assert _spans_of(session, bob) == 1
    entry = _last_audit(session)
    assert entry.action == "assignment.remove" and entry.target == "bob"
    assert entry.after["work_deleted"] == ["d0"]
    assert entry.after["deleted"] == {"spans": 0, "relations": 0, "label_values": 1, "notes": 0}


def test_giving_unfinished_documents_to_another_discards_the_old_work(
    session: Any, world: Any
) -> None:
    bob, carl, docs = world["bob"], world["carl"], world["docs"]
    report = take_off_unfinished(session, world["root"], world["project"], bob, to_user=carl)
    session.commit()
    assert report.moved == ["d0", "d1", "d2"] and report.dropped == ["d0"]
    assert _held(session, carl) == {d.id: "new" for d in docs[:3]}  # carl starts afresh
    assert _held(session, bob) == {docs[3].id: "done"}
    assert (
        session.scalar(
            select(Layer).where(Layer.user_id == bob.id, Layer.document_id == docs[0].id)
        )
        is None
    )
    entry = _last_audit(session)
    assert entry.action == "assignment.reassign"
    assert entry.after["work_deleted"] == ["d0"] and entry.after["deleted"]["label_values"] == 1


def test_the_plain_reassign_still_keeps_documents_with_work(session: Any, world: Any) -> None:
    report = staffing.move_documents(session, None, world["project"], world["bob"], world["carl"])
    assert report.kept == ["d0"] and report.moved == ["d1", "d2"] and report.dropped == []


def test_a_member_whose_documents_are_finished_leaves_and_their_work_stays(
    session: Any, world: Any
) -> None:
    alice, project, docs = world["alice"], world["project"], world["docs"]
    assert permissions.find_assignment(session, alice, docs[0]) is not None
    people.drop_member(session, world["root"], project, alice)
    session.commit()
    assert membership.find_member(session, project, alice) is None
    # Finished work is the project's: assignments (done, skipped) and layers stay.
    assert set(_held(session, alice).values()) == {"done", "skipped"}
    assert _spans_of(session, alice) == 4
    # ... and the access ends: the project, its documents, its layer.
    assert permissions.visible_projects(session, alice) == []
    assert permissions.project_role(session, alice, project.id) is None
    assert permissions.find_assignment(session, alice, docs[0]) is None
    assert not permissions.may_see_document(session, alice, docs[0])
    # Made a member again, they have it back.
    membership.set_member(session, project, alice, "annotator")
    assert permissions.may_see_document(session, alice, docs[0])


def test_a_member_with_unfinished_documents_is_told_to_take_them_off_first(
    session: Any, world: Any
) -> None:
    with pytest.raises(Conflict) as refused:
        membership.remove_member(session, world["project"], world["bob"])
    assert refused.value.message == (
        "bob has 3 unfinished documents of p (new or in progress); take them off"
        " or give them to another annotator first (their finished work stays)"
    )
    take_off_unfinished(session, None, world["project"], world["bob"])
    membership.remove_member(session, world["project"], world["bob"])
    assert membership.find_member(session, world["project"], world["bob"]) is None
