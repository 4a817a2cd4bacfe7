"""Decoding for an ensemble of taggers (``assist_ensemble.py``): one path per paragraph.

The best path of the CRF (``viterbi``; for an ensemble, under the sum of the members'
tempered scores), the best BIO-valid path under the sum of the log-marginals
(``posterior``) or of the marginals (``expected``), or a vote on the members' own
suggestions (``vote``); then the tagger's own steps (span scores, joined fragments, the
least score, one source per cue).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import numpy as np

from annotator.core.assist import bio, tagger, tagger_model
from annotator.core.assist.attachment import attach_sources
from annotator.core.assist.features import document_features
from annotator.core.assist.fragments import join_fragments
from annotator.core.assist.inference import marginals
from annotator.core.assist.paragraphs import paragraphs
from annotator.core.assist.suggestions import SuggestedSpan

DECODERS = ("viterbi", "posterior", "expected", "vote")


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
    members: Sequence[tagger_model.TaggerModel],
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
    members: Sequence[tagger_model.TaggerModel],
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
            for label, a, b in bio.decode([tags[k] for k in path])
        ]
    if first_model.joined:
        spans = join_fragments(text, spans, first_model.joined)
    return attach_sources([s for s in spans if s.score >= tagger.MIN_SCORE], sentences)


def vote(
    members: Sequence[tagger_model.TaggerModel], text: str, sentences, needed: int
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
