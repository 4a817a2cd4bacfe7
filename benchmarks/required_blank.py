"""Time finding the done layers that leave a required field blank, on a large project.

Run from the repository root::

    .venv/bin/python benchmarks/required_blank.py [--documents 3000] [--database-url URL]
        [--keep FILE.sqlite] [--repeat N]

A database given by URL keeps the project built there: the next run with it measures again.

Builds the agreement benchmark's project (``benchmarks/agreement_report.py``: 3 annotators,
every layer done, 10 sentences a document, ``stance`` given on every sentence, ``bias``
never). Then times ``done_blank`` for ``stance`` alone (no layer leaves it blank: the usual
case, and what a schema change that makes one field required asks), for ``bias`` alone (every
layer does: the most there can be), and for both at once (what the agreement page and report
ask on every view, with both fields required), and ``blank_names`` for ``bias`` (the page
names the first 50 per field, but reads the names of all).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from annotator.db import get_session  # noqa: E402
from annotator.models import Project  # noqa: E402
from annotator.services.accounts.required_blank import blank_names, done_blank  # noqa: E402
from benchmarks.agreement_report import build  # noqa: E402
from benchmarks.app_factory import app_on, migrated_app  # noqa: E402


def _best(session: Any, repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    walls, answer = [], None
    for _ in range(repeat):
        session.expire_all()
        started = time.perf_counter()
        answer = run()
        walls.append(time.perf_counter() - started)
        session.rollback()
    return min(walls), answer


def main() -> None:
    """Build (or reuse) the project and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="SQLite file to build once and reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        reuse = args.keep is not None and args.keep.exists()
        if args.keep is not None:
            url = f"sqlite:///{args.keep.resolve()}"
        app = app_on(url) if reuse else migrated_app(url)
        with app.app_context():
            session = get_session()
            # A kept SQLite file, or a database URL given again: the project built before.
            project = session.scalars(select(Project).where(Project.slug == "bench")).first()
            if project is None:
                project = build(session, args.documents)[0]
                session.commit()
            for field in ("stance", "bias"):
                wall, found = _best(
                    session, args.repeat, lambda f=field: done_blank(session, project, [(f, False)])
                )
                layers = sum(len(blank.layers) for blank in found)
                print(f"done_blank {field}: {layers} layers, best {wall * 1000:.0f} ms")
            both = [("stance", False), ("bias", False)]
            wall, found = _best(session, args.repeat, lambda: done_blank(session, project, both))
            layers = sum(len(blank.layers) for blank in found)
            print(f"done_blank stance and bias: {layers} layers, best {wall * 1000:.0f} ms")
            found = done_blank(session, project, [("bias", False)])
            wall, _ = _best(session, args.repeat, lambda: blank_names(session, found))
            print(f"blank_names of those: best {wall * 1000:.0f} ms ({url.split(':')[0]})")


if __name__ == "__main__":
    main()
