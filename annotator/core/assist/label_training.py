"""Training a label field's classifier on its gold examples, with held-out scores.

A sentence or document label field is learned by :mod:`annotator.core.assist.classifier`
(naive Bayes on words and word pairs) from its gold values: one example per sentence (or
document) and value. Whether there is enough to learn from is one rule,
:func:`too_few_examples`: at least :data:`MIN_VALUES` values, each given at least
:data:`MIN_PER_VALUE` times. A classifier that has seen one value only would suggest it
everywhere, and one with a single example of a value cannot be scored on it.

The held-out scores come from k-fold cross-validation by document: the examples of a
document are held out together, so that a sentence is never scored by a model that learned
its neighbours (in news, a stance runs through a document).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .classifier import LabelModel, predict_labels, train_labels

#: The fewest distinct values a field's gold must have to be learned.
MIN_VALUES = 2
#: How many examples each of those values needs at least.
MIN_PER_VALUE = 3
#: Folds of the cross-validation (fewer when there are fewer documents).
FOLDS = 5


@dataclass(frozen=True)
class LabelExample:
    """One gold value of a field: the text it labels (a sentence, or a whole document)."""

    document: str  # the document's external id
    text: str
    value: str


@dataclass(frozen=True)
class TrainedField:
    """A field's classifier trained on every example, with its held-out scores."""

    model: LabelModel
    scores: dict[str, Any]
    documents: list[str]


def too_few_examples(examples: Sequence[LabelExample]) -> str | None:
    """Return why a field's ``examples`` are too few to learn from, or None if enough."""
    counts = Counter(example.value for example in examples)
    enough = [value for value, count in counts.items() if count >= MIN_PER_VALUE]
    if len(enough) >= MIN_VALUES:
        return None
    given = ", ".join(f"{value} {count}" for value, count in sorted(counts.items())) or "none"
    return (
        f"needs at least {MIN_VALUES} values with {MIN_PER_VALUE} gold examples each "
        f"(gold has {given})"
    )


def train_field(examples: Sequence[LabelExample]) -> TrainedField:
    """Cross-validate by document, then train on every example.

    :raises ValueError: too few examples (:func:`too_few_examples` says why).
    """
    refusal = too_few_examples(examples)
    if refusal is not None:
        raise ValueError(refusal)
    documents = sorted({example.document for example in examples})
    # One document (a long one, richly labelled): hold out its sentences instead.
    groups = (
        [documents.index(e.document) for e in examples]
        if len(documents) > 1
        else list(range(len(examples)))
    )
    folds = min(FOLDS, len(set(groups)))
    gold: list[str] = []
    guessed: list[str] = []
    for fold in range(folds):
        train = [e for e, g in zip(examples, groups, strict=True) if g % folds != fold]
        held = [e for e, g in zip(examples, groups, strict=True) if g % folds == fold]
        if not held or len({e.value for e in train}) < 2:
            continue  # nothing to score, or a fold that saw one value: no model to test
        model = train_labels([e.text for e in train], [e.value for e in train])
        for example, odds in zip(held, predict_labels(model, [e.text for e in held]), strict=True):
            gold.append(example.value)
            guessed.append(max(odds, key=odds.__getitem__))
    model = train_labels([e.text for e in examples], [e.value for e in examples])
    counts = Counter(example.value for example in examples)
    scores = {
        **held_out_scores(gold, guessed),
        "examples": len(examples),
        "values": dict(sorted(counts.items())),
    }
    return TrainedField(model, scores, documents)


def held_out_scores(gold: Sequence[str], guessed: Sequence[str]) -> dict[str, Any]:
    """Return the accuracy and macro F1 of ``guessed`` against ``gold`` (None with none).

    Macro F1 averages each gold value's F1, so that a field where one value is rare is not
    scored as good for guessing the common one everywhere.
    """
    if not gold:
        return {"accuracy": None, "macro_f1": None, "held_out": 0}
    right = sum(g == p for g, p in zip(gold, guessed, strict=True))
    f1s = []
    for value in sorted(set(gold)):
        true_positive = sum(g == p == value for g, p in zip(gold, guessed, strict=True))
        predicted = sum(p == value for p in guessed)
        actual = sum(g == value for g in gold)
        f1s.append(2 * true_positive / (predicted + actual) if predicted + actual else 0.0)
    return {
        "accuracy": round(right / len(gold), 4),
        "macro_f1": round(sum(f1s) / len(f1s), 4),
        "held_out": len(gold),
    }
