"""Benchmark document import against "the floor".

The floor is the least any import must do: parse the JSONL file, normalise and hash each text,
split it into sentences and insert the document and sentence rows with plain SQLAlchemy Core
``executemany`` in one transaction. Ours is ``annotator.services.datasets.imports.import_paths``,
which also checks every record, looks up existing ids and collects problems. Both run on the same
data, on a fresh database each run, alternating which goes first; the median and the best of the
runs are printed, with ours / floor (target: at most 1.5).

Run from the project root::

    .venv/bin/python benchmarks/import_speed.py [--docs 2000 200] [--runs 5]
        [--database-url postgresql+psycopg://127.0.0.1/test]

Without ``--database-url`` each run gets a new SQLite file; with a PostgreSQL server URL each
run creates a new database next to it and drops it afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from annotator.core.segmentation import SEGMENTER_VERSION, split_sentences  # noqa: E402
from annotator.core.text import content_hash, normalise_text  # noqa: E402
from annotator.db import get_session  # noqa: E402
from annotator.engine import get_engine  # noqa: E402
from annotator.models import Document, Sentence, utcnow  # noqa: E402
from annotator.services.datasets.imports import import_paths  # noqa: E402
from benchmarks.app_factory import bench_project, migrated_app  # noqa: E402
from tests.databases import fresh_database  # noqa: E402

DOC_CHARS = 7_000


def build_corpus(path: Path, count: int) -> int:
    """Write ``count`` news-like documents of about 7 KB made of the seed articles' sentences."""
    sentences, titles = [], []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        body = normalise_text(seed.read_text(encoding="utf-8"))
        titles.append(body.split("\n", 1)[0])
        sentences += [body[s:e] for s, e in split_sentences(body) if e - s > 20]
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            paragraphs, size = [], 0
            while size < DOC_CHARS:
                paragraph = " ".join(rng.sample(sentences, rng.randint(2, 5)))
                paragraphs.append(paragraph)
                size += len(paragraph) + 2
            title = f"{rng.choice(titles)} ({i})"
            record = {"id": f"news-{i:05d}", "title": title, "text": "\n\n".join(paragraphs)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def floor_import(engine, project_id: int, path: Path) -> int:  # noqa: ANN001
    """Parse, split and insert with plain Core executemany, in one transaction."""
    now = utcnow()
    rows, splits = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        record = json.loads(line)
        body = normalise_text(record["text"])
        splits.append(split_sentences(body))
        rows.append(
            {
                "project_id": project_id,
                "external_id": str(record["id"]),
                "title": record.get("title"),
                "meta": record.get("meta") or {},
                "text": body,
                "content_hash": content_hash(body),
                "segmenter_version": SEGMENTER_VERSION,
                "created_at": now,
            }
        )
    documents = Document.__table__
    with engine.begin() as connection:
        ids = connection.execute(
            insert(documents).returning(documents.c.id, sort_by_parameter_order=True), rows
        ).scalars()
        sentence_rows = [
            {"document_id": doc_id, "index": i, "start": s, "end": e}
            for doc_id, spans in zip(ids, splits, strict=True)
            for i, (s, e) in enumerate(spans)
        ]
        connection.execute(insert(Sentence.__table__), sentence_rows)
    return len(rows)


def timed_run(kind: str, url: str, path: Path) -> float:
    """Set up an app and a project on ``url``, then time one import of ``path``."""
    app = migrated_app(url)
    with app.app_context():
        engine = get_engine(app)
        session = get_session()
        project = bench_project(session)
        session.commit()
        project_id = project.id
        start = time.perf_counter()
        if kind == "ours":
            report = import_paths(session, project, [path])
            session.commit()
            count = report.created
        else:
            count = floor_import(engine, project_id, path)
        elapsed = time.perf_counter() - start
        session.close()
        engine.dispose()
    assert count > 0
    return elapsed


def measure(docs: int, runs: int, server_url: str | None) -> None:
    """Time ours and the floor on ``docs`` documents, alternating, and print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        data = workdir / "news.jsonl"
        size = build_corpus(data, docs)
        times: dict[str, list[float]] = {"ours": [], "floor": []}
        for run in range(runs):
            order = ["ours", "floor"] if run % 2 == 0 else ["floor", "ours"]
            for kind in order:
                with fresh_database(server_url, workdir, "annotator_bench") as url:
                    times[kind].append(timed_run(kind, url, data))
    ours, floor = statistics.median(times["ours"]), statistics.median(times["floor"])
    print(
        f"{docs} docs, {size / 1e6:.1f} MB, {runs} runs: "
        f"ours median {ours:.3f} s (best {min(times['ours']):.3f}), "
        f"floor median {floor:.3f} s (best {min(times['floor']):.3f}), "
        f"ratio {ours / floor:.2f} (best/best {min(times['ours']) / min(times['floor']):.2f}); "
        f"ours {docs / ours:.0f} docs/s, {size / 1e6 / ours:.2f} MB/s"
    )


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> None:
    """Parse the arguments and run the measurements."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[2000, 200])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite files)")
    args = parser.parse_args(argv)
    split_sentences("Warm up. The model loads once.")
    backend = make_url(args.database_url).drivername if args.database_url else "sqlite (file)"
    out(
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{backend}, segmenter {SEGMENTER_VERSION}"
    )
    for docs in args.docs:
        measure(docs, args.runs, args.database_url)


if __name__ == "__main__":
    main()
