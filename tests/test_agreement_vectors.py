"""Published agreement test vectors, reproduced by our pure agreement functions.

Every vector in ``tests/data/agreement_vectors.json`` is either checked here
against its published value (within the vector's own tolerance; ``None`` where
the statistic is undefined) or listed in ``OUT_OF_SCOPE`` with the reason. The
last test keeps that list honest: a new vector must get a handler or a reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.core.agreement import (
    char_level_kappa,
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_from_ratings,
    krippendorff_alpha,
    partial_credit,
    percent_agreement,
    scotts_pi,
    semeval2013_partial,
    span_f1,
    unitizing_alpha,
)

VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "agreement_vectors.json").read_text(encoding="utf-8")
)
BY_ID = {vector["id"]: vector for vector in VECTORS}

#: Vectors we do not check yet, and why. Mathet's gamma needs a best-alignment
#: solver (a mixed-integer program) and a sampled expected disorder; it is a
#: separate piece of work (AGREEMENT.md section 3), not part of this module.
OUT_OF_SCOPE = {
    "pygamma_alexpaulsuzan_gamma": "gamma (Mathet et al. 2015) is not implemented",
    "pygamma_alexpaulsuzan_best_alignment_disorder": "gamma's alignment step is not implemented",
    "gamma_perfect_agreement": "gamma (Mathet et al. 2015) is not implemented",
}


def _data(vector: dict[str, Any]) -> dict[str, Any]:
    """Return the vector's data, following ``same_as`` to the record that holds it."""
    data = vector["data"]
    if "same_as" in data:
        return {**BY_ID[data["same_as"]]["data"], **data}
    return data


def _alpha(level: str) -> Callable[[dict[str, Any]], float | None]:
    return lambda data: krippendorff_alpha(data["values"], level)


def _unitizing_1995(data: dict[str, Any]) -> float | None:
    # The vectors give units as [begin, length]; our functions take [start, end).
    begin, end = data["continuum"]
    observers = {
        name: [(start, start + length, "unit") for start, length in units]
        for name, units in data["values"].items()
    }
    return unitizing_alpha(observers, begin, end, form="1995").alpha


def _spans(data: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    return data["annotator_a"], data["annotator_b"]


HANDLERS: dict[tuple[str, str], Callable[[dict[str, Any]], float | None]] = {
    ("krippendorff_alpha_nominal", "reliability_matrix"): _alpha("nominal"),
    ("krippendorff_alpha_ordinal", "reliability_matrix"): _alpha("ordinal"),
    ("krippendorff_alpha_interval", "reliability_matrix"): _alpha("interval"),
    ("krippendorff_alpha_ratio", "reliability_matrix"): _alpha("ratio"),
    ("fleiss_kappa", "fleiss_count_table"): lambda data: fleiss_kappa(data["values"]),
    ("cohen_kappa", "two_label_lists"): lambda data: cohen_kappa(data["coder_a"], data["coder_b"]),
    ("scotts_pi", "two_label_lists"): lambda data: scotts_pi(data["coder_a"], data["coder_b"]),
    ("percent_agreement", "two_label_lists"): lambda data: percent_agreement(
        [data["coder_a"], data["coder_b"]]
    ),
    ("unitizing_alpha_1995_continuous", "unitizing"): _unitizing_1995,
    ("span_f1_exact", "span_lists"): lambda data: (
        span_f1(*_spans(data), mode="exact", labeled=data["labeled"]).f1
    ),
    ("span_f1_overlap", "span_lists"): lambda data: (
        span_f1(*_spans(data), mode="overlap", labeled=data["labeled"]).f1
    ),
    ("span_f1_partial", "span_lists"): lambda data: (
        partial_credit(*_spans(data), labeled=data["labeled"]).f1
    ),
    ("span_f1_semeval2013_partial", "span_lists"): lambda data: (
        semeval2013_partial(*_spans(data)).f1
    ),
    # "each character position gets its span label or 'O'", then Cohen's kappa.
    ("cohen_kappa", "span_lists"): lambda data: char_level_kappa(
        *_spans(data), data["n_positions"]
    ),
}


def _handler(vector: dict[str, Any]) -> Callable[[dict[str, Any]], float | None] | None:
    return HANDLERS.get((vector["metric"], _data(vector)["shape"]))


CHECKED = [vector for vector in VECTORS if vector["id"] not in OUT_OF_SCOPE]


@pytest.mark.parametrize("vector", CHECKED, ids=[vector["id"] for vector in CHECKED])
def test_vector_reproduces_its_published_value(vector: dict[str, Any]) -> None:
    handler = _handler(vector)
    assert handler is not None, f"no handler for {vector['metric']} on {_data(vector)['shape']}"
    result = handler(_data(vector))
    if vector.get("expected_undefined"):
        assert vector["expected"] is None
        assert result is None, f"{vector['id']}: undefined statistic came out as {result}"
    else:
        assert result is not None
        assert result == pytest.approx(vector["expected"], abs=vector["tolerance"])


EXTRA_KAPPA = [vector for vector in VECTORS if "expected_cohen_kappa" in vector]


@pytest.mark.parametrize("vector", EXTRA_KAPPA, ids=[vector["id"] for vector in EXTRA_KAPPA])
def test_edge_vectors_also_give_the_documented_cohen_kappa(vector: dict[str, Any]) -> None:
    first, second = _data(vector)["values"]
    result = cohen_kappa(first, second)
    if vector["expected_cohen_kappa"] is None:
        assert result is None
    else:
        assert result == pytest.approx(vector["expected_cohen_kappa"], abs=1e-9)


def test_fleiss_from_raw_ratings_matches_the_published_count_table() -> None:
    vector = BY_ID["fleiss1971_diagnoses_30x6"]
    subjects = vector["data"]["raw_ratings_subject_x_rater"]
    coders = [list(row) for row in zip(*subjects, strict=True)]  # raters x subjects
    assert fleiss_kappa_from_ratings(coders) == pytest.approx(vector["expected"], abs=5e-4)


@pytest.mark.parametrize(
    "vector_id",
    ["kripp1995_unitizing_p57_A", "kripp1995_unitizing_p57_B", "kripp1995_unitizing_p57_D"],
)
def test_1995_examples_differ_under_the_discrete_2004_form(vector_id: str) -> None:
    """The two forms must not be mixed: the 2004 form gives the other recorded value."""
    vector = BY_ID[vector_id]
    begin, end = vector["data"]["continuum"]
    observers = {
        name: [(start, start + length, "unit") for start, length in units]
        for name, units in vector["data"]["values"].items()
    }
    discrete = unitizing_alpha(observers, begin, end, form="2004").alpha
    recorded = vector["library_outputs"]["reference_impl(ours) discrete 2004 formula at L=24"]
    assert discrete == pytest.approx(recorded["value"], abs=1e-9)
    assert abs(discrete - vector["expected"]) > vector["tolerance"]


def test_every_vector_is_checked_or_listed_as_out_of_scope() -> None:
    unhandled = {vector["id"] for vector in VECTORS if _handler(vector) is None}
    assert unhandled == set(OUT_OF_SCOPE)
    assert len(VECTORS) == 43
