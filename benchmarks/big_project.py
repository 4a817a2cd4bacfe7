"""What the benchmarks on a big project share: its database, its rows, and their timing loops.

A benchmark of this kind builds one project of many documents in a new database (a SQLite
file, or a database made on a PostgreSQL server and dropped afterwards), writes the document
rows straight through the migrated schema in batches (the import service would take minutes
for what is only the stage), lets PostgreSQL gather its statistics as autovacuum would soon
after such a load, then times one call many times, each in a transaction rolled back.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tests.databases import fresh_database

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

T = TypeVar("T")


@contextmanager
def bench_database(server_url: str | None, prefix: str = "annotator_bench") -> Iterator[str]:
    """Yield the URL of a new, empty database; remove it (and its folder) after.

    :param server_url: a PostgreSQL server's URL, or None for a SQLite file in a new folder.
    """
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(server_url, Path(folder), prefix) as url,
    ):
        yield url


def document_row(project_id: int, n: int, text: str, now: Any, **columns: Any) -> dict[str, Any]:
    """Return the row of the project's document ``n``: numbered ``n``, named after it.

    Its content hash is ``n`` written out (no two alike, never a text's real hash) unless
    ``columns`` give one; ``columns`` give or override any other column too.
    """
    return {
        "project_id": project_id,
        "external_id": f"wire/{n:06d}.txt",
        "number": n,
        "title": None,
        "meta": {},
        "text": text,
        "content_hash": f"{n:064x}",
        "segmenter_version": "bench",
        "created_at": now,
    } | columns


def document_batches(
    connection: Connection, rows: Iterable[dict[str, Any]], batch: int
) -> Iterator[tuple[list[int], list[dict[str, Any]]]]:
    """Insert the document rows ``batch`` at a time; yield each batch's ids and rows.

    The ids come in the rows' order, so that the caller can write beside each document
    (its sentences, assignments) before the next batch is made.
    """
    from sqlalchemy import insert

    from annotator.models import Document

    table = Document.__table__
    found = iter(rows)
    while chunk := list(islice(found, batch)):
        result = connection.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk
        )
        yield list(result.scalars()), chunk


def insert_documents(connection: Connection, rows: Iterable[dict[str, Any]], batch: int) -> int:
    """Insert the document rows ``batch`` at a time; return how many were written."""
    return sum(len(ids) for ids, _ in document_batches(connection, rows, batch))


def analyse(app: Flask, table: str = "") -> None:
    """On PostgreSQL, ``VACUUM ANALYZE`` the table (every table if none is named).

    What autovacuum does soon after a bulk load or a large deletion: the statistics the
    planner reads and the visibility map. SQLite is left alone, as the app never runs
    ``ANALYZE`` there.
    """
    from sqlalchemy import text

    from annotator import db

    engine = db.get_engine(app)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"VACUUM ANALYZE {table}".strip()))


def timed_runs(session: Session, call: Callable[[], T], runs: int) -> tuple[list[float], T]:
    """Return the seconds of ``runs`` calls, each rolled back after, and the last one's answer."""
    times = []
    answer: Any = None
    for _ in range(runs):
        started = time.perf_counter()
        answer = call()
        times.append(time.perf_counter() - started)
        session.rollback()
    return times, answer


def median_ms(times: list[float]) -> float:
    """Return the median of ``times`` (seconds) in milliseconds."""
    return statistics.median(times) * 1000
