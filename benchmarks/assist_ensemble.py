"""Ensembles of taggers and decoding by posterior on PolNeAR (issue 12, round 9).

Trains on PolNeAR's train split and scores dev, as ``benchmarks/assist.py`` does, but
splits the training into its steps so that one extraction of features serves several CRFs:

- **where training time goes**: tokens, label words, clusters, features and tags, handing
  the sequences to CRFsuite, each learner's run, reading its weights, fitting its temperature;
- **an ensemble**: K CRFs learned on the same features with different shuffle seeds
  (``--seeds 0,2,3``), or on different views of them (``nocl:0``, a member without the
  cluster features; see :data:`VIEWS`), each with its own temperature; their per-token
  marginals are averaged (``--sharpen`` multiplies every temperature);
- **decoding**: the best path of the CRF (``viterbi``; for an ensemble, the best path under
  the sum of the members' tempered scores), the best BIO-valid path under the sum of the
  log-marginals (``posterior``), and under the sum of the marginals themselves, the path with
  the most tags right in expectation (``expected``); or a vote on the members' own
  suggestions (``vote``: a span most members have; ``vote1``, ``vote3``: one, three).

After decoding, every variant goes through the tagger's own steps: span scores (the mean
marginal of the chosen tags), joined fragments, the least score and one source per cue. The
single model decoded by ``viterbi`` is ``tagger.predict``; the script checks that it gives
the same spans (and its member of seed 0 scores as ``benchmarks/assist.py`` does). The gold
is read through the project's import (``benchmarks/assist.py``'s) and may be kept in a
pickle outside the checkout (``--gold``), the members too (``--models``), for the next run::

    .venv/bin/python benchmarks/assist_ensemble.py /path/to/PolNeAR --gold /tmp/polnear.pickle \\
        --models /tmp/members --seeds 0,2,3 --epochs 10 --members 2,3 --each \\
        --decoders viterbi,posterior,expected,vote

Each row printed: overlap F1 (exact F1) for SOURCE, CUE and CLAIM on dev, then the median CPU
time of suggesting for the benchmark's 1,000-word text.

The test split is never read (``assist.data_folder`` refuses it).
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pycrfsuite
from assist import ROOT, data_folder, print_scores
from assist_thresholds import train_and_dev_gold

from annotator.core.assist import tagger
from annotator.core.assist.attachment import attach_sources
from annotator.core.assist.clusters import word_clusters
from annotator.core.assist.evaluation import score_spans
from annotator.core.assist.features import document_features
from annotator.core.assist.fragments import join_fragments, long_labels
from annotator.core.assist.gold import GoldDocument
from annotator.core.assist.inference import fit_temperature, marginals
from annotator.core.assist.learned import learn_words
from annotator.core.assist.paragraphs import paragraphs
from annotator.core.assist.suggestions import SuggestedSpan
from annotator.core.assist.tokens import tokenize
from annotator.core.segmentation import split_sentences

DECODERS = ("viterbi", "posterior", "expected", "vote")


#: Feature views: which of a token's features a member learns from (all by default).
VIEWS = {
    "all": lambda f: True,
    "nocl": lambda f: "cl=" not in f,
    "nolex": lambda f: not f.startswith("lex=") and "near" not in f,
    "nostruct": lambda f: not f.startswith(("sc=", "psc=", "qL=", "qR=")),
}


@dataclass
class Prepared:
    """What one extraction of features gives every member of an ensemble."""

    sequences: list[tuple[list[list[str]], list[str]]]
    trainers: dict[str, pycrfsuite.Trainer]
    calibration: list[tuple[list[list[str]], list[str]]]
    base: tagger.TaggerModel  # labels, tables and training documents; no CRF yet
    seconds: dict[str, float]


def prepare(documents: Sequence[GoldDocument], labels: Sequence[str]) -> Prepared:
    """``tagger.train``'s steps before the learner, each timed (CPU)."""
    seconds: dict[str, float] = {}
    clock = time.process_time()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.process_time()
        seconds[step] = now - clock
        clock = now

    tokenized = [tokenize(d.text) for d in documents]
    lap("tokens")
    learned = learn_words(zip(tokenized, (d.spans for d in documents), strict=True), labels)
    lap("label words")
    clusters = word_clusters(([t.text.lower() for t in tokens] for tokens in tokenized), 100)
    lap("clusters")
    every = max(1, len(documents) // 15)
    sequences, calibration = [], []
    for n, document in enumerate(documents):
        sentences = document.sentences or split_sentences(document.text)
        tokens, features = document_features(
            document.text, sentences, tokenized[n], learned=learned, clusters=clusters
        )
        for first, stop in paragraphs(document.text, tokens, sentences):
            tags = tagger.bio_tags(tokens[first:stop], document.spans, labels)
            sequences.append((features[first:stop], tags))
            if n % every == 0:
                calibration.append((features[first:stop], tags))
    lap("features and tags")
    trainers = {"all": handed(sequences, "all")}
    lap("sequences to CRFsuite")
    base = tagger.TaggerModel(
        labels=tuple(labels),
        crf=b"",
        trained_on=frozenset(d.id for d in documents),
        learned=learned,
        clusters=clusters,
        joined=long_labels(zip(tokenized, (d.spans for d in documents), strict=True), labels),
    )
    lap("joined labels")
    return Prepared(sequences, trainers, calibration, base, seconds)


def handed(sequences: Sequence[tuple[list[list[str]], list[str]]], view: str) -> pycrfsuite.Trainer:
    """A trainer holding the sequences, each token's features filtered by ``view``."""
    keep = VIEWS[view]
    trainer = pycrfsuite.Trainer(algorithm="pa", verbose=False)
    for features, tags in sequences:
        trainer.append(
            [[f for f in token if keep(f)] for token in features] if view != "all" else features,
            tags,
        )
    return trainer


def learn(prepared: Prepared, member: str, epochs: int) -> tuple[tagger.TaggerModel, dict]:
    """One CRF on the prepared sequences, as ``tagger.train`` learns it; its steps timed.

    ``member`` is a seed, or a view and a seed (``nocl:0``).
    """
    view, _, seed_text = member.rpartition(":")
    view, seed = view or "all", int(seed_text)
    seconds = {}
    clock = time.process_time()
    if view not in prepared.trainers:
        prepared.trainers[view] = handed(prepared.sequences, view)
        seconds["sequences to CRFsuite"] = time.process_time() - clock
        clock = time.process_time()
    trainer = prepared.trainers[view]
    trainer.set_params(
        {"max_iterations": epochs, "feature.minfreq": 2, "feature.possible_transitions": True}
    )
    handle, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(handle)
    try:
        tagger._seed_shuffle(seed)
        trainer.train(path)
        crf = Path(path).read_bytes()
    finally:
        os.unlink(path)
    seconds["learner"] = time.process_time() - clock
    clock = time.process_time()
    weights = tagger._read_weights(tagger._open(crf))
    seconds["weights read"] = time.process_time() - clock
    clock = time.process_time()
    temperature = fit_temperature(weights, prepared.calibration)
    seconds["temperature"] = time.process_time() - clock
    base = prepared.base
    model = tagger.TaggerModel(
        labels=base.labels,
        crf=crf,
        trained_on=base.trained_on,
        temperature=temperature,
        learned=base.learned,
        clusters=base.clusters,
        joined=base.joined,
    )
    model.__dict__["_weights"] = weights
    return model, seconds


def allowed(tags: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """BIO constraints as additive masks: at the start, and from row tag to column tag."""
    start = np.array([0.0 if not t.startswith("I-") else -np.inf for t in tags])
    move = np.zeros((len(tags), len(tags)))
    for j, t in enumerate(tags):
        if t.startswith("I-"):
            for i, before in enumerate(tags):
                if before[2:] != t[2:]:
                    move[i, j] = -np.inf
    return start, move


def best_path(gain: np.ndarray, move: np.ndarray, start: np.ndarray) -> list[int]:
    """The path with the highest sum of per-token gains and transition gains (Viterbi)."""
    length = len(gain)
    score = start + gain[0]
    back = np.zeros((length, gain.shape[1]), dtype=np.int64)
    for t in range(1, length):
        total = score[:, None] + move
        back[t] = total.argmax(axis=0)
        score = total.max(axis=0) + gain[t]
    path = [int(score.argmax())]
    for t in range(length - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def decode_paragraph(
    decoder: str,
    members: Sequence[tagger.TaggerModel],
    scores: Sequence[np.ndarray],
    mean: np.ndarray,
    features: Sequence[Sequence[str]],
) -> list[int]:
    tags = members[0]._weights.tags
    start, constraint = allowed(tags)
    if decoder == "viterbi":
        if len(members) == 1:
            return [tags.index(t) for t in members[0]._tagger.tag(features)]
        gain = sum(s / m.temperature for s, m in zip(scores, members, strict=True))
        move = sum(m._weights.transition / m.temperature for m in members)
        return best_path(np.asarray(gain), np.asarray(move) + constraint, start)
    if decoder == "posterior":
        return best_path(np.log(np.maximum(mean, 1e-12)), constraint, start)
    return best_path(mean, constraint, start)


def suggest(
    decoder: str,
    members: Sequence[tagger.TaggerModel],
    text: str,
    sentences,
    factor: float = 1.0,
) -> list[SuggestedSpan]:
    """``tagger.predict`` with several members and a choice of decoder.

    ``factor`` multiplies each member's temperature (flatter or sharper marginals).
    """
    if decoder.startswith("vote"):
        return vote(members, text, sentences, int(decoder[4:] or (len(members) + 1) // 2))
    first_model = members[0]
    tokens, features = document_features(
        text, sentences, learned=first_model.learned, clusters=first_model.clusters
    )
    if not tokens:
        return []
    tags = first_model._weights.tags
    all_scores = [m._weights.state_scores(features) for m in members]
    spans: list[SuggestedSpan] = []
    for first, stop in paragraphs(text, tokens, sentences):
        scores = [s[first:stop] for s in all_scores]
        mean = np.mean(
            [
                marginals(s, m._weights.transition, m.temperature * factor)
                for s, m in zip(scores, members, strict=True)
            ],
            axis=0,
        )
        path = decode_paragraph(decoder, members, scores, mean, features[first:stop])
        best = mean[np.arange(stop - first), path]
        spans += [
            SuggestedSpan(
                label,
                tokens[first + a].start,
                tokens[first + b - 1].end,
                tagger._probability(best[a:b]),
            )
            for label, a, b in tagger.decode([tags[k] for k in path])
        ]
    if first_model.joined:
        spans = join_fragments(text, spans, first_model.joined)
    return attach_sources([s for s in spans if s.score >= tagger.MIN_SCORE], sentences)


def trained_members(
    args: argparse.Namespace, train: Sequence[GoldDocument], labels: Sequence[str], seeds: list[str]
) -> list[tagger.TaggerModel]:
    """Train the members, or read them from ``--models`` where an earlier run kept them."""
    paths = (
        [args.models / f"seed{seed.replace(':', '-')}-epochs{args.epochs}.model" for seed in seeds]
        if args.models
        else []
    )
    if paths and all(p.exists() for p in paths):
        return [tagger.TaggerModel.from_bytes(p.read_bytes()) for p in paths]
    prepared = prepare(train, labels)
    members = []
    total = sum(prepared.seconds.values())
    print(f"train: {len(train)} documents; seeds {seeds}, {args.epochs} passes each")
    for step, s in prepared.seconds.items():
        print(f"  {step}: {s:.1f} s CPU")
    for seed in seeds:
        model, seconds = learn(prepared, seed, args.epochs)
        members.append(model)
        total += sum(seconds.values())
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())
        print(f"  member seed {seed}: {steps} (temperature {model.temperature})")
    print(f"  training in all: {total:.1f} s CPU")
    if args.models:
        args.models.mkdir(parents=True, exist_ok=True)
        for path, model in zip(paths, members, strict=True):
            path.write_bytes(model.to_bytes())
    return members


def vote(
    members: Sequence[tagger.TaggerModel], text: str, sentences, needed: int
) -> list[SuggestedSpan]:
    """Each member's own suggestions; a span kept where ``needed`` members have one like it.

    Spans of one label that share a character are one candidate; of its spans, the bounds
    most members gave (the first member's on a tie), with the mean of their scores.
    """
    groups: list[list[SuggestedSpan]] = []
    for model in members:
        for span in tagger.predict(model, text, sentences=sentences).spans:
            for group in groups:
                head = group[0]
                if head.label == span.label and head.start < span.end and span.start < head.end:
                    group.append(span)
                    break
            else:
                groups.append([span])
    kept = []
    for group in groups:
        if len(group) < needed:
            continue
        bounds = [(s.start, s.end) for s in group]
        start, end = max(bounds, key=bounds.count)
        score = statistics.fmean(s.score for s in group)
        kept.append(SuggestedSpan(group[0].label, start, end, score))
    return sorted(kept, key=lambda s: (s.start, s.end))


def load_gold(args: argparse.Namespace) -> tuple[list, list, list]:
    if args.gold and args.gold.exists():
        with args.gold.open("rb") as stream:
            return pickle.load(stream)  # noqa: S301 - our own file, written below
    with tempfile.TemporaryDirectory(prefix="polnear-") as folder:
        found = train_and_dev_gold(data_folder(args.polnear), Path(folder), 0)
    if args.gold:
        with args.gold.open("wb") as stream:
            pickle.dump(found, stream)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("polnear", type=Path, help="the PolNeAR checkout (or its data folder)")
    parser.add_argument("--gold", type=Path, help="a pickle of the imported gold, outside")
    parser.add_argument("--seeds", default="0,2,3", help="the members' shuffle seeds")
    parser.add_argument("--epochs", type=int, default=10, help="each member's passes")
    parser.add_argument("--members", default="", help="ensemble sizes to score (default: all)")
    parser.add_argument("--decoders", default=",".join(DECODERS))
    parser.add_argument("--models", type=Path, help="keep (or read) the members here, outside")
    parser.add_argument("--sharpen", type=float, default=1.0, help="multiply the temperatures")
    parser.add_argument("--each", action="store_true", help="score each member alone too")
    parser.add_argument("--tables", action="store_true", help="print each variant's table")
    args = parser.parse_args()
    seeds = args.seeds.split(",")
    sizes = [int(k) for k in args.members.split(",")] if args.members else [len(seeds)]
    decoders = args.decoders.split(",")
    for kept in (args.gold, args.models):
        # PolNeAR states no licence: neither its gold nor models trained on it go in here.
        if kept and ROOT in kept.resolve().parents:
            raise SystemExit(f"refused: {kept} is inside the checkout; keep PolNeAR's data out")
    train, dev, labels = load_gold(args)
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    members = trained_members(args, train, labels, seeds)
    sentences = [d.sentences or split_sentences(d.text) for d in dev]
    gold = [[(s.label, s.start, s.end) for s in d.spans] for d in dev]
    # The check: one member decoded by its own Viterbi is the tagger's prediction.
    own = [
        tagger.predict(members[0], d.text, sentences=s).spans
        for d, s in zip(dev, sentences, strict=True)
    ]
    mine = [suggest("viterbi", members[:1], d.text, s) for d, s in zip(dev, sentences, strict=True)]
    assert own == mine, "the script's steps do not reproduce tagger.predict"
    text = long_text(dev)
    groups = [members[:size] for size in sizes]
    if args.each:
        groups = [[m] for m in members] + groups
    for chosen in groups:
        used = [seeds[members.index(m)] for m in chosen]
        for decoder in decoders:
            predicted = [
                [
                    (s.label, s.start, s.end)
                    for s in suggest(decoder, chosen, d.text, ss, args.sharpen)
                ]
                for d, ss in zip(dev, sentences, strict=True)
            ]
            found = score_spans(gold, predicted, labels)
            cpu = []
            for _ in range(7):
                clock = time.process_time()
                suggest(decoder, chosen, text, split_sentences(text), args.sharpen)
                cpu.append(time.process_time() - clock)
            cells = " | ".join(
                f"{found[x].overlap.f1:.4f} ({found[x].exact.f1:.4f})" for x in labels
            )
            name = f"seeds {used} x {args.epochs}, {decoder}, temperature x {args.sharpen}"
            print(f"| {name} | {cells} | {1000 * statistics.median(cpu):.0f} ms |")
            if args.tables:
                print_scores(name, _as_report(found))
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def long_text(dev: Sequence[GoldDocument]) -> str:
    """The first 1,000 words of the dev texts run together, as ``assist.py`` times."""
    text = " ".join(" ".join(d.text.split("\n\n")) for d in sorted(dev, key=lambda d: d.id))
    cut = [m.start() for m in re.finditer(r"\S+", text)][1000]
    return text[:cut].rstrip()


def _as_report(found: dict) -> dict:
    spans = {}
    for label, s in found.items():
        spans[label] = {
            "gold": s.exact.gold,
            "suggested": s.exact.predicted,
            "precision": s.exact.precision,
            "recall": s.exact.recall,
            "f1": s.exact.f1,
            "precision_overlap": s.overlap.precision,
            "recall_overlap": s.overlap.recall,
            "f1_overlap": s.overlap.f1,
        }
    return {"spans": spans, "relations": {}}


if __name__ == "__main__":
    main()
