"""Held-out scores of the tagger by k-fold cross-validation, folds split by document.

A document and every copy of it (the same id, or the same text under another id) fall
in one fold, so a fold's model never saw the documents it is scored on.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import content_hash
from .evaluation import LabelScores, add_scores, score_spans
from .gold import GoldDocument
from .roles import DEFAULT_ROLES, RoleMapping
from .tagger import Prediction, predict
from .tagger_model import TaggerModel
from .tagger_training import DEFAULT_OPTIONS, TrainingOptions, train


@dataclass(frozen=True)
class CrossValidation:
    """Per-label scores summed over the folds, and the document ids of each fold."""

    scores: dict[str, LabelScores]
    folds: list[list[str]]


def copy_groups(documents: Sequence[GoldDocument]) -> list[list[int]]:
    """Return the positions of ``documents`` grouped so that copies of a document (the same
    id, or the same text under another id) share a group: the units a fold holds whole."""
    groups: dict[str, list[int]] = {}
    group_of: dict[str, str] = {}
    for position, document in enumerate(documents):
        keys = (f"id:{document.id}", f"text:{content_hash(document.text)}")
        found = next((group_of[key] for key in keys if key in group_of), keys[0])
        groups.setdefault(found, []).append(position)
        for key in keys:
            group_of.setdefault(key, found)
    return [groups[name] for name in sorted(groups)]


def distinct_documents(documents: Sequence[GoldDocument]) -> int:
    """Return how many distinct documents ``documents`` hold (:func:`copy_groups`): what is
    enough to learn from counts, and the most folds they can be split into."""
    return len(copy_groups(documents))


def document_folds(documents: Sequence[GoldDocument], k: int, seed: int = 0) -> list[list[int]]:
    """Split document positions into ``k`` folds; copies of a document share a fold.

    :raises ValueError: ``k`` below 2, or fewer distinct documents than folds.
    """
    groups = copy_groups(documents)
    if k < 2 or len(groups) < k:
        raise ValueError(f"{k} folds need k >= 2 and at least k documents ({len(groups)} given)")
    random.Random(seed).shuffle(groups)
    folds: list[list[int]] = [[] for _ in range(k)]
    for n, group in enumerate(groups):
        folds[n % k].extend(group)
    return [sorted(fold) for fold in folds]


def cross_validate(
    documents: Sequence[GoldDocument],
    labels: Sequence[str],
    *,
    k: int = 5,
    seed: int = 0,
    options: TrainingOptions = DEFAULT_OPTIONS,
    roles: RoleMapping = DEFAULT_ROLES,
) -> CrossValidation:
    """Train on k-1 folds, score on the held-out fold, and sum the counts over the folds."""
    parts: list[dict[str, LabelScores]] = []
    fold_ids: list[list[str]] = []
    for fold in document_folds(documents, k, seed):
        held_out = [documents[p] for p in fold]
        in_fold = set(fold)
        training = [d for p, d in enumerate(documents) if p not in in_fold]
        model = train(training, labels, options=options, roles=roles)
        predicted = [
            [(s.label, s.start, s.end) for s in _predict(model, d).spans] for d in held_out
        ]
        gold = [[(s.label, s.start, s.end) for s in d.spans] for d in held_out]
        parts.append(score_spans(gold, predicted, labels))
        fold_ids.append([d.id for d in held_out])
    return CrossValidation(add_scores(parts), fold_ids)


def _predict(model: TaggerModel, document: GoldDocument) -> Prediction:
    sentences = document.sentences or None
    return predict(model, document.text, sentences=sentences, document_id=document.id)
