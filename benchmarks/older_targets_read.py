"""Benchmark reading a layer, whose label values are marked when given toward an older target,
in projects whose label schema was saved 1, 20 and 100 times.

Every read of a layer (``GET /api/v1/documents/<id>/annotations``, which the workspace draws),
the review page and the exports tell a value given toward an older target or description of
its field by the project's schema versions (:mod:`annotator.services.schema.older_targets`). Each
case builds a project on the seeds' schema, one article of 40 sentences whose annotator gave
a stance to every sentence and a genre, then saves the schema N - 1 more times (each time the
guidelines change; every tenth time the stance's target changes too, so its values are given
toward an older one). The layer is then read ``--runs`` times through the app (Flask's test
client, an API token); the median CPU time of this process per read is printed, and the
median time of :func:`~annotator.services.schema.older_targets.target_times` alone on the request's
kind of session (the versions' part of the read).

Run from the project root (on any tree: it calls only services and the API)::

    .venv/bin/python benchmarks/older_targets_read.py [--versions 1 20 100] [--runs 300]
        [--database-url postgresql+psycopg://127.0.0.1/test]

Without ``--database-url`` each case lives in a new SQLite file; with a PostgreSQL server URL
a new database is created next to it for each case and dropped afterwards.

CPU times on a loaded machine drift by more than the versions cost; instructions counted by
callgrind do not (``benchmarks/instruction_counts.py``). Build a case's SQLite file once, then
count a process that reads the layer K times and one that reads it 0 times (after the same
warm-up); their difference over K is one read's count::

    .venv/bin/python benchmarks/older_targets_read.py --build 100 --file /tmp/v100.sqlite
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/older_targets_read.py --file /tmp/v100.sqlite --reads 200
    valgrind ... benchmarks/older_targets_read.py --file /tmp/v100.sqlite --reads 0
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from benchmarks.app_factory import bench_project, migrated_app  # noqa: E402
from tests.databases import fresh_database  # noqa: E402

SENTENCES = 40
TEXT = " ".join(
    f"Officials said the plan number {n} would cost more than before." for n in range(SENTENCES)
)


def build(url: str, versions: int) -> tuple[int, str]:
    """Build the project of ``versions`` schema versions; return the document's id and the
    annotator's token."""
    from annotator import db
    from annotator.models import Assignment
    from annotator.services.accounts.membership import set_member
    from annotator.services.accounts.project_admin import edit_project
    from annotator.services.accounts.tokens import create_token
    from annotator.services.accounts.users import create_user
    from annotator.services.annotation.labels import set_label
    from annotator.services.annotation.layers import ensure_layer
    from annotator.services.datasets.documents import add_document

    app = migrated_app(url)
    with app.app_context():
        session = db.get_session()
        project = bench_project(session)
        alice = create_user(session, "alice", "annotator", "benchmark password")
        token = create_token(session, alice)
        document, _ = add_document(session, project, "article-1", TEXT)
        session.add(Assignment(document_id=document.id, user_id=alice.id))
        set_member(session, project, alice, "annotator")
        layer = ensure_layer(session, document, alice.id)
        sentences = len(document.sentences)
        for index in range(sentences):
            set_label(session, layer, index, "stance", ("FAVOR", "AGAINST")[index % 2])
        set_label(session, layer, None, "genre", "NEWS")
        session.commit()
        for edit in range(1, versions):
            schema = copy.deepcopy(project.schema)
            schema["guidelines"] = f"Guidelines, edit {edit}."
            if edit % 10 == 0:
                stance = next(f for f in schema["sentence_labels"] if f["name"] == "stance")
                stance["target"] = f"Policy {edit}"
            edit_project(session, project, None, schema=schema, confirm_meaning=True)
            session.commit()
        assert project.schema_version == versions
        return document.id, token


def measure(url: str, document: int, token: str, runs: int) -> tuple[float, float, int]:
    """Read the layer ``runs`` times (after a warm-up); return the median CPU seconds of a
    read, of ``target_times`` alone, and how many of the layer's values were marked."""
    from annotator import db
    from annotator.services.schema.older_targets import target_times

    app = migrated_app(url)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    path = f"/api/v1/documents/{document}/annotations"
    marked = 0
    for _ in range(20):
        answer = client.get(path, headers=headers)
        assert answer.status_code == 200, answer.get_json()
        marked = sum("given_toward" in x for x in answer.get_json()["sentence_labels"])
    reads = []
    for _ in range(runs):
        c0 = time.process_time()
        client.get(path, headers=headers)
        reads.append(time.process_time() - c0)
    alone = []
    with app.app_context():
        session = db.get_session()
        project_id = session.scalar(_project_of(document))
        for _ in range(runs):
            c0 = time.process_time()
            target_times(session, project_id)
            alone.append(time.process_time() - c0)
            session.rollback()
    return statistics.median(reads), statistics.median(alone), marked


def _project_of(document: int):  # noqa: ANN202 (a statement)
    from sqlalchemy import select

    from annotator.models import Document

    return select(Document.project_id).where(Document.id == document)


def reads(file: Path, count: int) -> None:
    """Read the layer of the case built in ``file`` 20 times, then ``count`` times more."""
    document, token = json.loads(file.with_suffix(".json").read_text(encoding="utf-8"))
    # A fixed clock, as instruction_counts.py's: a token's use is recorded once a minute of
    # it, which real time would make some runs write and others not.
    fixed = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    client = migrated_app(f"sqlite:///{file}", CLOCK=fixed.replace).test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for n in range(20 + count):
        answer = client.get(f"/api/v1/documents/{document}/annotations", headers=headers)
        assert n >= 20 or answer.status_code == 200, answer.get_json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--versions", type=int, nargs="+", default=[1, 20, 100])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--file", type=Path, help="a case's SQLite file (--build, --reads)")
    parser.add_argument("--build", type=int, metavar="VERSIONS", help="build --file's case")
    parser.add_argument("--reads", type=int, help="read --file's layer this many times")
    args = parser.parse_args()
    if args.build is not None:
        built = build(f"sqlite:///{args.file}", args.build)
        args.file.with_suffix(".json").write_text(json.dumps(built), encoding="utf-8")
        return
    if args.reads is not None:
        reads(args.file, args.reads)
        return
    print("versions | read (ms CPU, median) | target_times alone (ms CPU) | marked values")
    with tempfile.TemporaryDirectory() as folder:
        for versions in args.versions:
            with fresh_database(args.database_url, Path(folder), "older_read") as url:
                document, token = build(url, versions)
                read, alone, marked = measure(url, document, token, args.runs)
            print(f"{versions:>8} | {read * 1000:21.2f} | {alone * 1000:27.3f} | {marked:>13}")


if __name__ == "__main__":
    main()
