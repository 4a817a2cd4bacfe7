"""Benchmark the users page (``/admin/users``) and a project's People page with many people.

Builds a new SQLite file with N users (one admin, the rest annotators; their rows written
directly, with one password hash, since hashing thousands of passwords measures nothing of
the pages) who are all members of one project, signs the admin in through the login form,
and times each page through the real app (Flask's test client: the app, its queries and its
templates, without a network between): as it opens, and filtered by a part of one name
(``?q=``). Prints the median wall-clock and CPU milliseconds and the page's bytes.

Run from the project root::

    .venv/bin/python benchmarks/people_pages.py [--users 200 2000] [--runs 9]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from benchmarks.app_factory import SEED_SCHEMA_FILE, migrated_app  # noqa: E402
from benchmarks.page_timing import signed_in, time_get  # noqa: E402

PASSWORD = "benchmark password"


def build(folder: Path, users: int) -> Any:
    """Create the database, the users and the project with every user a member."""
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from annotator import db
    from annotator.tables import project_member_table, project_table, user_table

    app = migrated_app(f"sqlite:///{folder / 'bench.sqlite'}")
    runner = app.test_cli_runner()
    made = runner.invoke(
        args=["projects", "create", "bench", "--name", "Bench", "--schema", str(SEED_SCHEMA_FILE)]
    )
    assert made.exit_code == 0, made.output
    hashed = generate_password_hash(PASSWORD)
    rows = [{"username": "ada", "role": "admin", "password_hash": hashed}]
    rows += [
        {"username": f"annotator{n:05d}", "role": "annotator", "password_hash": hashed}
        for n in range(users - 1)
    ]
    with app.app_context():
        session = db.get_session()
        session.execute(insert(user_table), rows)
        project = session.scalar(select(project_table.c.id).where(project_table.c.slug == "bench"))
        ids = session.scalars(select(user_table.c.id).where(user_table.c.role == "annotator"))
        members = [{"project_id": project, "user_id": i, "role": "annotator"} for i in ids]
        session.execute(insert(project_member_table), members)
        session.commit()
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, SQLite, {args.runs} runs, median")
    print("| users | page | wall ms | CPU ms | bytes |")
    print("|---:|---|---:|---:|---:|")
    for users in args.users:
        with tempfile.TemporaryDirectory() as folder:
            app = build(Path(folder), users)
            client = signed_in(app, "ada", PASSWORD)
            for path in (
                "/admin/users",
                "/admin/users?q=annotator0012",
                "/projects/bench/people",
                "/projects/bench/people?q=annotator0012",
            ):
                wall, cpu, size = time_get(client, path, args.runs)
                print(f"| {users:,} | `{path}` | {wall:.1f} | {cpu:.1f} | {size:,} |")
            from annotator import db

            db.get_engine(app).dispose()


if __name__ == "__main__":
    main()
