"""A document's deletion and a write on it run one after the other, whichever comes first
(services/write_holds.py): the write that opened the document first is counted and deleted
with it; one that comes second finds no document, a 404, never a foreign key's 500.

Each test holds the first transaction open, runs the second in a thread, sees it wait, and
commits the first. Unordered on PostgreSQL, a span posted while its document was deleted
failed on the layer's foreign key (a 500) in some rounds.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import NotFound, no_such
from annotator.models import AuditEntry, Document, Layer, Relation, Span, User
from annotator.services.annotation import access, relations
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span, insert_span
from annotator.services.annotation.write_target import open_write_target
from annotator.services.datasets.removal import remove_document
from tests import held_writes
from tests.held_writes import run_in_thread, until_it_waits

holder = held_writes.holder  # the fixture

TEXT = "Officials said the talks failed. Moscow denied it."


@pytest.fixture
def world(session: Session, make_world: Any):
    """alice's document with her layer: a claim attributed to a source."""
    made = make_world({"alice": "annotator"}, document=(TEXT, None))
    alice, document = made.alice, made.document
    layer = ensure_layer(session, document, alice.id)
    source = add_span(session, layer, "SOURCE", 0, 9)
    claim = add_span(session, layer, "CLAIM", 15, 31)
    relation = add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
    session.commit()
    ids = {"alice": alice.id, "document": document.id, "layer": layer.id}
    return ids | {"relation": relation.id}


def post_span(own: Session, world: dict[str, Any]) -> int:
    """Write a span as the API's POST does: open the layer, insert."""
    alice = own.get(User, world["alice"])
    assert alice is not None
    target = open_write_target(own, alice, world["document"], None, offset=0)
    return insert_span(own, target, "CUE", 10, 14).id


def delete_relation(own: Session, world: dict[str, Any]) -> None:
    """Delete the relation as the API's DELETE does: found by its id, then its layer."""
    alice = own.get(User, world["alice"])
    relation = own.get(Relation, world["relation"])
    if relation is None:  # SQLite: the read itself waited for the deletion
        raise no_such("relation", world["relation"])
    assert alice is not None
    access.writable_layer(own, alice, relation.layer_id, None, ("relation", relation.id))
    relations.delete_relation(own, relation, actor=alice)
    own.flush()


def page_span(own: Session, world: dict[str, Any]) -> int:
    """Write a span as the workspace page does: through the layer row."""
    layer = own.get(Layer, world["layer"])
    if layer is None:  # SQLite: the read itself waited for the deletion
        raise no_such("document", world["document"])
    return add_span(own, layer, "CUE", 10, 14).id


def delete(own: Session, world: dict[str, Any]) -> None:
    document = own.get(Document, world["document"])
    assert document is not None
    remove_document(own, document, None)


def stored(session: Session) -> tuple[list[int], list[str]]:
    session.rollback()  # a fresh snapshot: what the two transactions committed
    return list(session.scalars(select(Document.id))), list(session.scalars(select(Span.label)))


def test_a_deletion_waits_for_a_span_write_under_way_and_counts_its_span(
    app: Flask, session: Session, world: dict[str, Any], holder: Any
) -> None:
    mine = holder()
    post_span(mine, world)  # not committed
    deleting = run_in_thread(app, lambda own: delete(own, world))
    until_it_waits(app, deleting)
    mine.commit()
    result = deleting.finish()
    assert "error" not in result, result
    assert stored(session) == ([], [])
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "document.delete")).one()
    assert entry.before is not None and entry.before["spans"] == 3


@pytest.mark.parametrize(
    ("write", "missing"),
    [(post_span, "document"), (page_span, "document"), (delete_relation, "relation")],
    ids=["the API's span", "a page's span", "the API's relation deletion"],
)
def test_a_write_waits_for_a_deletion_and_then_finds_nothing_to_write(
    app: Flask, session: Session, world: dict[str, Any], holder: Any, write: Any, missing: str
) -> None:
    mine = holder()
    delete(mine, world)  # not committed
    writing = run_in_thread(app, lambda own: write(own, world))
    until_it_waits(app, writing)
    mine.commit()
    error = writing.finish().get("error")
    assert isinstance(error, NotFound) and error.status == 404, error
    assert error.message == f"no {missing} {world[missing]}"
    assert stored(session) == ([], [])


def test_two_deletions_of_one_document_at_once_delete_it_once(
    app: Flask, session: Session, world: dict[str, Any], holder: Any
) -> None:
    mine = holder()
    delete(mine, world)  # not committed
    document = session.get(Document, world["document"])  # both read it before either commits
    assert document is not None

    def again(own: Session) -> None:
        read = own.get(Document, world["document"])
        if read is None:  # SQLite: the read itself waited for the first deletion
            raise no_such("document", world["document"])
        remove_document(own, read, None)
        own.flush()

    deleting = run_in_thread(app, again)
    until_it_waits(app, deleting)
    mine.commit()
    error = deleting.finish().get("error")
    assert isinstance(error, NotFound), error
    assert stored(session) == ([], [])
    deleted = select(AuditEntry).where(AuditEntry.action == "document.delete")
    assert len(session.scalars(deleted).all()) == 1
