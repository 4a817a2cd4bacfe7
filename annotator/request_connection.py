"""A request's database work on one engine connection, with an ORM session joined only on demand.

A SQLAlchemy ``Session``'s life (made, its connection and transaction, commit, close) costs
about 370,000 instructions a request; an engine ``Connection``'s about 128,000
(docs/benchmarks.md, "where the rest of a write goes"). The span write needs no ORM object on
its usual path: its statements are precompiled (:mod:`annotator.precompiled`) and run on the
driver. Endpoints that say so (:func:`annotator.db.connection_first`) therefore run on a
:class:`RequestConnection`; a branch that needs the ORM (a first write creating its layer, an
assignment's move from ``new``, a gold write's permission reads, a keyed write's claim) asks
for :meth:`RequestConnection.session`, which joins the connection's transaction. Both then
see the same rows, share one ``info`` dict, and commit or roll back together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import Connection, Engine, Pool, Result
from sqlalchemy.engine import Dialect
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.sql import Executable

from annotator import thread_connections

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The session class the caller's factory makes (the app's AppSession; annotator.db imports
# this module, so the class comes in as a type parameter).
S = TypeVar("S", bound="Session")


class RequestConnection(Generic[S]):
    """One request's connection and transaction; typed services take it or a ``Session``.

    It answers the part of a ``Session``'s interface those services use on it: ``info``,
    ``connection()``, Core ``execute()``, ``commit()``, ``rollback()``, ``close()``; and
    :meth:`statement_target` for the precompiled statements, which need nothing more.

    The usual path never makes SQLAlchemy's ``Connection``: it takes the pool's DBAPI
    connection (on SQLite the one its thread kept, :mod:`annotator.thread_connections`),
    begins and commits through the dialect, as ``Connection`` would, and gives it back. An engine
    ``Connection``'s own life (made, its transaction objects, their events and checks) cost
    about 80,000 instructions of a span write. The first Core statement or session wraps
    the same DBAPI connection in a ``Connection``, which takes over its open transaction.
    """

    def __init__(self, engine: Engine, make_session: Callable[..., S]) -> None:
        """Connect lazily to ``engine``; ``make_session`` builds the session that may join."""
        self._engine = engine
        self.dialect = engine.dialect
        self._make_session = make_session
        #: The pool's DBAPI connection, taken on first use, and the pool it belongs to.
        self._pooled: PoolProxiedConnection | None = None
        self._pool: Pool | None = None
        #: Its DBAPI and driver connections, looked up once: each is a chain of properties
        #: on the pool's proxy, and its methods are found through the proxy's __getattr__
        #: (an AttributeError made and dropped per call).
        self._dbapi: Any = None
        self._driver: Any = None
        #: SQLAlchemy's connection over it, made when Core or the ORM first needs it.
        self._connection: Connection | None = None
        self._session: S | None = None
        #: A transaction begun on the DBAPI connection, before any ``Connection`` was made.
        self._begun = False
        #: Per-transaction notes of the services (the acting user, an idempotency record):
        #: once a session joins, its own ``info``, so that either reads what the other wrote.
        self.info: dict[Any, Any] = {}
        #: The engine's ``before_cursor_execute`` listeners, None when there are none, asked
        #: once a request: the empty collection answers whether it is empty in Python (two
        #: calls), which each precompiled statement asked (docs/benchmarks.md, "Span writes,
        #: round 14"). A listener added to the engine during a request hears the next request.
        listeners = engine.dispatch.before_cursor_execute
        self._listeners = listeners if listeners else None

    def driver(self) -> Any:
        """Return the driver's connection, in a transaction (begun here when none is open)."""
        if self._connection is not None:
            return self.connection().connection.driver_connection
        pooled = self._pooled
        if pooled is None:
            pooled = self._take()
        if not self._begun:
            # The dialect's begin, as Connection.begin calls it: on SQLite, annotator.engine's
            # BEGIN in the request's mode; on PostgreSQL the driver begins by itself.
            self.dialect.do_begin(pooled)
            self._begun = True
        return self._driver

    def _take(self) -> PoolProxiedConnection:
        pooled, self._pool = thread_connections.take(self._engine)
        self._pooled = pooled
        self._dbapi = pooled.dbapi_connection
        self._driver = pooled.driver_connection
        return pooled

    def statement_target(self) -> tuple[Dialect, Any, Any, None]:
        """Return where a precompiled statement runs: the dialect, the driver's connection in
        a transaction (:meth:`driver`), the engine's ``before_cursor_execute`` listeners
        (None: none listens), and no SQLAlchemy ``Connection`` (listeners get None)."""
        return self.dialect, self.driver(), self._listeners, None

    def connection(self) -> Connection:
        """Return SQLAlchemy's connection, in a transaction (begun here when none is open).

        Made on first use over the request's DBAPI connection; a transaction already begun
        on it goes on under the ``Connection`` (on SQLite the engine's begin adopts it).
        """
        if self._session is not None:
            # Through the session once it joined, so that a transaction begun after its
            # commit or rollback is the session's too, and its commit commits it.
            return self._session.connection()
        connection = self._connection
        if connection is None:
            if self._pooled is None:
                self._take()
            connection = self._connection = Connection(self._engine, self._pooled)
        if not connection.in_transaction():
            connection.begin()
        self._begun = False
        return connection

    def in_transaction(self) -> bool:
        """Tell whether a transaction is open on the connection."""
        if self._connection is not None:
            return self._connection.in_transaction()
        return self._begun

    def session(self) -> S:
        """Return the ORM session, joined to this connection's transaction on first use.

        The session takes the transaction over ("control_fully"): its commit and rollback
        are the transaction's, and its before-commit listeners run (the idempotency record).
        """
        session = self._session
        if session is None:
            session = self._make_session(
                bind=self.connection(), join_transaction_mode="control_fully"
            )
            session.info.update(self.info)
            self.info = session.info
            # Take the open transaction over now: statements run on the connection before
            # the session's first query are then committed by the session's commit.
            session.connection()
            self._session = session
        return session

    def execute(
        self, statement: Executable, params: Mapping[str, Any] | None = None
    ) -> Result[Any]:
        """Run a Core statement in the transaction (an ORM one needs :meth:`session`)."""
        return self.connection().execute(statement, params)

    def commit(self) -> None:
        """Commit the transaction, through the session if one joined it."""
        self._end("commit")

    def rollback(self) -> None:
        """Roll the transaction back, through the session if one joined it."""
        self._end("rollback")

    def _end(self, how: str) -> None:
        if self._session is not None:
            getattr(self._session, how)()
        elif self._connection is not None:
            if self._connection.in_transaction():
                getattr(self._connection, how)()
        elif self._begun:
            self._begun = False
            if how == "commit":
                self.dialect.do_commit(self._dbapi)
            else:
                self.dialect.do_rollback(self._dbapi)

    def close(self) -> None:
        """End the request's work: roll back what is not committed, give the connection back."""
        if self._session is not None:
            self._session.close()
            self._session = None
        if self._connection is not None:
            self._connection.close()  # gives the pool's connection back
        elif self._pooled is not None:
            # Kept for the thread's next request, or back to the pool, which resets it (a
            # rollback of a transaction left open).
            assert self._pool is not None
            thread_connections.give_back(self._engine, self._pool, self._pooled, self._driver)
        self._connection = self._pooled = self._pool = self._dbapi = self._driver = None
        self._begun = False
