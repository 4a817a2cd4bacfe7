"""The history's ``restorable`` flag and the restore agree, and a page costs a bounded number
of queries however many changes it shows."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict
from annotator.models import Relation, Span
from annotator.services.review.history import document_history
from annotator.services.review.restore import restore_change
from tests.api_world import World, build_world
from tests.helpers import counted_statements


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _label(world: World, who: str, sentence: int | None, name: str, value: Any) -> None:
    body = {"sentence": sentence, "name": name, "value": value}
    answer = world.call(who, "PUT", f"/documents/{world.doc.id}/labels", body)
    assert answer.status_code == 200, answer.get_json()


def _make_history(world: World) -> None:
    """Write a history of every kind of change, some restorable now and some not."""
    doc = world.doc.id
    # Bob's label changes on sentence 2 come before a split of sentence 1: not restorable.
    _label(world, "bob", 1, "stance", "FAVOR")
    _label(world, "bob", 1, "stance", "AGAINST")
    split = world.call("rita", "POST", f"/projects/demo/review/{doc}/sentences/1/split", {"at": 42})
    assert split.status_code == 200, split.get_json()
    _label(world, "alice", 0, "stance", "FAVOR")
    _label(world, "alice", 0, "stance", "AGAINST")
    _label(world, "alice", None, "genre", "NEWS")
    _label(world, "alice", None, "genre", "OPINION")
    _label(world, "alice", None, "genre", "NEWS")  # back as the first change found it
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    relation = world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    world.call("alice", "DELETE", f"/relations/{relation['id']}")
    cue = world.span("alice", "CUE", 10, 14)
    world.call("alice", "DELETE", f"/spans/{cue['id']}")
    again = world.span("alice", "CUE", 35, 41)
    world.call("alice", "DELETE", f"/spans/{again['id']}")
    world.span("alice", "CUE", 35, 41)  # made again: its deletion is not restorable
    moved = world.span("alice", "CLAIM", 54, 60)
    world.call("alice", "PATCH", f"/spans/{moved['id']}", {"end": 70})
    gone = world.span("alice", "CLAIM", 61, 65)
    world.call("alice", "PATCH", f"/spans/{gone['id']}", {"end": 66})
    world.call("alice", "DELETE", f"/spans/{gone['id']}")  # its update: not restorable
    world.call("alice", "PUT", f"/documents/{doc}/status", {"status": "done"})
    world.span("rita", "CLAIM", 15, 31, query="?layer=gold")
    path = f"/projects/demo/review/{doc}/status"
    assert world.call("rita", "PUT", path, {"status": "final"}).status_code == 200


def _restores(session: Session, world: World, change_id: int) -> bool:
    """Tell whether restoring the change succeeds, leaving the database as it was."""
    rita = world.users["rita"]
    savepoint = session.begin_nested()
    try:
        restore_change(session, rita, world.doc, change_id)
    except Conflict:
        return False
    finally:
        savepoint.rollback()
    return True


def test_restorable_says_what_the_restore_does_for_every_change(world: World, session) -> None:  # noqa: ANN001
    _make_history(world)
    session.expire_all()
    rita = world.users["rita"]
    changes = document_history(session, rita, world.doc, per_page=500).changes
    flags = {change.id: change.restorable for change in changes}
    outcomes = {change.id: _restores(session, world, change.id) for change in changes}
    assert flags == outcomes
    # Both answers are there, and each way of being refused.
    assert sum(flags.values()) >= 6
    refused = [(c.kind, c.action) for c in changes if not c.restorable and c.before is not None]
    assert {("label", "update"), ("span", "delete"), ("span", "update")} <= set(refused)


def test_a_history_page_costs_the_same_queries_for_few_or_many_changes(
    world: World,
    session,  # noqa: ANN001
) -> None:
    _make_history(world)
    rita = world.users["rita"]
    engine = session.get_bind()

    def page_statements() -> tuple[int, int]:
        session.expire_all()
        with counted_statements(engine) as seen:
            shown = document_history(session, rita, world.doc, per_page=500).changes
        assert all(change.kind in {"span", "relation", "label", "status"} for change in shown)
        return len(shown), len(seen)

    shown, queries = page_statements()
    # Alice marked her layer done (_make_history): she reopens it to write more.
    reopen = world.call(
        "alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "in_progress"}
    )
    assert reopen.status_code == 200
    for start in range(0, 30, 2):
        span = world.span("alice", "CUE", start, start + 1)
        world.call("alice", "PATCH", f"/spans/{span['id']}", {"end": start + 2})
        _label(world, "alice", None, "genre", "OPINION" if start % 4 else "NEWS")
    more, queries_for_more = page_statements()
    assert more >= shown + 40
    assert queries_for_more == queries <= 20


def test_a_restore_reads_the_items_of_its_changes_layer_only(world: World, session) -> None:  # noqa: ANN001
    # Bob's layer holds spans and a relation; alice's span comes back with its relation.
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    assert world.call("alice", "DELETE", f"/spans/{source['id']}").status_code == 204
    theirs = [world.span("bob", "SOURCE", start, start + 1) for start in range(0, 30, 3)]
    world.relation(
        "bob", "ATTRIBUTED_TO", world.span("bob", "CLAIM", 15, 31)["id"], theirs[0]["id"]
    )
    rita = world.users["rita"]
    changes = document_history(session, rita, world.doc, per_page=500).changes
    (deleted,) = [change for change in changes if change.action == "delete"]
    assert (deleted.kind, deleted.item) == ("span", source["id"])
    alices_layer = session.get(Span, claim["id"]).layer_id
    session.expire_all()
    rita.id, world.doc.project_id  # noqa: B018  (loaded again before the count)
    loaded: list[Any] = []

    def note(item: Any, _context: Any) -> None:
        loaded.append(item)

    event.listen(Span, "load", note)
    event.listen(Relation, "load", note)
    try:
        with counted_statements(session.get_bind()) as seen:
            restored = restore_change(session, rita, world.doc, deleted.id)
    finally:
        event.remove(Span, "load", note)
        event.remove(Relation, "load", note)
    assert restored.relations == 1
    assert loaded and {item.layer_id for item in loaded} == {alices_layer}
    # One query for each kind of row, as when every layer's were read: 17 statements then,
    # 18 later (the change, the owner, the layers, the spans; the layer's span of the same label
    # and offsets, the span written with its history row; under a savepoint, the relations
    # and the relation written with its own), 20 now that the span and its relation come
    # back with their ids (the span's first time with whether its id is free, one query;
    # whether the relation's id is free, another). On PostgreSQL the layer's row is also held
    # before the span's and the relation's copy checks (span_checks.hold_layer), which
    # SQLite's write transaction does without.
    held = 2 if session.get_bind().dialect.name == "postgresql" else 0
    assert len(seen) == 20 + held, seen
    assert sum("FOR NO KEY UPDATE" in statement for statement in seen) == held
