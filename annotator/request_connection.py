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
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Result
from sqlalchemy.sql import Executable

if TYPE_CHECKING:  # a session is made by the caller's factory
    from sqlalchemy.orm import Session


class RequestConnection:
    """One request's connection and transaction; typed services take it or a ``Session``.

    It answers the part of a ``Session``'s interface those services use on it: ``info``,
    ``connection()``, Core ``execute()``, ``commit()``, ``rollback()``, ``close()``.
    """

    def __init__(self, engine: Engine, make_session: Callable[..., Session]) -> None:
        """Connect lazily to ``engine``; ``make_session`` builds the session that may join."""
        self._engine = engine
        self._make_session = make_session
        self._connection: Connection | None = None
        self._session: Session | None = None
        #: Per-transaction notes of the services (the acting user, an idempotency record):
        #: once a session joins, its own ``info``, so that either reads what the other wrote.
        self.info: dict[Any, Any] = {}

    def connection(self) -> Connection:
        """Return the engine connection, in a transaction (begun here when none is open)."""
        if self._session is not None:
            # Through the session once it joined, so that a transaction begun after its
            # commit or rollback is the session's too, and its commit commits it.
            return self._session.connection()
        connection = self._connection
        if connection is None:
            connection = self._connection = self._engine.connect()
        if not connection.in_transaction():
            # The dialect's begin: on SQLite, annotator.db's BEGIN in the request's mode.
            connection.begin()
        return connection

    def in_transaction(self) -> bool:
        """Tell whether a transaction is open on the connection."""
        return self._connection is not None and self._connection.in_transaction()

    def session(self) -> Session:
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
        elif self._connection is not None and self._connection.in_transaction():
            getattr(self._connection, how)()

    def close(self) -> None:
        """End the request's work: roll back what is not committed, give the connection back."""
        if self._session is not None:
            self._session.close()
            self._session = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None
