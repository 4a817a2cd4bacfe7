"""Benchmark moving a project: ``annotator projects dump`` and ``load`` of N documents.

The project is export_speed.py's (2 annotators, 25 spans, a relation and a label value per
layer, 12 sentences and about 1,250 characters per document: 50 spans a document). Each run
dumps it (``annotator.services.datasets.project_dump``) and, alternated with it so that the
machine's load falls on both alike, exports it as ``jsonl`` (the export reads the same rows
and writes a file of the same size: the dump's peer). Each load goes into a new, empty
database, alternated with an import of the ``jsonl`` export into a new project (the import
stores the same rows but no times, provenance or history: the load's peer; it goes into a
new project beside the original, whose annotators it needs). Times are wall
clock and CPU of this process (on PostgreSQL the server's share is not in it). Peak memory
is ``VmHWM`` of a separate process that only dumps, or only loads, at each size: flat when
the file is streamed. The last load is dumped again and compared with the first dump, byte
for byte but the dump time.

Run from the project root::

    .venv/bin/python benchmarks/project_move.py [--documents 2000 10000] [--runs 3]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout
sys.path.insert(0, str(ROOT / "benchmarks"))

import export_speed  # noqa: E402
from export_speed import (  # noqa: E402
    build,
    child_peak,
    export_to,
    import_from,
    machine,
    make_app,
    run_child,
)

from tests.databases import create_database  # noqa: E402

SPANS_PER_DOCUMENT = 50


def dump_to(url: str, out: Path) -> tuple[float, float]:
    """Dump the project ``bench`` to ``out``; return wall and CPU seconds."""
    from annotator.db import get_session
    from annotator.services.accounts.projects import get_project
    from annotator.services.datasets.project_dump import dump_project

    app = make_app(url)
    with app.app_context():
        session = get_session()
        began, cpu = time.perf_counter(), time.process_time()
        dump = dump_project(session, get_project(session, "bench"))
        with out.open("wb") as handle:
            for chunk in dump.chunks:
                handle.write(chunk)
        session.rollback()
        return time.perf_counter() - began, time.process_time() - cpu


def load_into(url: str, source: Path) -> tuple[float, float]:
    """Load ``source`` into the (empty) database at ``url``; return wall and CPU seconds."""
    from annotator.db import Base, get_engine, get_session
    from annotator.services.datasets.project_load import load_project

    app = make_app(url)
    Base.metadata.create_all(get_engine(app))
    with app.app_context():
        session = get_session()
        began, cpu = time.perf_counter(), time.process_time()
        with source.open("rb") as handle:
            load_project(session, handle, None)
        session.commit()
        return time.perf_counter() - began, time.process_time() - cpu


def same_but_time(a: Path, b: Path) -> bool:
    """Tell whether two project files are equal but for the gzip header's time."""
    x, y = a.read_bytes(), b.read_bytes()
    return x[:4] + x[8:] == y[:4] + y[8:]


def _fresh(server: str | None, folder: Path) -> tuple[str, object]:
    return create_database(server, folder, "annotator_move_bench")


def measure(documents: int, args: argparse.Namespace, folder: Path) -> None:
    url, drop = create_database(args.database_url, folder, "annotator_bench")
    try:
        began = time.perf_counter()
        build(url, documents * SPANS_PER_DOCUMENT)
        print(f"\n{documents:,} documents: built in {time.perf_counter() - began:.1f} s")
        dumped, exported = folder / "project.gz", folder / "export.jsonl"
        dumps, exports, loads, imports = [], [], [], []
        for _ in range(args.runs):
            dumps.append(dump_to(url, dumped))
            export_speed.CPU.clear()
            wall, _ = export_to(url, exported)
            exports.append((wall, export_speed.CPU[-1]))
        for _ in range(args.runs):
            target, drop_target = _fresh(args.database_url, folder)
            try:
                loads.append(load_into(target, dumped))
                again = folder / "again.gz"
                dump_to(target, again)
                if not same_but_time(dumped, again):
                    raise SystemExit("the loaded project dumps to a different file")
            finally:
                drop_target()  # type: ignore[operator]
            # Into a new project beside the original, whose annotators it names.
            cpu = time.process_time()
            wall = import_from(url, exported)
            imports.append((wall, time.process_time() - cpu))
        print(
            f"  dump file {dumped.stat().st_size / 1e6:.1f} MB (gzip), jsonl export "
            f"{exported.stat().st_size / 1e6:.1f} MB; medians of {args.runs}, wall / CPU"
        )
        for name, runs in (
            ("dump", dumps),
            ("jsonl export", exports),
            ("load", loads),
            ("jsonl import", imports),
        ):
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            rate = documents / wall
            print(f"  {name:13} {wall:7.2f} s wall  {cpu:7.2f} s CPU  ({rate:,.0f} docs/s)")
        d = statistics.median(r[1] for r in dumps) / statistics.median(r[1] for r in exports)
        lo = statistics.median(r[1] for r in loads) / statistics.median(r[1] for r in imports)
        print(f"  CPU ratios: dump / export {d:.2f}, load / import {lo:.2f}")
        print("  the loaded project dumps to the same file (but the dump time): yes")
        base = child_peak("baseline", url, dumped, __file__)
        peak_dump = child_peak("dump", url, dumped, __file__)
        target, drop_target = _fresh(args.database_url, folder)
        try:
            peak_load = child_peak("load", target, dumped, __file__)
        finally:
            drop_target()  # type: ignore[operator]
        print(
            f"  peak RSS: dump {peak_dump / 1024:.0f} MB, load {peak_load / 1024:.0f} MB "
            f"(an idle app process: {base / 1024:.0f} MB)"
        )
    finally:
        drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[2_000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--child", choices=("dump", "load", "baseline"), default=None)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    if args.child:
        modes = {"dump": dump_to, "load": load_into}
        run_child(args.child, args.database_url, Path(args.out), modes)
        return
    print(machine(args.database_url))
    with tempfile.TemporaryDirectory() as tmp:
        for documents in args.documents:
            measure(documents, args, Path(tmp))
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
