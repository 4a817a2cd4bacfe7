"""Time the agreement metrics on large synthetic data.

Run from the repository root::

    .venv/bin/python benchmarks/agreement_speed.py

1.  Krippendorff's alpha (nominal) for 5 annotators x 100,000 units, random
    labels from 4 values with 20% missing: ours against the ``krippendorff``
    package (0.9.0), best of N runs each, on the same NumPy array; ours also
    from Python lists (``None`` = missing) and from string labels, which is
    what a service builds from database rows.
2.  Pairwise span F1 (exact and overlap) for 3 annotators on 2,000 documents
    with about 50 spans each.

Prints a Markdown table; the figures go into ``docs/benchmarks.md``.
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.core.agreement import krippendorff_alpha, span_agreement  # noqa: E402

REPEAT = 15


def best_of(function: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, float, Any]:
    """Return the fastest of ``repeat`` runs (wall seconds, CPU seconds) and the last result.

    CPU time is reported too because this machine may be shared: wall time
    then includes waiting for a core, CPU time does not.
    """
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def label_data(coders: int = 5, units: int = 100_000, seed: int = 0) -> np.ndarray:
    """Return random labels 1..4 with 20% missing (nan), as coders x units floats."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, 5, units)
    noisy = rng.integers(1, 5, (coders, units))
    data = np.where(rng.random((coders, units)) < 0.6, truth, noisy).astype(float)
    return np.where(rng.random((coders, units)) < 0.2, np.nan, data)


def span_layers(annotators: int = 3, documents: int = 2_000, spans: int = 50, seed: int = 0):
    """Return annotator -> per document spans: a shared set, jittered and thinned per annotator."""
    rng = np.random.default_rng(seed)
    layers: dict[str, list[list[tuple[int, int, str]]]] = {f"a{i}": [] for i in range(annotators)}
    for _ in range(documents):
        starts = np.sort(rng.choice(20_000, spans, replace=False)) * 5
        lengths = rng.integers(5, 60, spans)
        labels = rng.choice(["CLAIM", "SOURCE", "CUE"], spans)
        for doc in layers.values():
            keep = rng.random(spans) < 0.85
            shift = rng.integers(-3, 4, spans) * (rng.random(spans) < 0.3)
            doc.append(
                [
                    (int(s + d), int(s + d + n), str(label))
                    for s, d, n, label, k in zip(starts, shift, lengths, labels, keep, strict=True)
                    if k
                ]
            )

    return layers


def main() -> None:
    import krippendorff

    data = label_data()
    as_lists = [[None if np.isnan(v) else int(v) for v in row] for row in data]
    as_text = [[None if v is None else f"label-{v}" for v in row] for row in as_lists]
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("alpha nominal, ours, NumPy array (nan = missing)", lambda: krippendorff_alpha(data)),
        (
            "alpha nominal, krippendorff 0.9.0, same array",
            lambda: krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"),
        ),
        (
            "alpha nominal, ours, Python lists of ints (None = missing)",
            lambda: krippendorff_alpha(as_lists),
        ),
        ("alpha nominal, ours, Python lists of strings", lambda: krippendorff_alpha(as_text)),
        ("alpha interval, ours, NumPy array", lambda: krippendorff_alpha(data, "interval")),
        (
            "alpha interval, krippendorff 0.9.0, same array",
            lambda: krippendorff.alpha(reliability_data=data, level_of_measurement="interval"),
        ),
    ]
    rows = [(what, *best_of(function)) for what, function in cases]
    assert abs(rows[0][3] - rows[1][3]) < 1e-9 and abs(rows[4][3] - rows[5][3]) < 1e-9

    layers = span_layers()
    total = sum(len(doc) for docs in layers.values() for doc in docs)
    for mode in ("exact", "overlap"):
        wall, cpu, result = best_of(lambda mode=mode: span_agreement(layers, mode=mode), repeat=3)
        what = f"span F1 {mode}, 3 annotators, 2,000 docs, {total:,} spans: mean F1"
        rows.append((what, wall, cpu, result.mean_f1))

    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}, "
        f"best of {REPEAT} (span F1: best of 3)\n"
    )
    print("| what | wall s | CPU s | value |")
    print("|---|---:|---:|---:|")
    for what, wall, cpu, value in rows:
        print(f"| {what} | {wall:.4f} | {cpu:.4f} | {value:.4f} |")


if __name__ == "__main__":
    main()
