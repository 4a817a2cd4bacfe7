"""Benchmark the hidden names' numbering: what ``?anonymous=1`` adds to a review answer.

Builds the review list benchmark's project (N documents, each annotated by alice and bob:
:mod:`benchmarks.review_list`), then times, as an admin through the real app, the review
document's answer and the first page of the review list with and without ``?anonymous=1``,
and the numbering alone (``arrival_order``, the project's memberships, assignments and
layers read for who came first).

Run from the project root::

    .venv/bin/python benchmarks/hidden_names.py [--documents 4000] [--runs 15]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from benchmarks.page_timing import time_get  # noqa: E402
from benchmarks.review_list import build, time_list_first  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from annotator import db
    from annotator.models import Project
    from annotator.services.review.hidden_names import arrival_order

    print(f"Python {platform.python_version()}, SQLite, {args.runs} runs, median")
    with tempfile.TemporaryDirectory() as folder:
        app, token = build(Path(folder), args.documents)
        headers = {"Authorization": f"Bearer {token}"}
        first = time_list_first(app, token)
        client = app.test_client()
        for what, path in (
            ("review document", f"/api/v1/projects/bench/review/{first}"),
            ("review list page 1", "/api/v1/projects/bench/review?page=1&per_page=50"),
        ):
            for query in ("", "?anonymous=1" if "?" not in path else "&anonymous=1"):
                wall, cpu, size = time_get(client, path + query, args.runs, headers=headers)
                print(f"{what}{query or ''}: {wall:.1f} ms wall, {cpu:.1f} ms CPU, {size} bytes")
        with app.app_context():
            session = db.get_session()
            project = session.query(Project).filter_by(slug="bench").one()
            times = []
            for _ in range(args.runs):
                start = time.process_time()
                order = arrival_order(session, project.id)
                times.append((time.process_time() - start) * 1000)
            print(f"arrival_order ({len(order)} people): {statistics.median(times):.2f} ms CPU")


if __name__ == "__main__":
    main()
