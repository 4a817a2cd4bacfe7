"""What the label coefficients are made of, as tables a reader can check them by.

-   :func:`coincidence_matrix`: Krippendorff's coincidence matrix ``o_ck`` (values x values):
    every pairable unit ``u`` (``m_u >= 2`` values) adds each ordered pair of its values
    from different coders with weight ``1 / (m_u - 1)``, so unit ``u`` adds ``m_u`` in all
    and the matrix sums to ``n``, the pairable values (Krippendorff 2011, "Computing
    Krippendorff's alpha-reliability"). It is symmetric; its marginals ``n_c`` are how
    often each value was given. Alpha is ``1 - (n - 1) sum_ck o_ck d_ck / sum_ck n_c n_k d_ck``.
-   :func:`pair_table`: two coders' contingency table (rows the first, columns the second),
    the table Cohen's kappa reads; for two coders the coincidences are it plus its transpose.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def unit_counts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct values of the pairable units, sorted, and a units x values table
    of how many coders gave each value to each pairable unit.

    :param x: coders x units, value codes (non-negative numbers), ``nan`` = no value.
    """
    present = ~np.isnan(x)
    keep = present.sum(axis=0) >= 2
    x, present = x[:, keep], present[:, keep]
    values, codes = np.unique(x[present], return_inverse=True)
    units = np.broadcast_to(np.arange(x.shape[1]), x.shape)[present]
    table = np.bincount(units * len(values) + codes.ravel(), minlength=x.shape[1] * len(values))
    return values, table.reshape(x.shape[1], len(values))


def coincidence_matrix(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the values of the pairable units (sorted) and their coincidence matrix.

    ``o = N' diag(w) N - diag(N' w)`` with ``N`` the units x values counts and
    ``w_u = 1 / (m_u - 1)``: the products count ordered pairs of values in a unit, the
    diagonal term takes out each value paired with itself (the same coder).
    """
    values, counts = unit_counts(x)
    weight = 1.0 / (counts.sum(axis=1) - 1) if len(counts) else np.zeros(0)
    matrix = counts.T @ (counts * weight[:, None]) - np.diag(counts.T @ weight)
    return values, matrix


def pair_table(a: np.ndarray, b: np.ndarray, values: Sequence[float]) -> np.ndarray:
    """Return how often coder ``a`` gave ``values[i]`` where coder ``b`` gave ``values[j]``,
    over the units both gave a value (``nan`` = none); values outside ``values`` are not
    counted."""
    both = ~np.isnan(a) & ~np.isnan(b)
    order = np.asarray(values, dtype=float)
    sorter = np.argsort(order)
    size = len(order)
    rows, columns = _positions(a[both], order, sorter), _positions(b[both], order, sorter)
    known = (rows >= 0) & (columns >= 0)
    flat = np.bincount(rows[known] * size + columns[known], minlength=size * size)
    return flat.reshape(size, size)


def _positions(found: np.ndarray, order: np.ndarray, sorter: np.ndarray) -> np.ndarray:
    """Return where each of ``found`` is in ``order`` (-1 where it is not)."""
    if not len(order):
        return np.full(len(found), -1)
    at = np.clip(np.searchsorted(order, found, sorter=sorter), 0, len(order) - 1)
    where = sorter[at]
    return np.where(order[where] == found, where, -1)
