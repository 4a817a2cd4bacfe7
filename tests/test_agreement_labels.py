"""Label-field agreement: edge cases, input forms, and the krippendorff package as a peer."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.core.agreement import (
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_from_ratings,
    krippendorff_alpha,
    label_agreement,
    pairwise_cohen_kappa,
    percent_agreement,
    scotts_pi,
)
from tests.extras import need

krippendorff = need("krippendorff")


def _random_ratings(seed: int, coders: int, units: int, values: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    # Correlated coders (a shared truth plus noise) so alpha is far from 0.
    truth = rng.integers(1, values + 1, units)
    data = np.where(
        rng.random((coders, units)) < 0.7, truth, rng.integers(1, values + 1, (coders, units))
    )
    return np.where(rng.random((coders, units)) < 0.2, np.nan, data.astype(float))


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_alpha_agrees_with_the_krippendorff_package(level: str, seed: int) -> None:
    data = _random_ratings(seed, coders=4, units=300, values=5)
    ours = krippendorff_alpha(data, level)
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    assert ours == pytest.approx(theirs, abs=1e-9)


def test_alpha_is_the_same_from_lists_with_none_and_from_arrays_with_nan() -> None:
    data = _random_ratings(7, coders=3, units=50, values=4)
    as_lists = [[None if np.isnan(v) else int(v) for v in row] for row in data]
    as_text = [[None if v is None else f"label-{v}" for v in row] for row in as_lists]
    assert krippendorff_alpha(as_lists) == pytest.approx(krippendorff_alpha(data))
    assert krippendorff_alpha(as_text) == pytest.approx(krippendorff_alpha(data))


def test_units_with_a_single_value_are_left_out() -> None:
    # The third unit has one value: adding it must not change alpha.
    assert krippendorff_alpha([["a", "b", "a"], ["a", "b", None]]) == krippendorff_alpha(
        [["a", "b"], ["a", "b"]]
    )


@pytest.mark.parametrize(
    "data",
    [
        [],  # no coders
        [[]],  # no units
        [[None, None], [None, None]],  # nothing at all
        [["x", "y"]],  # one coder
        [["x", None], [None, "y"]],  # never two values on one unit
        [["x", "x"], ["x", "x"]],  # no variation
    ],
)
@pytest.mark.parametrize("level", ["nominal", "interval"])
def test_alpha_is_none_where_undefined(data: list[list[str | None]], level: str) -> None:
    numeric = (
        [[None if v is None else 1.0 for v in row] for row in data] if level != "nominal" else data
    )
    assert krippendorff_alpha(numeric, level) is None


def test_malformed_reliability_data_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="different lengths"):
        krippendorff_alpha([[1, 2], [1]])
    with pytest.raises(ValueError, match="must be numbers"):
        krippendorff_alpha([["low", "high"], ["low", "low"]], "interval")
    with pytest.raises(ValueError, match="unknown level"):
        krippendorff_alpha([[1, 2], [1, 2]], "cardinal")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-negative"):
        krippendorff_alpha([[-1, 2], [1, 2]], "ratio")
    with pytest.raises(ValueError, match="list of rows"):
        krippendorff_alpha(["a", "b"])
    with pytest.raises(ValueError, match="must be hashable"):
        krippendorff_alpha([[["a", "b"], ["a"]], [["a"], ["a"]]])


def test_nominal_labels_may_mix_numbers_and_text() -> None:
    # 1 and "one" are different labels: one agreement, one disagreement, 2 values each.
    assert krippendorff_alpha([[1, "one"], [1, 1]]) == krippendorff_alpha([["x", "y"], ["x", "x"]])


def test_fleiss_kappa_needs_the_same_number_of_ratings_per_subject() -> None:
    assert fleiss_kappa([[2, 0], [1, 2]]) is None
    assert fleiss_kappa([[3, 0], [3, 0]]) is None  # one category only
    assert fleiss_kappa([]) is None
    # Units with fewer than two ratings are dropped before the check: the last one here.
    ratings = [["a", "b", "a", None], ["a", "b", "b", None], ["a", "b", "a", "b"]]
    table = [[3, 0], [0, 3], [2, 1]]
    assert fleiss_kappa_from_ratings(ratings) == pytest.approx(fleiss_kappa(table))
    assert fleiss_kappa_from_ratings([["a", "b"], ["a", None], ["a", "b"]]) is None


def test_cohen_kappa_and_scotts_pi_skip_missing_and_check_lengths() -> None:
    # With the None unit dropped: a = x x y y, b = x y y y -> p_o = 3/4,
    # kappa p_e = (2*1 + 2*3)/16 = 1/2 -> 1/2; pi p_e = (3/8)^2 + (5/8)^2 = 34/64 -> 7/15.
    a = ["x", "x", "y", "y", None]
    b = ["x", "y", "y", "y", "x"]
    assert cohen_kappa(a, b) == pytest.approx(0.5)
    assert scotts_pi(a, b) == pytest.approx(7 / 15)
    assert cohen_kappa([None], ["x"]) is None
    assert scotts_pi(["x", "x"], ["x", "x"]) is None
    with pytest.raises(ValueError, match="different numbers of units"):
        cohen_kappa(["x"], ["x", "y"])


def test_percent_agreement_is_the_mean_share_of_agreeing_pairs_per_unit() -> None:
    # Coders are rows. Unit 1: a a b -> 2 of 6 ordered pairs agree; unit 2: a a -
    # -> 2 of 2; unit 3: one value, left out.
    data = [["a", "a", "c"], ["a", "a", None], ["b", None, None]]
    assert percent_agreement(data) == pytest.approx((1 / 3 + 1) / 2)
    assert percent_agreement([["a", None]]) is None


def test_label_agreement_has_the_report_shape_with_sorted_pair_keys() -> None:
    ratings = {"bob": ["x", "y", "x", None], "alice": ["x", "y", "y", "x"], "carol": [None] * 4}
    report = label_agreement(ratings).as_dict()
    assert report["units"] == 4 and report["pairable_units"] == 3
    assert set(report["cohen_kappa"]) == {"alice|bob", "alice|carol", "bob|carol"}
    assert report["cohen_kappa"]["alice|carol"] is None
    assert report["percent_agreement"] == pytest.approx(2 / 3)
    assert report["alpha_nominal"] == pytest.approx(krippendorff_alpha(list(ratings.values())))
    assert pairwise_cohen_kappa({"b": ["x", "y"], "a": ["x", "y"]}) == {"a|b": 1.0}
    empty = label_agreement({"alice": [None, None]}).as_dict()
    assert empty["alpha_nominal"] is None and empty["fleiss_kappa"] is None
