"""Core statements compiled once per database dialect and run on the session's driver connection.

Every span write runs the same three statements: the caller by token, the write target and the
insert. Through SQLAlchemy's execution path each cost 50 to 80 µs of Python (an execution
context, a cache key, a result object) against 5 to 10 µs in the driver: together about a fifth
of the write. :class:`Precompiled` keeps the statement written in Core (tables and columns come
from the models) and compiles it once per dialect; each run hands the SQL and the parameters,
through the bind processors of their types, to a cursor of the session's own connection, inside
the session's transaction.

What SQLAlchemy's execution path would add is not there: the engine's ``before_cursor_execute``
listeners are told of each statement (statement counts and logs see it), but not
``after_cursor_execute``, and with no execution context; the driver's own exceptions come back
unwrapped (``sqlite3.IntegrityError``, not ``sqlalchemy.exc.IntegrityError``). Rows come back
as the driver's tuples with no result processing, so select only columns whose driver values
are already what the caller wants (integers, text; cast JSON to text). Statements with
expanding ``IN`` parameters are refused.

A statement runs on anything that says where (:class:`StatementTarget`): the app's session
(:class:`annotator.db.AppSession`, which looks its connection up once per transaction), or a
request's :class:`~annotator.request_connection.RequestConnection`, which hands over its
DBAPI connection without making SQLAlchemy's ``Connection`` (listeners then get None for the
connection).
:class:`PrecompiledInsert` returns the new row's id; on SQLite from the driver's
``lastrowid``, where ``RETURNING`` would have SQLite fill a temporary table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from operator import itemgetter
from typing import Any, Protocol, cast

from sqlalchemy import Connection, DateTime, Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement, Executable
from sqlalchemy.sql.compiler import SQLCompiler

from annotator.engine import wait_when_busy

#: Where a statement runs: the dialect, the driver's connection (in a transaction), the
#: engine's ``before_cursor_execute`` listeners, and SQLAlchemy's connection to hand them
#: (None where none was made).
DriverPlace = tuple[Dialect, Any, Any, Connection | None]


class StatementTarget(Protocol):
    """What a precompiled statement runs on: a session, or a request's connection."""

    def statement_target(self) -> DriverPlace:
        """Return where to run: the dialect, the driver's connection, the listeners."""
        ...


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    #: For a positional paramstyle, the parameter names in the order of the placeholders.
    order: tuple[str, ...] | None
    #: Values bound in the statement itself (literal comparisons).
    fixed: dict[str, Any]
    #: Bind processors by parameter name (JSON serialisation, SQLite's DateTime text).
    processors: dict[str, Callable[[Any], Any]]
    #: Parameter names as the SQL spells them, where the dialect escaped them.
    escaped: dict[str, str]
    #: Every parameter the statement takes.
    names: frozenset[str]
    #: For a positional paramstyle, the placeholders' values in their order, taken from the
    #: run's values in C (:func:`_taker`), and the placeholders that have a processor.
    take: Callable[[Mapping[str, Any]], tuple[Any, ...]] | None = None
    steps: tuple[tuple[int, Callable[[Any], Any]], ...] = ()


class Precompiled:
    """One Core statement, compiled once per dialect and run on the DBAPI connection."""

    def __init__(self, statement: Executable, column_keys: list[str] | None = None) -> None:
        """Keep ``statement``; an INSERT compiles for ``column_keys`` (give every value)."""
        self.statement = statement
        self.column_keys = column_keys
        # By the engine's dialect object: its driver, paramstyle and the server's features
        # (RETURNING) decide the SQL.
        self._compiled: dict[Dialect, _Compiled] = {}

    def first(self, session: StatementTarget, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """Run the statement; return its first row as a tuple, or None, and close the cursor."""
        cursor = self.execute(session, params)
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        return None if row is None else tuple(row)

    def all(self, session: StatementTarget, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Run the statement; return all its rows as tuples, and close the cursor."""
        cursor = self.execute(session, params)
        try:
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def execute(self, session: StatementTarget, params: Mapping[str, Any]) -> Any:
        """Run the statement in the session's transaction; return the driver's cursor.

        :raises KeyError: naming the parameters missing from ``params``, and those the
            statement does not take (values that would otherwise be dropped without a word).
        """
        return self._run(session, params)[1]

    def _run(self, session: StatementTarget, params: Mapping[str, Any]) -> tuple[Dialect, Any]:
        dialect, driver, listeners, connection = session.statement_target()
        compiled = self._compiled.get(dialect) or self._compile(dialect)
        parameters = _parameters(compiled, params)
        cursor = driver.cursor()
        if listeners:
            # Statement counters and tracers listening on the engine still see the statement
            # (they cannot rewrite it: there is no execution context).
            listeners(connection, cursor, compiled.sql, parameters, None, False)
        try:
            cursor.execute(compiled.sql, parameters)
        except Exception as error:
            # A read outside a transaction (a request's caller) on a SQLite connection whose
            # busy handler an IMMEDIATE begin left off waits, as the handler would have.
            if not wait_when_busy(driver, error):
                raise
            cursor.execute(compiled.sql, parameters)
        return dialect, cursor

    def execute_many(self, session: StatementTarget, rows: list[Mapping[str, Any]]) -> None:
        """Run the statement once for each of ``rows`` with the driver's ``executemany``.

        For bulk inserts: SQLAlchemy's own executemany processes every row's values in
        Python again; this hands them to the driver as :meth:`execute` does one row's.
        """
        if not rows:
            return
        dialect, driver, listeners, connection = session.statement_target()
        compiled = self._compiled.get(dialect) or self._compile(dialect)
        # A value repeated row after row (one time stamp for a whole import) is processed once.
        last: dict[str, tuple[Any, Any]] = {}
        parameters = [_parameters(compiled, row, last) for row in rows]
        cursor = driver.cursor()
        if listeners:
            listeners(connection, cursor, compiled.sql, parameters, None, True)
        try:
            cursor.executemany(compiled.sql, parameters)
        finally:
            cursor.close()

    def _statement_for(self, dialect: Dialect) -> Executable:
        """Return the statement to compile for ``dialect`` (a subclass may vary it)."""
        return self.statement

    def _compile(self, dialect: Dialect) -> _Compiled:
        statement = self._statement_for(dialect)
        # Every statement here is a clause (Select, Insert...) that compiles with the dialect's
        # SQL compiler; the types say only "an executable" and "a compiled".
        compiled = cast(
            SQLCompiler,
            cast(ClauseElement, statement).compile(dialect=dialect, column_keys=self.column_keys),
        )
        if compiled.post_compile_params or compiled.literal_execute_params:
            raise ValueError("a precompiled statement cannot take expanding (IN) parameters")
        fixed: dict[str, Any] = {}
        processors: dict[str, Callable[[Any], Any]] = {}
        for name, bind in compiled.binds.items():
            if bind.value is not None and not bind.required:
                fixed[name] = bind.value
            process = _bind_processor(bind.type, dialect)
            if process is not None:
                processors[name] = process
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        result = _Compiled(
            sql=str(compiled),
            order=order,
            fixed=fixed,
            processors=processors,
            escaped=dict(compiled.escaped_bind_names or {}),
            names=frozenset(compiled.binds),
            take=None if order is None else _taker(order),
            steps=()
            if order is None
            else tuple(
                (slot, processors[name]) for slot, name in enumerate(order) if name in processors
            ),
        )
        self._compiled[dialect] = result
        return result


class PrecompiledInsert(Precompiled):
    """An INSERT of one row into a table with an integer ``id``, returning the new id."""

    def __init__(self, table: Table, column_keys: list[str]) -> None:
        """Insert into ``table`` the values of ``column_keys`` (give every one)."""
        super().__init__(insert(table).returning(table.c.id), column_keys=column_keys)
        self._plain = insert(table)

    def _statement_for(self, dialect: Dialect) -> Executable:
        # SQLite gives the id as the cursor's lastrowid (the id is the table's rowid);
        # RETURNING would make it fill and read back a temporary table for the one row.
        return self._plain if dialect.name == "sqlite" else self.statement

    def insert(self, session: StatementTarget, params: Mapping[str, Any]) -> int:
        """Insert one row; return its id."""
        dialect, cursor = self._run(session, params)
        try:
            if dialect.name == "sqlite":
                return int(cursor.lastrowid)
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()


# Times that SQLite's DateTime processor must write alike (it drops the zone and always
# writes six places of microseconds), checked before its quicker stand-in is used.
_SAMPLE_TIMES = (
    datetime(2026, 12, 3, 15, 7, 34, 123456, tzinfo=UTC),
    datetime(987, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5))),
    datetime(2026, 1, 1),
)

# The last time written as SQLite text, shared by every DateTime parameter of every statement
# (threads replace the tuple whole): a row's created_at and updated_at are one object, and
# isoformat costs thousands of instructions.
_LAST_TIME: list[tuple[datetime | None, str]] = [(None, "")]

# Two digits of each number below 100, for the fields of a time's text.
_TWO_DIGITS = tuple(f"{number:02d}" for number in range(100))


def _sqlite_time(value: datetime) -> str:
    """Return the text SQLAlchemy writes for ``value`` on SQLite: the wall clock, no zone.

    Joined from the fields: ``isoformat`` (or ``%`` formatting, as SQLAlchemy does) costs
    twice as much, about 13,500 instructions a time (docs/benchmarks.md, "Span writes,
    round 7"), and a span write writes four.
    """
    year = value.year
    if year < 1000:  # four digits, zero-padded
        return value.isoformat(" ", "microseconds")[:26]
    two = _TWO_DIGITS
    return (
        f"{year}-{two[value.month]}-{two[value.day]} "
        f"{two[value.hour]}:{two[value.minute]}:{two[value.second]}."
        f"{str(value.microsecond + 1_000_000)[1:]}"
    )


def _bind_processor(bind_type: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    """Return the processor of a parameter's type, with a quicker one for SQLite's times.

    SQLAlchemy writes a SQLite DateTime with a ``%`` format over a dict of its fields, a
    few µs each; a span write binds four. :func:`_sqlite_time` gives the same text (checked
    here on sample times: else SQLAlchemy's own processor stays), and anything not a
    ``datetime`` still goes to SQLAlchemy's.
    """
    process = bind_type.dialect_impl(dialect).bind_processor(dialect)
    if process is None or dialect.name != "sqlite" or type(bind_type) is not DateTime:
        return process

    def stored_time(value: Any) -> Any:
        if type(value) is datetime:
            seen = _LAST_TIME[0]
            if seen[0] is value:  # held there, so no other object can have its id
                return seen[1]
            text = _sqlite_time(value)
            _LAST_TIME[0] = (value, text)
            return text
        return process(value)

    if all(stored_time(sample) == process(sample) for sample in _SAMPLE_TIMES):
        return stored_time
    return process


def _taker(order: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """Return a function that takes the values of ``order``'s names from a mapping, as a tuple.

    ``itemgetter`` does it in C; it gives a single value bare, and takes no empty list.
    """
    if len(order) > 1:
        return itemgetter(*order)
    if order:
        (name,) = order
        return lambda values: (values[name],)
    return lambda _values: ()


def _parameters(
    compiled: _Compiled, params: Mapping[str, Any], last: dict[str, tuple[Any, Any]] | None = None
) -> Any:
    """Return one run's parameters as the driver takes them, through the bind processors.

    :param last: for many runs, each parameter's last value and what its processor made of
        it, so that the very same object (by identity) is not processed again.

    :raises KeyError: naming the parameters missing from ``params``, and those the statement
        does not take.
    """
    values = {**compiled.fixed, **params} if compiled.fixed else params
    if last is None and compiled.take is not None:
        # One run, positional: every placeholder's value found (else KeyError), and as many
        # values as the statement has names, is the same set of names as the statement's,
        # without comparing the two sets (a write's statements take up to 14 values).
        try:
            row = compiled.take(values)
        except KeyError:
            row = None
        if row is None or len(values) != len(compiled.names):
            raise _not_the_statements(compiled, values)
        if not compiled.steps:
            return row
        processed = list(row)
        for slot, process in compiled.steps:
            processed[slot] = process(processed[slot])
        return tuple(processed)
    if values.keys() != compiled.names:
        raise _not_the_statements(compiled, values)
    values = dict(values)
    for name, process in compiled.processors.items():
        value = values[name]
        if last is None:
            values[name] = process(value)
            continue
        seen = last.get(name)
        if seen is None or seen[0] is not value:
            seen = last[name] = (value, process(value))
        values[name] = seen[1]
    if compiled.order is not None:
        return tuple(values[name] for name in compiled.order)
    if compiled.escaped:
        return {compiled.escaped.get(name, name): value for name, value in values.items()}
    return values


def _not_the_statements(compiled: _Compiled, values: Mapping[str, Any]) -> KeyError:
    """Return the error naming the parameters missing from ``values`` and those not taken."""
    missing = ", ".join(sorted(compiled.names - values.keys())) or "none"
    unknown = ", ".join(sorted(values.keys() - compiled.names)) or "none"
    return KeyError(f"parameters missing: {missing}; not in the statement: {unknown}")
