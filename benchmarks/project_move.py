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

The project also has the history its rows would have had if annotators had written them
(one ``create`` change per span, relation and label value, by the layer's annotator, in
``layer_change``) and one "none taken" decision on gold per document (``gold_decision``):
the project file carries both (format 2 and 3). ``--without-history`` leaves them out, as
the benchmark did before, for a side-by-side figure.

Run from the project root::

    .venv/bin/python benchmarks/project_move.py [--documents 2000 10000] [--runs 3]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--without-history]
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
    run_child,
)

from benchmarks.app_factory import app_on, migrated_app  # noqa: E402
from tests.databases import create_database  # noqa: E402

SPANS_PER_DOCUMENT = 50


def add_history(url: str) -> tuple[int, int]:
    """Give the built project a history and decisions; return how many of each were added.

    Every span, relation and label value gets the ``create`` change the app records when an
    annotator writes it, and every document a "none taken" decision on gold by ``bob``.
    """
    from sqlalchemy import insert, select

    from annotator.core import history
    from annotator.engine import get_engine
    from annotator.models import (
        GoldDecision,
        LabelValue,
        Layer,
        LayerChange,
        Relation,
        Span,
        User,
        utcnow,
    )

    engine = get_engine(app_on(url))
    now = utcnow()
    rows: list[dict[str, object]] = []
    changes = 0
    with engine.begin() as connection:
        layers = {
            layer_id: (doc_id, key, user_id)
            for layer_id, doc_id, key, user_id in connection.execute(
                select(Layer.id, Layer.document_id, Layer.key, Layer.user_id)
            )
        }

        def created(layer_id: int, kind: str, item: int | None, after: object) -> None:
            nonlocal changes
            doc_id, key, user_id = layers[layer_id]
            rows.append(
                {
                    "document_id": doc_id,
                    "layer_key": key,
                    "actor_id": user_id,
                    "at": now,
                    "kind": kind,
                    "action": "create",
                    "source": "annotator",
                    "item_id": item,
                    "before": None,
                    "after": history.encode(after),
                }
            )
            changes += 1
            if len(rows) >= 10_000:
                connection.execute(insert(LayerChange.__table__), rows)
                rows.clear()

        ends = {}
        s = Span.__table__.c
        for span_id, layer_id, label, start, end, attributes in connection.execute(
            select(s.id, s.layer_id, s.label, s.start, s.end, s.attributes).order_by(s.id)
        ):
            ends[span_id] = history.span_end(label, start, end)
            snapshot = history.span_snapshot(label, start, end, attributes)
            created(layer_id, "span", span_id, snapshot)
        r = Relation.__table__.c
        for relation_id, layer_id, type_, source, target in connection.execute(
            select(r.id, r.layer_id, r.type, r.from_span_id, r.to_span_id).order_by(r.id)
        ):
            snapshot = history.relation_snapshot(type_, ends[source], ends[target])
            created(layer_id, "relation", relation_id, snapshot)
        v = LabelValue.__table__.c
        for value_id, layer_id, unit, name, value in connection.execute(
            select(v.id, v.layer_id, v.sentence_index, v.name, v.value).order_by(v.id)
        ):
            created(layer_id, "label", value_id, history.label_snapshot(unit, name, value))
        if rows:
            connection.execute(insert(LayerChange.__table__), rows)
        bob = connection.scalar(select(User.id).where(User.username == "bob"))
        documents = sorted({doc_id for doc_id, _, _ in layers.values()})
        decisions = [
            {
                "document_id": doc_id,
                "difference": f"{doc_id:020x}",  # a difference key's shape
                "kind": "only_some",
                "summary": "CLAIM “said the talks failed” marked by alice only",
                "decided_by_id": bob,
                "decided_at": now,
            }
            for doc_id in documents
        ]
        for first in range(0, len(decisions), 10_000):
            connection.execute(insert(GoldDecision.__table__), decisions[first : first + 10_000])
    engine.dispose()
    return changes, len(decisions)


def dump_to(url: str, out: Path) -> tuple[float, float]:
    """Dump the project ``bench`` to ``out``; return wall and CPU seconds."""
    from annotator.db import get_session
    from annotator.services.accounts.projects import get_project
    from annotator.services.datasets.project_dump import dump_project

    app = app_on(url)
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
    from annotator.db import get_session
    from annotator.services.datasets.project_load import load_project

    app = migrated_app(url)
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
        extra = "without history"
        if not args.without_history:
            changes, decisions = add_history(url)
            extra = f"with {changes:,} history rows and {decisions:,} decisions"
        took = time.perf_counter() - began
        print(f"\n{documents:,} documents: built {extra} in {took:.1f} s")
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
    parser.add_argument(
        "--without-history",
        action="store_true",
        help="build the project without layer history and decisions (the earlier benchmark)",
    )
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
