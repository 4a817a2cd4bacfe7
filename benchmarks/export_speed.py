"""Benchmark dataset export (and import) against "the floor".

The floor is the least any ``jsonl`` export must do, written plainly: read the same rows
from the database with a raw ``sqlite3`` cursor (documents, sentences, assignments, layers,
spans, relations and label values of the project, one query each, in the export's order),
build each record as Python dicts and write it with ``json.dumps``; the script checks that it
wrote the very bytes of ours. Ours is ``annotator.services.datasets.export.start_export``
reading the database a batch at a time and writing the file. Both are timed on the same
data (ours first, then the floor), in the same process, by wall clock and by
CPU time of this process (on a machine that others load, CPU time is the figure to compare;
on PostgreSQL it leaves out the server's share). Peak memory is the peak resident set
(``VmHWM``) of a separate process that does nothing but the export, next to one that only
starts the app (the baseline).
Import: the exported file imported into a new project (documents, sentences, layers, spans,
relations, labels; every span's text checked), timed the same way.

Run from the project root::

    .venv/bin/python benchmarks/export_speed.py [--spans 100000 1000000] [--runs 3]
        [--database-url postgresql+psycopg://127.0.0.1/test] [--format spacy]
        [--warnings-after]

With ``--format F`` each run also exports the project in format F, right after the ``jsonl``
export, and the script prints F's time beside jsonl's and their ratio (by CPU and by wall
clock). The optional package F needs is imported once before the runs, and that import's
time is printed apart: it is paid once per process, not per export. The peak memory of a
process exporting in F is measured too (with ``--memory-only``, alone).

Without ``--database-url`` the data lives in a new SQLite file; with a PostgreSQL server URL
a new database is created next to it and dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from sqlalchemy import insert, text  # noqa: E402

from benchmarks.app_factory import app_on, bench_project, migrated_app  # noqa: E402
from tests.databases import create_database  # noqa: E402

SPANS_PER_LAYER = 25
# CPU seconds of each run (this process only: on PostgreSQL the server's share is not in it).
CPU: list[float] = []
FLOOR_CPU: list[float] = []
GENERAL_CPU: list[float] = []
FORMAT_CPU: list[float] = []
ANNOTATORS = ("alice", "bob")
_PHRASE = (
    "officials said the ministry would review the plan after critics argued that costs had "
    "risen sharply while analysts expected exports to recover next year"
)
WORDS = _PHRASE.split(" ")


def build(url: str, spans: int) -> None:
    """Create a project of ``spans`` spans: two annotators, 25 spans and labels per layer."""
    from annotator.engine import get_engine
    from annotator.models import (
        Assignment,
        Document,
        LabelValue,
        Layer,
        Relation,
        Sentence,
        Span,
        User,
        utcnow,
    )

    app = migrated_app(url)
    engine = get_engine(app)
    rng = random.Random(7)
    documents = spans // (SPANS_PER_LAYER * len(ANNOTATORS))
    now = utcnow()
    with app.app_context():
        from annotator.db import get_session

        session = get_session()
        project = bench_project(session)
        users = [User(username=name, role="annotator") for name in ANNOTATORS]
        session.add_all(users)
        session.commit()
        project_id, user_ids = project.id, [u.id for u in users]
    with engine.begin() as connection:
        next_doc, next_layer, next_span = 1, 1, 1
        for first in range(0, documents, 500):
            docs, sentences, assignments, layers, span_rows, relations, labels = (
                [],
                [],
                [],
                [],
                [],
                [],
                [],
            )
            for d in range(first, min(first + 500, documents)):
                parts, offsets, position = [], [], 0
                for _ in range(12):
                    sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 20)))
                    sentence = sentence.capitalize() + "."
                    offsets.append((position, position + len(sentence)))
                    parts.append(sentence)
                    position += len(sentence) + 1
                body = " ".join(parts)
                doc_id = next_doc
                next_doc += 1
                docs.append(
                    {
                        "id": doc_id,
                        "project_id": project_id,
                        "external_id": f"d{d}",
                        "title": None,
                        "meta": {},
                        "text": body,
                        "content_hash": "x",
                        "segmenter_version": "bench",
                        "created_at": now,
                    }
                )
                sentences += [
                    {"document_id": doc_id, "index": i, "start": s, "end": e}
                    for i, (s, e) in enumerate(offsets)
                ]
                words = [(m, m + len(w)) for m, w in _words(body)]
                for user_id in user_ids:
                    assignments.append(
                        {
                            "document_id": doc_id,
                            "user_id": user_id,
                            "status": "done",
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    layer_id = next_layer
                    next_layer += 1
                    layers.append(
                        {
                            "id": layer_id,
                            "document_id": doc_id,
                            "user_id": user_id,
                            "key": f"user:{user_id}",
                            "created_at": now,
                        }
                    )
                    chosen = sorted(rng.sample(range(len(words) - 3), SPANS_PER_LAYER))
                    ids = []
                    for k in chosen:
                        label = rng.choice(("CLAIM", "SOURCE", "CUE"))
                        attributes = {"claimer": "REPORTED"} if label == "CLAIM" else {}
                        span_rows.append(
                            {
                                "id": next_span,
                                "layer_id": layer_id,
                                "label": label,
                                "start": words[k][0],
                                "end": words[k + 2][1],
                                "attributes": attributes,
                                "version": 1,
                                "created_at": now,
                                "updated_at": now,
                            }
                        )
                        ids.append((next_span, label))
                        next_span += 1
                    claims = [i for i, lab in ids if lab == "CLAIM"]
                    cues = [i for i, lab in ids if lab == "CUE"]
                    if claims and cues:
                        relations.append(
                            {
                                "layer_id": layer_id,
                                "type": "CUED_BY",
                                "from_span_id": claims[0],
                                "to_span_id": cues[0],
                                "created_at": now,
                            }
                        )
                    labels.append(
                        {
                            "layer_id": layer_id,
                            "sentence_index": 0,
                            "name": "stance",
                            "value": "AGAINST",
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    labels.append(
                        {
                            "layer_id": layer_id,
                            "sentence_index": -1,
                            "name": "genre",
                            "value": "NEWS",
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
            for model, rows in (
                (Document, docs),
                (Sentence, sentences),
                (Assignment, assignments),
                (Layer, layers),
                (Span, span_rows),
                (Relation, relations),
                (LabelValue, labels),
            ):
                connection.execute(insert(model.__table__), rows)
        if connection.dialect.name == "postgresql":
            for table in ("document", "layer", "span"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    engine.dispose()


def _words(body: str) -> list[tuple[int, str]]:
    import re

    return [(m.start(), m.group()) for m in re.finditer(r"\w+", body)]


#: False with ``--warnings-after``: what the format leaves out is counted as the command line
#: counts it, as the records are written (True: before the first byte, as the page and API do).
WARNINGS_FIRST = True


def export_to(url: str, out: Path, fmt: str = "jsonl") -> tuple[float, int]:
    """Export the project to ``out`` in ``fmt``; return seconds and documents."""
    from annotator.db import get_session
    from annotator.services.accounts.projects import get_project
    from annotator.services.datasets.export import start_export
    from annotator.services.datasets.export_options import ExportOptions

    app = app_on(url)
    with app.app_context():
        session = get_session()
        began, cpu = time.perf_counter(), time.process_time()
        options = ExportOptions(format=fmt, warnings_first=WARNINGS_FIRST)
        export = start_export(session, get_project(session, "bench"), options)
        with out.open("wb") as handle:
            for chunk in export.chunks:
                handle.write(chunk)
        (CPU if fmt == "jsonl" else FORMAT_CPU).append(time.process_time() - cpu)
        return time.perf_counter() - began, export.documents


def export_general(url: str, out: Path) -> float:
    """Export as ``export_to`` does, but through the general path (a dict per span).

    This is the ``jsonl`` export as it was before span arrays were serialised as text (it is
    still what every other format and ``--layer majority`` read): timed beside the fast path.
    """
    from annotator.core.formats import ExportContext, jsonl
    from annotator.db import get_session
    from annotator.services.accounts.projects import get_project
    from annotator.services.datasets.batches import DocumentFilter
    from annotator.services.datasets.export_options import ExportOptions
    from annotator.services.datasets.export_records import iter_records

    app = app_on(url)
    with app.app_context():
        session = get_session()
        began, cpu = time.perf_counter(), time.process_time()
        project = get_project(session, "bench")
        options = ExportOptions()
        records = iter_records(session, project, options, DocumentFilter(project.id))
        context = ExportContext(schema=project.schema, meta={})
        with out.open("wb") as handle:
            for chunk in jsonl.write(records, context):
                handle.write(chunk)
        GENERAL_CPU.append(time.process_time() - cpu)
        return time.perf_counter() - began


def floor(url: str, out: Path) -> float:
    """Read the project's rows with a raw ``sqlite3`` cursor and write them as our JSONL."""
    import sqlite3
    from bisect import bisect_right

    if not url.startswith("sqlite:///"):
        raise SystemExit("the floor reads SQLite only; run it without --database-url")
    began, cpu = time.perf_counter(), time.process_time()
    db = sqlite3.connect(url.removeprefix("sqlite:///"))
    (project_id,) = db.execute("SELECT id FROM project WHERE slug = 'bench'").fetchone()
    in_project = "SELECT id FROM document WHERE project_id = ?"
    sentences: dict[int, list[tuple[int, int, int]]] = {}
    for doc_id, index, start, end in db.execute(
        f'SELECT document_id, "index", start, "end" FROM sentence WHERE document_id IN '
        f'({in_project}) ORDER BY document_id, "index"',
        (project_id,),
    ):
        sentences.setdefault(doc_id, []).append((index, start, end))
    layers: dict[int, dict[str, dict]] = {}
    for doc_id, username, status in db.execute(
        "SELECT a.document_id, u.username, a.status FROM assignment a JOIN user u "
        f"ON u.id = a.user_id WHERE a.document_id IN ({in_project})",
        (project_id,),
    ):
        layers.setdefault(doc_id, {})[username] = _layer(username, status)
    starts = {doc_id: [start for _i, start, _e in rows] for doc_id, rows in sentences.items()}
    by_layer: dict[int, tuple[int, dict]] = {}
    gold: dict[int, dict] = {}
    for layer_id, doc_id, username, seconds in db.execute(
        "SELECT l.id, l.document_id, u.username, l.active_seconds FROM layer l "
        "LEFT JOIN user u ON u.id = "
        f"l.user_id WHERE l.key != 'suggestions' AND l.document_id IN ({in_project})",
        (project_id,),
    ):
        if username is None:
            gold[doc_id] = _layer("gold", None)
            by_layer[layer_id] = (doc_id, gold[doc_id])
        else:
            payload = layers.setdefault(doc_id, {}).setdefault(username, _layer(username, None))
            by_layer[layer_id] = (doc_id, payload)
        by_layer[layer_id][1]["seconds"] = seconds
    in_layers = (
        "SELECT l.id FROM layer l JOIN document d ON d.id = l.document_id WHERE d.project_id = ?"
    )
    texts = dict(db.execute("SELECT id, text FROM document WHERE project_id = ?", (project_id,)))
    for layer_id, span_id, label, start, end, attributes in db.execute(
        f'SELECT layer_id, id, label, start, "end", attributes FROM span WHERE layer_id IN '
        f'({in_layers}) ORDER BY layer_id, start, "end", id',
        (project_id,),
    ):
        if layer_id not in by_layer:
            continue
        doc_id, payload = by_layer[layer_id]
        payload["spans"].append(
            {
                "id": span_id,
                "label": label,
                "start": start,
                "end": end,
                "text": texts[doc_id][start:end],
                "sentence": bisect_right(starts[doc_id], start) - 1,
                "attributes": json.loads(attributes),
            }
        )
    for layer_id, relation_id, kind, source, target in db.execute(
        "SELECT layer_id, id, type, from_span_id, to_span_id FROM relation WHERE layer_id IN "
        f"({in_layers}) ORDER BY layer_id, id",
        (project_id,),
    ):
        if layer_id in by_layer:
            by_layer[layer_id][1]["relations"].append(
                {"id": relation_id, "type": kind, "from": source, "to": target}
            )
    for layer_id, unit, name, value in db.execute(
        "SELECT layer_id, sentence_index, name, value FROM label_value WHERE layer_id IN "
        f"({in_layers}) ORDER BY layer_id, sentence_index, name",
        (project_id,),
    ):
        if layer_id not in by_layer:
            continue
        payload = by_layer[layer_id][1]
        if unit < 0:
            payload["document_labels"].append({"name": name, "value": json.loads(value)})
        else:
            payload["sentence_labels"].append(
                {"sentence": unit, "name": name, "value": json.loads(value)}
            )
    with out.open("wb") as target:
        for doc_id, external_id, title, meta, text_ in db.execute(
            "SELECT id, external_id, title, meta, text FROM document WHERE project_id = ? "
            "ORDER BY id",
            (project_id,),
        ):
            record = {
                "id": external_id,
                "project": "bench",
                "title": title,
                "meta": json.loads(meta),
                "text": text_,
                "sentences": [
                    {"index": i, "start": a, "end": b} for i, a, b in sentences.get(doc_id, [])
                ],
                "annotations": [p for _name, p in sorted(layers.get(doc_id, {}).items())],
                "gold": gold.get(doc_id),
            }
            target.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    db.close()
    FLOOR_CPU.append(time.process_time() - cpu)
    return time.perf_counter() - began


def _layer(annotator: str, status: str | None) -> dict:
    return {
        "annotator": annotator,
        "status": status,
        "spans": [],
        "relations": [],
        "sentence_labels": [],
        "document_labels": [],
        "seconds": 0,
    }


def import_from(url: str, source: Path) -> float:
    """Import the exported file into a new project; return seconds."""
    from annotator.db import get_session
    from annotator.services.datasets.imports import import_paths

    app = app_on(url)
    with app.app_context():
        session = get_session()
        project = bench_project(session, f"copy-{uuid.uuid4().hex[:6]}", "Copy")
        session.commit()
        began = time.perf_counter()
        import_paths(session, project, [source])
        session.commit()
        return time.perf_counter() - began


def _peak_kib() -> int:
    """Return this process's peak resident set size in KiB.

    ``VmHWM`` is the high-water mark of this program's own memory; ``ru_maxrss`` would also
    count what the parent held when it forked us (Linux keeps it across ``exec``).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_peak(
    mode: str, url: str, out: Path, script: str = __file__, extra: Sequence[str] = ()
) -> int:
    """Return the peak RSS (KiB) of a separate process that runs ``mode`` of ``script``
    (this benchmark, or another that answers ``--child`` with :func:`run_child`), given
    ``extra`` arguments too."""
    result = subprocess.run(
        [sys.executable, script, "--child", mode, "--database-url", url, "--out", str(out)]
        + list(extra),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def run_child(
    mode: str, url: str, out: Path, modes: dict[str, Callable[[str, Path], object]]
) -> None:
    """Be the separate process of :func:`child_peak`: run ``modes[mode](url, out)`` (for
    ``baseline``, unless given, only start the app) and print this process's peak RSS in KiB."""
    modes.get(mode, lambda url, _out: app_on(url))(url, out)
    print(_peak_kib())


def machine(database_url: str | None) -> str:
    """Describe where the figures come from: Python, CPUs, database and the load now."""
    return (
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{'PostgreSQL' if database_url else 'SQLite'}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )


def print_peaks(url: str, folder: Path, fmt: str | None) -> None:
    """Print the peak RSS of a jsonl export process (and of one in ``fmt``) and its baseline."""
    for name in ["jsonl"] + ([fmt] if fmt and fmt != "jsonl" else []):
        out = folder / f"memory.{name}"
        base = child_peak("baseline", url, out, extra=["--format", name])
        peak = child_peak("export", url, out, extra=["--format", name])
        print(
            f"  peak RSS: {name} export process {peak / 1024:.0f} MB "
            f"(an idle app process{'' if name == 'jsonl' else f' with {name} imported'}: "
            f"{base / 1024:.0f} MB)"
        )


def format_baseline(fmt: str) -> Callable[[str, Path], object]:
    """Return the baseline of an export in ``fmt``: the app, with the format's package imported."""

    def start(url: str, _out: Path) -> None:
        from annotator.core.formats import get_format

        app_on(url)
        needed = get_format(fmt)
        if needed is not None and needed.requires:
            __import__(needed.requires)

    return start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spans", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--child", choices=("export", "baseline"), default=None)
    parser.add_argument("--out", default=None)
    parser.add_argument("--memory-only", action="store_true", help="skip the timed runs")
    parser.add_argument("--no-import", action="store_true", help="skip the import runs")
    parser.add_argument(
        "--general", action="store_true", help="also time the general path (a dict per span)"
    )
    parser.add_argument(
        "--format", default=None, help="also time an export in this format (e.g. spacy)"
    )
    parser.add_argument(
        "--warnings-after",
        action="store_true",
        help="count what the format leaves out as the command line does, while writing",
    )
    args = parser.parse_args()
    global WARNINGS_FIRST
    WARNINGS_FIRST = not args.warnings_after
    if args.child:
        fmt = args.format or "jsonl"
        modes = {
            "export": lambda url, out: export_to(url, out, fmt),
            "baseline": format_baseline(fmt),
        }
        run_child(args.child, args.database_url, Path(args.out), modes)
        return

    print(machine(args.database_url))
    if args.format:
        from annotator.core.formats import get_format

        needed = get_format(args.format)
        if needed is not None and needed.requires:
            began, cpu = time.perf_counter(), time.process_time()
            __import__(needed.requires)
            print(
                f"importing {needed.requires}: {time.perf_counter() - began:.2f} s "
                f"({time.process_time() - cpu:.2f} s CPU), once per process"
            )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for spans in args.spans:
            url, drop = create_database(args.database_url, folder, "annotator_bench")
            try:
                began = time.perf_counter()
                build(url, spans)
                print(f"\n{spans:,} spans: built in {time.perf_counter() - began:.1f} s")
                ours, floors, imports, general = [], [], [], []
                CPU.clear()
                FLOOR_CPU.clear()
                GENERAL_CPU.clear()
                FORMAT_CPU.clear()
                formats: list[float] = []
                out, again = folder / "export.jsonl", folder / "floor.jsonl"
                if args.memory_only:
                    print_peaks(url, folder, args.format)
                    continue
                for _ in range(args.runs):
                    # Alternated, so that the machine's load falls on each alike.
                    seconds, documents = export_to(url, out)
                    ours.append(seconds)
                    floors.append(floor(url, again))
                    if again.read_bytes() != out.read_bytes():
                        raise SystemExit("the floor wrote a different file from the export")
                    if args.format:
                        seconds, _ = export_to(url, folder / f"export.{args.format}", args.format)
                        formats.append(seconds)
                    if args.general:
                        general.append(export_general(url, again))
                        if again.read_bytes() != out.read_bytes():
                            raise SystemExit("the general path wrote a different file")
                size = out.stat().st_size / 1e6
                o, f = statistics.median(ours), statistics.median(floors)
                print(f"  documents {documents:,}, file {size:.1f} MB, median of {args.runs}")
                print(f"  export  {o:.2f} s  {spans / o:>10,.0f} spans/s (best {min(ours):.2f} s)")
                print(
                    f"  floor   {f:.2f} s  {spans / f:>10,.0f} spans/s (best {min(floors):.2f} s)"
                )
                print(f"  ours / floor: {o / f:.2f} wall")
                oc, fc = statistics.median(CPU), statistics.median(FLOOR_CPU)
                print(
                    f"  CPU: export {oc:.2f} s ({spans / oc:,.0f} spans/s, best {min(CPU):.2f} s), "
                    f"floor {fc:.2f} s ({spans / fc:,.0f} spans/s, best {min(FLOOR_CPU):.2f} s), "
                    f"ours / floor {oc / fc:.2f}"
                )
                if formats:
                    m, mc = statistics.median(formats), statistics.median(FORMAT_CPU)
                    ratios = [x / y for x, y in zip(FORMAT_CPU, CPU, strict=True)]
                    print(
                        f"  {args.format}: {m:.2f} s wall (best {min(formats):.2f} s), "
                        f"CPU {mc:.2f} s (best {min(FORMAT_CPU):.2f} s); "
                        f"/ jsonl: {m / o:.2f} wall, {mc / oc:.2f} CPU "
                        f"(per run: {', '.join(f'{x:.2f}' for x in ratios)})"
                    )
                if general:
                    g, gc = statistics.median(general), statistics.median(GENERAL_CPU)
                    print(
                        f"  general path (a dict per span): {g:.2f} s "
                        f"{spans / g:>10,.0f} spans/s, CPU {gc:.2f} s, / floor {gc / fc:.2f}"
                    )
                print_peaks(url, folder, args.format)
                if spans <= 200_000 and not args.no_import:
                    for _ in range(args.runs):
                        imports.append(import_from(url, out))
                    i = statistics.median(imports)
                    print(
                        f"  import  {i:.2f} s  {spans / i:>10,.0f} spans/s "
                        f"(best {min(imports):.2f} s)"
                    )
            finally:
                drop()
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
