"""Kappa coefficients: Fleiss' kappa (any number of coders), Cohen's kappa and Scott's pi.

Input as in :mod:`.labels`: labels per coder over the same units, ``None`` = missing.
Undefined statistics are ``None``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from itertools import combinations
from typing import Any

import numpy as np

from annotator.core.vocabulary import KAPPA_NO_COMMON_UNIT, KAPPA_ONE_VALUE_ONLY

from .labels import ReliabilityData, pair_key, to_matrix


def fleiss_kappa(table: Sequence[Sequence[int]] | np.ndarray) -> float | None:
    """Return Fleiss' kappa for a subjects x categories table of rating counts.

    ``kappa = (P - P_e) / (1 - P_e)`` with ``P`` the mean over subjects of
    ``(sum_j n_ij^2 - n) / (n (n - 1))`` and ``P_e = sum_j p_j^2`` (Fleiss 1971,
    Psychological Bulletin 76(5)). Fleiss assumes the same number ``n`` of
    ratings for every subject; where that does not hold the result is ``None``,
    as it is with fewer than two ratings per subject or a single category used.
    """
    counts = np.asarray(table, dtype=float)
    if counts.ndim != 2 or counts.shape[0] == 0:
        return None
    raters = counts.sum(axis=1)
    n = raters[0]
    if n < 2 or not np.all(raters == n):
        return None
    totals = counts.sum(axis=0)
    if np.count_nonzero(totals) < 2:
        return None  # one category only: P_e = 1
    per_subject = ((counts * counts).sum(axis=1) - n) / (n * (n - 1))
    shares = totals / totals.sum()
    chance = float(np.dot(shares, shares))
    return (float(per_subject.mean()) - chance) / (1.0 - chance)


def fleiss_kappa_from_ratings(data: ReliabilityData) -> float | None:
    """Return Fleiss' kappa for a reliability matrix (coders x units).

    Units with fewer than two values are left out first (not pairable); if the
    rest have different numbers of values the result is ``None``.
    """
    x = to_matrix(data)
    present = ~np.isnan(x)
    x = x[:, present.sum(axis=0) >= 2]
    present = ~np.isnan(x)
    if x.shape[1] == 0:
        return None
    values, codes = np.unique(x[present], return_inverse=True)
    units = np.broadcast_to(np.arange(x.shape[1]), x.shape)[present]
    table = np.bincount(units * len(values) + codes.ravel(), minlength=x.shape[1] * len(values))
    return fleiss_kappa(table.reshape(x.shape[1], len(values)))


def _complete_pairs(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[Any, Any]]:
    _same_length(a, b)
    return [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]


def _same_length(a: Sequence[Hashable] | np.ndarray, b: Sequence[Hashable] | np.ndarray) -> None:
    if len(a) != len(b):
        raise ValueError(f"the two coders rated different numbers of units: {len(a)} and {len(b)}")


def cohen_kappa(
    a: Sequence[Hashable] | np.ndarray, b: Sequence[Hashable] | np.ndarray
) -> float | None:
    """Return Cohen's kappa for two coders' labels of the same units.

    ``kappa = (p_o - p_e) / (1 - p_e)``, ``p_e = sum_c p_A(c) p_B(c)`` (Cohen
    1960). Units either coder left empty (``None``, or ``nan`` in a float array) are
    skipped. Computed on counts, ``(n * agree - sum_c a_c b_c) / (n^2 - sum_c a_c b_c)``,
    so that "undefined" (``p_e = 1``: both coders used one and the same label) is an
    exact test, not a float comparison. Labels other than float arrays are coded first
    (:func:`~.labels.to_matrix`), so one implementation serves lists and arrays.
    """
    n, agree, chance = _kappa_counts(a, b)
    if n == 0 or chance == n * n:
        return None
    return (n * agree - chance) / (n * n - chance)


def cohen_kappa_undefined(
    a: Sequence[Hashable] | np.ndarray, b: Sequence[Hashable] | np.ndarray
) -> str | None:
    """Return why :func:`cohen_kappa` of ``a`` and ``b`` is undefined
    (:data:`~annotator.core.vocabulary.KAPPA_NO_COMMON_UNIT` or ``KAPPA_ONE_VALUE_ONLY``), or
    None when it is defined."""
    n, _agree, chance = _kappa_counts(a, b)
    if n == 0:
        return KAPPA_NO_COMMON_UNIT
    return KAPPA_ONE_VALUE_ONLY if chance == n * n else None


def _kappa_counts(
    a: Sequence[Hashable] | np.ndarray, b: Sequence[Hashable] | np.ndarray
) -> tuple[int, int, int]:
    """Return the units both coders gave a value, those they agree on, and the chance term
    ``sum_c a_c b_c`` (``n * n`` exactly when ``p_e = 1``)."""
    _same_length(a, b)
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype.kind == "f":
        x, y = a, b
    else:
        x, y = to_matrix([list(a), list(b)]).reshape(2, len(a))
    both = ~np.isnan(x) & ~np.isnan(y)
    n = int(both.sum())
    if n == 0:
        return 0, 0, 0
    codes = _codes(np.concatenate([x[both], y[both]]))
    first, second = codes[:n], codes[n:]
    size = int(codes.max()) + 1
    chance = int(np.dot(np.bincount(first, minlength=size), np.bincount(second, minlength=size)))
    return n, int((first == second).sum()), chance


def _codes(values: np.ndarray) -> np.ndarray:
    """Return small non-negative integer codes, equal where ``values`` are equal."""
    if values.min() >= 0 and values.max() < 1 << 16 and np.array_equal(values, np.floor(values)):
        return values.astype(np.int64)  # codes already: counting them needs no sort
    return np.unique(values, return_inverse=True)[1].reshape(-1)


def scotts_pi(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Return Scott's pi for two coders: like kappa, but chance from the pooled labels.

    ``p_e = sum_c ((a_c + b_c) / 2n)^2`` (Scott 1955; Artstein & Poesio 2008).
    ``None`` when no unit has both labels or a single label is used overall.
    """
    pairs = _complete_pairs(a, b)
    n = len(pairs)
    agree = sum(x == y for x, y in pairs)
    pooled = Counter(x for x, _ in pairs) + Counter(y for _, y in pairs)
    chance = sum(count * count for count in pooled.values())  # = 4 n^2 p_e
    if n == 0 or chance == 4 * n * n:
        return None
    return (4 * n * agree - chance) / (4 * n * n - chance)


def pairwise_cohen_kappa(ratings: Mapping[str, Sequence[Hashable]]) -> dict[str, float | None]:
    """Return Cohen's kappa for every pair of annotators, keyed ``"alice|bob"``.

    :param ratings: each annotator's labels over the same units, ``None`` = missing.
    """
    return {
        pair_key(a, b): cohen_kappa(ratings[a], ratings[b]) for a, b in combinations(ratings, 2)
    }
