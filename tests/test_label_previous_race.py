"""A label write's `previous` compare and its write are one step (PostgreSQL, two transactions).

Two tabs write the same label at the same moment, each sending the value it shows. Compared
without a lock, both read the value committed before either, both passed, and the second
overwrote the first unseen: the stale tab's refusal (409 `label_changed`) never came. Each
test holds the first write open, runs the second in a thread on its own connection until it
waits for a lock, then commits the first: the second then compares with what the first wrote.

SQLite needs no test of its own: every write transaction there begins IMMEDIATE
(annotator/engine.py, annotator/db.py), so two writers never interleave at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict
from annotator.engine import get_engine
from annotator.models import Layer
from annotator.services.annotation.labels import ANY_VALUE, current_label, set_label
from annotator.services.annotation.layers import ensure_layer
from tests import held_writes
from tests.held_writes import run_in_thread
from tests.test_gold_write_order import _until_one_waits

open_session = held_writes.open_session  # the fixture

TEXT = "Officials said the talks failed. Moscow denied it."


@dataclass
class Ids:
    layer: int


@pytest.fixture
def ids(
    app: Flask, session: Session, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> Ids:
    """alice's layer, its stance on sentence 1 FAVOR (committed) and sentence 2 without one."""
    if get_engine(app).dialect.name != "postgresql":
        pytest.skip("SQLite's write transactions begin IMMEDIATE: two never interleave")
    alice = make_user("alice", "annotator")
    document = make_document(make_project(), TEXT)
    assign(document, alice)
    layer = ensure_layer(session, document, alice.id)
    set_label(session, layer, 0, "stance", "FAVOR")  # and alice's assignment started
    session.commit()
    return Ids(layer.id)


def _write(own: Session, ids: Ids, sentence: int, value: str, previous: Any) -> Any:
    layer = own.get(Layer, ids.layer)
    assert layer is not None
    return set_label(own, layer, sentence, "stance", value, previous=previous)


def _stored(session: Session, ids: Ids, sentence: int) -> Any:
    session.rollback()  # a fresh snapshot: what the two transactions committed
    layer = session.get(Layer, ids.layer)
    assert layer is not None
    return current_label(session, layer, sentence, "stance")


@pytest.mark.parametrize(
    ("sentence", "shown", "stored"),
    [(0, "FAVOR", "FAVOR"), (1, None, None)],
    ids=["a value both tabs show", "no value yet in both tabs"],
)
def test_the_second_of_two_writes_from_the_same_value_is_refused(
    app: Flask,
    session: Session,
    ids: Ids,
    open_session: Callable[[], Session],
    sentence: int,
    shown: Any,
    stored: Any,
) -> None:
    first, watcher = open_session(), open_session()
    assert _stored(session, ids, sentence) == stored
    with app.app_context():
        _write(first, ids, sentence, "AGAINST", shown)  # tab A's write, not committed
        second = run_in_thread(app, lambda own: _write(own, ids, sentence, "NONE", shown))
        _until_one_waits(watcher)  # tab B's, at the row A holds (or the row A inserts)
        first.commit()
    result = second.finish()
    error = result.get("error")
    assert isinstance(error, Conflict), result
    assert error.details == {
        "reason": "label_changed",
        "sentence": sentence,
        "name": "stance",
        "value": "AGAINST",
    }
    assert _stored(session, ids, sentence) == "AGAINST"


def test_a_write_without_previous_still_waits_and_then_replaces(
    app: Flask, session: Session, ids: Ids, open_session: Callable[[], Session]
) -> None:
    """No `previous` (the API before it, a script): the last writer wins, as before."""
    first, watcher = open_session(), open_session()
    with app.app_context():
        _write(first, ids, 0, "AGAINST", "FAVOR")
        second = run_in_thread(app, lambda own: _write(own, ids, 0, "NONE", ANY_VALUE))
        _until_one_waits(watcher)
        first.commit()
    result = second.finish()
    assert "error" not in result, result
    assert _stored(session, ids, 0) == "NONE"
