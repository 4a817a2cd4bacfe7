"""Krippendorff's unitizing alpha: the 2004 book example, the 1995 example C, a hand case."""

from __future__ import annotations

import pytest

from annotator.core.agreement import Span, concatenate, unitizing_alpha

# Krippendorff (2004), Content Analysis, 2nd ed., p. 254: continuum [150, 450),
# observers i and j, categories c and k; published D_o, D_e and alpha. Data
# and figures as transcribed in DKPro Agreement's unitizing Krippendorff2004Test.
BOOK = {
    "i": [(225, 295, "c"), (370, 400, "c"), (180, 240, "k"), (300, 350, "k")],
    "j": [(220, 300, "c"), (355, 375, "c"), (400, 420, "c"), (180, 240, "k"), (300, 350, "k")],
}


def test_book_example_reproduces_per_category_and_overall() -> None:
    result = unitizing_alpha(BOOK, 150, 450, form="2004")
    c, k = result.categories["c"], result.categories["k"]
    assert c.observed == pytest.approx(0.0144, abs=1e-4)
    assert c.expected == pytest.approx(0.0532, abs=1e-4)
    assert c.alpha == pytest.approx(0.7286, abs=1e-4)
    assert k.observed == 0.0
    assert k.expected == pytest.approx(0.0490, abs=1e-4)
    assert k.alpha == 1.0
    # Published overall 0.8591, computed from rounded intermediates: within 5e-4.
    assert result.alpha == pytest.approx(0.8591, abs=5e-4)


@pytest.mark.parametrize(
    ("unit_i", "unit_j", "squared"),
    [
        # Book distances: overlapping units d^2 + (end difference)^2.
        ((225, 295), (220, 300), 50),  # 5^2 + 5^2
        ((370, 400), (355, 375), 850),  # 15^2 + 25^2
    ],
)
def test_distance_of_two_overlapping_units_matches_the_book(
    unit_i: tuple[int, int], unit_j: tuple[int, int], squared: int
) -> None:
    # One unit each on [150, 450): no unit lies inside the other's gaps, so
    # D_o = (delta(i,j) + delta(j,i)) / (m (m - 1) L^2) = 2 squared / (2 * 300^2).
    result = unitizing_alpha({"i": [(*unit_i, "c")], "j": [(*unit_j, "c")]}, 150, 450)
    assert result.categories["c"].observed * 300**2 == pytest.approx(squared)


def test_distance_of_a_unit_inside_a_gap_is_its_squared_length() -> None:
    # The book's gap(400, 50) holding unit (400, 20): distance 20^2 = 400, each way.
    result = unitizing_alpha({"i": [], "j": [(400, 420, "c")]}, 400, 450)
    assert result.categories["c"].observed * 50**2 == pytest.approx(400)


def test_hand_computed_two_observer_case() -> None:
    # L = 10. A: unit [2,6) (l=4); B: unit [3,6) (l=3).
    # D_o: only the two units interact: d = -1 -> 1 + 0 = 1, and 1 back: 2 / (2 * 1 * 100) = 0.01.
    # D_e (2004): N_c = 2; gaps of A: 2, 4; of B: 3, 4.
    #   l=4: (1/3)(2*64 - 3*16 + 4) = 28, plus 16 * [(4-4+1) + (4-4+1)] = 32 -> 60
    #   l=3: (1/3)(2*27 - 3*9 + 3) = 10, plus 9 * [(3-3+1) + (4-3+1) * 2] = 45 -> 55
    #   numerator (2/10) * 115 = 23; denominator 20 * 19 - (4*3 + 3*2) = 362.
    result = unitizing_alpha({"A": [(2, 6, "x")], "B": [(3, 6, "x")]}, 0, 10)
    x = result.categories["x"]
    assert x.observed == pytest.approx(0.01)
    assert x.expected == pytest.approx(23 / 362)
    assert result.alpha == pytest.approx(1 - 0.01 * 362 / 23)


def test_example_c_of_1995_does_not_reproduce_the_published_expected_disagreement() -> None:
    """Krippendorff (1995) p. 57, example C (Gerret and Gill).

    D_o reproduces (0.02777). The published D_e is 0.0864 (alpha 0.679), but the
    1995 formula gives 0.0905 (alpha 0.693), as DKPro Agreement's test suite
    also notes (an error in the 1995 D_e formula). We assert our formula value
    and that it is NOT the published one, rather than widening a tolerance.
    """
    gerret = [(2, 8, "C"), (10, 12, "C"), (14, 18, "C"), (20, 22, "C")]
    gill = [(0, 2, "C"), (4, 8, "C"), (10, 14, "C"), (16, 18, "C"), (20, 22, "C")]
    c = unitizing_alpha({"Gerret": gerret, "Gill": gill}, 0, 24, form="1995").categories["C"]
    assert c.observed == pytest.approx(0.02777, abs=1e-5)
    assert c.expected == pytest.approx(0.0905, abs=1e-4)
    assert abs(c.expected - 0.0864) > 0.003
    assert c.alpha == pytest.approx(0.6931, abs=1e-4)


def test_identical_unitizing_gives_one_and_nothing_marked_gives_none() -> None:
    same = [(0, 3, "x"), (5, 9, "y")]
    assert unitizing_alpha({"a": same, "b": list(same)}, 0, 12).alpha == 1.0
    assert unitizing_alpha({"a": [], "b": []}, 0, 12).alpha is None
    assert unitizing_alpha({"a": same}, 0, 12).alpha is None  # one observer
    assert unitizing_alpha({"a": [], "b": []}, 5, 5).alpha is None  # empty continuum


def test_an_observer_who_marked_nothing_still_counts() -> None:
    # a marks [0,4), b nothing: total disagreement on that unit, alpha below zero.
    result = unitizing_alpha({"a": [(0, 4, "x")], "b": []}, 0, 20)
    assert result.alpha is not None and result.alpha < 0


def test_overlapping_units_of_one_category_and_units_outside_are_refused() -> None:
    with pytest.raises(ValueError, match="a/x: units of one category overlap"):
        unitizing_alpha({"a": [(0, 5, "x"), (3, 8, "x")], "b": []}, 0, 10)
    with pytest.raises(ValueError, match="after the continuum ends"):
        unitizing_alpha({"a": [(8, 12, "x")], "b": []}, 0, 10)
    # Overlap across categories is fine: each category has its own partition.
    assert unitizing_alpha({"a": [(0, 5, "x"), (3, 8, "y")], "b": []}, 0, 10).alpha is not None
    with pytest.raises(ValueError, match="unknown form"):
        unitizing_alpha({}, 0, 1, form="2016")  # type: ignore[arg-type]


def test_concatenated_documents_form_one_continuum_of_shared_documents() -> None:
    documents = [
        (10, {"a": [(0, 4, "x")], "b": [(1, 4, "x")]}),
        (5, {"a": [(0, 2, "x")], "b": None}),  # b did not annotate it: left out
        (8, {"a": [], "b": [(2, 8, "x")], "c": []}),
    ]
    joined, length = concatenate(documents, ["a", "b"])
    assert length == 18
    assert joined == {"a": [Span(0, 4, "x")], "b": [Span(1, 4, "x"), Span(12, 18, "x")]}
    # The same alpha as computing on the hand-joined continuum.
    assert (
        unitizing_alpha(joined, 0, length).alpha
        == unitizing_alpha({"a": [(0, 4, "x")], "b": [(1, 4, "x"), (12, 18, "x")]}, 0, 18).alpha
    )
    assert concatenate(documents, ["a", "b", "c"]) == (
        {"a": [], "b": [Span(2, 8, "x")], "c": []},
        8,
    )
