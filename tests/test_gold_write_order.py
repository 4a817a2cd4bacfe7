"""Two changes of many documents' gold write them in one order, so neither waits for the
other crosswise (PostgreSQL, two transactions).

An accept of named documents and ``annotator db copies --merge`` each hold every document
first, ``FOR KEY SHARE`` (services/gold/lock.py): a shared hold, which keeps a document from
being marked final and orders nothing. The locks that exclude (the gold layer's row, its span
hold, the gold status row) are taken a document at a time as each is written. Written in the
order the reviewer typed (``#3,#1``) or the order a listing shows (by number), one change
could hold #3 and wait for #1 while another held #1 and waited for #3: PostgreSQL then ends
one of them with "deadlock detected". Both write in order of document id now.

Each test plays the other change itself: it writes #1's gold and holds it, starts the change
in a thread, waits until that waits for a lock, then writes #3's gold and commits. Written
in order of id, the change waits at #1 holding nothing else, and both commit.

SQLite needs no test of its own: its write transactions begin IMMEDIATE and never interleave.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from annotator.core.unanimous_scope import UnanimousScope
from annotator.db import get_sessionmaker
from annotator.engine import get_engine
from annotator.models import Document, Layer, LayerChange, Project, Span, User
from annotator.services.annotation.copies_merge import merge_copies
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from annotator.services.review.unanimous import accept_unanimous_in
from tests.held_writes import run_in_thread
from tests.test_unanimous_named import _gold_stances, world  # noqa: F401 (a fixture)

_WAITING = text(
    "select count(*) from pg_stat_activity "
    "where datname = current_database() and wait_event_type = 'Lock'"
)


@pytest.fixture
def open_session(app: Flask) -> Iterator[Callable[[], Session]]:
    """Open sessions of the app (each its own connection), closed after the test."""
    if get_engine(app).dialect.name != "postgresql":
        pytest.skip("SQLite's write transactions begin IMMEDIATE: two never interleave")
    opened: list[Session] = []

    def make() -> Session:
        opened.append(get_sessionmaker(app)())
        return opened[-1]

    yield make
    for each in opened:
        each.rollback()
        each.close()


def _until_one_waits(watcher: Session) -> None:
    """Return once a transaction of this database waits for a lock (10 s at most)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        watcher.rollback()  # a fresh snapshot of pg_stat_activity
        if watcher.scalar(_WAITING):
            return
        time.sleep(0.05)
    raise AssertionError("the change in the thread never waited for a lock")


def _accept(own: Session, made: dict[str, Any], *names: str) -> int:
    rita = own.get(User, made["users"]["rita"].id)
    project = own.get(Project, made["project"].id)
    assert rita is not None and project is not None
    accepted = accept_unanimous_in(
        own, rita, project, UnanimousScope(documents=names, include_unfinished=True)
    )
    own.flush()
    return accepted.labels


def test_two_accepts_of_named_documents_in_opposite_orders_both_commit(
    app: Flask,
    session: Session,
    world: dict[str, Any],  # noqa: F811
    open_session: Any,
) -> None:
    mine, watcher = open_session(), open_session()
    assert _accept(mine, world, "d1") == 1  # #1's gold written, held until the commit
    theirs = run_in_thread(app, lambda own: _accept(own, world, "d3", "d1"))
    _until_one_waits(watcher)
    # Were the thread's accept writing #3 first, it would hold #3 and wait for #1 now.
    assert _accept(mine, world, "d3") == 1
    mine.commit()
    result = theirs.finish()
    assert "error" not in result, result
    assert _gold_stances(session, world) == {"d1": ["AGAINST"], "d2": [], "d3": ["AGAINST"]}
    created = select(LayerChange.document_id, func.count()).where(
        LayerChange.layer_key == "gold", LayerChange.kind == "label"
    )
    rows = session.execute(created.group_by(LayerChange.document_id)).all()
    assert sorted(rows) == sorted([(world["docs"]["d1"].id, 1), (world["docs"]["d3"].id, 1)])


def test_merging_copies_writes_in_order_of_id_not_of_number(
    app: Flask,
    session: Session,
    world: dict[str, Any],  # noqa: F811
    open_session: Any,
) -> None:
    d1, d3 = world["docs"]["d1"], world["docs"]["d3"]
    # A project file may number its documents in any order: #1 is then the later row.
    first, third = d1.number, d3.number
    for doc, number in ((d1, 99), (d3, first), (d1, third)):
        session.execute(update(Document).where(Document.id == doc.id).values(number=number))
    gold = {doc.id: ensure_layer(session, doc, None).id for doc in (d1, d3)}
    for layer_id in gold.values():
        twice = (
            Span(layer_id=layer_id, label="CLAIM", start=0, end=9, attributes={}) for _ in "ab"
        )
        session.add_all(twice)
    session.commit()

    def write_gold(own: Session, document: Document) -> None:
        layer = own.get(Layer, gold[document.id])
        assert layer is not None
        add_span(own, layer, "CLAIM", 14, 20)  # holds the layer until the commit
        own.flush()

    mine, watcher = open_session(), open_session()
    write_gold(mine, d1)
    theirs = run_in_thread(app, lambda own: merge_copies(own))
    _until_one_waits(watcher)
    # Were the merge writing by number (d3 first), it would hold d3's gold and wait for d1's.
    write_gold(mine, d3)
    mine.commit()
    result = theirs.finish()
    assert "error" not in result, result
    merged = result["value"]
    assert [merge.document for merge in merged] == ["d3", "d1"]  # listed by number still
    assert all(merge.writes() for merge in merged)
    session.expire_all()
    for layer_id in gold.values():
        spans = session.scalars(select(Span.start).where(Span.layer_id == layer_id))
        assert sorted(spans) == [0, 14]
