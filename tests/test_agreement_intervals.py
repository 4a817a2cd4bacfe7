"""Bootstrap intervals for label alpha and Fleiss' kappa, and the coincidence matrix.

The interval is checked against a bootstrap written out in plain Python (same resamples,
Krippendorff's alpha from the coincidence matrix by its textbook formula); the coincidence
matrix against the one of Wikipedia's computational example, derived by hand below.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from annotator.core.agreement import fleiss_kappa_from_ratings, krippendorff_alpha
from annotator.core.agreement.bootstrap import bootstrap_intervals, pairable, resampled
from annotator.core.agreement.coincidences import coincidence_matrix, pair_table
from annotator.core.agreement.labels import to_matrix

VECTORS = {
    v["id"]: v
    for v in json.loads(
        (Path(__file__).parent / "data" / "agreement_vectors.json").read_text(encoding="utf-8")
    )
}
WIKIPEDIA = VECTORS["wikipedia_kalpha_3x15_nominal"]["data"]["values"]
HAYES = VECTORS["hayes_krippendorff2007_5x40_ordinal"]["data"]["values"]


def _noisy(coders: int, units: int, seed: int) -> np.ndarray:
    """Labels 0..3, 70% a shared true label, 10% missing (nan)."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 4, units)
    data = np.where(rng.random((coders, units)) < 0.7, truth, rng.integers(0, 4, (coders, units)))
    return np.where(rng.random((coders, units)) < 0.1, np.nan, data.astype(float))


# --- a plain-Python reference: units, coincidences, alpha, percentiles ------------------


def _plain_alpha(units: list[list[int]]) -> float | None:
    """Krippendorff (2011): alpha = 1 - (n - 1) sum_{c!=k} o_ck / sum_{c!=k} n_c n_k."""
    o: dict[tuple[int, int], float] = {}
    for values in units:
        m = len(values)
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    o[c, k] = o.get((c, k), 0.0) + 1.0 / (m - 1)
    n_c: dict[int, float] = {}
    for (c, _k), count in o.items():
        n_c[c] = n_c.get(c, 0.0) + count
    n = sum(n_c.values())
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k)
    if expected == 0:
        return None
    observed = sum(count for (c, k), count in o.items() if c != k)
    return 1 - (n - 1) * observed / expected


def _percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (NumPy's default, Hyndman & Fan type 7)."""
    ordered = sorted(values)
    where = (len(ordered) - 1) * q / 100
    below = int(where)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (where - below)


def _units(x: np.ndarray) -> list[list[int]]:
    """The pairable units, each as its list of values (Python ints)."""
    columns = [[int(v) for v in x[:, u] if v == v] for u in range(x.shape[1])]
    return [values for values in columns if len(values) >= 2]


def test_alphas_of_resamples_equal_a_plain_python_bootstrap() -> None:
    """Same resamples of units (drawn by Python's random), same alphas and percentiles."""
    x = to_matrix(HAYES)
    units = _units(x)
    draw = random.Random(7)
    picks = [[draw.randrange(len(units)) for _ in units] for _ in range(200)]
    plain = [_plain_alpha([units[i] for i in pick]) for pick in picks]
    weights = np.array([np.bincount(pick, minlength=len(units)) for pick in picks])
    ours = resampled(x, weights)["alpha_nominal"]
    assert ours == pytest.approx(plain, abs=1e-12)
    assert np.percentile(ours, [2.5, 97.5]) == pytest.approx(
        [_percentile(plain, 2.5), _percentile(plain, 97.5)], abs=1e-12
    )


def test_kappas_of_resamples_equal_fleiss_kappa_of_each_resample() -> None:
    """Every unit has five values: each resample's kappa is Fleiss' kappa of its units."""
    x = _noisy(5, 60, seed=3)
    x = np.where(np.isnan(x), 0.0, x)  # every unit fully coded: Fleiss' kappa is defined
    draw = random.Random(11)
    picks = [[draw.randrange(60) for _ in range(60)] for _ in range(50)]
    weights = np.array([np.bincount(pick, minlength=60) for pick in picks])
    ours = resampled(x, weights)["fleiss_kappa"]
    assert ours == pytest.approx([fleiss_kappa_from_ratings(x[:, pick]) for pick in picks])


def test_the_interval_contains_the_estimate_and_is_reproducible_by_seed() -> None:
    x = to_matrix(HAYES)
    first = bootstrap_intervals(x, seed=1)
    alpha = krippendorff_alpha(x)
    assert alpha is not None
    low, high = first["alpha_nominal"].low, first["alpha_nominal"].high
    assert low is not None and high is not None
    assert low < alpha < high
    assert bootstrap_intervals(x, seed=1) == first
    assert bootstrap_intervals(x, seed=2) != first
    assert first["alpha_nominal"].resamples == 1000


def test_the_interval_narrows_with_more_units() -> None:
    widths = []
    for units in (100, 1_000, 10_000):
        found = bootstrap_intervals(_noisy(4, units, seed=5))["alpha_nominal"]
        assert found.low is not None and found.high is not None
        widths.append(found.high - found.low)
    assert widths[0] > widths[1] > widths[2]
    # The standard error falls as one over the square root of the units: ten times the
    # units, about a third of the width.
    assert widths[2] == pytest.approx(widths[1] / 10**0.5, rel=0.25)


def test_the_bootstrap_by_patterns_agrees_with_resampling_units_in_distribution() -> None:
    """The fast path draws how many units of each kind (of value counts) a resample holds;
    over many resamples its percentiles match those of drawing units one by one."""
    x = _noisy(3, 300, seed=9)
    fast = bootstrap_intervals(x, resamples=4000, seed=4)["alpha_nominal"]
    rng = np.random.default_rng(4)
    count = pairable(x).shape[1]
    weights = np.array(
        [np.bincount(rng.integers(0, count, count), minlength=count) for _ in range(4000)]
    )
    slow = np.percentile(resampled(x, weights)["alpha_nominal"], [2.5, 97.5])
    assert [fast.low, fast.high] == pytest.approx(slow, abs=0.01)


def test_undefined_alpha_has_no_interval() -> None:
    assert bootstrap_intervals(np.array([[1.0, 1.0], [1.0, 1.0]]))["alpha_nominal"] is None
    assert bootstrap_intervals(np.array([[1.0, np.nan], [np.nan, 2.0]]))["alpha_nominal"] is None
    # Units with different numbers of values: Fleiss' kappa (so its interval) is undefined.
    assert bootstrap_intervals(to_matrix(WIKIPEDIA))["fleiss_kappa"] is None


def test_coincidences_of_wikipedias_example_by_hand() -> None:
    """Wikipedia, "Krippendorff's alpha", computational example (3 coders x 15 units).

    Each pairable unit u adds its ordered value pairs, each weighted 1 / (m_u - 1):
    units 3, 9 (2, 2): o22 += 2 + 2; units 4, 10, 11 (1, 1): o11 += 6; units 5, 12, 13 (3, 3):
    o33 += 6; unit 6 (3, 3, 4): o33 += 1, o34 = o43 += 1; unit 7 (4, 4, 4): o44 += 3;
    unit 8 (1, 3): o13 = o31 += 1; unit 15 (3, 4): o34 = o43 += 1. Marginals 7, 4, 10, 5 (n = 26).
    """
    values, matrix = coincidence_matrix(to_matrix(WIKIPEDIA))
    assert values.tolist() == [1, 2, 3, 4]
    assert matrix.tolist() == [[6, 0, 1, 0], [0, 4, 0, 0], [1, 0, 7, 2], [0, 0, 2, 3]]
    assert matrix.sum(axis=1).tolist() == [7, 4, 10, 5]


def test_coincidences_of_two_coders_are_their_table_plus_its_transpose() -> None:
    """Krippendorff (2004) p. 227, observers A and B, values a, b, c."""
    a, b = VECTORS["kripp2004_nominal_2x12_abc"]["data"]["values"]
    codes = {"a": 0.0, "b": 1.0, "c": 2.0}
    x = np.array([[codes[v] for v in a], [codes[v] for v in b]])
    table = pair_table(x[0], x[1], [0, 1, 2])
    assert table.tolist() == [[1, 1, 0], [0, 4, 1], [0, 0, 5]]
    assert coincidence_matrix(x)[1].tolist() == (table + table.T).tolist()
