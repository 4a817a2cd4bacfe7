"""Bootstrap intervals that resample documents (the cluster bootstrap) for sentence fields.

Sentences of one document share its author and topic, so they are not independent draws;
the interval resamples whole documents, each bringing all its sentences. Checked against a
plain loop that resamples documents with NumPy's Generator and the same seed, recomputing
alpha from the pooled units by the textbook formula, and on data with strong agreement
differences between documents, where it must be wider than the interval over units.
"""

from __future__ import annotations

import numpy as np
import pytest

from annotator.core.agreement import fleiss_kappa_from_ratings
from annotator.core.agreement.bootstrap import SEED, bootstrap_intervals
from tests.test_agreement_intervals import _percentile, _plain_alpha, _units


def _documents(sizes: list[int], coders: int, seed: int, *, missing: float) -> tuple:
    """Sentences of documents of ``sizes``; labels 0..3; each document has its own chance
    that an annotator gives the shared true label (from 0.2 to 1): correlation within it."""
    rng = np.random.default_rng(seed)
    columns, docs = [], []
    for doc, size in enumerate(sizes):
        care = rng.uniform(0.2, 1.0)
        truth = rng.integers(0, 4, size)
        guess = rng.integers(0, 4, (coders, size))
        values = np.where(rng.random((coders, size)) < care, truth, guess).astype(float)
        columns.append(np.where(rng.random((coders, size)) < missing, np.nan, values))
        docs += [doc * 10 + 7] * size  # ids need not be 0..n-1
    return np.hstack(columns), np.array(docs)


def _plain_document_bootstrap(x: np.ndarray, docs: np.ndarray, resamples: int) -> dict:
    """Resample the documents holding a pairable unit (sorted by id) with replacement,
    ``rng.integers`` once per resample; pool their units; alpha and kappa of the pool."""
    units = _units(x)
    unit_docs = [int(d) for d, u in zip(docs, x.T, strict=True) if (u == u).sum() >= 2]
    order = sorted(set(unit_docs))
    held = {d: [u for u, e in zip(units, unit_docs, strict=True) if e == d] for d in order}
    rng = np.random.default_rng(SEED)
    alphas, kappas = [], []
    for _ in range(resamples):
        picks = rng.integers(0, len(order), len(order))
        pooled = [unit for i in picks for unit in held[order[i]]]
        alphas.append(_plain_alpha(pooled))
        if all(len(u) == x.shape[0] for u in units):
            kappas.append(fleiss_kappa_from_ratings(np.array(pooled, dtype=float).T))
    found = {}
    for name, figures in (("alpha_nominal", alphas), ("fleiss_kappa", kappas)):
        defined = [f for f in figures if f is not None and f == f]
        found[name] = (_percentile(defined, 2.5), _percentile(defined, 97.5)) if defined else None
    return found


def test_resampling_documents_equals_a_plain_loop_with_the_same_seed() -> None:
    sizes = [1, 2, 3, 5, 8, 4, 6, 2, 1, 7, 3, 3, 9, 2, 5, 4, 1, 6, 2, 3]
    x, docs = _documents(sizes, coders=3, seed=1, missing=0.15)
    plain = _plain_document_bootstrap(x, docs, resamples=300)
    ours = bootstrap_intervals(x, documents=docs, resamples=300)["alpha_nominal"]
    assert ours is not None
    assert (ours.low, ours.high) == pytest.approx(plain["alpha_nominal"], abs=1e-12)
    assert ours.resampled == "documents"


def test_kappa_resampling_documents_equals_a_plain_loop_with_the_same_seed() -> None:
    """Every unit fully coded, so Fleiss' kappa is defined; documents of one sentence too."""
    sizes = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7]
    x, docs = _documents(sizes, coders=4, seed=2, missing=0.0)
    plain = _plain_document_bootstrap(x, docs, resamples=300)
    ours = bootstrap_intervals(x, documents=docs, resamples=300)
    for name in ("alpha_nominal", "fleiss_kappa"):
        found = ours[name]
        assert found is not None
        assert (found.low, found.high) == pytest.approx(plain[name], abs=1e-12)


def test_documents_without_a_pairable_unit_are_not_drawn() -> None:
    """Units with fewer than two values are left out (Krippendorff), and so is a document
    left with none: the plain loop draws among the others."""
    x, docs = _documents([4, 3, 5, 2, 6, 3, 4, 5], coders=3, seed=3, missing=0.1)
    lonely = np.array([[1.0, np.nan, 2.0], [np.nan, np.nan, np.nan], [np.nan, 3.0, np.nan]])
    x = np.hstack([x, lonely])
    docs = np.concatenate([docs, [1000, 1000, 1001]])
    plain = _plain_document_bootstrap(x, docs, resamples=200)
    ours = bootstrap_intervals(x, documents=docs, resamples=200)["alpha_nominal"]
    assert (ours.low, ours.high) == pytest.approx(plain["alpha_nominal"], abs=1e-12)


def test_the_document_interval_is_wider_where_documents_differ() -> None:
    """Agreement differs from document to document (from chance to near-perfect): the
    sentences of one document move together, and resampling them one by one understates
    the spread of alpha over samples of documents."""
    x, docs = _documents([25] * 60, coders=3, seed=5, missing=0.1)
    by_units = bootstrap_intervals(x)["alpha_nominal"]
    by_documents = bootstrap_intervals(x, documents=docs)["alpha_nominal"]
    assert by_units.resampled == "units" and by_documents.resampled == "documents"
    width_units = by_units.high - by_units.low
    width_documents = by_documents.high - by_documents.low
    assert width_documents > 1.8 * width_units
    assert by_documents.low < by_units.low and by_documents.high > by_units.high


def test_without_correlation_within_documents_the_widths_are_alike() -> None:
    """Every document alike (same chance of the true label): about the same width."""
    rng = np.random.default_rng(8)
    truth = rng.integers(0, 4, 1500)
    x = np.where(rng.random((3, 1500)) < 0.6, truth, rng.integers(0, 4, (3, 1500))).astype(float)
    docs = np.repeat(np.arange(60), 25)
    by_units = bootstrap_intervals(x)["alpha_nominal"]
    by_documents = bootstrap_intervals(x, documents=docs)["alpha_nominal"]
    assert by_documents.high - by_documents.low == pytest.approx(
        by_units.high - by_units.low, rel=0.25
    )


def test_one_unit_per_document_is_the_unit_bootstrap() -> None:
    """A document field (or sentence documents of one sentence each): resampling documents
    is resampling units, so the interval is the unit bootstrap's, named by documents."""
    x, _ = _documents([30, 40], coders=3, seed=4, missing=0.2)
    by_units = bootstrap_intervals(x)
    by_documents = bootstrap_intervals(x, documents=np.arange(x.shape[1]) * 3)
    for name in ("alpha_nominal", "fleiss_kappa"):
        a, b = by_units[name], by_documents[name]
        assert (a is None) == (b is None)
        if a is not None:
            assert (a.low, a.high, a.undefined) == (b.low, b.high, b.undefined)
            assert b.resampled == "documents"


def test_the_interval_names_its_resampling_in_its_plain_data() -> None:
    x, docs = _documents([5] * 10, coders=3, seed=6, missing=0.0)
    found = bootstrap_intervals(x, documents=docs)["alpha_nominal"].as_dict()
    assert set(found) == {"low", "high", "undefined", "resampled", "draws_from"}
    assert found["resampled"] == "documents"
    assert bootstrap_intervals(x)["alpha_nominal"].as_dict()["resampled"] == "units"


def test_draws_from_counts_the_documents_or_units_a_resample_draws_from() -> None:
    """Those holding a pairable unit: a unit with one value, and a document of such units
    only, are not drawn, so not counted."""
    x, docs = _documents([5] * 4, coders=3, seed=6, missing=0.0)
    x = np.hstack([x, [[1.0], [np.nan], [np.nan]]])
    docs = np.append(docs, 99)
    by_documents = bootstrap_intervals(x, documents=docs)["alpha_nominal"]
    assert (by_documents.resampled, by_documents.draws_from) == ("documents", 4)
    by_units = bootstrap_intervals(x)["alpha_nominal"]
    assert (by_units.resampled, by_units.draws_from) == ("units", 20)
    one_each = bootstrap_intervals(x, documents=np.arange(x.shape[1]))["alpha_nominal"]
    assert (one_each.resampled, one_each.draws_from) == ("documents", 20)
    one_document = bootstrap_intervals(x, documents=np.zeros(x.shape[1]))["alpha_nominal"]
    assert (one_document.resampled, one_document.draws_from) == ("units", 20)


def test_no_pairable_unit_no_interval_by_documents() -> None:
    x = np.array([[1.0, np.nan], [np.nan, 2.0]])
    found = bootstrap_intervals(x, documents=np.array([1, 2]))
    assert found == {"alpha_nominal": None, "fleiss_kappa": None}


def test_documents_must_name_every_unit() -> None:
    with pytest.raises(ValueError, match="one document per unit"):
        bootstrap_intervals(np.ones((2, 3)), documents=np.array([1, 2]))
