"""Agreement on label fields: Krippendorff's alpha and percent agreement (the kappas
are in :mod:`.kappa`).

The input is a *reliability matrix*: one row per coder, one column per unit
(a sentence or a document), ``None`` where a coder gave no value. A NumPy float
array with ``nan`` for missing values is accepted too and is the fast path.

A unit with fewer than two values is not pairable and is left out, as
Krippendorff defines. Where a statistic is undefined (nothing pairable, one
coder, no variation at all) the functions return ``None``: never a number, and
never an exception. Malformed input (ragged rows, text where numbers are
needed) raises :class:`ValueError` naming the problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations
from numbers import Number
from typing import Any, Literal

import numpy as np

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")
ReliabilityData = Sequence[Sequence[Any]] | np.ndarray


def _first_value(data: ReliabilityData) -> Any:
    for row in data:
        for value in row:
            if value is not None:
                return value
    return None


def to_matrix(data: ReliabilityData, *, numeric: bool = False) -> np.ndarray:
    """Return the reliability data as a float array (coders x units), ``nan`` = missing.

    Numbers are kept as they are. Other labels (strings, say) are replaced by
    integer codes, which is all a nominal metric needs.

    :param numeric: the metric measures distances, so labels must be numbers.
    :raises ValueError: rows of different lengths, or text where numbers are needed.
    """
    if isinstance(data, np.ndarray) and data.dtype.kind in "biuf":
        return _two_dimensional(data.astype(float))
    if any(
        isinstance(row, str | bytes) or not isinstance(row, Sequence | np.ndarray) for row in data
    ):
        raise ValueError("reliability data must be a list of rows (one per coder)")
    lengths = {len(row) for row in data}
    if len(lengths) > 1:
        raise ValueError(f"reliability matrix rows have different lengths: {sorted(lengths)}")
    first = _first_value(data)
    if numeric or first is None or isinstance(first, Number):
        try:
            # NumPy turns None into nan in a float array: one C-level pass.
            return _two_dimensional(np.array(data, dtype=float))
        except (TypeError, ValueError) as exc:
            if numeric:
                raise ValueError(f"labels must be numbers for this metric: {exc}") from None
    # Nominal labels of any hashable kind (or numbers mixed with text): codes.
    codes: dict[Any, float] = {None: np.nan}
    try:
        for row in data:
            for value in row:
                codes.setdefault(value, float(len(codes) - 1))
    except TypeError as exc:
        raise ValueError(
            f"labels must be hashable; encode multi-valued labels, e.g. as sorted tuples: {exc}"
        ) from None
    return _two_dimensional(np.array([[codes[value] for value in row] for row in data]))


def _two_dimensional(matrix: np.ndarray) -> np.ndarray:
    if matrix.ndim != 2:
        if matrix.size:
            raise ValueError("reliability data must be a list of rows (one per coder)")
        matrix = np.empty((0, 0))
    return matrix


def _interval(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a - b) ** 2


def _nominal(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a != b).astype(float)


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    total = a + b
    # Ratio values are non-negative; two zeros are the same value (distance 0).
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total == 0, 0.0, ((a - b) / np.where(total == 0, 1, total)) ** 2)


_DISTANCE: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "nominal": _nominal,
    "ordinal": _interval,  # on mid-ranks, see below
    "interval": _interval,
    "ratio": _ratio,
}


def krippendorff_alpha(
    data: ReliabilityData, level: Level = "nominal", *, distances: np.ndarray | None = None
) -> float | None:
    """Return Krippendorff's alpha for a reliability matrix (coders x units).

    ``alpha = 1 - (n - 1) * sum_ck o_ck d_ck / sum_ck n_c n_k d_ck``
    (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"), where
    ``o`` is the coincidence matrix of pairable values and ``n_c`` its
    marginals. Rather than building ``o`` (values x values), the observed term
    is summed over pairs of coders, vectorised over units: the ordered pairs
    of unit ``u`` each add ``d(x_iu, x_ju) / (m_u - 1)``, which is exactly
    ``sum_ck o_ck d_ck``. This keeps memory linear in the number of units.

    Ordinal distance is ``(sum_{g=c..k} n_g - (n_c + n_k) / 2)^2``, which is the
    squared difference of the mid-ranks ``M_c = N_c - n_c / 2`` (``N_c`` the
    cumulative frequency), so ordinal is interval on mid-ranks.

    :param level: ``nominal`` (any hashable labels), ``ordinal``, ``interval``
        or ``ratio`` (numbers; ratio values must be non-negative).
    :param distances: any other distance, as a table: ``distances[c, k]`` is ``d_ck`` for
        the value codes ``c`` and ``k`` the data holds (non-negative integers); ``level`` is
        then not used. The MASI distance of set-valued labels comes this way
        (:mod:`.sets`), so alpha keeps this one implementation.
    :return: alpha, or ``None`` if nothing is pairable or there is no variation.
    """
    if level not in _DISTANCE:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    x = to_matrix(data, numeric=level != "nominal" or distances is not None)
    present = ~np.isnan(x)
    per_unit = present.sum(axis=0)
    pairable = per_unit >= 2
    x, present, per_unit = x[:, pairable], present[:, pairable], per_unit[pairable]
    n = int(per_unit.sum())
    if n == 0:
        return None
    values, counts = _value_counts(x[present])
    if len(values) < 2:
        return None  # no variation: D_e = D_o = 0 and alpha is 0/0
    if distances is not None:
        return _alpha_from_table(x, present, per_unit, n, values, counts, distances)
    if level == "ratio" and values[0] < 0:
        raise ValueError("ratio-level values must be non-negative")
    x = np.where(present, x, values[0])  # any value will do: masked out below
    if level == "ordinal":
        mid_ranks = np.cumsum(counts) - counts / 2.0
        x, values = mid_ranks[np.searchsorted(values, x)], mid_ranks
    expected = _expected(level, values, counts.astype(float), n)
    return _alpha(x, present, per_unit, n, _DISTANCE[level], expected)


def _alpha_from_table(
    x: np.ndarray,
    present: np.ndarray,
    per_unit: np.ndarray,
    n: int,
    values: np.ndarray,
    counts: np.ndarray,
    distances: np.ndarray,
) -> float | None:
    """Return alpha with ``d_ck = distances[c, k]`` (the pairable data's codes ``values``)."""
    whole = np.array_equal(values, np.floor(values))
    if values[0] < 0 or values[-1] >= len(distances) or not whole:
        raise ValueError("with a distance table the labels must be codes: rows of the table")
    codes = values.astype(np.intp)
    x = np.where(present, x, values[0]).astype(np.intp)
    weights = counts.astype(float)
    expected = float(weights @ distances[np.ix_(codes, codes)] @ weights)
    if expected == 0:
        return None  # every pair of values is at distance 0: no variation to measure against

    def distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return distances[a, b]

    return _alpha(x, present, per_unit, n, distance, expected)


def _alpha(
    x: np.ndarray,
    present: np.ndarray,
    per_unit: np.ndarray,
    n: int,
    distance: Callable[[np.ndarray, np.ndarray], np.ndarray],
    expected: float,
) -> float:
    """Return ``1 - (n - 1) * sum_ck o_ck d_ck / expected`` (see :func:`krippendorff_alpha`)."""
    weight = 1.0 / (per_unit - 1)
    observed = 0.0
    for i, j in combinations(range(x.shape[0]), 2):
        both = present[i] & present[j]
        # Both orders (i, j) and (j, i) are coincidences: hence the factor 2.
        # Masking with a product is cheaper than copying the rows with ``both``.
        observed += 2.0 * float(np.dot(distance(x[i], x[j]) * both, weight))
    return 1.0 - (n - 1) * observed / expected


def _value_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct values, sorted, and how often each occurs."""
    # Labels are mostly small non-negative integers (or codes for strings):
    # counting them is linear, where ``np.unique`` sorts.
    if values.min() >= 0 and values.max() < 1 << 16 and np.array_equal(values, np.floor(values)):
        counts = np.bincount(values.astype(np.intp))
        distinct = np.flatnonzero(counts)
        return distinct.astype(float), counts[distinct]
    return np.unique(values, return_counts=True)


def _expected(level: str, values: np.ndarray, counts: np.ndarray, n: int) -> float:
    """Return ``sum_c sum_k n_c n_k d_ck`` over the pairable values."""
    if level == "nominal":
        return float(n * n - np.dot(counts, counts))
    if level == "ratio":
        # A values x values table: fine for the small domains ratio data has.
        table = _ratio(values[:, None], values[None, :])
        return float(counts @ table @ counts)
    # Squared differences: sum_ck n_c n_k (v_c - v_k)^2 = 2 n sum_c n_c (v_c - mean)^2.
    mean = float(np.dot(counts, values)) / n
    return float(2 * n * np.dot(counts, (values - mean) ** 2))


def percent_agreement(data: ReliabilityData) -> float | None:
    """Return the mean, over pairable units, of the share of coder pairs that agree.

    For unit ``u`` with ``m_u >= 2`` values: agreeing ordered pairs of coders
    divided by ``m_u (m_u - 1)``; then the plain mean over those units. For two
    coders this is the share of units on which they gave the same label.
    """
    x = to_matrix(data)
    present = ~np.isnan(x)
    per_unit = present.sum(axis=0)
    pairable = per_unit >= 2
    if not pairable.any():
        return None
    agreeing = np.zeros(x.shape[1])
    for i, j in combinations(range(x.shape[0]), 2):
        agreeing += 2 * (present[i] & present[j] & (x[i] == x[j]))
    shares = agreeing[pairable] / (per_unit[pairable] * (per_unit[pairable] - 1))
    return float(shares.mean())


def pair_key(first: str, second: str) -> str:
    """Return the report key of a pair of annotators: both names, sorted, joined by ``|``."""
    return "|".join(sorted((first, second)))
