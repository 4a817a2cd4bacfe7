"""Benchmark an import's check for texts the project already holds, with and without the index.

Every import looks the content hashes of its new documents up among the project's documents
(``annotator/services/datasets/same_texts.py`` ``same_texts``: one query per 500 hashes), to
warn of a text stored twice or, with ``--skip-same-texts``, to leave it out. Migration 0031
indexes ``document (project_id, content_hash)`` for it (``ix_document_project_hash``).

Builds one project of ``--documents`` documents of ``--text-chars`` characters each (bulk
Core inserts of the document rows, each with its real SHA-256, through the migrated schema)
in a new database, then times ``same_texts`` for an import of ``--new`` documents, half of
them with the text of a stored document and half new, ``--runs`` times with the index, then
as many without it (dropped), then with it again (made again), and prints each median with
the database's plan for the query. On PostgreSQL the build ends with ``VACUUM ANALYZE``, as
autovacuum would soon after such a load, and so does making the index again.

Run from the project root::

    .venv/bin/python benchmarks/same_text_check.py [--documents 100000] [--new 1000] [--runs 7]
        [--database-url postgresql+psycopg://127.0.0.1/test]

Without ``--database-url`` the data lives in a new SQLite file; with a PostgreSQL server URL
a new database is created next to it and dropped afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from sqlalchemy import create_engine, text  # noqa: E402

from benchmarks.app_factory import bench_project, migrated_app  # noqa: E402
from benchmarks.big_project import (  # noqa: E402
    analyse,
    bench_database,
    document_row,
    insert_documents,
    median_ms,
    timed_runs,
)

INDEX = "ix_document_project_hash"
WORDS = [
    "officials",
    "said",
    "the",
    "ministry",
    "would",
    "review",
    "the",
    "plan",
    "after",
    "critics",
    "argued",
    "costs",
    "rose",
]


def _text(n: int, chars: int) -> str:
    """Return document ``n``'s text: its number, then words up to ``chars`` characters."""
    rng = random.Random(n)
    words = [f"Story {n}."]
    size = len(words[0])
    while size < chars:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:chars]


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def build(url: str, documents: int, chars: int) -> Any:
    """Create the project with ``documents`` documents; return the app."""
    from annotator import db
    from annotator.models import utcnow

    app = migrated_app(url)
    with app.app_context():
        session = db.get_session()
        project = bench_project(session)
        session.commit()
        now = utcnow()
        texts = ((n, _text(n, chars)) for n in range(documents))
        rows = (
            document_row(
                project.id,
                n + 1,
                body,
                now,
                external_id=f"wire/{n:06d}.txt",
                content_hash=_hash(body),
            )
            for n, body in texts
        )
        insert_documents(session.connection(), rows, batch=1000)
        session.commit()
    analyse(app, "document")
    return app


def new_texts(documents: int, new: int, chars: int) -> list[Any]:
    """Return ``new`` documents of an import: every other one repeats a stored text."""
    from annotator.core.formats.records import Record
    from annotator.services.datasets.same_texts import NewText

    rng = random.Random(11)
    found = []
    for k in range(new):
        n = rng.randrange(documents) if k % 2 == 0 else documents + k
        body = _text(n, chars)
        record = Record(f"new/{k}.txt", body, None, {}, "import.jsonl", k + 1)
        found.append(NewText(record, _hash(body)))
    return found


def time_check(app: Any, new: list[Any], runs: int) -> tuple[list[float], int]:
    """Return the seconds of ``runs`` checks of ``new``, and how many repeats each found."""
    from annotator import db
    from annotator.models import Project
    from annotator.services.datasets.same_texts import same_texts

    with app.app_context():
        session = db.get_session()
        project = session.query(Project).filter_by(slug="bench").one()
        times, found = timed_runs(session, lambda: same_texts(session, project, new), runs)
    return times, len(found)


def time_before(app: Any, new: list[Any], runs: int) -> list[float]:
    """Return the seconds of ``runs`` checks as the import made them before migration 0031:
    the same lookup ordered by the document's number (taking the first of each hash)."""
    from sqlalchemy import select

    from annotator import db
    from annotator.models import Document, Project
    from annotator.services.datasets.documents import IDS_PER_QUERY

    hashes = sorted({doc.hash for doc in new})
    with app.app_context():
        session = db.get_session()
        project = session.query(Project).filter_by(slug="bench").one()

        def check() -> dict[str, Any]:
            found: dict[str, Any] = {}
            for start in range(0, len(hashes), IDS_PER_QUERY):
                query = (
                    select(Document.content_hash, Document.number, Document.external_id)
                    .where(
                        Document.project_id == project.id,
                        Document.content_hash.in_(hashes[start : start + IDS_PER_QUERY]),
                    )
                    .order_by(Document.number)
                )
                for content_hash, number, external_id in session.execute(query):
                    found.setdefault(content_hash, (number, external_id))
            return found

        times, _ = timed_runs(session, check, runs)
    return times


def plan(app: Any, ordered: bool = False) -> str:
    """Return the database's plan for the check's query, on one line."""
    from annotator import db

    # A connection of its own: SQLite never checks an EXPLAIN statement that a pooled
    # connection has cached against a changed schema, so it told the dropped index's plan.
    engine = create_engine(db.get_engine(app).url)
    query = (
        "SELECT content_hash, id, number, external_id FROM document "
        "WHERE project_id = 1 AND content_hash IN ('a', 'b')"
    ) + (" ORDER BY number" if ordered else "")
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.execute(text(f"EXPLAIN QUERY PLAN {query}")).all()
            engine.dispose()
            return "; ".join(str(row[-1]) for row in rows)
        rows = connection.execute(text(f"EXPLAIN {query}")).all()
    engine.dispose()
    return "; ".join(str(row[0]).strip() for row in rows)


def set_index(app: Any, present: bool) -> None:
    from annotator import db

    engine = db.get_engine(app)
    with engine.begin() as connection:
        if present:
            connection.execute(text(f"CREATE INDEX {INDEX} ON document (project_id, content_hash)"))
        else:
            connection.execute(text(f"DROP INDEX {INDEX}"))
    if present:
        analyse(app, "document")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--text-chars", type=int, default=2_000)
    parser.add_argument("--new", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with bench_database(args.database_url, "bench_same_texts") as url:
        started = time.perf_counter()
        app = build(url, args.documents, args.text_chars)
        built = time.perf_counter() - started
        from annotator import db

        dialect = db.get_engine(app).dialect.name
        print(
            f"{dialect}, {args.documents:,} documents of {args.text_chars:,} characters "
            f"(built in {built:.1f} s); an import of {args.new:,} new documents; "
            f"Python {platform.python_version()}"
        )
        new = new_texts(args.documents, args.new, args.text_chars)
        for label, present in (("with the index", True), ("without", False), ("again", True)):
            if label != "with the index":
                set_index(app, present)
            times, found = time_check(app, new, args.runs)
            print(
                f"{label:>15}: median {median_ms(times):9.1f} ms, "
                f"best {min(times) * 1000:9.1f} ms ({found} repeats found); "
                f"plan: {plan(app)}"
            )
            if not present:
                times = time_before(app, new, args.runs)
                print(
                    f"{'before (0030)':>15}: median {median_ms(times):9.1f} ms, "
                    f"best {min(times) * 1000:9.1f} ms (ordered by number, no index); "
                    f"plan: {plan(app, ordered=True)}"
                )
        db.get_engine(app).dispose()


if __name__ == "__main__":
    main()
