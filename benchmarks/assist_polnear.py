"""What the PolNeAR rounds of the assist benchmarks share (issue 12).

PolNeAR states no licence: its gold, and anything kept from it (pickles, models trained on
it), stay outside the checkout (:func:`refuse_inside_checkout`). The gold is read through the
project's import once (``assist_thresholds.train_and_dev_gold``) and may be kept in a pickle
for the next run (:func:`load_gold`). Each run prints the load average at its start and end
(:func:`print_load`) and its rows as overlap F1 (exact F1) per label (:func:`f1_cells`).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from assist import ROOT, data_folder
from assist_thresholds import train_and_dev_gold


def refuse_inside_checkout(*paths: Path | None) -> None:
    """Stop the run if any of ``paths`` is the checkout or inside it."""
    for path in paths:
        if path and (path.resolve() == ROOT or ROOT in path.resolve().parents):
            raise SystemExit(f"refused: {path} is inside the checkout; keep PolNeAR's data out")


def load_gold(polnear: Path, kept: Path | None) -> tuple[list, list, list]:
    """Return PolNeAR's train and dev gold and the span labels, from ``kept`` if it exists.

    Otherwise imported from the ``polnear`` checkout and, with ``kept``, pickled there.
    """
    if kept and kept.exists():
        with kept.open("rb") as stream:
            return pickle.load(stream)  # noqa: S301 - our own file, written below
    with tempfile.TemporaryDirectory(prefix="polnear-") as folder:
        found = train_and_dev_gold(data_folder(polnear), Path(folder), 0)
    if kept:
        with kept.open("wb") as stream:
            pickle.dump(found, stream)
    return found


def print_load(when: str) -> None:
    """Print the machine's load average (1, 5 and 15 minutes): ``when`` is "start" or "end"."""
    print(f"load average at the {when}: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def dev_gold(dev: Sequence[Any]) -> tuple[list[list[tuple[str, int, int]]], list[Any]]:
    """Return dev's gold spans as ``(label, start, end)`` and each document's sentences."""
    from annotator.core.segmentation import split_sentences

    gold = [[(s.label, s.start, s.end) for s in d.spans] for d in dev]
    return gold, [d.sentences or split_sentences(d.text) for d in dev]


def f1_cells(found: Mapping[str, Any], labels: Sequence[str]) -> str:
    """Return a table row's cells: overlap F1 (exact F1) of each label."""
    return " | ".join(f"{found[x].overlap.f1:.4f} ({found[x].exact.f1:.4f})" for x in labels)
