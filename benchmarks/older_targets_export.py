"""Benchmark a ``jsonl`` export before and after a label field's target changed.

An export reads the project's schema versions once, counts the values given toward an earlier
target for its header in one query, and marks each such value (``given_toward``) from an index
the label query computes: this measures what that costs, on the demo's seeds and on
``benchmarks/export_speed.py``'s project of N spans (2 annotators, a stance and a genre per
layer). Each case is exported ``--runs`` times with the target as the seeds have it, then
again after the stance's target changed (confirmed, the values kept: every stance value was
given toward the old target); the median CPU time of this process and wall clock are printed.

Run from the project root (on any tree: it calls only ``start_export`` and ``edit_project``)::

    .venv/bin/python benchmarks/older_targets_export.py [--spans 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from benchmarks.app_factory import migrated_app  # noqa: E402
from benchmarks.export_speed import build  # noqa: E402


def timed_exports(url: str, slug: str, runs: int) -> tuple[float, float, int]:
    """Export project ``slug`` as ``jsonl`` ``runs`` times; return the median CPU and wall
    seconds and the size of the file."""
    from annotator.db import get_session
    from annotator.services.accounts.projects import find_project
    from annotator.services.datasets.export import start_export
    from annotator.services.datasets.export_options import ExportOptions

    app = migrated_app(url)
    cpu, wall, size = [], [], 0
    with app.app_context():
        session = get_session()
        project = find_project(session, slug)
        assert project is not None
        for _ in range(runs):
            c0, w0 = time.process_time(), time.perf_counter()
            export = start_export(session, project, ExportOptions())
            size = sum(len(chunk) for chunk in export.chunks)
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
            session.rollback()
    return statistics.median(cpu), statistics.median(wall), size


def change_target(url: str, slug: str) -> None:
    """Change the stance's target, confirmed over the values given."""
    from annotator.db import get_session
    from annotator.services.accounts.project_admin import edit_project
    from annotator.services.accounts.projects import find_project

    app = migrated_app(url)
    with app.app_context():
        session = get_session()
        project = find_project(session, slug)
        assert project is not None
        schema = copy.deepcopy(project.schema)
        next(f for f in schema["sentence_labels"] if f["name"] == "stance")["target"] = "Tariffs"
        edit_project(session, project, None, schema=schema, confirm_meaning=True)
        session.commit()


def load_seeds(url: str) -> str:
    """Load the demo's seeds (five articles, alice's and bob's examples); return its slug."""
    from annotator.db import get_session
    from annotator.services.demo import DEMO_SLUG, load_demo

    app = migrated_app(url)
    with app.app_context():
        session = get_session()
        load_demo(session, ROOT / "seeds")
        session.commit()
    return DEMO_SLUG


def written_after_the_first_version(url: str) -> None:
    """Date the built project's label values now: ``build`` dates every row before it
    creates the project, and a value written before the first version is told nothing of."""
    from sqlalchemy import update

    from annotator.engine import get_engine
    from annotator.models import LabelValue, utcnow

    with get_engine(migrated_app(url)).begin() as connection:
        connection.execute(update(LabelValue.__table__).values(updated_at=utcnow()))


def measure(name: str, url: str, slug: str, runs: int) -> None:
    for when in ("target as given", "target changed"):
        if when == "target changed":
            change_target(url, slug)
        cpu, wall, size = timed_exports(url, slug, runs)
        print(
            f"{name:>14} | {when:<15} | {cpu * 1000:9.1f} ms CPU | {wall * 1000:9.1f} ms wall"
            f" | {size:>11,} bytes"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spans", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        seeds = f"sqlite:///{folder}/seeds.sqlite"
        measure("seeds", seeds, load_seeds(seeds), args.runs * 5)
        spans = f"sqlite:///{folder}/spans.sqlite"
        build(spans, args.spans)
        written_after_the_first_version(spans)
        measure(f"{args.spans:,} spans", spans, "bench", args.runs)


if __name__ == "__main__":
    main()
