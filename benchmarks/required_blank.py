"""Time finding the done layers that leave a required field blank, on a large project.

Run from the repository root::

    .venv/bin/python benchmarks/required_blank.py [--documents 3000] [--database-url URL]
        [--keep FILE.sqlite] [--repeat N] [--against OLD_required_blank.py]

A database given by URL keeps the project built there: the next run with it measures again.

Builds the agreement benchmark's project (``benchmarks/agreement_report.py``: 3 annotators,
every layer done, 10 sentences a document, ``stance`` given on every sentence, ``bias``
never). Then times ``done_blank`` for ``stance`` alone (no layer leaves it blank: the usual
case, and what a schema change that makes one field required asks), for ``bias`` alone (every
layer does: the most there can be), for both at once and for four fields (``stance``,
``bias``, and the document fields ``genre`` and ``stance``: what the agreement page and report
ask on every view, with that many fields required), and ``blank_names`` for ``bias`` (the
page names the first 50 per field, but reads the names of all). Each figure is the best wall
time and the best CPU time of this process (on SQLite, the query's own; on PostgreSQL, the
server's work is not in it) over ``--repeat`` runs.

``--against`` times another version of ``annotator/services/schema/required_blank.py``
(``git show REV:annotator/services/schema/required_blank.py > FILE``) alternately with this
tree's, run for run on the same database in the same process, so that a busy machine slows
both alike; it checks that both find the same layers.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from annotator.db import get_session  # noqa: E402
from annotator.models import Project  # noqa: E402
from annotator.services.schema import required_blank  # noqa: E402
from benchmarks.agreement_report import build  # noqa: E402
from benchmarks.app_factory import app_on, migrated_app  # noqa: E402

CASES = {
    "stance": [("stance", False)],
    "bias": [("bias", False)],
    "stance and bias": [("stance", False), ("bias", False)],
    "four fields": [("stance", False), ("bias", False), ("genre", True), ("stance", True)],
}


def _timed(session: Any, run: Callable[[], Any]) -> tuple[float, float, Any]:
    session.expire_all()
    wall, cpu = time.perf_counter(), time.process_time()
    answer = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    session.rollback()
    return wall, cpu, answer


def _shape(found: Any) -> list[tuple[str, bool, int, int]]:
    return [(b.name, b.document, len(b.layers), sum(x.sentences for x in b.layers)) for b in found]


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("required_blank_against", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> None:
    """Build (or reuse) the project and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="SQLite file to build once and reuse")
    parser.add_argument("--against", type=Path, help="another version's required_blank.py")
    args = parser.parse_args()
    versions = {"this tree": required_blank}
    if args.against is not None:
        versions = {"against": _load(args.against), **versions}
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
            best: dict[tuple[str, str], list[float]] = {}
            shapes: dict[tuple[str, str], Any] = {}
            for _ in range(args.repeat):
                for case, fields in CASES.items():
                    for version, module in versions.items():
                        wall, cpu, found = _timed(
                            session, lambda m=module, f=fields: m.done_blank(session, project, f)
                        )
                        kept = best.setdefault((case, version), [wall, cpu])
                        kept[:] = [min(kept[0], wall), min(kept[1], cpu)]
                        shapes[(case, version)] = _shape(found)
            print(f"{url.split(':')[0]}, best of {args.repeat}: wall ms / CPU ms")
            for case in CASES:
                said = []
                for version in versions:
                    wall, cpu = best[(case, version)]
                    said.append(f"{version} {wall * 1000:.0f} / {cpu * 1000:.0f}")
                layers = sum(layers for _, _, layers, _ in shapes[(case, "this tree")])
                if args.against is not None:
                    assert shapes[(case, "against")] == shapes[(case, "this tree")], case
                print(f"done_blank {case} ({layers} layers): {'; '.join(said)}")
            found = required_blank.done_blank(session, project, CASES["bias"])
            walls = [
                _timed(session, lambda: required_blank.blank_names(session, found))[:2]
                for _ in range(args.repeat)
            ]
            wall, cpu = min(w for w, _ in walls), min(c for _, c in walls)
            print(f"blank_names of those: {wall * 1000:.0f} / {cpu * 1000:.0f}")


if __name__ == "__main__":
    main()
