"""Two transactions that race, run in a set order: one held open, the other in a thread.

A test makes the first change in a session of its own (:func:`holder`) and leaves it
uncommitted, starts the second in a thread (:func:`run_in_thread`), sees it wait
(:func:`until_it_waits`), commits the first, and then asserts on what the second did. On
PostgreSQL the second waits for a row lock (services/write_holds.py); on SQLite for the
write lock, which the first holds from its ``BEGIN IMMEDIATE``: the same test runs on both.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.orm import Session

from annotator.db import get_sessionmaker
from annotator.engine import get_engine, sqlite_begin_mode

__all__ = ["Running", "holder", "run_in_thread", "until_it_waits"]

# Long enough for a transaction that does not wait to be done (SQLite, where nothing tells
# that a connection waits for the write lock).
SETTLE = 0.5
_WAITING = text(
    "select count(*) from pg_stat_activity "
    "where datname = current_database() and wait_event_type = 'Lock'"
)


@dataclass
class Running:
    """A transaction run in a thread of its own: what it returned or raised, and when done."""

    thread: threading.Thread
    done: threading.Event
    result: dict[str, Any] = field(default_factory=dict)

    def finish(self) -> dict[str, Any]:
        self.thread.join(timeout=30)
        assert not self.thread.is_alive(), "the second transaction never finished"
        return self.result


def run_in_thread(app: Flask, work: Callable[[Session], Any]) -> Running:
    """Run ``work`` in a transaction of its own in another thread, and commit it."""
    running = Running(threading.Thread(), threading.Event())

    def run() -> None:
        with app.app_context():
            own = get_sessionmaker(app)()
            try:
                running.result["value"] = work(own)
                own.commit()
            except Exception as exc:  # the test asserts on it
                running.result["error"] = exc
                own.rollback()
            finally:
                own.close()
                running.done.set()

    running.thread = threading.Thread(target=run, daemon=True)
    running.thread.start()
    return running


@pytest.fixture
def holder(app: Flask) -> Iterator[Callable[[], Session]]:
    """Open sessions of the app whose transactions begin IMMEDIATE on SQLite (each its own
    connection), begun at once, so that the write the test holds open holds the write lock
    from the start, as a request's does; rolled back and closed after the test."""
    opened: list[Session] = []

    def make() -> Session:
        opened.append(get_sessionmaker(app)())
        # Begun now, IMMEDIATE on SQLite; the test's own session goes on reading DEFERRED.
        mode = sqlite_begin_mode.set("IMMEDIATE")
        try:
            opened[-1].connection()
        finally:
            sqlite_begin_mode.reset(mode)
        return opened[-1]

    yield make
    for each in opened:
        each.rollback()
        each.close()


@pytest.fixture
def open_session(app: Flask) -> Iterator[Callable[[], Session]]:
    """Open sessions of the app (each its own connection, begun as the app begins them),
    rolled back and closed after the test."""
    opened: list[Session] = []

    def make() -> Session:
        opened.append(get_sessionmaker(app)())
        return opened[-1]

    yield make
    for each in opened:
        each.rollback()
        each.close()


def until_it_waits(app: Flask, running: Running) -> None:
    """Return once the transaction in the thread waits for the one held open (10 s at most
    on PostgreSQL, which says so; SQLite's is still running after :data:`SETTLE`)."""
    if get_engine(app).dialect.name == "sqlite":
        time.sleep(SETTLE)
        assert not running.done.is_set(), f"the second did not wait: {running.result}"
        return
    watcher = get_sessionmaker(app)()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            watcher.rollback()  # a fresh snapshot of pg_stat_activity
            if watcher.scalar(_WAITING):
                return
            assert not running.done.is_set(), f"the second did not wait: {running.result}"
            time.sleep(0.05)
        raise AssertionError("the second transaction never waited for a lock")
    finally:
        watcher.close()
