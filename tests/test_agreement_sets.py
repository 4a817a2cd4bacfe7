"""Set-valued labels: the MASI distance, alpha with it, and agreement per value."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.core.agreement import krippendorff_alpha
from annotator.core.agreement.sets import masi_alpha, masi_distance, masi_table, value_agreement


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ({"a"}, {"a"}, 0.0),
        (set(), set(), 0.0),
        ({"a"}, {"b"}, 1.0),
        ({"a"}, set(), 1.0),
        # J = 1/2, M = 2/3 (subset) -> 1 - 1/3
        ({"a"}, {"a", "b"}, 2 / 3),
        # J = 1/3, M = 1/3 (overlap) -> 1 - 1/9
        ({"a", "b"}, {"b", "c"}, 8 / 9),
    ],
)
def test_masi_distance_follows_passonneau(first, second, expected) -> None:
    assert masi_distance(first, second) == pytest.approx(expected)
    assert masi_distance(second, first) == pytest.approx(expected)


def test_masi_distance_matches_nltks_documented_examples() -> None:
    """NLTK's docs print 0.665 and 0.868...; NLTK rounds M to 0.67 and 0.33, hence the tolerance.

    Exactly: {1,2} vs {1,2,3,4}: J = 1/2, M = 2/3 -> 2/3; {1,2,3,4} vs {3,4,5}: J = 2/5, M = 1/3
    -> 13/15 = 0.8667.
    """
    assert masi_distance({1, 2}, {1, 2, 3, 4}) == pytest.approx(0.665, abs=0.002)
    assert masi_distance({1, 2, 3, 4}, {3, 4, 5}) == pytest.approx(0.868, abs=0.002)


def _coded(rows):
    sets = sorted({frozenset(v) for row in rows for v in row if v is not None}, key=sorted)
    code = {s: i for i, s in enumerate(sets)}
    x = np.array(
        [[np.nan if v is None else code[frozenset(v)] for v in row] for row in rows], dtype=float
    )
    return x, sets


# Two coders, three units: ({a,b},{a}), ({a},{a}), ({b},{a,b}).
WORKED = [[{"a", "b"}, {"a"}, {"b"}], [{"a"}, {"a"}, {"a", "b"}]]


def test_masi_alpha_gives_partial_credit_worked_by_hand() -> None:
    """n = 6; sum o d = 2 * 2/3 + 2 * 2/3 = 8/3; sum n_c n_k d = 2 * (2*3*2/3 + 2*1*2/3 + 3*1*1)
    = 50/3; alpha = 1 - 5 * (8/3) / (50/3) = 0.2. As categories the same data is 1/11."""
    x, sets = _coded(WORKED)
    assert masi_alpha(x, sets) == pytest.approx(0.2)
    assert krippendorff_alpha(x) == pytest.approx(1 / 11)


def test_masi_alpha_on_single_values_is_alpha_nominal() -> None:
    """Sets of one value are equal (0) or disjoint (1): MASI is the nominal distance."""
    rows = [["a", "b", None, "c", "a"], ["a", "c", "b", "c", "b"], [None, "b", "b", "a", "a"]]
    x, sets = _coded([[None if v is None else {v} for v in row] for row in rows])
    assert masi_alpha(x, sets) == pytest.approx(krippendorff_alpha(rows))


def test_masi_alpha_is_undefined_without_variation_or_pairs() -> None:
    x, sets = _coded([[{"a", "b"}, {"a", "b"}], [{"a", "b"}, None]])
    assert masi_alpha(x, sets) is None
    assert masi_alpha(np.empty((2, 0)), []) is None


def test_values_as_a_table_must_be_codes_of_it() -> None:
    with pytest.raises(ValueError, match="codes"):
        krippendorff_alpha([[0, 5], [0, 1]], distances=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="numbers"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], distances=np.zeros((2, 2)))


def test_each_value_is_compared_present_or_absent() -> None:
    """a: (1,1) (1,1) (0,1): n_1 = 5, n_0 = 1, one disagreeing unit -> 1 - 5*2/10 = 0.
    b: (1,0) (0,0) (1,1): n_1 = n_0 = 3 -> 1 - 5*2/18 = 4/9. c: chosen by no one."""
    x, sets = _coded(WORKED)
    found = value_agreement(x, sets, ["a", "b", "c"])
    a, b, c = found["a"].as_dict(), found["b"].as_dict(), found["c"].as_dict()
    assert a["alpha_nominal"] == pytest.approx(0.0)
    assert b["alpha_nominal"] == pytest.approx(4 / 9)
    assert a["percent_agreement"] == b["percent_agreement"] == pytest.approx(2 / 3)
    assert a["pairable_units"] == 3
    assert (a["marked"], a["units_marked"], a["units_unanimous"]) == (5, 3, 2)
    assert (b["marked"], b["units_marked"], b["units_unanimous"]) == (3, 2, 1)
    assert (c["marked"], c["units_marked"], c["alpha_nominal"]) == (0, 0, None)
    assert c["percent_agreement"] == 1.0


def test_a_unit_one_annotator_answered_counts_its_marks_but_no_figure() -> None:
    """A missing set is no answer, not "absent": the lone set is counted, never compared."""
    x, sets = _coded([[{"a"}, {"a"}, {"a"}], [{"a"}, {"b"}, None]])
    found = value_agreement(x, sets, ["a"])["a"]
    assert (found.pairable_units, found.marked, found.units_marked) == (2, 4, 2)
    assert found.units_unanimous == 1
    assert found.percent_agreement == pytest.approx(0.5)


def test_the_distance_table_holds_every_pair() -> None:
    """{a}, {a,b}, {b,c}, {}: subset 2/3, disjoint 1, overlap 1 - 1/3 * 1/3, empty vs any 1."""
    sets = [frozenset(s) for s in ({"a"}, {"a", "b"}, {"b", "c"}, set())]
    assert masi_table(sets) == pytest.approx(
        np.array([[0, 2 / 3, 1, 1], [2 / 3, 0, 8 / 9, 1], [1, 8 / 9, 0, 1], [1, 1, 1, 0]])
    )
