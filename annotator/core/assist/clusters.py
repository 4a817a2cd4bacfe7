"""Word clusters from the training text, so that a rare word shares features with common kin.

A gold set of a few hundred articles sees "eagerness" or "insisted" a handful of times;
words used alike ("said"/"insisted", "senator"/"governor") share neighbours. Each word seen
often enough is described by the words just before and after it (counts over the most
frequent words, square-rooted and scaled to unit length), and spherical k-means groups
those vectors. The tagger gives each token its cluster (and its neighbours' clusters) as
features. Everything comes from the documents the model is trained on: no download, no
outside corpus; the word -> cluster table is stored with the model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

#: Words seen fewer times get no cluster (their vectors are noise).
MIN_COUNT = 3
#: Neighbours are counted over this many of the most frequent words.
CONTEXT_WORDS = 500
#: At most this many words are clustered (the most frequent ones).
MAX_WORDS = 20_000


def word_clusters(
    documents: Iterable[Sequence[str]],
    k: int,
    *,
    min_count: int = MIN_COUNT,
    iterations: int = 12,
    seed: int = 0,
) -> dict[str, int]:
    """Return a cluster number (0 to k - 1) for each frequent lower-case word of ``documents``.

    :param documents: each document's words, lower case, in order.
    """
    words = [list(document) for document in documents]
    counts = Counter(word for document in words for word in document)
    vocabulary = [w for w, n in counts.most_common(MAX_WORDS) if n >= min_count]
    if len(vocabulary) <= k:
        return {word: n for n, word in enumerate(vocabulary)}
    row = {word: n for n, word in enumerate(vocabulary)}
    context = {word: n for n, (word, _) in enumerate(counts.most_common(CONTEXT_WORDS))}
    width = 2 * len(context)
    cells: list[int] = []
    for document in words:
        for i, word in enumerate(document):
            r = row.get(word)
            if r is None:
                continue
            if i > 0 and (c := context.get(document[i - 1])) is not None:
                cells.append(r * width + c)
            if i + 1 < len(document) and (c := context.get(document[i + 1])) is not None:
                cells.append(r * width + len(context) + c)
    vectors = np.bincount(np.array(cells, dtype=np.int64), minlength=len(vocabulary) * width)
    matrix = np.sqrt(vectors.reshape(len(vocabulary), width).astype(np.float32))
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    return dict(zip(vocabulary, _spherical_kmeans(matrix, k, iterations, seed), strict=True))


def _spherical_kmeans(matrix: np.ndarray, k: int, iterations: int, seed: int) -> list[int]:
    """Group unit rows by cosine similarity; seeded, so a training run is repeatable."""
    rng = np.random.default_rng(seed)
    centres = matrix[rng.choice(len(matrix), size=k, replace=False)].copy()
    assigned = np.zeros(len(matrix), dtype=np.int64)
    for _ in range(iterations):
        assigned = np.argmax(matrix @ centres.T, axis=1)
        onehot = np.zeros((len(matrix), k), dtype=matrix.dtype)
        onehot[np.arange(len(matrix)), assigned] = 1
        sums = onehot.T @ matrix
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        centres = np.where(empty[:, None], centres, sums / np.maximum(norms, 1e-9))
    return [int(c) for c in assigned]
