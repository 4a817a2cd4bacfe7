"""Count the statements of a project's accept of every unanimous item, the gold holds apart.

Fills a fresh database with the project of ``benchmarks/unanimous_preview.py``
(``--documents``, default 200; ``--claims`` claims each), then runs the project's accept
(``accept_unanimous_in``, the documents not finished taken too) in a savepoint rolled
back, ``--runs`` times, counting the statements sent: all of them, those that hold gold
(``FOR KEY SHARE``: on PostgreSQL, before gold is written, services/gold/lock.py) and the
reads of gold's status. Each run's counts are the same; the time is the median.

Run it from a checkout to measure that checkout's code (``git archive`` another commit into a
folder and run the copy there to compare)::

    .venv/bin/python benchmarks/unanimous_locks.py --database postgresql+psycopg://127.0.0.1/test
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.big_project import bench_database  # noqa: E402
from benchmarks.unanimous_preview import fill  # noqa: E402
from tests.helpers import counted_statements  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--claims", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from annotator import db
    from annotator.core.unanimous_scope import UnanimousScope
    from annotator.services.review.unanimous import accept_unanimous_in
    from benchmarks.app_factory import migrated_app

    with bench_database(args.database) as url:
        app = migrated_app(url)
        with app.app_context():
            project, reviewer = fill(db.get_session(), args.documents, args.claims)
        times: list[float] = []
        counts: set[tuple[int, int, int, int]] = set()
        for _ in range(args.runs):
            with app.app_context():
                session: Any = db.get_session()
                project_row = session.merge(project, load=False)
                user = session.merge(reviewer, load=False)
                savepoint = session.begin_nested()
                with counted_statements(db.get_engine(app)) as seen:
                    started = time.perf_counter()
                    result = accept_unanimous_in(
                        session, user, project_row, UnanimousScope(include_unfinished=True)
                    )
                    times.append((time.perf_counter() - started) * 1000)
                savepoint.rollback()
                session.rollback()
                held = sum("FOR KEY SHARE" in s for s in seen)
                status = sum(s.lstrip().startswith("SELECT gold_status") for s in seen)
                counts.add((len(seen), held, status, result.total))
        db.get_engine(app).dispose()
    assert len(counts) == 1, counts
    ((total, held, status, items),) = counts
    print(
        f"{'PostgreSQL' if args.database else 'SQLite'}: {args.documents} documents, "
        f"{items} items accepted"
    )
    print(
        f"  statements {total}, of them holding gold (FOR KEY SHARE) {held}, status reads {status}"
    )
    print(f"  median {statistics.median(times):.1f} ms (n={args.runs})")


if __name__ == "__main__":
    main()
