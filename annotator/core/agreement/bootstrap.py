"""Bootstrap confidence intervals for a label field's alpha (nominal) and Fleiss' kappa.

Percentile bootstrap over units: draw the pairable units with replacement as many times as
there are, recompute the coefficient, repeat ``RESAMPLES`` times; the 2.5th and 97.5th
percentiles of the resampled figures bound the 95 % interval. The seed is fixed, so a report
gives the same interval every time. Hayes & Krippendorff (2007), "Answering the call for a
standard reliability measure for coding data", Communication Methods and Measures 1(1):77-89,
argue for bootstrapping alpha; their KALPHA macro resamples pairs of values with the expected
disagreement held fixed, where this resamples whole units (docs/agreement.md says how the two
differ).

Why it is fast: both coefficients depend on a unit only through how many coders gave each
value (its row of :func:`~.coincidences.unit_counts`), so units with the same counts are
interchangeable. A resample is then how many units of each kind it drew, one multinomial
draw over the few distinct kinds (not one draw per unit), and every resample's coefficient
comes from a few matrix products (:func:`_figures`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .coincidences import unit_counts

RESAMPLES = 1000
SEED = 2007  # any fixed number: the year of Hayes & Krippendorff's paper
CONFIDENCE = 0.95
METHOD = "percentile bootstrap over units"


@dataclass(frozen=True)
class Interval:
    """A bootstrap interval: its bounds, the resamples drawn, and how many of them had no
    figure (every value the same, say) and were left out of the percentiles."""

    low: float
    high: float
    resamples: int
    undefined: int

    def as_dict(self) -> dict[str, float | int]:
        """Return the plain-data form used in the JSON report."""
        return {"low": self.low, "high": self.high, "undefined": self.undefined}


def pairable(x: np.ndarray) -> np.ndarray:
    """Return the columns (units) of ``x`` with two values or more, in order."""
    return x[:, (~np.isnan(x)).sum(axis=0) >= 2]


def resampled(x: np.ndarray, weights: np.ndarray) -> dict[str, np.ndarray]:
    """Return each resample's alpha (nominal) and Fleiss' kappa, ``nan`` where undefined.

    :param x: coders x units, value codes, ``nan`` = no value.
    :param weights: resamples x pairable units (:func:`pairable`): how often each resample
        drew each unit.
    """
    return _figures(unit_counts(x)[1], np.asarray(weights, dtype=float))


def bootstrap_intervals(
    x: np.ndarray,
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
) -> dict[str, Interval | None]:
    """Return the intervals of alpha (nominal) and Fleiss' kappa; ``None`` where the
    coefficient itself is undefined (the interval of no figure)."""
    counts = unit_counts(x)[1]
    units = len(counts)
    if units == 0:
        return {"alpha_nominal": None, "fleiss_kappa": None}
    kinds, how_many = _kinds(counts)
    draws = np.random.default_rng(seed).multinomial(units, how_many / units, size=resamples)
    point = _figures(kinds, how_many[None, :].astype(float))
    found = _figures(kinds, draws.astype(float))
    tail = (1 - confidence) / 2 * 100
    result: dict[str, Interval | None] = {}
    for name, figures in found.items():
        defined = figures[~np.isnan(figures)]
        if np.isnan(point[name][0]) or not len(defined):
            result[name] = None
            continue
        low, high = np.percentile(defined, [tail, 100 - tail])
        result[name] = Interval(float(low), float(high), resamples, resamples - len(defined))
    return result


def _kinds(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct rows of ``counts`` and how many units have each."""
    base = int(counts.max()) + 1
    if base ** counts.shape[1] < 2**62:
        # One integer per row (the counts as digits): a 1-d unique, much cheaper than rows.
        keys = counts @ (base ** np.arange(counts.shape[1], dtype=np.int64))
        _, first, how_many = np.unique(keys, return_index=True, return_counts=True)
        return counts[first], how_many
    kinds, how_many = np.unique(counts, axis=0, return_counts=True)
    return kinds, how_many


def _figures(counts: np.ndarray, weights: np.ndarray) -> dict[str, np.ndarray]:
    """Return alpha (nominal) and Fleiss' kappa of each row of ``weights`` over the units
    (or kinds of unit) whose value counts are the rows of ``counts``.

    Alpha: ``1 - (n - 1) D / (n^2 - sum_c n_c^2)`` with ``D = sum_u (m_u^2 - sum_c n_uc^2) /
    (m_u - 1)``, the coincidences off the diagonal (as :func:`~.labels.krippendorff_alpha`).
    Kappa, where every unit has the same ``m`` values: ``(P - P_e) / (1 - P_e)``, ``P`` the
    mean of ``(sum_c n_uc^2 - m) / (m (m - 1))``, ``P_e = sum_c p_c^2`` (as
    :func:`~.kappa.fleiss_kappa`).
    """
    counts = counts.astype(float)
    per_unit = counts.sum(axis=1)
    squares = (counts * counts).sum(axis=1)
    n = weights @ per_unit
    n_c = weights @ counts
    disagreeing = weights @ ((per_unit * per_unit - squares) / (per_unit - 1))
    expected = n * n - (n_c * n_c).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.where(expected > 0, 1 - (n - 1) * disagreeing / expected, np.nan)
    kappa = np.full(len(weights), np.nan)
    m = per_unit[0] if len(per_unit) else 0
    if m >= 2 and np.all(per_unit == m):
        units = weights.sum(axis=1)
        agreeing = weights @ ((squares - m) / (m * (m - 1))) / units
        shares = n_c / (units * m)[:, None]
        chance = (shares * shares).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            # One value only (P_e = 1): no kappa, as Fleiss' function says.
            kappa = np.where(chance < 1 - 1e-12, (agreeing - chance) / (1 - chance), np.nan)
    return {"alpha_nominal": alpha, "fleiss_kappa": kappa}
