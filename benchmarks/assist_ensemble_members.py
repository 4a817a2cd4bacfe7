"""The members of an ensemble of taggers (``assist_ensemble.py``), trained step by step.

``tagger.train`` split into its steps so that one extraction of features serves several
CRFs (:func:`prepare`, then :func:`learn` per member), each step timed in CPU seconds; a
member learns from all of a token's features or from a view of them (:data:`VIEWS`).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from annotator.core.assist import bio, tagger_model, tagger_training
from annotator.core.assist.clusters import word_clusters
from annotator.core.assist.features import document_features
from annotator.core.assist.fragments import long_labels
from annotator.core.assist.gold import GoldDocument
from annotator.core.assist.inference import fit_temperature
from annotator.core.assist.learned import learn_words
from annotator.core.assist.paragraphs import paragraphs
from annotator.core.segmentation import split_sentences
from annotator.core.tokens import tokenize

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
    base: tagger_model.TaggerModel  # labels, tables and training documents; no CRF yet
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
            tags = bio.bio_tags(tokens[first:stop], document.spans, labels)
            sequences.append((features[first:stop], tags))
            if n % every == 0:
                calibration.append((features[first:stop], tags))
    lap("features and tags")
    trainers = {"all": handed(sequences, "all")}
    lap("sequences to CRFsuite")
    base = tagger_model.TaggerModel(
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


def learn(prepared: Prepared, member: str, epochs: int) -> tuple[tagger_model.TaggerModel, dict]:
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
        tagger_training.seed_shuffle(seed)
        trainer.train(path)
        crf = Path(path).read_bytes()
    finally:
        os.unlink(path)
    seconds["learner"] = time.process_time() - clock
    clock = time.process_time()
    weights = tagger_model.read_weights(tagger_model.open_crf(crf))
    seconds["weights read"] = time.process_time() - clock
    clock = time.process_time()
    temperature = fit_temperature(weights, prepared.calibration)
    seconds["temperature"] = time.process_time() - clock
    base = prepared.base
    model = tagger_model.TaggerModel(
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


def trained_members(
    args: argparse.Namespace, train: Sequence[GoldDocument], labels: Sequence[str], seeds: list[str]
) -> list[tagger_model.TaggerModel]:
    """Train the members, or read them from ``--models`` where an earlier run kept them."""
    paths = (
        [args.models / f"seed{seed.replace(':', '-')}-epochs{args.epochs}.model" for seed in seeds]
        if args.models
        else []
    )
    if paths and all(p.exists() for p in paths):
        return [tagger_model.TaggerModel.from_bytes(p.read_bytes()) for p in paths]
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
