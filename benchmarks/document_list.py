"""Benchmark the paged document list against "the floor".

Builds a project of 10,000 documents of 20 KB each (bulk Core inserts: documents, 100
sentences each, two annotators a document with mixed statuses) in a new database, then times
``GET /api/v1/projects/bench/documents?page=K&per_page=50`` (a few pages, with and without
``q``, ``status`` and ``annotator``, as a reviewer and as an annotator) and the project page
``GET /projects/bench?page=K`` through the real app (Flask's test client: the app, its
queries and JSON or HTML, without a network in between).

The floor is the plainest code that gives the same rows: one SQL statement (the page's ids
in a ``WITH``, then their columns, with the progress and sentence counts as correlated
subqueries), one ``COUNT``, and ``json.dumps``, run on the app's engine without the ORM.
A search (``q``) has two floors: one that reads the documents' own rows (``lower()`` of the
title, the external id and the metadata's text), as a list without a search table would, and
one that reads the lowercased copies in ``document_search`` that the app keeps for it.

Run from the project root::

    .venv/bin/python benchmarks/document_list.py [--documents 10000] [--runs 25]
        [--database-url postgresql+psycopg://127.0.0.1/test]

Without ``--database-url`` the data lives in a new SQLite file; with a PostgreSQL server URL
a new database is created next to it and dropped afterwards. On PostgreSQL the build ends
with ``VACUUM ANALYZE``, as autovacuum would soon after such a load; on SQLite nothing is
analysed, as the app never runs ``ANALYZE``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from sqlalchemy import insert, text  # noqa: E402

from benchmarks.app_factory import app_on, bench_project, migrated_app  # noqa: E402
from benchmarks.big_project import analyse, bench_database, document_batches, document_row  # noqa: E402

PASSWORD = "benchmark password"
TEXT_CHARS = 20_000
SENTENCES = 100
STATUSES = ("new", "in_progress", "done", "skipped")
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
    "that",
    "costs",
    "had",
    "risen",
    "sharply",
    "while",
    "analysts",
    "expected",
    "exports",
    "to",
    "recover",
    "next",
    "year",
    "in",
    "the",
    "region",
]


def build(url: str, documents: int) -> dict[str, str]:
    """Create the project: ``documents`` of 20 KB, 100 sentences each, two annotators each."""
    from annotator import db
    from annotator.models import Assignment, DocumentSearch, Sentence, utcnow
    from annotator.services.accounts.membership import set_member
    from annotator.services.accounts.tokens import create_token
    from annotator.services.accounts.users import create_user
    from annotator.services.datasets.documents import search_row

    app = migrated_app(url)
    rng = random.Random(7)
    pool = " ".join(rng.choice(WORDS) for _ in range(2 * TEXT_CHARS // 6))
    step = TEXT_CHARS // SENTENCES
    with app.app_context():
        session = db.get_session()
        project = bench_project(session)
        users = [create_user(session, name, "annotator", PASSWORD) for name in ("alice", "bob")]
        admin = create_user(session, "ada", "admin", PASSWORD)
        tokens = {u.username: create_token(session, u) for u in (*users, admin)}
        # Members, as an assignment makes them: a user sees only the projects they belong to.
        for user in users:
            set_member(session, project, user, "annotator")
        session.commit()
        connection = session.connection()
        now = utcnow()

        def row(n: int) -> dict[str, Any]:
            offset = rng.randrange(len(pool) - TEXT_CHARS)
            return document_row(
                project.id,
                n + 1,
                pool[offset : offset + TEXT_CHARS],
                now,
                external_id=f"wire/{n:05d}.txt",
                title=None if n % 10 == 0 else f"Story {n} on {WORDS[n % len(WORDS)]}",
                meta={"source": ["Reuters", "AP", "Le Monde"][n % 3], "n": n},
                content_hash=f"{n:064d}",
            )

        for ids, rows in document_batches(connection, map(row, range(documents)), batch=500):
            # What the import service writes beside each document for the list's search.
            connection.execute(
                insert(DocumentSearch.__table__),
                [
                    search_row(i, project.id, row["title"], row["external_id"], row["meta"])
                    for i, row in zip(ids, rows, strict=True)
                ],
            )
            connection.execute(
                insert(Sentence.__table__),
                [
                    {"document_id": i, "index": s, "start": s * step, "end": (s + 1) * step}
                    for i in ids
                    for s in range(SENTENCES)
                ],
            )
            connection.execute(
                insert(Assignment.__table__),
                [
                    {
                        "document_id": i,
                        "user_id": user.id,
                        "status": STATUSES[(i + k) % 4],
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in ids
                    for k, user in enumerate(users)
                    if (i + k) % 5 != 0  # some documents have one annotator
                ],
            )
        session.commit()
    analyse(app)
    db.get_engine(app).dispose()
    return tokens


FLOOR = """
WITH page AS (
  SELECT d.id FROM document d {join}
  WHERE d.project_id = :project {where}
  ORDER BY d.id LIMIT :limit OFFSET :offset
)
SELECT d.id, d.external_id, d.title, mine.status, d.number,
  (SELECT count(*) FROM sentence s WHERE s.document_id = d.id),
  (SELECT count(*) FROM assignment a WHERE a.document_id = d.id AND a.status = 'done'),
  (SELECT count(*) FROM assignment a WHERE a.document_id = d.id),
  (SELECT u.value FROM document_uncertainty u WHERE u.document_id = d.id)
FROM page JOIN document d ON d.id = page.id
LEFT JOIN assignment mine ON mine.document_id = d.id AND mine.user_id = :user
ORDER BY d.id
"""
COUNT = "SELECT count(*) FROM document d {join} WHERE d.project_id = :project {where}"
MINE = "JOIN assignment mine ON mine.document_id = d.id AND mine.user_id = :user"


# A search over the documents' own rows (the first floor) and over the lowercased copies in
# document_search that the app keeps for it (the second): the same matches on this data.
SEARCH_DOCUMENTS = (
    "(lower(d.title) LIKE :q OR lower(d.external_id) LIKE :q "
    "OR lower(CAST(d.meta AS TEXT)) LIKE :q)"
)
SEARCH_TABLE = (
    "d.id IN (SELECT s.document_id FROM document_search s WHERE s.project_id = :project "
    "AND (s.title LIKE :q OR s.external_id LIKE :q OR s.meta LIKE :q))"
)


def floor(
    connection: Any, params: dict[str, Any], user: int, reviewer: bool, search_table: bool = False
) -> str:
    """Return the page's JSON the plainest way: one SELECT, one COUNT, json.dumps.

    An annotator's progress is their own assignment's, as the app shows it. A search reads
    the documents' rows, or with ``search_table`` the narrow ``document_search`` rows.
    """
    where, bind = [], {"user": user, "project": 1}  # the only project of a new database
    join = "" if reviewer else MINE
    if "q" in params:
        where.append(SEARCH_TABLE if search_table else SEARCH_DOCUMENTS)
        bind["q"] = f"%{params['q'].lower()}%"
    if "status" in params:
        if reviewer:
            where.append(
                "EXISTS (SELECT 1 FROM assignment o WHERE o.document_id = d.id "
                "AND o.status = :status)"
            )
        else:
            where.append("mine.status = :status")
        bind["status"] = params["status"]
    sql_where = "".join(f" AND {w}" for w in where)
    page, per_page = int(params["page"]), int(params["per_page"])
    rows = connection.execute(
        text(FLOOR.format(join=join, where=sql_where)),
        bind | {"limit": per_page, "offset": (page - 1) * per_page},
    ).all()
    total = connection.execute(text(COUNT.format(join=join, where=sql_where)), bind).scalar()
    documents = [
        {
            "id": r[0],
            "external_id": r[1],
            "title": r[2],
            "status": r[3],
            "number": r[4],
            "sentences": r[5],
            "progress": (
                {"done": r[6], "assigned": r[7]}
                if reviewer
                else {"done": int(r[3] == "done"), "assigned": 1}
            ),
        }
        # Reviewers also see the suggestion model's stored uncertainty (null here: no model).
        | ({"uncertainty": r[8]} if reviewer else {})
        for r in rows
    ]
    return json.dumps({"documents": documents, "total": total, "page": page, "per_page": per_page})


SCENARIOS: list[tuple[str, str, dict[str, str]]] = [
    ("ada", "reviewer, page 1", {"page": "1"}),
    ("ada", "reviewer, page 100", {"page": "100"}),
    ("ada", "reviewer, last page (200)", {"page": "200"}),
    ("ada", "reviewer, q=story 12 (111 hits), page 2", {"page": "2", "q": "story 12"}),
    ("ada", "reviewer, q=le monde (meta), page 20", {"page": "20", "q": "le monde"}),
    ("ada", "reviewer, status=done, page 50", {"page": "50", "status": "done"}),
    ("alice", "annotator, page 1", {"page": "1"}),
    ("alice", "annotator, page 150", {"page": "150"}),
    ("alice", "annotator, status=in_progress, page 10", {"page": "10", "status": "in_progress"}),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(url: str, runs: int, tokens: dict[str, str]) -> list[dict[str, Any]]:
    from annotator import db

    app = app_on(url)
    client = app.test_client()
    engine = db.get_engine(app)
    with engine.connect() as connection:
        ids = dict(connection.execute(text('SELECT username, id FROM "user"')).all())
    results = []
    for who, name, params in SCENARIOS:
        params = {"per_page": "50"} | params
        headers = {"Authorization": f"Bearer {tokens[who]}"}
        path = "/api/v1/projects/bench/documents"
        searched = "q" in params
        ours: list[float] = []
        base: list[float] = []
        narrow: list[float] = []
        answer = client.get(path, query_string=params, headers=headers)  # warm up
        assert answer.status_code == 200, answer.get_data(as_text=True)
        body = answer.get_json()
        with engine.connect() as connection:
            for table in (False, True) if searched else (False,):
                expected = json.loads(floor(connection, params, ids[who], who == "ada", table))
                assert body == expected, (name, body["total"], expected["total"])
        for _ in range(runs):
            start = time.perf_counter()
            client.get(path, query_string=params, headers=headers)
            ours.append(time.perf_counter() - start)
            with engine.connect() as connection:
                start = time.perf_counter()
                floor(connection, params, ids[who], who == "ada")
                base.append(time.perf_counter() - start)
                if searched:
                    start = time.perf_counter()
                    floor(connection, params, ids[who], who == "ada", search_table=True)
                    narrow.append(time.perf_counter() - start)
        results.append(_row("API " + name, body["total"], ours, base, narrow))
    results.append(_page(app, runs))
    engine.dispose()
    return results


def _page(app: Any, runs: int) -> dict[str, Any]:
    """Time the project page (HTML) as the admin, page 100 of 200."""
    from benchmarks.page_timing import signed_in

    client = signed_in(app, "ada", PASSWORD)
    times = []
    assert client.get("/projects/bench?page=100").status_code == 200
    for _ in range(runs):
        start = time.perf_counter()
        client.get("/projects/bench?page=100")
        times.append(time.perf_counter() - start)
    return _row("page /projects/bench?page=100 (admin, HTML)", 10_000, times, None)


def _row(
    name: str,
    total: int,
    ours: list[float],
    base: list[float] | None,
    narrow: list[float] | None = None,
) -> dict[str, Any]:
    row = {
        "scenario": name,
        "total": total,
        "median_ms": 1000 * statistics.median(ours),
        "p95_ms": 1000 * percentile(ours, 0.95),
    }
    if base:
        row["floor_median_ms"] = 1000 * statistics.median(base)
        row["floor_p95_ms"] = 1000 * percentile(base, 0.95)
        row["ratio"] = statistics.median(ours) / statistics.median(base)
    if narrow:
        row["table_floor_median_ms"] = 1000 * statistics.median(narrow)
        row["table_ratio"] = statistics.median(ours) / statistics.median(narrow)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="FILE",
        help="a SQLite file: built once and kept, measured again on later runs",
    )
    args = parser.parse_args()
    if args.keep is not None:
        url = f"sqlite:///{args.keep.resolve()}"
        saved = args.keep.with_suffix(".tokens.json")
        if not args.keep.exists():
            saved.write_text(json.dumps(build(url, args.documents)))
        _print(measure(url, args.runs, json.loads(saved.read_text())), "SQLite file", args.runs)
        return
    with bench_database(args.database_url, "bench_list") as url:
        started = time.perf_counter()
        tokens = build(url, args.documents)
        print(f"built {args.documents} documents in {time.perf_counter() - started:.1f} s")
        rows = measure(url, args.runs, tokens)
    _print(rows, "PostgreSQL" if args.database_url else "SQLite file", args.runs)


def _print(rows: list[dict[str, Any]], database: str, runs: int) -> None:
    print(f"{database}, Python {platform.python_version()}, {runs} runs a scenario")
    print(
        "| scenario | matches | ours median | ours p95 | floor median | floor p95 | ours/floor"
        " | search-table floor median | ours/that floor |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        floor_cells = (
            f"{r['floor_median_ms']:.1f} ms | {r['floor_p95_ms']:.1f} ms | {r['ratio']:.2f}"
            if "ratio" in r
            else "| |"
        )
        table_cells = (
            f"{r['table_floor_median_ms']:.1f} ms | {r['table_ratio']:.2f}"
            if "table_ratio" in r
            else "|"
        )
        print(
            f"| {r['scenario']} | {r['total']:,} | {r['median_ms']:.1f} ms | "
            f"{r['p95_ms']:.1f} ms | {floor_cells} | {table_cells} |"
        )


if __name__ == "__main__":
    main()
