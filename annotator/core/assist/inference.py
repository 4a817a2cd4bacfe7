"""Marginal tag probabilities of a trained CRF, computed here in log space with a temperature.

The averaged perceptron and the passive-aggressive learner train the CRF fastest, but the
perceptron's weights are sums of updates, in the hundreds or thousands: CRFsuite's own
marginals overflow to NaN on them. The weights
are read out of the model once; the marginals come from the forward-backward algorithm in
log space, with the scores divided by a temperature fitted on training documents so that
the probabilities mean something (a span scored 0.9 is right more often than one at 0.6).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Temperatures tried when fitting, from sharper than the CRF's scale (1) to very flat: the
#: averaged perceptron's weights want flattening (about 1024 on PolNeAR), the
#: passive-aggressive learner's, a hundred times smaller, sharpening (about 1/16).
TEMPERATURES: tuple[float, ...] = (
    1 / 64,
    1 / 16,
    1 / 4,
    1.0,
    4.0,
    16.0,
    64.0,
    256.0,
    1024.0,
    4096.0,
)


@dataclass(frozen=True)
class Weights:
    """A linear-chain CRF's weights: per attribute and tag, and per tag transition."""

    tags: tuple[str, ...]
    attributes: dict[str, int]
    state: np.ndarray  # attributes x tags
    transition: np.ndarray  # tags x tags, from row to column

    @classmethod
    def from_info(
        cls,
        tags: Sequence[str],
        state_features: dict[tuple[str, str], float],
        transitions: dict[tuple[str, str], float],
    ) -> Weights:
        """Build from the dictionaries python-crfsuite's ``Tagger.info()`` returns."""
        tag_index = {tag: n for n, tag in enumerate(tags)}
        attributes: dict[str, int] = {}
        rows, columns, values = [], [], []
        for (attribute, tag), weight in state_features.items():
            rows.append(attributes.setdefault(attribute, len(attributes)))
            columns.append(tag_index[tag])
            values.append(weight)
        state = np.zeros((len(attributes), len(tags)))
        state[rows, columns] = values
        transition = np.zeros((len(tags), len(tags)))
        for (before, after), weight in transitions.items():
            transition[tag_index[before], tag_index[after]] = weight
        return cls(tuple(tags), attributes, state, transition)

    def state_scores(self, features: Sequence[Sequence[str]]) -> np.ndarray:
        """Return each token's score per tag: the sum of its known attributes' weights."""
        known = self.attributes
        rows = [[known[f] for f in token if f in known] for token in features]
        counts = np.array([len(r) for r in rows])
        flat = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(counts.sum()))
        # Sum each token's rows: cumulative sums read off at the tokens' boundaries.
        cumulative = np.vstack([np.zeros(len(self.tags)), np.cumsum(self.state[flat], axis=0)])
        ends = np.cumsum(counts)
        return np.asarray(cumulative[ends] - cumulative[ends - counts])


def marginals(scores: np.ndarray, transition: np.ndarray, temperature: float) -> np.ndarray:
    """Return the tag marginals of one sequence (tokens x tags) by forward-backward."""
    length = len(scores)
    if not length:
        return np.zeros_like(scores)
    state = scores / temperature
    move = transition / temperature
    alpha = np.empty_like(state)
    beta = np.zeros_like(state)
    alpha[0] = state[0]
    for t in range(1, length):
        alpha[t] = state[t] + _logsumexp(alpha[t - 1][:, None] + move, axis=0)
    for t in range(length - 2, -1, -1):
        beta[t] = _logsumexp(move + (state[t + 1] + beta[t + 1])[None, :], axis=1)
    log_p = alpha + beta
    log_p -= log_p.max(axis=1, keepdims=True)
    p = np.exp(log_p)
    return np.asarray(p / p.sum(axis=1, keepdims=True))


def fit_temperature(
    weights: Weights, documents: Sequence[tuple[Sequence[Sequence[str]], Sequence[str]]]
) -> float:
    """Return the temperature under which the gold tags of ``documents`` are likeliest."""
    prepared = [
        (weights.state_scores(features), [weights.tags.index(tag) for tag in gold])
        for features, gold in documents
        if all(tag in weights.tags for tag in gold)
    ]
    best, best_loss = TEMPERATURES[0], float("inf")
    for temperature in TEMPERATURES:
        loss = 0.0
        for scores, gold in prepared:
            p = marginals(scores, weights.transition, temperature)
            loss -= float(np.log(np.maximum(p[np.arange(len(gold)), gold], 1e-12)).sum())
        if loss < best_loss:
            best, best_loss = temperature, loss
    return best


def _logsumexp(values: np.ndarray, axis: int) -> np.ndarray:
    top = values.max(axis=axis, keepdims=True)
    summed = np.log(np.exp(values - top).sum(axis=axis, keepdims=True)) + top
    return np.asarray(np.squeeze(summed, axis=axis))
