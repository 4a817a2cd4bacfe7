"""Benchmark one assignment run (``assign_documents``) that rotates who works together.

Fills a fresh database with a project of ``--documents`` short documents (default 10,000)
and ``--annotators`` annotators (default 20), then gives every document ``--per-document``
of them (default 3), ``--runs`` times (default 5), each run rolled back. Prints the best wall
and CPU time of a whole run (the read of existing assignments, the choice, the inserts,
the memberships), the time of the choice alone (``TeamRotation`` over the same numbers, no
database), the spread of loads and how many pairs share a document, and how often.

Examples::

    .venv/bin/python benchmarks/assign_rotation.py
    .venv/bin/python benchmarks/assign_rotation.py --per-document 5
    .venv/bin/python benchmarks/assign_rotation.py --database postgresql+psycopg://127.0.0.1/test
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.app_factory import migrated_app  # noqa: E402
from benchmarks.big_project import bench_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--annotators", type=int, default=20)
    parser.add_argument("--per-document", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from sqlalchemy import insert, select

    from annotator import db
    from annotator.models import Assignment, User
    from annotator.services.accounts.assignment import assign_documents
    from annotator.services.accounts.projects import create_project
    from annotator.services.accounts.users import create_user
    from annotator.tables import document_table

    with bench_database(args.database) as url:
        app = migrated_app(url)
        with app.app_context():
            session = db.get_session()
            project = create_project(session, "bench", "Benchmark", {"span_labels": []})
            names = [f"annotator{n:02}" for n in range(args.annotators)]
            for name in names:
                create_user(session, name, "annotator")
            session.flush()
            # Rows written directly: the run reads ids and assignments, never the text.
            session.execute(
                insert(document_table),
                [
                    {
                        "project_id": project.id,
                        "number": n + 1,
                        "external_id": f"wire-{n}",
                        "title": f"wire-{n}",
                        "text": f"Document {n} says it.",
                        "meta": {},
                        "content_hash": f"{n:064x}",
                        "segmenter_version": "bench",
                    }
                    for n in range(args.documents)
                ],
            )
            session.commit()
            project_id = project.id

        walls, cpus, teams = [], [], {}
        for _ in range(args.runs):
            with app.app_context():
                session = db.get_session()
                row = session.get(type(project), project_id)
                people = list(session.scalars(select(User).where(User.username.in_(names))))
                people.sort(key=lambda user: user.username)
                wall, cpu = time.perf_counter(), time.process_time()
                report = assign_documents(session, row, people, args.per_document)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                teams = {}
                query = select(Assignment.document_id, User.username).join(User)
                for document_id, username in session.execute(query):
                    teams.setdefault(document_id, []).append(username)
                session.rollback()
        choice = _choice_alone(args.annotators, args.documents, args.per_document)

    together = Counter(pair for team in teams.values() for pair in combinations(sorted(team), 2))
    counts = [together[pair] for pair in combinations(sorted(names), 2)]
    loads = report.loads.values()
    print(f"{args.documents} documents x {args.annotators} annotators, K={args.per_document}")
    print(f"whole run: best {min(walls):.3f} s wall, {min(cpus):.3f} s CPU ({args.runs} runs)")
    print(f"the choice alone (TeamRotation): {choice:.3f} s CPU")
    print(f"assigned {report.created}; loads {min(loads)} to {max(loads)}")
    print(
        f"pairs sharing a document: {sum(1 for c in counts if c)} of {len(counts)};"
        f" documents a pair shares: {min(counts)} to {max(counts)}"
    )


def _choice_alone(people: int, documents: int, per_document: int) -> float:
    """Return the CPU seconds of choosing every document's team with no database."""
    from annotator.core.team_rotation import TeamRotation

    rotation = TeamRotation(list(range(people)))
    started = time.process_time()
    for _ in range(documents):
        rotation.choose((), per_document)
    return time.process_time() - started


if __name__ == "__main__":
    main()
