"""Benchmark the count asked before accepting every unanimous item of a project into gold.

Fills a fresh database with a project of documents (``--documents``, default 200) that two
annotators annotated alike in part: per document, ``--claims`` claims each attributed to its
source (the relation's ends alike), every sentence's stance alike and every fifth source
marked by one annotator only. Then times, side by side in one process and alternately:

* the count as made now (``preview_unanimous_in``: reading only);
* the count as it was made before (the whole accept run in a savepoint and rolled back),
  which is the floor: what accepting itself costs.

Each figure is the median of ``--runs`` runs; the ratio says what the count costs against
the accept. The counts of both are checked equal.

Examples::

    .venv/bin/python benchmarks/unanimous_preview.py
    .venv/bin/python benchmarks/unanimous_preview.py --database postgresql+psycopg://127.0.0.1/test
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

from benchmarks.app_factory import bench_project, migrated_app  # noqa: E402
from benchmarks.big_project import bench_database  # noqa: E402


def _text(claims: int) -> str:
    return " ".join(f"Official {n} says the talks number {n} failed badly." for n in range(claims))


def fill(session: Any, documents: int, claims: int) -> Any:
    """Make the project, its annotators and reviewer, and the documents' two layers."""
    from annotator.models import Assignment, ProjectMember
    from annotator.services.accounts.users import create_user
    from annotator.services.annotation import labels, layers, relations, spans
    from annotator.services.datasets.documents import add_document

    project = bench_project(session)
    users = [create_user(session, name, "annotator", None) for name in ("ann", "ben")]
    reviewer = create_user(session, "rita", "reviewer", None)
    # An assignee is a member: access to a document is both (permissions.is_member).
    for user in users:
        session.add(ProjectMember(project_id=project.id, user_id=user.id, role="annotator"))
    for number in range(documents):
        document, _ = add_document(session, project, f"d{number}", _text(claims))
        for user in users:
            session.add(Assignment(document_id=document.id, user_id=user.id))
        session.flush()
        for who, user in enumerate(users):
            layer = layers.open_layer(session, user, document, None)
            for s in document.sentences:
                source_end = document.text.index(" says", s.start)
                claim = spans.add_span(session, layer, "CLAIM", source_end + 6, s.end - 1)
                if who == 0 or s.index % 5:
                    source = spans.add_span(session, layer, "SOURCE", s.start, source_end)
                    relations.add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
                labels.set_label(session, layer, s.index, "stance", "NONE")
    session.commit()
    return project, reviewer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--claims", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--quorum", default="unanimous", help="unanimous or majority (two annotators: the same)"
    )
    args = parser.parse_args()

    from annotator import db
    from annotator.core.unanimous_scope import UnanimousScope
    from annotator.engine import sqlite_begin_mode
    from annotator.services.review.unanimous import (
        accept_unanimous_in,
        preview_unanimous_in,
    )

    with bench_database(args.database) as url:
        app = migrated_app(url)
        with app.app_context():
            project, reviewer = fill(db.get_session(), args.documents, args.claims)
        # As a page view reads: DEFERRED on SQLite, never waiting for a writer.
        sqlite_begin_mode.set("DEFERRED")
        times: dict[str, list[float]] = {"count": [], "accept rolled back": []}
        counts = {}
        for _ in range(args.runs):
            for name in times:
                with app.app_context():
                    session = db.get_session()
                    project_row = session.merge(project, load=False)
                    user = session.merge(reviewer, load=False)
                    started = time.perf_counter()
                    if name == "count":
                        result = preview_unanimous_in(
                            session, user, project_row, UnanimousScope(quorum=args.quorum)
                        )
                    else:
                        savepoint = session.begin_nested()
                        result = accept_unanimous_in(
                            session, user, project_row, UnanimousScope(quorum=args.quorum)
                        )
                        savepoint.rollback()
                    times[name].append((time.perf_counter() - started) * 1000)
                    session.rollback()
                    counts[name] = (result.spans, result.relations, result.labels)
        db.get_engine(app).dispose()
    assert counts["count"] == counts["accept rolled back"], counts
    spans, relations, labels = counts["count"]
    print(
        f"{'PostgreSQL' if args.database else 'SQLite'}: {args.documents} documents, "
        f"{args.quorum}; the count "
        f"says {spans} spans, {relations} relations and {labels} labels"
    )
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"  {name:<20} median {median:8.1f} ms (n={args.runs})")
    print(f"  count / accept: {medians['count'] / medians['accept rolled back']:.3f}")


if __name__ == "__main__":
    main()
