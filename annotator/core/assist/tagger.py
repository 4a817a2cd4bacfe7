"""A learned span tagger: a linear-chain CRF over BIO tags, trained from gold spans.

python-crfsuite (the ``assist`` extra) does the learning; :mod:`.features` describes each
token, including what the rules of :mod:`.attribution` found. Before the CRF, training
learns two tables from the gold documents alone and keeps them with the model: each label's
words (:mod:`.learned`, for the distance of a token to the nearest cue word the gold knows)
and word clusters of the training text (:mod:`.clusters`, so a rare word shares features
with common ones used alike). The CRF learns from and tags each paragraph of a document
as a sequence of its own (:mod:`.paragraphs`), so a claim may run across the sentences of
a paragraph, as it does in the gold data, but not past the paragraph.

A model is plain data (:class:`TaggerModel`) and turns into bytes and back, so a service
can keep it in the database. It remembers the documents it learned from, by id and by a
hash of their text, and refuses to suggest for them: a suggestion on a document the model
was trained on would look better than it is and teach annotators nothing.

The decoded spans of labels whose gold spans are long (claims) have their fragments joined
(:mod:`.fragments`): a tagger breaks a long span where a few words look like something else.
In a sentence with cues, only the sources nearest a cue are kept (:mod:`.attachment`): one
source per attribution.

Nothing depends on what a project calls its labels: the model keeps which of its labels play
the roles (SOURCE, CUE, CLAIM), the sources it attaches are its source role's, and the
features of the labels' learned words come in an order of roles, not of names
(:func:`feature_order`). A label renamed, with its role, and trained on the same gold makes
the same suggestions under the new name.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import tempfile
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pycrfsuite

from ..schema_roles import SPAN_ROLES
from ..segmentation import split_sentences
from ..text import content_hash
from ..tokens import Token, tokenize
from .attachment import attach_sources
from .clusters import word_clusters
from .features import FEATURES_VERSION, document_features
from .fragments import join_fragments, long_labels
from .gold import GoldDocument, LabeledSpan
from .inference import Weights, fit_temperature
from .inference import marginals as inference_marginals
from .learned import learn_words
from .model_bytes import frame, unframe
from .paragraphs import paragraphs
from .roles import DEFAULT_ROLES, RoleMapping, role_mapping
from .suggestions import SuggestedSpan

# Training documents the temperature is fitted on, spread over the training set.
_CALIBRATION_DOCUMENTS = 15
#: Spans scored lower are not suggested. The scores are calibrated probabilities (the
#: temperature), and a span whose chance of being right is below about half the F1 that can
#: be reached lowers the F1: on PolNeAR's dev split leaving them out lifted the cues' overlap
#: F1 by 1.0 point and the claims' by 0.2 (docs/benchmarks.md, "Suggestions").
MIN_SCORE = 0.3


class TrainedOnDocument(ValueError):
    """A model was asked to suggest for a document it was trained on."""


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
    #: Seeds the order in which the learner visits the sequences (:func:`_seed_shuffle`).
    #: Scores move by up to a point of F1 from one seed to another, so a change is measured
    #: over several (docs/benchmarks.md, round 4). glibc takes 0 and 1 as the same seed.
    shuffle_seed: int = 0


DEFAULT_OPTIONS = TrainingOptions()


@dataclass(frozen=True)
class TaggerModel:
    """A trained tagger: its span labels, the CRF's bytes and what it was trained on."""

    labels: tuple[str, ...]
    crf: bytes
    trained_on: frozenset[str] = frozenset()
    trained_hashes: frozenset[str] = frozenset()
    #: Divides the CRF's scores before the marginals are taken (see :mod:`.inference`).
    temperature: float = 1.0
    features_version: str = FEATURES_VERSION
    #: Per label, the words the gold ties to it (:mod:`.learned`); features depend on them.
    learned: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    #: Word clusters of the training text (:mod:`.clusters`); features depend on them.
    clusters: dict[str, int] = field(default_factory=dict, compare=False)
    #: The labels whose fragments are joined after decoding (:mod:`.fragments`).
    joined: frozenset[str] = frozenset()
    #: Which of ``labels`` plays each span role (role -> label), as the model learned them.
    roles: dict[str, str] = field(default_factory=dict, compare=False)

    @cached_property
    def _tagger(self) -> pycrfsuite.Tagger:
        return _open(self.crf)

    @cached_property
    def _weights(self) -> Weights:
        return _read_weights(self._tagger)

    def to_bytes(self) -> bytes:
        """Return the model as bytes: a JSON header, then the CRF (no pickle: safe to load)."""
        header = {
            "labels": list(self.labels),
            "trained_on": sorted(self.trained_on),
            "trained_hashes": sorted(self.trained_hashes),
            "temperature": self.temperature,
            "features_version": self.features_version,
            "learned": {label: sorted(words) for label, words in self.learned.items()},
            "clusters": self.clusters,
            "joined": sorted(self.joined),
            "roles": self.roles,
        }
        return frame(header, self.crf)

    @classmethod
    def from_bytes(cls, data: bytes) -> TaggerModel:
        """Read a model written by :meth:`to_bytes`.

        :raises ValueError: the bytes are not such a model, or need other features.
        """
        header, crf = unframe(data)
        if header["features_version"] != FEATURES_VERSION:
            raise ValueError(
                f"model made with features {header['features_version']}, "
                f"this code has {FEATURES_VERSION}: train it again"
            )
        labels = tuple(header["labels"])
        learned = {label: frozenset(words) for label, words in header["learned"].items()}
        roles = header.get("roles")
        if roles is None:
            # Stored before models kept their roles: the labels named like a role played it
            # (the suggestions named them so), and the learned words' features came in the
            # order of the labels' names.
            roles = {role: role for role in SPAN_ROLES if role in labels}
            learned = dict(sorted(learned.items()))
        return cls(
            labels=labels,
            crf=crf,
            trained_on=frozenset(header["trained_on"]),
            trained_hashes=frozenset(header["trained_hashes"]),
            temperature=float(header["temperature"]),
            learned=learned,
            clusters={word: int(n) for word, n in header["clusters"].items()},
            # Models stored before the joining knew of no labels to join.
            joined=frozenset(header.get("joined", ())),
            roles={str(role): str(label) for role, label in roles.items()},
        )


@dataclass(frozen=True)
class Prediction:
    """A tagger's output for one document: spans, and each token's tag distribution."""

    spans: list[SuggestedSpan]
    tokens: list[Token]
    tags: tuple[str, ...]
    #: One row per token, one column per tag of ``tags``: the CRF's marginal probabilities.
    marginals: np.ndarray = field(repr=False)


def _seed_shuffle(seed: int) -> None:
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
        _seed_shuffle(options.shuffle_seed)
        trainer.train(path)
        with open(path, "rb") as stream:
            crf = stream.read()
    finally:
        os.unlink(path)
    weights = _read_weights(_open(crf))
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


def _open(crf: bytes) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(crf)
    return tagger


def _read_weights(tagger: pycrfsuite.Tagger) -> Weights:
    info = tagger.info()
    return Weights.from_info(tagger.labels(), info.state_features, info.transitions)


def predict(
    model: TaggerModel,
    text: str,
    *,
    sentences: Sequence[tuple[int, int]] | None = None,
    document_id: str | None = None,
) -> Prediction:
    """Tag ``text`` and return its spans, each scored by its tokens' mean marginal.

    Spans scored below :data:`MIN_SCORE` are left out, and so are the sources no cue of their
    sentence attaches to (:func:`.attachment.attach_sources`, with the model's roles); the
    marginals cover every token.

    :param document_id: the document's id, checked against the training documents.
    :raises TrainedOnDocument: the model was trained on this document (by id or text).
    """
    if document_id is not None and document_id in model.trained_on:
        raise TrainedOnDocument(f"the model was trained on document {document_id!r}")
    if content_hash(text) in model.trained_hashes:
        raise TrainedOnDocument("the model was trained on a document with this text")
    if sentences is None:
        sentences = split_sentences(text)
    tokens, features = document_features(
        text, sentences, learned=model.learned, clusters=model.clusters
    )
    tagger = model._tagger
    if not tokens:
        return Prediction([], [], model._weights.tags, np.zeros((0, len(model._weights.tags))))
    weights = model._weights
    tags = weights.tags
    scores = weights.state_scores(features)
    spans: list[SuggestedSpan] = []
    pieces = []
    # Each paragraph on its own, as the model learned them.
    for first, stop in paragraphs(text, tokens, sentences):
        path = tagger.tag(features[first:stop])
        piece = inference_marginals(scores[first:stop], weights.transition, model.temperature)
        best = piece[np.arange(stop - first), [tags.index(t) for t in path]]
        spans += [
            SuggestedSpan(
                label,
                tokens[first + a].start,
                tokens[first + b - 1].end,
                _probability(best[a:b]),
            )
            for label, a, b in decode(path)
        ]
        pieces.append(piece)
    marginals = np.vstack(pieces)
    if model.joined:
        spans = join_fragments(text, spans, model.joined)
    kept = [span for span in spans if span.score >= MIN_SCORE]
    spans = attach_sources(kept, sentences, _role_mapping(model))
    return Prediction(spans, tokens, tags, marginals)


def _role_mapping(model: TaggerModel) -> RoleMapping:
    return role_mapping({label: role for role, label in model.roles.items()})


def _probability(marginals: np.ndarray) -> float:
    # The mean of probabilities, kept within [0, 1] against rounding in the CRF's sums.
    return min(1.0, max(0.0, float(marginals.mean())))


def bio_tags(
    tokens: Sequence[Token], spans: Sequence[LabeledSpan], labels: Sequence[str]
) -> list[str]:
    """Return each token's BIO tag; a token belongs to a span if they share a character."""
    tags = ["O"] * len(tokens)
    starts = [t.start for t in tokens]
    wanted = set(labels)
    ordered = sorted((s for s in spans if s.label in wanted), key=lambda s: s.start - s.end)
    for span in ordered:
        first = bisect_right(starts, span.start) - 1
        if first < 0 or tokens[first].end <= span.start:
            first += 1
        stop = bisect_left(starts, span.end)
        for k in range(first, stop):
            tags[k] = ("B-" if k == first else "I-") + span.label
    return tags


def decode(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """Return the spans ``(label, first token, stop token)`` of a BIO tag sequence.

    An I- tag after O or after another label starts a span, as taggers do make that mistake.
    """
    spans: list[tuple[str, int, int]] = []
    label, first = "", -1
    for k, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if label and (kind != "I" or name != label):
            spans.append((label, first, k))
            label = ""
        if kind in ("B", "I") and not label:
            label, first = name, k
    return spans
