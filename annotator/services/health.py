"""Whether the database answers: the health check's one query."""

from __future__ import annotations

from sqlalchemy import literal_column, select

from annotator.precompiled import Precompiled, StatementTarget

# Precompiled (annotator.precompiled): through SQLAlchemy's execution path the check made an
# engine Connection, an execution context and a result for one SELECT 1, about 250,000
# instructions of the request against 9,000 on the driver (docs/benchmarks.md, "Span writes,
# round 12").
_ONE = Precompiled(select(literal_column("1")))


def database_answers(db: StatementTarget) -> None:
    """Run the smallest query in ``db``'s transaction.

    :raises Exception: the driver's error when the database does not answer, or a
        ``RuntimeError`` when it answers something other than 1.
    """
    row = _ONE.first(db, {})
    if row is None or row[0] != 1:
        raise RuntimeError(f"the database answered SELECT 1 with {row!r}")
