"""Bootstrap confidence intervals for a label field's alpha (nominal) and Fleiss' kappa.

Percentile bootstrap: draw a resample with replacement, recompute the coefficient, repeat
``RESAMPLES`` times; the 2.5th and 97.5th percentiles of the resampled figures bound the 95 %
interval. The seed is fixed, so a report gives the same interval every time. Hayes &
Krippendorff (2007), "Answering the call for a standard reliability measure for coding data",
Communication Methods and Measures 1(1):77-89, argue for bootstrapping alpha; their KALPHA
macro resamples pairs of values with the expected disagreement held fixed, where this
resamples whole units or whole documents (docs/agreement.md says how they differ).

What is drawn (:data:`RESAMPLED_UNITS`, :data:`RESAMPLED_DOCUMENTS`): given each unit's
document, the documents holding a pairable unit, each bringing all its pairable units (a
cluster bootstrap: the sentences of one document share its author and topic, so they are not
independent draws, and resampling them one by one gives too narrow an interval); without
documents, or with a single one, the pairable units themselves.

Why it is fast: both coefficients are ratios of sums over units of a few terms per unit
(:func:`_terms`), so a resample needs only the sums. Over units: units with the same value
counts are interchangeable, so a resample is how many units of each kind it drew, one
multinomial draw over the few kinds, and its sums one matrix product. Over documents: each
document's sums are computed once, a resample is how often it drew each document, and its
sums are those counts times the documents' sums, a matrix product per batch of resamples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.core.vocabulary import RESAMPLED_DOCUMENTS, RESAMPLED_UNITS

from .coincidences import unit_counts

RESAMPLES = 1000
SEED = 2007  # any fixed number: the year of Hayes & Krippendorff's paper
CONFIDENCE = 0.95
METHOD = "percentile bootstrap over documents (each with all its units), else over units"
#: Resamples over documents drawn per matrix product: bounds the memory of the draw counts
#: (resamples x documents) whatever the corpus.
BATCH = 100
#: Fewer documents (or units) than this to draw from, and an interval is rough: a resample
#: can only repeat a few of them, so its bounds jump (one may equal the estimate), and the
#: report says so beside it.
ROUGH_BELOW = 10


@dataclass(frozen=True)
class Interval:
    """A bootstrap interval: its bounds, the resamples drawn, how many of them had no figure
    (every value the same, say) and were left out of the percentiles, what was resampled
    (:data:`RESAMPLED_UNITS` or :data:`RESAMPLED_DOCUMENTS`), and how many of those each
    resample drew from (under :data:`ROUGH_BELOW`: a rough interval)."""

    low: float
    high: float
    resamples: int
    undefined: int
    resampled: str = RESAMPLED_UNITS
    draws_from: int = 0

    def as_dict(self) -> dict[str, float | int | str]:
        """Return the plain-data form used in the JSON report."""
        return {
            "low": self.low,
            "high": self.high,
            "undefined": self.undefined,
            "resampled": self.resampled,
            "draws_from": self.draws_from,
        }


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
    documents: np.ndarray | None = None,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
) -> dict[str, Interval | None]:
    """Return the intervals of alpha (nominal) and Fleiss' kappa; ``None`` where the
    coefficient itself is undefined (the interval of no figure).

    :param x: coders x units, value codes, ``nan`` = no value.
    :param documents: each unit's document (any integer ids): resample the documents that
        hold a pairable unit, with all their pairable units. Where each holds one, that is
        resampling units, done as such (the same intervals, named by documents); where only
        one document holds any, units are resampled (one document cannot vary).
    :raises ValueError: ``documents`` does not give one document per unit of ``x``.
    """
    if documents is not None and len(documents) != x.shape[1]:
        raise ValueError(f"one document per unit: {len(documents)} for {x.shape[1]} units")
    counts = unit_counts(x)[1]
    units = len(counts)
    if units == 0:
        return {"alpha_nominal": None, "fleiss_kappa": None}
    kinds, kind_of_unit, how_many = _kinds(counts)
    point = _figures(kinds, how_many[None, :].astype(float))
    rng = np.random.default_rng(seed)
    held = _documents_held(x, documents)
    resampled_what = RESAMPLED_UNITS if held is None else RESAMPLED_DOCUMENTS
    # One document per unit where each holds one: as many documents as units either way.
    draws_from = units if held is None else len(held[0])
    if held is not None and len(held[0]) < units:
        names, document_of_unit = held
        totals = _document_totals(
            _terms(kinds)[kind_of_unit], document_of_unit, len(names), rng, resamples
        )
        found = _from_totals(totals, _same_count(kinds))
    else:
        # Over units (and over documents of one unit each, which is the same draw).
        draws = rng.multinomial(units, how_many / units, size=resamples)
        found = _figures(kinds, draws.astype(float))
    tail = (1 - confidence) / 2 * 100
    result: dict[str, Interval | None] = {}
    for name, figures in found.items():
        defined = figures[~np.isnan(figures)]
        if np.isnan(point[name][0]) or not len(defined):
            result[name] = None
            continue
        low, high = np.percentile(defined, [tail, 100 - tail])
        result[name] = Interval(
            float(low),
            float(high),
            resamples,
            resamples - len(defined),
            resampled_what,
            draws_from,
        )
    return result


def _documents_held(
    x: np.ndarray, documents: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray] | None:
    """Return the documents holding a pairable unit of ``x`` (sorted ids) and the index among
    them of each pairable unit's document; ``None`` where units are to be resampled (no
    documents given, or one document only)."""
    if documents is None:
        return None
    keep = (~np.isnan(x)).sum(axis=0) >= 2
    names, document_of_unit = np.unique(np.asarray(documents)[keep], return_inverse=True)
    return None if len(names) < 2 else (names, document_of_unit)


def _document_totals(
    unit_terms: np.ndarray,
    document_of_unit: np.ndarray,
    documents: int,
    rng: np.random.Generator,
    resamples: int,
) -> np.ndarray:
    """Return each resample's sums of the units' terms (resamples x terms), a resample being
    ``documents`` draws of a document (``rng.integers``, one call per resample), each
    bringing its units."""
    per_document = np.stack(
        [
            np.bincount(document_of_unit, weights=column, minlength=documents)
            for column in unit_terms.T
        ],
        axis=1,
    )
    totals = np.empty((resamples, unit_terms.shape[1]))
    for start in range(0, resamples, BATCH):
        rows = min(BATCH, resamples - start)
        picks = np.stack([rng.integers(0, documents, documents) for _ in range(rows)])
        # How often each resample drew each document: one bincount over the batch.
        offsets = picks + documents * np.arange(rows)[:, None]
        drawn = np.bincount(offsets.ravel(), minlength=rows * documents).reshape(rows, documents)
        totals[start : start + rows] = drawn @ per_document
    return totals


def _kinds(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the distinct rows of ``counts``, the kind (row) of each unit, and how many
    units have each."""
    base = int(counts.max()) + 1
    if base ** counts.shape[1] < 2**62:
        # One integer per row (the counts as digits): a 1-d unique, much cheaper than rows.
        keys = counts @ (base ** np.arange(counts.shape[1], dtype=np.int64))
        _, first, kind_of_unit, how_many = np.unique(
            keys, return_index=True, return_inverse=True, return_counts=True
        )
        return counts[first], kind_of_unit, how_many
    kinds, kind_of_unit, how_many = np.unique(
        counts, axis=0, return_inverse=True, return_counts=True
    )
    return kinds, kind_of_unit.ravel(), how_many


# The columns of _terms: per unit, its values, its disagreeing pairs (weighted), its share
# of agreeing coder pairs, one (the unit itself), then its count of each value.
_VALUES, _DISAGREEING, _AGREEING, _UNITS, _COUNTS = 0, 1, 2, 3, 4


def _terms(counts: np.ndarray) -> np.ndarray:
    """Return, per unit (a row of value counts ``n_uc``), the terms whose sums over a sample
    make both coefficients (:func:`_from_totals`): ``m_u``; ``(m_u^2 - sum_c n_uc^2) /
    (m_u - 1)``, its coincidences off the diagonal; ``(sum_c n_uc^2 - m_u) / (m_u (m_u -
    1))``, the share of its coder pairs that agree; 1; and the ``n_uc``."""
    counts = counts.astype(float)
    per_unit = counts.sum(axis=1)
    squares = (counts * counts).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        disagreeing = (per_unit * per_unit - squares) / (per_unit - 1)
        agreeing = (squares - per_unit) / (per_unit * (per_unit - 1))
    fixed = np.stack([per_unit, disagreeing, agreeing, np.ones(len(counts))], axis=1)
    return np.hstack([fixed, counts])


def _same_count(counts: np.ndarray) -> float:
    """Return the number of values every unit has, or 0 when units differ (Fleiss' kappa
    needs one number, and two or more)."""
    per_unit = counts.sum(axis=1)
    m = float(per_unit[0]) if len(per_unit) else 0.0
    return m if m >= 2 and np.all(per_unit == m) else 0.0


def _figures(counts: np.ndarray, weights: np.ndarray) -> dict[str, np.ndarray]:
    """Return alpha (nominal) and Fleiss' kappa of each row of ``weights`` over the units
    (or kinds of unit) whose value counts are the rows of ``counts``."""
    return _from_totals(weights @ _terms(counts), _same_count(counts))


def _from_totals(totals: np.ndarray, m: float) -> dict[str, np.ndarray]:
    """Return alpha (nominal) and Fleiss' kappa of samples given by their sums of
    :func:`_terms` (one row per sample); ``m``: the values per unit (0 where units differ:
    no kappa).

    Alpha: ``1 - (n - 1) D / (n^2 - sum_c n_c^2)`` with ``D = sum_u (m_u^2 - sum_c n_uc^2) /
    (m_u - 1)``, the coincidences off the diagonal (as :func:`~.labels.krippendorff_alpha`).
    Kappa, where every unit has the same ``m`` values: ``(P - P_e) / (1 - P_e)``, ``P`` the
    mean of ``(sum_c n_uc^2 - m) / (m (m - 1))``, ``P_e = sum_c p_c^2`` (as
    :func:`~.kappa.fleiss_kappa`).
    """
    n = totals[:, _VALUES]
    n_c = totals[:, _COUNTS:]
    expected = n * n - (n_c * n_c).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.where(expected > 0, 1 - (n - 1) * totals[:, _DISAGREEING] / expected, np.nan)
    kappa = np.full(len(totals), np.nan)
    if m:
        units = totals[:, _UNITS]
        agreeing = totals[:, _AGREEING] / units
        shares = n_c / (units * m)[:, None]
        chance = (shares * shares).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            # One value only (P_e = 1): no kappa, as Fleiss' function says.
            kappa = np.where(chance < 1 - 1e-12, (agreeing - chance) / (1 - chance), np.nan)
    return {"alpha_nominal": alpha, "fleiss_kappa": kappa}
