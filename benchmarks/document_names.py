"""Benchmark turning the document names a user typed into external ids (``named_external_ids``).

Fills a fresh database with a project of ``--documents`` short documents (default 2,000),
then asks, ``--runs`` times each, for ``--names`` names (default 500) two ways: every name
an id as exports give it, and half of them ``#`` numbers. Prints the statements one call
runs and the median time of a call, as the agreement page, its API and the command line
make it for their ``documents`` filter.

Examples::

    .venv/bin/python benchmarks/document_names.py
    .venv/bin/python benchmarks/document_names.py --database postgresql+psycopg://127.0.0.1/test
"""

from __future__ import annotations

import argparse
import statistics
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
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--names", type=int, default=500)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    from annotator import db
    from annotator.services.accounts.projects import create_project
    from annotator.services.datasets.document_names import named_external_ids
    from annotator.services.datasets.documents import add_document

    with bench_database(args.database) as url:
        app = migrated_app(url)
        with app.app_context():
            session = db.get_session()
            project = create_project(session, "bench", "Benchmark", {"span_labels": []})
            ids = [
                add_document(session, project, f"wire-{n}", f"Document {n} says it.")[0].id
                for n in range(args.documents)
            ]
            session.commit()
        step = args.documents // args.names
        by_id = [f"wire-{n}" for n in range(0, args.documents, step)][: args.names]
        mixed = [
            name if i % 2 else f"#{ids[int(name.removeprefix('wire-'))]}"
            for i, name in enumerate(by_id)
        ]
        engine = db.get_engine(app)
        for label, names in (("export ids", by_id), ("half # numbers", mixed)):
            times, statements = [], []
            for _ in range(args.runs):
                with app.app_context():
                    session = db.get_session()
                    row = session.merge(project, load=False)
                    seen: list[str] = []

                    def note(*parts: object, seen: list[str] = seen) -> None:
                        seen.append(str(parts[2]))

                    event.listen(engine, "before_cursor_execute", note)
                    started = time.perf_counter()
                    found = named_external_ids(session, row, names)
                    times.append((time.perf_counter() - started) * 1000)
                    event.remove(engine, "before_cursor_execute", note)
                    assert found is not None and len(found) == len(names)
                    statements.append(sum(s.lstrip().upper().startswith("SELECT") for s in seen))
                    session.rollback()
            print(
                f"{'PostgreSQL' if args.database else 'SQLite'}: {args.documents} documents, "
                f"{len(names)} names, {label}: {max(statements)} SELECTs a call, median "
                f"{statistics.median(times):.2f} ms (n={args.runs})"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
