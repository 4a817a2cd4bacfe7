"""Suggested values for sentence and document label fields: multinomial naive Bayes.

Naive Bayes learns from a few dozen examples, trains in one pass, and gives a probability
for every value, which the workspace can show beside each choice. Words and word pairs
count once per text (binary counts suit short texts such as sentences better than
frequencies). NumPy only; a model turns into bytes (``.npz``, loaded without pickle).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..tokens import tokenize


@dataclass(frozen=True)
class LabelModel:
    """A trained label classifier: its values, vocabulary and log probabilities."""

    values: tuple[str, ...]
    vocabulary: dict[str, int]
    log_prior: np.ndarray
    log_likelihood: np.ndarray  # one row per value, one column per term

    def to_bytes(self) -> bytes:
        """Return the model as ``.npz`` bytes."""
        buffer = io.BytesIO()
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        header = json.dumps({"values": list(self.values), "terms": terms})
        np.savez(
            buffer,
            header=np.frombuffer(header.encode("utf-8"), dtype=np.uint8),
            log_prior=self.log_prior,
            log_likelihood=self.log_likelihood,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LabelModel:
        """Read a model written by :meth:`to_bytes`.

        :raises ValueError: bytes that are not such a model (a project file's, say).
        """
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                header = json.loads(arrays["header"].tobytes().decode("utf-8"))
                return cls(
                    values=tuple(header["values"]),
                    vocabulary={term: n for n, term in enumerate(header["terms"])},
                    log_prior=arrays["log_prior"],
                    log_likelihood=arrays["log_likelihood"],
                )
        except (OSError, EOFError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            raise ValueError(f"not a label classifier: {exc}") from exc


def terms(text: str) -> set[str]:
    """Return the lower-cased words and adjacent word pairs of ``text``."""
    words = [t.text.lower() for t in tokenize(text) if t.text[0].isalnum()]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


def train_labels(
    texts: Sequence[str], values: Sequence[str], *, smoothing: float = 1.0
) -> LabelModel:
    """Train on ``texts`` and their label ``values`` (one value per text).

    :raises ValueError: the two sequences differ in length, or are empty.
    """
    if len(texts) != len(values) or not texts:
        raise ValueError(f"{len(texts)} texts and {len(values)} values: need as many, and some")
    classes = tuple(sorted(set(values)))
    vocabulary: dict[str, int] = {}
    rows = [[vocabulary.setdefault(t, len(vocabulary)) for t in terms(text)] for text in texts]
    counts = np.zeros((len(classes), len(vocabulary)))
    class_index = {value: n for n, value in enumerate(classes)}
    for row, value in zip(rows, values, strict=True):
        counts[class_index[value], row] += 1
    smoothed = counts + smoothing
    log_likelihood = np.log(smoothed / smoothed.sum(axis=1, keepdims=True))
    prior = np.bincount([class_index[v] for v in values], minlength=len(classes))
    return LabelModel(classes, vocabulary, np.log(prior / prior.sum()), log_likelihood)


def predict_labels(model: LabelModel, texts: Sequence[str]) -> list[dict[str, float]]:
    """Return, for each text, the probability of each value (they sum to 1)."""
    results = []
    for text in texts:
        known = [model.vocabulary[t] for t in terms(text) if t in model.vocabulary]
        scores = model.log_prior + model.log_likelihood[:, known].sum(axis=1)
        probabilities = np.exp(scores - scores.max())
        probabilities /= probabilities.sum()
        results.append({v: float(p) for v, p in zip(model.values, probabilities, strict=True)})
    return results
