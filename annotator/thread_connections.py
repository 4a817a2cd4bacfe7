"""A worker thread's SQLite connection, kept between its requests instead of going back to the pool.

A span write checked the pool's connection out and gave it back, with the pool's reset (a
rollback): about 60,000 instructions a write that no statement needs (docs/benchmarks.md,
"Span writes, round 7"). A :class:`~annotator.request_connection.RequestConnection` that ends
clean therefore leaves its connection with its thread here, and the thread's next request
takes it back. What keeps this safe:

* SQLite only, on a ``QueuePool``: PostgreSQL's pool pings a connection at checkout, which
  replaces one the server closed; a kept connection would skip that.
* Kept only when clean: the caller made no SQLAlchemy ``Connection`` on it, no transaction is
  left open on it, and the pool is not short. A transaction still open (a read's, begun
  DEFERRED, or one a request did not end; on pysqlite ``in_transaction`` is exact) is rolled
  back here first, as the pool's reset would roll it back; one whose rollback fails goes
  back to the pool. A kept
  connection counts as checked out, so a thread keeps one only while fewer than
  ``pool_size`` are out, this one included: threads beyond that never wait
  ``pool_timeout`` for connections idle threads hold.
* Given back when its thread ends (the development server starts a thread per request): the
  thread's local holder goes with the thread, and with it the last reference to the pool's
  proxy, which the pool then resets and checks in. For a synchronous driver (pysqlite, the
  only one that keeps a connection here) SQLAlchemy does this quietly; only on an asyncio
  driver would it log an error and drop the connection instead.
* A connection of a pool that is no longer its engine's (``Engine.dispose()``) is closed,
  never reused; in a forked child (``gunicorn --preload``) what the parent kept is set aside,
  neither used nor closed, as :mod:`annotator.engine` sets aside the pools a child inherits.
* The pool's ``checkout`` and ``checkin`` events fire when a connection leaves the pool and
  when it goes back, no longer around every request of a thread that keeps one.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from typing import Any

from sqlalchemy import Engine, Pool
from sqlalchemy.pool import PoolProxiedConnection, QueuePool


class _Kept:
    """The one connection a thread keeps, with the engine and pool it came from."""

    __slots__ = ("__weakref__", "connection", "engine", "pool")

    def __init__(self) -> None:
        self.connection: PoolProxiedConnection | None = None
        self.engine: Engine | None = None
        self.pool: Pool | None = None


_local = threading.local()
# Every thread's holder, so that a forked child can set aside what its parent's threads kept.
_HOLDERS: weakref.WeakSet[_Kept] = weakref.WeakSet()
# What a forked child inherited: kept alive and never closed, since closing a handle the
# parent opened acts for the parent (the last handle of a process on the file checkpoints
# and removes the WAL).
_INHERITED: list[PoolProxiedConnection] = []


def take(engine: Engine) -> tuple[PoolProxiedConnection, Pool]:
    """Return a connection for this thread's request, and the pool it belongs to.

    The connection the thread kept when it is of the engine's current pool; else one checked
    out of that pool (a kept connection of another pool goes back first).
    """
    kept: _Kept | None = getattr(_local, "kept", None)
    if kept is not None and kept.connection is not None:
        connection, pool = kept.connection, kept.pool
        if kept.engine is engine and pool is engine.pool:
            kept.connection = None
            return connection, pool
        _release(kept)
    pool = engine.pool
    return pool.connect(), pool


def give_back(engine: Engine, pool: Pool, connection: PoolProxiedConnection, driver: Any) -> None:
    """End a request's use of a connection no SQLAlchemy ``Connection`` was made on.

    Kept for the thread's next request when it may be (see the module's docstring), an open
    transaction rolled back first; else back to its pool, which resets it.

    :param driver: the connection's driver connection (the caller holds it).
    """
    if (
        pool is engine.pool
        and type(pool) is QueuePool
        and engine.dialect.name == "sqlite"
        and pool.checkedout() < pool.size()
        and _ended(driver)
    ):
        kept: _Kept | None = getattr(_local, "kept", None)
        if kept is None:
            kept = _local.kept = _Kept()
            _HOLDERS.add(kept)
        if kept.connection is None:
            kept.connection, kept.engine, kept.pool = connection, engine, pool
            return
    connection.close()


def _ended(driver: Any) -> bool:
    """Tell whether no transaction is open on ``driver``, rolling back one that is.

    A read request's DEFERRED transaction (a write commits, or rolls back on an error,
    before its end): what the pool's reset would do, without the pool's check-in and
    check-out, about 60,000 instructions of a health check. A rollback that fails leaves the
    connection to the pool.
    """
    if driver.in_transaction:
        try:
            driver.rollback()
        except sqlite3.Error:
            return False
    return True


def _release(kept: _Kept) -> None:
    """Give a thread's kept connection back to its pool, or close it if its pool was replaced."""
    connection, engine, pool = kept.connection, kept.engine, kept.pool
    kept.connection = kept.engine = kept.pool = None
    if connection is None or engine is None:
        return
    if pool is engine.pool:
        connection.close()
    else:
        # The engine was disposed: its old pool no longer hands this out, nor closes it.
        connection.invalidate()


def _set_aside_in_child() -> None:
    for kept in list(_HOLDERS):
        if kept.connection is not None:
            _INHERITED.append(kept.connection)
        kept.connection = kept.engine = kept.pool = None


os.register_at_fork(after_in_child=_set_aside_in_child)
