"""Benchmark creating many users, as an import with ``--create-users`` or an admin adds them.

Fills a fresh database with ``--existing`` users (default 0), then creates ``--users`` more
(default 2,000) through ``people.add_user``, the one way pages, API, command line and imports
create a user (the look-alike check, the user row, the audit row), in one transaction as an
import does, without passwords (hashing one costs far more than the rest and is not what is
measured). Prints the time of the whole and per user, and the statements per user.

Examples::

    .venv/bin/python benchmarks/user_creation.py
    .venv/bin/python benchmarks/user_creation.py --existing 5000 --users 200
    .venv/bin/python benchmarks/user_creation.py --database postgresql+psycopg://127.0.0.1/test
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.app_factory import migrated_app  # noqa: E402
from benchmarks.big_project import bench_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--existing", type=int, default=0)
    parser.add_argument("--users", type=int, default=2000)
    args = parser.parse_args()

    from annotator import db
    from annotator.services.accounts import people

    with bench_database(args.database) as url:
        app = migrated_app(url)
        with app.app_context():
            session = db.get_session()
            for n in range(args.existing):
                people.add_user(session, None, f"member{n}", "annotator", None)
            session.commit()
            statements = 0

            def count(*_: object) -> None:
                nonlocal statements
                statements += 1

            engine = db.get_engine(app)
            event.listen(engine, "before_cursor_execute", count)
            started = time.perf_counter()
            for n in range(args.users):
                people.add_user(session, None, f"annotator{n}", "annotator", None)
            session.commit()
            took = time.perf_counter() - started
            event.remove(engine, "before_cursor_execute", count)
        db.get_engine(app).dispose()
    print(f"{engine.dialect.name}: {args.users} users created beside {args.existing}")
    print(f"  {took:.2f} s, {took / args.users * 1000:.2f} ms a user")
    print(f"  {statements / args.users:.1f} statements a user")


if __name__ == "__main__":
    main()
