"""Benchmark the suggestions of issue 12 on PolNeAR: rules alone, and the learned tagger.

PolNeAR (Newell, Margolin and Ruths 2018; github.com/networkdynamics/PolNeAR) is about
1,000 US political news articles with attributions in brat standoff: Source, Cue and
Content spans tied by an event. It states no licence, so it is never copied into this
repository: the benchmark reads a local copy given on the command line::

    .venv/bin/python benchmarks/assist.py /path/to/PolNeAR [--train-limit N] [--folds K]

The path may be the checkout or its ``data`` folder. Only the ``train`` and ``dev`` splits
are read, and scores are reported on dev; the benchmark refuses any path that names the
test split, which is kept unseen for a final evaluation.

Labels: Source -> SOURCE, Cue -> CUE, Content -> CLAIM. A discontinuous brat span (its
fragments joined by ``;``) counts as one span per fragment. An article annotated by
several annotators keeps the first annotation file in name order.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from annotator.core.assist import tagger  # noqa: E402
from annotator.core.assist.attribution import pre_annotate  # noqa: E402
from annotator.core.assist.evaluation import LabelScores, score_spans  # noqa: E402
from annotator.core.assist.gold import GoldDocument, LabeledSpan  # noqa: E402
from annotator.core.assist.tagger import TrainingOptions  # noqa: E402
from annotator.core.segmentation import split_sentences  # noqa: E402

LABELS = {"Source": "SOURCE", "Cue": "CUE", "Content": "CLAIM"}
ROLES = ("SOURCE", "CUE", "CLAIM")
_ANNOTATOR_SUFFIX = re.compile(r"_[0-9a-f]{4}\.ann$")


def data_folder(path: Path) -> Path:
    """Return the folder holding ``train`` and ``dev``, refusing anything about the test split."""
    if "test" in path.resolve().parts:
        raise SystemExit(f"refused: {path} is in the test split, which this benchmark never reads")
    for candidate in (path, path / "data"):
        if (candidate / "train").is_dir() and (candidate / "dev").is_dir():
            return candidate
    raise SystemExit(f"{path}: no train/ and dev/ folders (give the PolNeAR checkout)")


def load_split(data: Path, split: str) -> list[GoldDocument]:
    """Read one split's articles and their first annotation file each."""
    if split not in ("train", "dev"):
        raise SystemExit(f"refused: split {split!r}; only train and dev are read")
    folder = data / split
    annotation_files: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        annotation_files.setdefault(_ANNOTATOR_SUFFIX.sub("", ann.name), ann)
    documents = []
    for name, ann in sorted(annotation_files.items()):
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        documents.append(GoldDocument(name, text, read_spans(ann), split_sentences(text)))
    return documents


def read_spans(ann: Path) -> list[LabeledSpan]:
    """Return the Source, Cue and Content spans of a brat file, one per fragment."""
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if not line.startswith("T") or len(fields) < 2:
            continue  # one file has a stray line
        kind, _, offsets = fields[1].partition(" ")
        if kind not in LABELS:
            continue
        for fragment in offsets.split(";"):
            start, end = (int(x) for x in fragment.split())
            spans.append(LabeledSpan(LABELS[kind], start, end))
    return spans


def gold_of(documents: list[GoldDocument]) -> list[list[tuple[str, int, int]]]:
    return [[tuple(s) for s in d.spans] for d in documents]  # type: ignore[misc]


def print_scores(title: str, scores: dict[str, LabelScores]) -> None:
    print(f"\n{title}")
    print(
        "| label | gold | predicted | P exact | R exact | F1 exact | P overlap | R overlap |",
        end="",
    )
    print(" F1 overlap |\n|---|---|---|---|---|---|---|---|---|")
    for label in ROLES:
        s = scores[label]
        cells = [
            _ratio(v)
            for v in (s.exact.precision, s.exact.recall, s.exact.f1)
            + (s.overlap.precision, s.overlap.recall, s.overlap.f1)
        ]
        print(f"| {label} | {s.exact.gold} | {s.exact.predicted} | " + " | ".join(cells) + " |")


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def evaluate_rules(dev: list[GoldDocument]) -> None:
    started = time.perf_counter()
    predicted = [
        [(s.label, s.start, s.end) for s in pre_annotate(d.text, d.sentences).spans] for d in dev
    ]
    seconds = time.perf_counter() - started
    print_scores("(a) pre-annotation by rules, dev", score_spans(gold_of(dev), predicted, ROLES))
    print(f"rules: {1000 * seconds / len(dev):.1f} ms per document")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("polnear", type=Path, help="the PolNeAR checkout (or its data folder)")
    parser.add_argument("--train-limit", type=int, default=0, help="train on the first N only")
    parser.add_argument("--rules-only", action="store_true", help="skip the learned tagger")
    parser.add_argument("--algorithm", choices=("ap", "lbfgs", "l2sgd"), help="CRF training")
    parser.add_argument("--epochs", type=int, help="passes (ap, l2sgd) or iterations (lbfgs)")
    args = parser.parse_args()
    data = data_folder(args.polnear)
    print(f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    dev = load_split(data, "dev")
    print(f"dev: {len(dev)} documents, {sum(len(d.spans) for d in dev)} spans")
    evaluate_rules(dev)
    if args.rules_only:
        return
    train = load_split(data, "train")
    if args.train_limit:
        train = train[: args.train_limit]
    words = statistics.fmean(len(d.text.split()) for d in train)
    print(f"train: {len(train)} documents, {words:.0f} words each on average")
    evaluate_tagger(train, dev, TrainingOptions(**options(args)))


def options(args: argparse.Namespace) -> dict[str, object]:
    chosen: dict[str, object] = {}
    if args.algorithm:
        chosen["algorithm"] = args.algorithm
    if args.epochs:
        chosen["epochs"] = args.epochs
    return chosen


def evaluate_tagger(
    train: list[GoldDocument], dev: list[GoldDocument], opts: TrainingOptions
) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    model = tagger.train(train, ROLES, options=opts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"\ntraining on {len(train)} documents ({opts}): {wall:.1f} s wall, {cpu:.1f} s CPU")
    stored = model.to_bytes()
    wall, cpu = time.perf_counter(), time.process_time()
    model = tagger.TaggerModel.from_bytes(stored)
    tagger.predict(model, "Officials said the model is loaded.")  # reads the weights once
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"model: {len(stored) / 1e6:.1f} MB, loaded in {wall:.1f} s wall, {cpu:.1f} s CPU")
    started = time.perf_counter()
    predictions = [
        tagger.predict(model, d.text, sentences=d.sentences, document_id=d.id) for d in dev
    ]
    per_document = (time.perf_counter() - started) / len(dev)
    predicted = [[(s.label, s.start, s.end) for s in p.spans] for p in predictions]
    print_scores("(b) tagger trained on train, dev", score_spans(gold_of(dev), predicted, ROLES))
    print(f"suggestions: {1000 * per_document:.1f} ms per dev document (sentences given)")
    time_long_document(model, dev)


def time_long_document(model: tagger.TaggerModel, dev: list[GoldDocument], runs: int = 15) -> None:
    """Time suggestions for a 1,000-word document, its sentence splitting included."""
    text = " ".join(" ".join(d.text.split("\n\n")) for d in dev)
    cut = [m.start() for m in re.finditer(r"\S+", text)][1000]
    text = text[:cut].rstrip()
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        tagger.predict(model, text)
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    print(
        f"1,000-word document: median {1000 * statistics.median(wall):.0f} ms wall, "
        f"{1000 * statistics.median(cpu):.0f} ms CPU ({runs} runs)"
    )


if __name__ == "__main__":
    main()
