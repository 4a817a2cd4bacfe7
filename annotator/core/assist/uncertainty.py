"""How unsure a tagger is, per token and per document, for an uncertainty-ordered queue.

Both measures read the marginals of :class:`~.tagger.Prediction` (one row per token, one
column per tag). Entropy counts every tag's probability; margin is one minus the gap between
the two likeliest tags, which tells apart "B-CLAIM or I-CLAIM" doubts from "CLAIM or
nothing". A document's uncertainty is the mean of its most uncertain tokens, not of all of
them: a long article is mostly confident "O" tokens, which would hide the doubtful spans.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

Measure = Literal["entropy", "margin"]


def token_entropy(marginals: np.ndarray) -> np.ndarray:
    """Return each token's entropy in bits (0 = certain)."""
    p = np.clip(marginals, 0.0, 1.0)
    logs = np.log2(p, out=np.zeros_like(p), where=p > 0)  # 0 log 0 = 0
    return np.asarray(np.maximum(-(p * logs).sum(axis=1), 0.0))


def token_margin(marginals: np.ndarray) -> np.ndarray:
    """Return one minus the gap between each token's two likeliest tags (0 = certain)."""
    if marginals.shape[1] < 2:
        return np.zeros(marginals.shape[0])
    top_two = np.sort(marginals, axis=1)[:, -2:]
    return np.asarray(1.0 - (top_two[:, 1] - top_two[:, 0]))


def document_uncertainty(
    marginals: np.ndarray, *, measure: Measure = "entropy", top: int = 20
) -> float:
    """Return the mean uncertainty of the document's ``top`` most uncertain tokens."""
    if not len(marginals):
        return 0.0
    per_token = token_entropy(marginals) if measure == "entropy" else token_margin(marginals)
    worst = np.sort(per_token)[-top:]
    return float(worst.mean())
