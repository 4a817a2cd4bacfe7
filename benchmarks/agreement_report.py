"""Time the whole agreement report (loading included) on a large synthetic project.

Run from the repository root::

    .venv/bin/python benchmarks/agreement_report.py [--documents 10000] [--database-url URL]
        [--keep FILE.sqlite] [--repeat N]

Builds a project of N documents (1,000 characters, 10 sentences each), 3 annotators who
each mark 20 spans per document (a shared "true" set, boundaries shifted, labels swapped
or spans moved at random per annotator), 3 ATTRIBUTED_TO relations, a ``claimer`` on
every claim, two sentence labels per sentence and one document label, and a gold layer on
one document in ten. Rows go in with bulk inserts (not through the services: this times
the report, not the import). Then times ``agreement_report`` best of N runs, on SQLite by
default (a temporary file) or on the database URL given (it must be empty; PostgreSQL:
``postgresql+psycopg://127.0.0.1/DBNAME``). ``--keep FILE`` builds the SQLite file once and
reuses it on later runs (building takes minutes): the way to time two versions of the code
on one database. Also timed: the span comparison alone (``compare_layers`` for every pair of
annotators and against gold, on a corpus loaded once), the part the span measures cost.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import MetaData, insert, select  # noqa: E402

from annotator.db import get_session  # noqa: E402
from annotator.engine import get_engine  # noqa: E402
from annotator.models import (  # noqa: E402
    DOCUMENT_UNIT,
    GOLD,
    Assignment,
    Document,
    LabelValue,
    Layer,
    Project,
    Relation,
    Sentence,
    Span,
    User,
)
from annotator.services.agreement.corpus import load_corpus  # noqa: E402
from annotator.services.agreement.report import agreement_report  # noqa: E402
from annotator.services.agreement.spans import compare_layers  # noqa: E402
from benchmarks.app_factory import app_on, bench_project, migrated_app  # noqa: E402

LABELS = ["CLAIM", "SOURCE", "CUE", "BIASED_WORD"]
ANNOTATORS = ["ann1", "ann2", "ann3"]
LENGTH, SENTENCES, SPANS = 1000, 10, 20


def _perturb(rng: random.Random, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for start, end, label in spans:
        roll = rng.random()
        if roll < 0.15:
            start = max(0, start + rng.randint(-3, 3))
            end = max(start + 1, min(LENGTH, end + rng.randint(-3, 3)))
        elif roll < 0.22:
            label = rng.choice(LABELS)
        elif roll < 0.30:
            start = rng.randrange(0, LENGTH - 40)
            end = start + rng.randint(3, 40)
        out.append((start, end, label))
    return out


def build(session: Any, documents: int, seed: int = 7) -> Any:
    """Insert the synthetic project and return it."""
    rng = random.Random(seed)
    project = bench_project(session)
    users = []
    for name in ANNOTATORS:
        user = User(username=name, role="annotator", password_hash=None)
        session.add(user)
        users.append(user)
    session.flush()
    text = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do. " * 16)[:LENGTH]
    session.execute(
        insert(Document),
        [
            {
                "project_id": project.id,
                "external_id": f"d{i}",
                "number": i + 1,
                "title": None,
                "meta": {},
                "text": text,
                "content_hash": f"{i:064d}",
                "segmenter_version": "bench",
            }
            for i in range(documents)
        ],
    )
    doc_ids = list(session.scalars(Document.__table__.select().with_only_columns(Document.id)))
    step = LENGTH // SENTENCES
    session.execute(
        insert(Sentence),
        [
            {"document_id": d, "index": k, "start": k * step, "end": (k + 1) * step - 1}
            for d in doc_ids
            for k in range(SENTENCES)
        ],
    )
    session.execute(
        insert(Assignment),
        [{"document_id": d, "user_id": u.id, "status": "done"} for d in doc_ids for u in users],
    )
    owners: list[int | None] = [u.id for u in users]
    layers = [
        {"document_id": d, "user_id": owner, "key": Layer.key_for(owner)}
        for d in doc_ids
        for owner in owners + ([None] if d % 10 == 0 else [])
    ]
    session.execute(insert(Layer), layers)
    layer_rows = session.execute(
        Layer.__table__.select().with_only_columns(Layer.id, Layer.document_id, Layer.user_id)
    ).all()
    by_doc: dict[int, list[tuple[int, int | None]]] = {}
    for layer_id, doc_id, user_id in layer_rows:
        by_doc.setdefault(doc_id, []).append((layer_id, user_id))
    spans, labels, relation_plan = [], [], []
    stances, worth = (
        ["FAVOR", "AGAINST", "NONE"],
        ["NON_FACTUAL", "UNIMPORTANT_FACTUAL", "CHECK_WORTHY_FACTUAL"],
    )
    for doc_layers in by_doc.values():
        truth = []
        for _ in range(SPANS):
            start = rng.randrange(0, LENGTH - 40)
            truth.append((start, start + rng.randint(3, 40), rng.choice(LABELS)))
        true_stance = [rng.choice(stances) for _ in range(SENTENCES)]
        true_worth = [rng.choice(worth) for _ in range(SENTENCES)]
        for layer_id, _user in doc_layers:
            mine = _perturb(rng, truth)
            for k, (start, end, label) in enumerate(mine):
                attributes = (
                    {"claimer": rng.choice(["REPORTED", "JOURNALIST"])}
                    if (label == "CLAIM")
                    else {}
                )
                spans.append(
                    {
                        "layer_id": layer_id,
                        "label": label,
                        "start": start,
                        "end": end,
                        "attributes": attributes,
                        "version": 1,
                    }
                )
                relation_plan.append((layer_id, k, label))
            for k in range(SENTENCES):
                stance = true_stance[k] if rng.random() < 0.8 else rng.choice(stances)
                level = true_worth[k] if rng.random() < 0.7 else rng.choice(worth)
                labels.append(
                    {"layer_id": layer_id, "sentence_index": k, "name": "stance", "value": stance}
                )
                labels.append(
                    {
                        "layer_id": layer_id,
                        "sentence_index": k,
                        "name": "checkworthiness",
                        "value": level,
                    }
                )
            labels.append(
                {
                    "layer_id": layer_id,
                    "sentence_index": DOCUMENT_UNIT,
                    "name": "genre",
                    "value": rng.choice(["NEWS", "OPINION"]),
                }
            )
    session.execute(insert(Span), spans)
    session.execute(insert(LabelValue), labels)
    span_rows = session.execute(
        Span.__table__.select()
        .with_only_columns(Span.id, Span.layer_id, Span.label)
        .order_by(Span.id)
    ).all()
    per_layer: dict[int, dict[str, list[int]]] = {}
    for span_id, layer_id, label in span_rows:
        per_layer.setdefault(layer_id, {}).setdefault(label, []).append(span_id)
    relations = []
    for layer_id, by_label in per_layer.items():
        for claim, source in list(
            zip(by_label.get("CLAIM", []), by_label.get("SOURCE", []), strict=False)
        )[:3]:
            relations.append(
                {
                    "layer_id": layer_id,
                    "type": "ATTRIBUTED_TO",
                    "from_span_id": claim,
                    "to_span_id": source,
                }
            )
    session.execute(insert(Relation), relations)
    session.commit()
    return project, len(spans), len(relations), len(labels)


def _time_span_comparison(session: Any, project: Any, repeat: int) -> None:
    """Print the best CPU time of comparing the span layers (every pair, and against gold)."""
    corpus = load_corpus(session, project)
    pairs = [(x, y) for i, x in enumerate(corpus.annotators) for y in corpus.annotators[i + 1 :]]
    cpus = []
    for _ in range(repeat):
        cpu = time.process_time()
        for x, y in pairs:
            compare_layers(corpus, x, y, per_document=False)
        for name in corpus.annotators:
            compare_layers(corpus, GOLD, name, per_document=False, unitizing=False)
        cpus.append(time.process_time() - cpu)
    runs = ", ".join(f"{c:.2f}" for c in cpus)
    print(f"  span comparison alone: best CPU {min(cpus):.2f} s (runs: {runs})")
    session.rollback()


def main() -> None:
    """Build the project, time the report, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--keep", type=Path, help="SQLite file to build once and reuse (its --documents)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        reuse = False
        if args.keep is not None:
            reuse = args.keep.exists()
            url = f"sqlite:///{args.keep.resolve()}"
        app = app_on(url) if reuse else migrated_app(url)
        with app.app_context():
            session = get_session()
            if reuse:
                project = session.scalars(select(Project).where(Project.slug == "bench")).one()
                print(f"reusing {args.keep}")
            else:
                started = time.perf_counter()
                project, spans, relations, labels = build(session, args.documents)
                print(
                    f"built in {time.perf_counter() - started:.1f} s: {args.documents} "
                    f"documents, {spans} spans, {relations} relations, {labels} label values "
                    f"({url.split(':')[0]})"
                )
            walls, cpus = [], []
            for _ in range(args.repeat):
                session.expire_all()
                wall, cpu = time.perf_counter(), time.process_time()
                report = agreement_report(session, project)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                session.rollback()
            print(
                f"agreement report: best wall {min(walls):.2f} s, best CPU {min(cpus):.2f} s "
                f"(runs: {', '.join(f'{w:.2f}' for w in walls)})"
            )
            # Loading alone (the queries, run in this process on SQLite, and the parsing).
            load_walls, load_cpus = [], []
            for _ in range(args.repeat):
                session.expire_all()
                wall, cpu = time.perf_counter(), time.process_time()
                load_corpus(session, project)
                load_walls.append(time.perf_counter() - wall)
                load_cpus.append(time.process_time() - cpu)
                session.rollback()
            print(
                f"  of which loading: best wall {min(load_walls):.2f} s, "
                f"best CPU {min(load_cpus):.2f} s"
            )
            _time_span_comparison(session, project, args.repeat)
            figures = {
                "CLAIM f1_exact": report["spans"]["CLAIM"]["f1_exact"],
                "CLAIM f1_overlap": report["spans"]["CLAIM"]["f1_overlap"],
                "CLAIM alpha_unitizing": report["spans"]["CLAIM"]["alpha_unitizing"],
                "_all alpha_unitizing": report["spans"]["_all"]["alpha_unitizing"],
                "ATTRIBUTED_TO f1": report["relations"]["ATTRIBUTED_TO"]["f1"],
                "stance alpha_nominal": report["labels"]["stance"]["alpha_nominal"],
                "checkworthiness alpha_ordinal": report["labels"]["checkworthiness"][
                    "alpha_ordinal"
                ],
            }
            for name, value in figures.items():
                print(f"  {name}: {value:.4f}")
            if args.database_url and not args.keep:
                # Every table, Alembic's too, so that the next run migrates it anew.
                every_table = MetaData()
                every_table.reflect(get_engine(app))
                every_table.drop_all(get_engine(app))
            get_engine(app).dispose()


if __name__ == "__main__":
    main()
