"""Benchmark which numbers a reviewer can open, as a numbered 404 says them.

A number the caller cannot open is answered with the numbers they can
(``annotator/services/datasets/numbered_documents.py`` ``open_numbers``). One who may review
can open every number of the project. Before, the runs of numbers were found by ranking every
number (a window over all of them, grouped by number less rank); now the first and last
numbers and their count come first, which settle a project without gaps, and only a project
with gaps has its numbers read in order, up to the first runs the message says.

Builds one project of ``--documents`` documents (bulk Core inserts through the migrated
schema) in a new database and times both ways ``--runs`` times on: the numbers unbroken;
five early gaps (#2, #4, #6, #8, #10 deleted); five gaps at the end (the last ten numbers,
every other one deleted: the worst case, read up to there); a gap every 100 numbers.
On PostgreSQL the build and every deletion end with ``VACUUM ANALYZE``, as autovacuum would.

Run from the project root::

    .venv/bin/python benchmarks/open_numbers.py [--documents 100000] [--runs 9]
        [--database-url postgresql+psycopg://127.0.0.1/test]

Without ``--database-url`` the data lives in a new SQLite file; with a PostgreSQL server URL
a new database is created next to it and dropped afterwards.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from sqlalchemy import delete, select  # noqa: E402

from benchmarks.app_factory import bench_project, migrated_app  # noqa: E402
from benchmarks.big_project import (  # noqa: E402
    analyse,
    bench_database,
    document_row,
    insert_documents,
    median_ms,
    timed_runs,
)


def build(url: str, documents: int) -> Any:
    """Create the project with ``documents`` documents numbered 1 to ``documents``."""
    from annotator import db
    from annotator.models import utcnow

    app = migrated_app(url)
    with app.app_context():
        session = db.get_session()
        project = bench_project(session)
        session.commit()
        now = utcnow()
        rows = (document_row(project.id, n, f"Story {n}.", now) for n in range(1, documents + 1))
        insert_documents(session.connection(), rows, batch=5000)
        session.commit()
    analyse(app, "document")
    return app


def remove(app: Any, numbers: list[int]) -> None:
    """Delete the documents of these numbers (no rows hang on them here)."""
    from annotator import db
    from annotator.models import Document

    with app.app_context():
        session = db.get_session()
        session.execute(delete(Document).where(Document.number.in_(numbers)))
        session.commit()
    analyse(app, "document")


def before(session: Any, project: Any) -> Any:
    """The reviewer's runs as they were found before: every number ranked."""
    from annotator.models import Document
    from annotator.services.datasets.numbered_documents import ranked_runs

    seen = select(Document.number.label("number")).where(Document.project_id == project.id)
    return ranked_runs(session, seen.subquery())


def timed(app: Any, runs: int) -> dict[str, tuple[list[float], Any]]:
    """Return each way's seconds over ``runs`` runs, with what it found."""
    from annotator import db
    from annotator.core.caller import Caller
    from annotator.models import Project
    from annotator.services.datasets.numbered_documents import open_numbers

    reviewer = Caller(0, "rita", "reviewer")  # a global reviewer: no row is read for her
    found: dict[str, tuple[list[float], Any]] = {}
    with app.app_context():
        session = db.get_session()
        project = session.query(Project).filter_by(slug="bench").one()
        ways = {
            "before": lambda: before(session, project),
            "now": lambda: open_numbers(session, reviewer, project),
        }
        for name, way in ways.items():
            found[name] = timed_runs(session, way, runs)
    assert found["before"][1] == found["now"][1], found
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    n = args.documents
    cases = [
        ("unbroken", []),
        ("5 gaps at the end", list(range(n - 9, n + 1, 2))),
        ("and 5 early ones", [2, 4, 6, 8, 10]),
        ("and one every 100", list(range(100, n - 10, 100))),
    ]
    with bench_database(args.database_url, "bench_open_numbers") as url:
        started = time.perf_counter()
        app = build(url, n)
        from annotator import db

        dialect = db.get_engine(app).dialect.name
        print(
            f"{dialect}, {n:,} documents (built in {time.perf_counter() - started:.1f} s), "
            f"a reviewer's open numbers, {args.runs} runs; Python {platform.python_version()}"
        )
        for label, gone in cases:
            remove(app, gone)  # cumulative: each case adds its gaps to those before
            found = timed(app, args.runs)
            figures = ", ".join(
                f"{name} median {median_ms(times):7.2f} ms" for name, (times, _) in found.items()
            )
            print(f"{label:>18}: {figures}; {found['now'][1].said()}")
        db.get_engine(app).dispose()


if __name__ == "__main__":
    main()
