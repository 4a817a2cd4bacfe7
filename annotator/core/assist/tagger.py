"""A learned span tagger: a linear-chain CRF over BIO tags, trained from gold spans.

python-crfsuite (the ``assist`` extra) does the learning; :mod:`.features` describes each
token, including what the rules of :mod:`.attribution` found. Before the CRF, training
learns two tables from the gold documents alone and keeps them with the model: each label's
words (:mod:`.learned`, for the distance of a token to the nearest cue word the gold knows)
and word clusters of the training text (:mod:`.clusters`, so a rare word shares features
with common ones used alike). The CRF learns from and tags each paragraph of a document
as a sequence of its own (:mod:`.paragraphs`), so a claim may run across the sentences of
a paragraph, as it does in the gold data, but not past the paragraph.

A model is plain data (:class:`.tagger_model.TaggerModel`) and turns into bytes and back, so
a service can keep it in the database. It remembers the documents it learned from, by id and by a
hash of their text, and refuses to suggest for them: a suggestion on a document the model
was trained on would look better than it is and teach annotators nothing.

The decoded spans of labels whose gold spans are long (claims) have their fragments joined
(:mod:`.fragments`): a tagger breaks a long span where a few words look like something else.
In a sentence with cues, only the sources nearest a cue are kept (:mod:`.attachment`): one
source per attribution.

Nothing depends on what a project calls its labels: the model keeps which of its labels play
the roles (SOURCE, CUE, CLAIM), the sources it attaches are its source role's, and the
features of the labels' learned words come in an order of roles, not of names
(:func:`.tagger_training.feature_order`). A label renamed, with its role, and trained on the
same gold makes the same suggestions under the new name.

Training is :mod:`.tagger_training`'s, the model as data :mod:`.tagger_model`'s and the BIO
tags :mod:`.bio`'s; this module tags a document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..segmentation import split_sentences
from ..text import content_hash
from ..tokens import Token
from .attachment import attach_sources
from .bio import decode
from .features import document_features
from .fragments import join_fragments
from .inference import marginals as inference_marginals
from .paragraphs import paragraphs
from .roles import RoleMapping, role_mapping
from .suggestions import SuggestedSpan
from .tagger_model import TaggerModel

#: Spans scored lower are not suggested. The scores are calibrated probabilities (the
#: temperature), and a span whose chance of being right is below about half the F1 that can
#: be reached lowers the F1: on PolNeAR's dev split leaving them out lifted the cues' overlap
#: F1 by 1.0 point and the claims' by 0.2 (docs/benchmarks.md, "Suggestions").
MIN_SCORE = 0.3


class TrainedOnDocument(ValueError):
    """A model was asked to suggest for a document it was trained on."""


@dataclass(frozen=True)
class Prediction:
    """A tagger's output for one document: spans, and each token's tag distribution."""

    spans: list[SuggestedSpan]
    tokens: list[Token]
    tags: tuple[str, ...]
    #: One row per token, one column per tag of ``tags``: the CRF's marginal probabilities.
    marginals: np.ndarray = field(repr=False)


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
