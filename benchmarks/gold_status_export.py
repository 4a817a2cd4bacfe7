"""Benchmark the export's ``gold_status`` filter: what taking only final gold costs.

Builds the project of :mod:`benchmarks.review_list` (N short documents, alice and bob on each,
imported through ``annotator import``), accepts every unanimous item into gold and marks
every other document final. Then times, through the service the command line and the API
call (:func:`annotator.services.datasets.export.start_export`, streamed to the end), the
``jsonl`` export of the gold layer without a filter and with ``gold_status=final``, and
prints how many documents each wrote. CPU time of the process (SQLite runs in it) is the
figure to compare on a loaded machine.

Run from the project root::

    .venv/bin/python benchmarks/gold_status_export.py [--documents 400 4000] [--runs 7]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from benchmarks.review_list import build  # noqa: E402


def prepare(app: Any) -> None:
    """Accept every unanimous item into gold; mark every other document final."""
    from sqlalchemy import select

    from annotator import db
    from annotator.core.unanimous_scope import UnanimousScope
    from annotator.models import Document, Project, User
    from annotator.services.review.gold_status import set_gold_status
    from annotator.services.review.unanimous import accept_unanimous_in

    with app.app_context():
        session = db.get_session()
        admin = session.scalar(select(User).where(User.username == "ada"))
        project_id = session.scalar(select(Document.project_id).limit(1))
        project = session.get(Project, project_id)
        accept_unanimous_in(session, admin, project, UnanimousScope())
        for n, document in enumerate(session.scalars(select(Document).order_by(Document.id))):
            if n % 2 == 0:
                set_gold_status(session, admin, document, "final")
        session.commit()


def time_export(app: Any, gold_status: str | None, runs: int) -> tuple[float, float, int]:
    """Return the median wall-clock and CPU milliseconds of the gold export, and its documents."""
    from annotator import db
    from annotator.services.accounts.projects import get_project
    from annotator.services.datasets.export import start_export
    from annotator.services.datasets.export_options import ExportOptions

    wall, cpu, documents = [], [], 0
    for _ in range(runs):
        with app.app_context():
            session = db.get_session()
            start, start_cpu = time.perf_counter(), time.process_time()
            options = ExportOptions(layer="gold", gold_status=gold_status)
            export = start_export(session, get_project(session, "bench"), options)
            for _chunk in export.chunks:
                pass
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
            documents = export.documents
    return statistics.median(wall), statistics.median(cpu), documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[400, 4000])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, SQLite, {args.runs} runs, median")
    print("| documents | export | wall ms | CPU ms | documents written |")
    print("|---:|---|---:|---:|---:|")
    for documents in args.documents:
        with tempfile.TemporaryDirectory() as folder:
            app, _token = build(Path(folder), documents)
            prepare(app)
            for gold_status in (None, "final"):
                wall, cpu, written = time_export(app, gold_status, args.runs)
                shown = "`--layer gold`" + (
                    f" `--gold-status {gold_status}`" if gold_status else ""
                )
                print(f"| {documents:,} | {shown} | {wall:.1f} | {cpu:.1f} | {written:,} |")
            from annotator import db

            db.get_engine(app).dispose()


if __name__ == "__main__":
    main()
