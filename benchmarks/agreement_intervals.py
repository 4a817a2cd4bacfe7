"""Time the label fields' bootstrap intervals and coincidence matrix on large synthetic data.

Run from the repository root::

    .venv/bin/python benchmarks/agreement_intervals.py

The data of ``agreement_speed.py`` (5 annotators x 100,000 units, labels 1 to 4, 20% missing).
Rows: alpha alone (what the report computed before); the 95 % interval resampling units
(1,000 resamples, by kinds of unit: :mod:`annotator.core.agreement.bootstrap`), what the
report drew for every field before; the same bootstrap done plainly, drawing 100,000 unit
indices per resample and computing alpha on the resampled columns (100 resamples, timed once:
1,000 take over a minute; its interval must agree to 0.002); the interval resampling
documents, what the report draws for a sentence field now, the units being the sentences of
10,000 documents of 10 (1,000 resamples: per document its sums, a matrix product per batch
of resamples); the same done plainly, drawing 10,000 document indices per resample, pooling
their units and computing alpha (100 resamples, timed once: the same draws as ours with 100
resamples, so the same interval to 1e-9); the coincidence matrix. Prints a Markdown table;
the figures go into ``docs/benchmarks.md``.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from agreement_speed import best_of, label_data  # noqa: E402

from annotator.core.agreement import krippendorff_alpha  # noqa: E402
from annotator.core.agreement.bootstrap import (  # noqa: E402
    RESAMPLES,
    SEED,
    bootstrap_intervals,
    pairable,
)
from annotator.core.agreement.coincidences import coincidence_matrix  # noqa: E402

REPEAT = 10
#: The plain bootstrap's resamples: 1,000 took 82 s CPU (docs/benchmarks.md), so fewer here;
#: its time per resample is what compares.
PLAIN_RESAMPLES = 100
#: Sentences per document when resampling documents: 10,000 documents of the 100,000 units,
#: more documents (so more work per resample) than articles of 20 or 30 sentences give.
PER_DOCUMENT = 10


def plain_bootstrap(x: np.ndarray) -> tuple[float, float]:
    """Resample units one by one and compute alpha on each resample: the obvious way."""
    units = pairable(x)
    rng = np.random.default_rng(SEED)
    alphas = [
        krippendorff_alpha(units[:, rng.integers(0, units.shape[1], units.shape[1])])
        for _ in range(PLAIN_RESAMPLES)
    ]
    low, high = np.percentile(np.array(alphas, dtype=float), [2.5, 97.5])
    return float(low), float(high)


def plain_document_bootstrap(x: np.ndarray, documents: np.ndarray) -> tuple[float, float]:
    """Resample documents (those holding a pairable unit, by id), pool the pairable units of
    the drawn ones and compute alpha on each pool: the obvious way, drawing as ours does."""
    keep = (~np.isnan(x)).sum(axis=0) >= 2
    units, of_unit = x[:, keep], documents[keep]
    names = np.unique(of_unit)
    held = [np.flatnonzero(of_unit == name) for name in names]
    rng = np.random.default_rng(SEED)
    alphas = []
    for _ in range(PLAIN_RESAMPLES):
        picks = rng.integers(0, len(names), len(names))
        alphas.append(krippendorff_alpha(units[:, np.concatenate([held[i] for i in picks])]))
    low, high = np.percentile(np.array(alphas, dtype=float), [2.5, 97.5])
    return float(low), float(high)


def main() -> None:
    data = label_data()
    rows = []
    wall, cpu, alpha = best_of(lambda: krippendorff_alpha(data), REPEAT)
    rows.append(("alpha nominal alone (the report before)", wall, cpu, f"{alpha:.4f}"))
    wall, cpu, found = best_of(lambda: bootstrap_intervals(data), REPEAT)
    fast = found["alpha_nominal"]
    rows.append(
        (
            f"95 % interval, {RESAMPLES:,} resamples of units, by kinds of unit (ours)",
            wall,
            cpu,
            f"{fast.low:.4f} to {fast.high:.4f}",
        )
    )
    wall, cpu, (low, high) = best_of(lambda: plain_bootstrap(data), 1)
    rows.append(
        (
            f"95 % interval, {PLAIN_RESAMPLES:,} resamples of unit indices, alpha each (plain)",
            wall,
            cpu,
            f"{low:.4f} to {high:.4f}",
        )
    )
    # Fewer resamples: their percentiles are coarser, so the bound is loose.
    assert abs(low - fast.low) < 2e-3 and abs(high - fast.high) < 2e-3
    documents = np.arange(data.shape[1]) // PER_DOCUMENT
    count = data.shape[1] // PER_DOCUMENT
    wall, cpu, found = best_of(lambda: bootstrap_intervals(data, documents=documents), REPEAT)
    clustered = found["alpha_nominal"]
    rows.append(
        (
            f"95 % interval, {RESAMPLES:,} resamples of {count:,} documents of "
            f"{PER_DOCUMENT} units (ours)",
            wall,
            cpu,
            f"{clustered.low:.4f} to {clustered.high:.4f}",
        )
    )
    wall, cpu, (low, high) = best_of(lambda: plain_document_bootstrap(data, documents), 1)
    rows.append(
        (
            f"95 % interval, {PLAIN_RESAMPLES:,} resamples of document indices, units pooled, "
            "alpha each (plain)",
            wall,
            cpu,
            f"{low:.4f} to {high:.4f}",
        )
    )
    # The same draws: ours with as few resamples gives the same interval.
    same = bootstrap_intervals(data, documents=documents, resamples=PLAIN_RESAMPLES)
    assert abs(low - same["alpha_nominal"].low) < 1e-9
    assert abs(high - same["alpha_nominal"].high) < 1e-9
    wall, cpu, _ = best_of(lambda: coincidence_matrix(data), REPEAT)
    rows.append(("coincidence matrix", wall, cpu, ""))
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}, "
        f"best of {REPEAT} (plain bootstrap: once)\n"
    )
    print("| what | wall s | CPU s | value |")
    print("|---|---:|---:|---:|")
    for what, wall, cpu, value in rows:
        print(f"| {what} | {wall:.4f} | {cpu:.4f} | {value} |")


if __name__ == "__main__":
    main()
