"""Benchmark the suggestions of issue 12 on PolNeAR, through the project's own import and training.

PolNeAR (Newell, Margolin and Ruths 2018; github.com/networkdynamics/PolNeAR) is about
1,000 US political news articles with attributions in brat standoff: Source, Cue and
Content spans tied by an event. It states no licence, so it is never copied into this
repository: the benchmark reads a local copy given on the command line::

    .venv/bin/python benchmarks/assist.py /path/to/PolNeAR [--train-limit N] [--keep DIR]

The path may be the checkout or its ``data`` folder. Only the ``train`` and ``dev`` splits
are read, and scores are reported on dev; the benchmark refuses any path that names the
test split, which is kept unseen for a final evaluation.

What it does, as a user would:

1.  Lays each split out as our brat import reads it, in a temporary folder (never in the
    checkout): ``<split>/gold/<article>.txt`` and ``.ann``. PolNeAR keeps texts in ``text/``
    and annotations in ``attributions/`` named ``<article>_<annotator>.ann``; an article
    annotated by several annotators keeps the first file by name.
2.  Makes a project (span labels SOURCE, CUE, CLAIM; relations ATTRIBUTED_TO, CUED_BY) in a
    new SQLite database and imports the train split as gold with ``annotator import --format
    brat --map`` (Source -> SOURCE, Cue -> CUE, Content -> CLAIM, the event's Content->Source
    and Content->Cue role pairs -> ATTRIBUTED_TO and CUED_BY; the event triggers and the
    Discuss and Discard labels left out). A discontinuous span becomes one span per fragment.
    Whatever the import refuses is printed with the reason, and left out.
3.  Trains the tagger on the project's gold as ``annotator assist train`` does (the same
    service reads the gold, the same call trains the stored model), without the five-fold
    cross-validation that command adds for its held-out scores; stores it as version 1.
4.  Imports dev as gold (after training, so that the model never sees it), writes its
    suggestions layer with ``annotator assist predict``, and scores that layer against gold
    as the agreement report does (:mod:`annotator.services.agreement.model`).
5.  Does the same with the rules alone, in a second project that has no model.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from flask import Flask  # noqa: E402
from sqlalchemy import select  # noqa: E402

from annotator.core.assist import tagger, tagger_training  # noqa: E402
from annotator.core.vocabulary import SUGGESTIONS  # noqa: E402
from annotator.db import get_session  # noqa: E402
from annotator.models import Document, GoldStatus, Layer, Project, utcnow  # noqa: E402
from annotator.services.accounts.projects import create_project  # noqa: E402
from annotator.services.agreement.model import model_against_gold  # noqa: E402
from annotator.services.assist.training import (  # noqa: E402
    Trained,
    newest_model,
    store_model,
)
from annotator.services.assist.training_data import gold_documents, span_labels  # noqa: E402
from benchmarks.app_factory import migrated_app  # noqa: E402

ROLES = ("SOURCE", "CUE", "CLAIM")
SCHEMA = {
    "name": "PolNeAR",
    "allow_overlap": True,
    "span_labels": [{"name": name} for name in ROLES],
    "relation_types": [
        {"name": "ATTRIBUTED_TO", "from": ["CLAIM"], "to": ["SOURCE"]},
        {"name": "CUED_BY", "from": ["CLAIM"], "to": ["CUE"]},
    ],
}
LABEL_MAP = ",".join(
    [
        "Source=SOURCE",
        "Cue=CUE",
        "Content=CLAIM",
        "Attribution=-",
        "Attribution-no-source=-",
        "Discuss=-",
        "Discard=-",
        "Content->Source=ATTRIBUTED_TO",
        "Content->Cue=CUED_BY",
    ]
)
_ANNOTATOR_SUFFIX = re.compile(r"_[0-9a-f]{4}\.ann$")
# A problem line of a failed import, as ``annotator import`` prints it.
_PROBLEM = re.compile(r"^\s+(?P<file>[^:]+\.(?:ann|txt)):(?:\d+:)?\s*(?P<message>.*)$")


def data_folder(path: Path) -> Path:
    """Return the folder holding ``train`` and ``dev``, refusing anything about the test split."""
    if "test" in path.resolve().parts:
        raise SystemExit(f"refused: {path} is in the test split, which this benchmark never reads")
    for candidate in (path, path / "data"):
        if (candidate / "train").is_dir() and (candidate / "dev").is_dir():
            return candidate
    raise SystemExit(f"{path}: no train/ and dev/ folders (give the PolNeAR checkout)")


def arrange(data: Path, split: str, into: Path, limit: int = 0) -> Path:
    """Lay one split out for the brat import in ``into/<split>/gold``; return that folder.

    :raises SystemExit: a split other than train or dev (the test split is never read).
    """
    if split not in ("train", "dev"):
        raise SystemExit(f"refused: split {split!r}; only train and dev are read")
    source = data / split
    annotation_files: dict[str, Path] = {}
    for ann in sorted((source / "attributions").glob("*.ann")):
        annotation_files.setdefault(_ANNOTATOR_SUFFIX.sub("", ann.name), ann)
    names = sorted(annotation_files)
    if limit:
        names = names[:limit]
    folder = into / split / "gold"
    folder.mkdir(parents=True)
    without_text = []
    for name in names:
        text = source / "text" / f"{name}.txt"
        if not text.is_file():
            without_text.append(name)
            continue
        shutil.copyfile(text, folder / f"{name}.txt")
        shutil.copyfile(annotation_files[name], folder / f"{name}.ann")
    texts = len(list((source / "text").glob("*.txt")))
    print(
        f"{split}: {texts} texts, {len(annotation_files)} annotated; laid out {len(names)}"
        + (f"; {len(without_text)} annotations without a text left out" if without_text else "")
    )
    return folder


def make_app(folder: Path) -> Flask:
    """Return the app on a new SQLite database in ``folder``, its tables made."""
    return migrated_app(f"sqlite:///{folder / 'bench.db'}")


def import_gold(app: Flask, slug: str, folder: Path) -> list[str]:
    """Import a laid-out split as gold with ``annotator import --format brat``.

    The import is all or nothing: when it refuses files, they are printed with the reasons,
    moved aside and the rest imported. Returns the external ids of the imported documents.
    """
    for attempt in range(2):
        started = time.perf_counter()
        result = app.test_cli_runner().invoke(
            # The corpus root: its sub-folder ``gold`` names the layer of the files in it.
            args=["import", slug, str(folder.parent), "--format", "brat", "--map", LABEL_MAP]
        )
        seconds = time.perf_counter() - started
        if result.exit_code == 0:
            print(f"  {result.output.strip()} ({seconds:.1f} s wall)")
            break
        refused = _refused(result.output, folder)
        # Refusing most of the corpus is no matter of a few files: stop and show why.
        if attempt or not refused or 2 * len(refused) > len(list(folder.glob("*.txt"))):
            raise SystemExit(f"the import failed:\n{result.output}")
        print(f"  the import refused {len(refused)} document(s); left out:")
        for name, messages in sorted(refused.items()):
            print(f"    {name}: {'; '.join(messages)}")
            for suffix in (".txt", ".ann"):
                (folder / f"{name}{suffix}").unlink(missing_ok=True)
    with app.app_context():
        session = get_session()
        final_gold(session, session.query(Project).filter_by(slug=slug).one())
        session.commit()
    return sorted(path.stem for path in folder.glob("*.txt"))


def final_gold(session: Any, project: Project) -> None:
    """Mark the project's gold final: PolNeAR's gold was reviewed where it was made.

    Imported gold no reviewer has touched is pre-annotation to the agreement report, which
    would leave every document out of the scores.
    """
    have = set(session.scalars(select(GoldStatus.document_id)))
    for document_id in session.scalars(
        select(Document.id).where(Document.project_id == project.id)
    ):
        if document_id not in have:
            session.add(GoldStatus(document_id=document_id, status="final", updated_at=utcnow()))


def _refused(output: str, folder: Path) -> dict[str, list[str]]:
    refused: dict[str, list[str]] = {}
    for line in output.splitlines():
        match = _PROBLEM.match(line)
        if match:
            name = Path(match["file"]).stem
            if (folder / f"{name}.txt").exists():
                refused.setdefault(name, []).append(match["message"])
    return refused


def run_cli(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    if result.exit_code != 0:
        raise SystemExit(f"annotator {' '.join(args)} failed:\n{result.output}")
    return str(result.output)


def new_project(app: Flask, slug: str) -> None:
    with app.app_context():
        session = get_session()
        create_project(session, slug, slug, SCHEMA)
        session.commit()


def train(app: Flask, slug: str, options: tagger_training.TrainingOptions) -> float:
    """Train on the project's gold as ``assist train`` does (no cross-validation); CPU s."""
    with app.app_context():
        session = get_session()
        project = session.query(Project).filter_by(slug=slug).one()
        documents, labels = gold_documents(session, project), span_labels(project)
        words = statistics.fmean(len(d.text.split()) for d in documents)
        spans = sum(len(d.spans) for d in documents)
        print(f"train: {len(documents)} gold documents, {words:.0f} words each, {spans} spans")
        wall, cpu = time.perf_counter(), time.process_time()
        model = tagger_training.train(documents, labels, options=options)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        row = store_model(session, project, None, Trained(model, {}, len(documents)))
        session.commit()
        print(
            f"training on {len(documents)} documents ({options}): "
            f"{cpu:.1f} s CPU, {wall:.1f} s wall; stored as version {row.version}, "
            f"{len(model.to_bytes()) / 1e6:.1f} MB"
        )
        return cpu


def suggest_and_score(app: Flask, slug: str, dev: list[str], title: str) -> None:
    """Write the dev documents' suggestions with ``assist predict``; score them against gold."""
    cpu, wall = time.process_time(), time.perf_counter()
    print("  " + run_cli(app, "assist", "predict", slug, "--documents", ",".join(dev)).strip())
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    with app.app_context():
        session = get_session()
        project = session.query(Project).filter_by(slug=slug).one()
        found = model_against_gold(session, project, documents=dev)
    assert found is not None, "no suggestions on the dev documents"
    print_scores(f"{title} ({found['name']}, {found['documents']} documents)", found)
    print(
        f"suggesting through `assist predict` (model read, suggestions written): "
        f"{1000 * cpu / len(dev):.1f} ms CPU, {1000 * wall / len(dev):.1f} ms wall per document"
    )


def print_scores(title: str, found: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(
        "| label | gold | predicted | P exact | R exact | F1 exact | P overlap | R overlap |"
        " F1 overlap |\n|---|---|---|---|---|---|---|---|---|"
    )
    for label in ROLES:
        s = found["spans"][label]
        figures = [
            s[k]
            for k in ("precision", "recall", "f1", "precision_overlap", "recall_overlap")
            + ("f1_overlap",)
        ]
        cells = " | ".join(_ratio(v) for v in figures)
        print(f"| {label} | {s['gold']} | {s['suggested']} | {cells} |")
    for kind, r in found["relations"].items():
        # F1 is 2 tp / (gold + predicted): the overlap matches' count, from their F1.
        matched = (r["f1_overlap"] or 0) * (r["gold"] + r["suggested"]) / 2
        overlap = [matched / n if n else None for n in (r["suggested"], r["gold"])]
        print(
            f"relation {kind}: gold {r['gold']}, predicted {r['suggested']}, "
            f"P {_ratio(r['precision'])} R {_ratio(r['recall'])} F1 {_ratio(r['f1'])} "
            f"(ends exact), P {_ratio(overlap[0])} R {_ratio(overlap[1])} "
            f"F1 {_ratio(r['f1_overlap'])} (ends overlap)"
        )


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def time_long_document(app: Flask, slug: str, runs: int = 15) -> None:
    """Time the stored model on a 1,000-word dev text, its sentence splitting included."""
    with app.app_context():
        session = get_session()
        project = session.query(Project).filter_by(slug=slug).one()
        found = newest_model(session, project)
        assert found is not None
        model = found.model
        # The dev documents: those with suggestions (the model was not trained on them).
        texts = session.scalars(
            select(Document.text)
            .join(Layer, Layer.document_id == Document.id)
            .where(Document.project_id == project.id, Layer.key == SUGGESTIONS)
            .order_by(Document.external_id)
        ).all()
    text = " ".join(" ".join(t.split("\n\n")) for t in texts)
    cut = [m.start() for m in re.finditer(r"\S+", text)][1000]
    text = text[:cut].rstrip()
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        tagger.predict(model, text)
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    print(
        f"1,000-word document: median {1000 * statistics.median(cpu):.0f} ms CPU, "
        f"{1000 * statistics.median(wall):.0f} ms wall ({runs} runs)"
    )


def training_options(args: argparse.Namespace) -> tagger_training.TrainingOptions:
    """The defaults, but for what the command line turned off (to measure what each adds)."""
    chosen: dict[str, Any] = {}
    if args.no_learned_words:
        chosen["learned_words"] = False
    if args.clusters is not None:
        chosen["word_clusters"] = args.clusters
    if args.shuffle_seed is not None:
        chosen["shuffle_seed"] = args.shuffle_seed
    if args.epochs is not None:
        chosen["epochs"] = args.epochs
    return tagger_training.TrainingOptions(**chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("polnear", type=Path, help="the PolNeAR checkout (or its data folder)")
    parser.add_argument("--train-limit", type=int, default=0, help="train on the first N only")
    parser.add_argument("--rules-only", action="store_true", help="skip the learned tagger")
    parser.add_argument(
        "--rules-on",
        default="dev",
        help="the splits the rules are scored on, comma-separated: dev (default), train,dev",
    )
    parser.add_argument("--keep", type=Path, help="work in this new folder and keep it")
    parser.add_argument(
        "--no-learned-words", action="store_true", help="train without the gold's label words"
    )
    parser.add_argument("--clusters", type=int, help="word clusters (0: none)")
    parser.add_argument(
        "--shuffle-seed",
        type=int,
        help="seed of the learner's shuffle (default 0; 1 is the same in glibc)",
    )
    parser.add_argument("--epochs", type=int, help="the learner's passes over the training data")
    args = parser.parse_args()
    data = data_folder(args.polnear)
    print(f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.keep:
        args.keep.mkdir(parents=True)
        run(data, args.keep, args)
        return
    with tempfile.TemporaryDirectory(prefix="polnear-") as folder:
        run(data, Path(folder), args)


def run(data: Path, folder: Path, args: argparse.Namespace) -> None:
    app = make_app(folder)
    dev_folder = arrange(data, "dev", folder)
    for split in args.rules_on.split(","):
        # The rules learn nothing: train is as unseen to them as dev (the test split is never read).
        slug = f"polnear-rules-{split}"
        print(f"\n(a) pre-annotation by rules alone on {split} (project {slug}, no model)")
        new_project(app, slug)
        where = dev_folder if split == "dev" else arrange(data, split, folder)
        documents = import_gold(app, slug, where)
        suggest_and_score(app, slug, documents, f"(a) rules, {split}")
    if args.rules_only:
        return
    print("\n(b) the tagger (project polnear)")
    new_project(app, "polnear")
    import_gold(app, "polnear", arrange(data, "train", folder, args.train_limit))
    train(app, "polnear", training_options(args))
    dev = import_gold(app, "polnear", dev_folder)
    suggest_and_score(app, "polnear", dev, "(b) tagger trained on train, dev")
    time_long_document(app, "polnear")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
