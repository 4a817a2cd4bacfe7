"""Train a tagger on gold documents: the tables learned first from the gold alone (each
label's words, word clusters), then the CRF on each paragraph's BIO tags, its temperature
fitted on a share of the training documents."""

from __future__ import annotations

import contextlib
import ctypes
import os
import tempfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import pycrfsuite

from ..schema_roles import SPAN_ROLES
from ..segmentation import split_sentences
from ..text import content_hash
from ..tokens import tokenize
from .bio import bio_tags
from .clusters import word_clusters
from .features import document_features
from .fragments import long_labels
from .gold import GoldDocument
from .inference import fit_temperature
from .learned import learn_words
from .paragraphs import paragraphs
from .roles import DEFAULT_ROLES, RoleMapping
from .tagger_model import TaggerModel, open_crf, read_weights

# Training documents the temperature is fitted on, spread over the training set.
_CALIBRATION_DOCUMENTS = 15


@dataclass(frozen=True)
class TrainingOptions:
    """CRF training settings; the defaults were tuned on PolNeAR's train and dev splits.

    ``algorithm`` is CRFsuite's: ``pa`` (passive-aggressive), ``ap`` (averaged
    perceptron), ``arow``, ``lbfgs`` or ``l2sgd``; ``epochs`` is its passes or iterations;
    ``c1`` and ``c2`` regularise the last two.
    """

    algorithm: str = "pa"
    epochs: int = 10
    c1: float = 0.05
    c2: float = 0.01
    min_feature_frequency: int = 2
    #: Learn each label's words from the gold (:mod:`.learned`) and use them as features.
    learned_words: bool = True
    #: Group the training text's words into this many clusters (:mod:`.clusters`); 0: none.
    word_clusters: int = 100
    #: Seeds the order in which the learner visits the sequences (:func:`seed_shuffle`).
    #: Scores move by up to a point of F1 from one seed to another, so a change is measured
    #: over several (docs/benchmarks.md, round 4). glibc takes 0 and 1 as the same seed.
    shuffle_seed: int = 0


DEFAULT_OPTIONS = TrainingOptions()


def seed_shuffle(seed: int) -> None:
    """Seed the C library's ``rand``, with which CRFsuite's online learners shuffle the data.

    Unseeded, the same gold made another model in a process's second training than in its
    first (a server's worker, the test suite), so models and scores depended on what the
    process had trained before. Where the C library cannot be reached (not on Linux or
    macOS), training goes on unseeded.
    """
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).srand(seed)


def feature_order(labels: Sequence[str], roles: Mapping[str, str]) -> list[str]:
    """Return ``labels`` in the order their learned words' features come in each token.

    The labels that play no role first, in their order, then those that do in the order of
    their roles' names (CLAIM, CUE, SOURCE): never by the labels' names, which a project
    chooses, and the order CRFsuite first meets the features in numbers them (their sums
    then round otherwise). For the default scheme, whose labels are named after their roles,
    this is the order of the names, which the models of before used.
    """
    played = {label: role for role, label in roles.items()}
    plain = [label for label in labels if label not in played]
    return plain + sorted((label for label in labels if label in played), key=played.__getitem__)


def train(
    documents: Sequence[GoldDocument],
    labels: Sequence[str],
    *,
    exclude: Collection[str] = (),
    options: TrainingOptions = DEFAULT_OPTIONS,
    roles: RoleMapping = DEFAULT_ROLES,
) -> TaggerModel:
    """Train a tagger for the span ``labels`` on ``documents``, leaving out ids in ``exclude``.

    Spans of other labels are ignored. Where gold spans overlap, a token can carry only one
    tag: the shorter span wins, so a source inside a claim is kept.

    :param roles: which labels play the span roles (by default those named like them).

    :raises ValueError: no document is left to train on.
    """
    kept = [d for d in documents if d.id not in exclude]
    if not kept:
        raise ValueError("no documents to train on")
    # The passive-aggressive learner by default: on PolNeAR ten passes score better than
    # the averaged perceptron's in about the same time, which in turn beat 40 L-BFGS
    # iterations taking four times as long (docs/benchmarks.md, "Suggestions").
    trainer = pycrfsuite.Trainer(algorithm=options.algorithm, verbose=False)
    calibration = []
    every = max(1, len(kept) // _CALIBRATION_DOCUMENTS)
    tokenized = [tokenize(document.text) for document in kept]
    played = {
        role: name
        for role in SPAN_ROLES
        if (name := roles.name(role)) is not None and name in labels
    }
    learned = (
        learn_words(
            zip(tokenized, (d.spans for d in kept), strict=True), feature_order(labels, played)
        )
        if options.learned_words
        else {}
    )
    clusters = (
        word_clusters(
            ([t.text.lower() for t in tokens] for tokens in tokenized), options.word_clusters
        )
        if options.word_clusters
        else {}
    )
    for n, document in enumerate(kept):
        sentences = document.sentences or split_sentences(document.text)
        tokens, features = document_features(
            document.text, sentences, tokenized[n], learned=learned, clusters=clusters
        )
        for first, stop in paragraphs(document.text, tokens, sentences):
            # A span that runs on from the paragraph before starts again here.
            tags = bio_tags(tokens[first:stop], document.spans, labels)
            trainer.append(features[first:stop], tags)
            if n % every == 0:
                calibration.append((features[first:stop], tags))
    params: dict[str, float | int | bool] = {
        "max_iterations": options.epochs,
        "feature.minfreq": options.min_feature_frequency,
        "feature.possible_transitions": True,
    }
    if options.algorithm == "lbfgs":
        params["c1"] = options.c1
    if options.algorithm in ("lbfgs", "l2sgd"):
        params["c2"] = options.c2
    trainer.set_params(params)
    handle, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(handle)
    try:
        seed_shuffle(options.shuffle_seed)
        trainer.train(path)
        with open(path, "rb") as stream:
            crf = stream.read()
    finally:
        os.unlink(path)
    weights = read_weights(open_crf(crf))
    model = TaggerModel(
        labels=tuple(labels),
        crf=crf,
        trained_on=frozenset(d.id for d in kept),
        trained_hashes=frozenset(content_hash(d.text) for d in kept),
        temperature=fit_temperature(weights, calibration),
        learned=learned,
        clusters=clusters,
        joined=long_labels(zip(tokenized, (d.spans for d in kept), strict=True), labels),
        roles=played,
    )
    # Seed the cached property: reading the weights out of the CRF takes seconds.
    model.__dict__["_weights"] = weights
    return model
