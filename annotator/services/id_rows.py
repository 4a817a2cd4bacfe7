"""Rows read by many ids at once, straight from the driver's cursor: the bulk reads' one way.

An export reads every span of a project, and the review list's "to decide" count every row
of 4,000 documents' layers. Through SQLAlchemy's execution path each such read pays for
building and compiling an ``IN`` of hundreds of values (about 30 ms of the review list's
whole count) and for wrapping each row in a ``Row``; the driver's own cursor does neither.

A query is written in Core with :data:`IDS` where its ids go (``column.op("IN")(IDS)``),
compiled once per dialect and number of ids, the ids bound as parameters, their number
rounded up to a power of two (the last id repeated), so that each query has a few shapes
only: compiled once, and prepared once by the database's statement cache instead of filling
it with one-off statements. Rows come back as the driver's tuples: select only columns whose
driver values are already what the caller wants (integers, text; cast JSON to text).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from typing import Any

from sqlalchemy import ColumnClause, Connection, literal_column
from sqlalchemy.sql import ClauseElement

#: Where a query's ids go: ``column.op("IN")(IDS)``.
IDS: ColumnClause[int] = literal_column("(__ids__)")
#: The most ids a query binds (below SQLite's oldest limit of 999 parameters); more are
#: read in several queries.
MOST = 512
# The drivers' positional placeholders (sqlite3: qmark, psycopg: pyformat, which takes %s).
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
#: Each query's SQL by dialect and number of ids (the query object is the key: one each).
_SQL: dict[tuple[str, ClauseElement, int], str] = {}


@contextmanager
def id_rows(
    connection: Connection, query: ClauseElement, ids: list[int]
) -> Iterator[Iterable[Any]]:
    """Run ``query`` for ``ids`` (:data:`MOST` a statement, in order); give its rows as the
    driver's tuples, on the connection's own cursor, in its transaction.

    The rows are iterated, not fetched into a list (a list of every span of a batch kept
    the garbage collector busy).
    """
    cursors: list[Any] = []
    try:
        for first in range(0, len(ids), MOST):
            cursors.append(_cursor(connection, query, ids[first : first + MOST]))
        yield cursors[0] if len(cursors) == 1 else chain.from_iterable(cursors)
    finally:
        for cursor in cursors:
            cursor.close()


def _cursor(connection: Connection, query: ClauseElement, ids: list[int]) -> Any:
    """Run ``query`` for ``ids``; return the driver's cursor, to iterate and close."""
    size = max(16, 1 << (len(ids) - 1).bit_length())
    key = (connection.dialect.name, query, size)
    sql = _SQL.get(key)
    if sql is None:
        text = str(
            query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
        )
        placeholders = ", ".join([_PLACEHOLDERS[connection.dialect.paramstyle]] * size)
        sql = _SQL[key] = text.replace("__ids__", placeholders)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, ids + ids[-1:] * (size - len(ids)))
    except BaseException:
        cursor.close()
        raise
    return cursor
