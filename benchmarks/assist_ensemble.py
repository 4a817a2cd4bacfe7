"""Ensembles of taggers and decoding by posterior on PolNeAR (issue 12, round 9).

Trains on PolNeAR's train split and scores dev, as ``benchmarks/assist.py`` does, but
splits the training into its steps so that one extraction of features serves several CRFs:

- **where training time goes**: tokens, label words, clusters, features and tags, handing
  the sequences to CRFsuite, each learner's run, reading its weights, fitting its temperature;
- **an ensemble**: K CRFs learned on the same features with different shuffle seeds
  (``--seeds 0,2,3``), or on different views of them (``nocl:0``, a member without the
  cluster features; see :data:`VIEWS`), each with its own temperature; their per-token
  marginals are averaged (``--sharpen`` multiplies every temperature);
- **decoding**: the best path of the CRF (``viterbi``; for an ensemble, the best path under
  the sum of the members' tempered scores), the best BIO-valid path under the sum of the
  log-marginals (``posterior``), and under the sum of the marginals themselves, the path with
  the most tags right in expectation (``expected``); or a vote on the members' own
  suggestions (``vote``: a span most members have; ``vote1``, ``vote3``: one, three).

After decoding, every variant goes through the tagger's own steps: span scores (the mean
marginal of the chosen tags), joined fragments, the least score and one source per cue. The
single model decoded by ``viterbi`` is ``tagger.predict``; the script checks that it gives
the same spans (and its member of seed 0 scores as ``benchmarks/assist.py`` does). The gold
is read through the project's import (``benchmarks/assist.py``'s) and may be kept in a
pickle outside the checkout (``--gold``), the members too (``--models``), for the next run::

    .venv/bin/python benchmarks/assist_ensemble.py /path/to/PolNeAR --gold /tmp/polnear.pickle \\
        --models /tmp/members --seeds 0,2,3 --epochs 10 --members 2,3 --each \\
        --decoders viterbi,posterior,expected,vote

Each row printed: overlap F1 (exact F1) for SOURCE, CUE and CLAIM on dev, then the median CPU
time of suggesting for the benchmark's 1,000-word text.

The members are trained in ``assist_ensemble_members.py``, decoded in
``assist_ensemble_decoding.py``. The test split is never read (``assist.data_folder``
refuses it).
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from assist import print_scores
from assist_ensemble_decoding import DECODERS, suggest
from assist_ensemble_members import trained_members
from assist_polnear import dev_gold, f1_cells, load_gold, print_load, refuse_inside_checkout

from annotator.core.assist import tagger
from annotator.core.assist.evaluation import score_spans
from annotator.core.assist.gold import GoldDocument
from annotator.core.segmentation import split_sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("polnear", type=Path, help="the PolNeAR checkout (or its data folder)")
    parser.add_argument("--gold", type=Path, help="a pickle of the imported gold, outside")
    parser.add_argument("--seeds", default="0,2,3", help="the members' shuffle seeds")
    parser.add_argument("--epochs", type=int, default=10, help="each member's passes")
    parser.add_argument("--members", default="", help="ensemble sizes to score (default: all)")
    parser.add_argument("--decoders", default=",".join(DECODERS))
    parser.add_argument("--models", type=Path, help="keep (or read) the members here, outside")
    parser.add_argument("--sharpen", type=float, default=1.0, help="multiply the temperatures")
    parser.add_argument("--each", action="store_true", help="score each member alone too")
    parser.add_argument("--tables", action="store_true", help="print each variant's table")
    args = parser.parse_args()
    seeds = args.seeds.split(",")
    sizes = [int(k) for k in args.members.split(",")] if args.members else [len(seeds)]
    decoders = args.decoders.split(",")
    # PolNeAR states no licence: neither its gold nor models trained on it go in here.
    refuse_inside_checkout(args.gold, args.models)
    train, dev, labels = load_gold(args.polnear, args.gold)
    print_load("start")
    members = trained_members(args, train, labels, seeds)
    gold, sentences = dev_gold(dev)
    # The check: one member decoded by its own Viterbi is the tagger's prediction.
    own = [
        tagger.predict(members[0], d.text, sentences=s).spans
        for d, s in zip(dev, sentences, strict=True)
    ]
    mine = [suggest("viterbi", members[:1], d.text, s) for d, s in zip(dev, sentences, strict=True)]
    assert own == mine, "the script's steps do not reproduce tagger.predict"
    text = long_text(dev)
    groups = [members[:size] for size in sizes]
    if args.each:
        groups = [[m] for m in members] + groups
    for chosen in groups:
        used = [seeds[members.index(m)] for m in chosen]
        for decoder in decoders:
            predicted = [
                [
                    (s.label, s.start, s.end)
                    for s in suggest(decoder, chosen, d.text, ss, args.sharpen)
                ]
                for d, ss in zip(dev, sentences, strict=True)
            ]
            found = score_spans(gold, predicted, labels)
            cpu = []
            for _ in range(7):
                clock = time.process_time()
                suggest(decoder, chosen, text, split_sentences(text), args.sharpen)
                cpu.append(time.process_time() - clock)
            cells = f1_cells(found, labels)
            name = f"seeds {used} x {args.epochs}, {decoder}, temperature x {args.sharpen}"
            print(f"| {name} | {cells} | {1000 * statistics.median(cpu):.0f} ms |")
            if args.tables:
                print_scores(name, _as_report(found))
    print_load("end")


def long_text(dev: Sequence[GoldDocument]) -> str:
    """The first 1,000 words of the dev texts run together, as ``assist.py`` times."""
    text = " ".join(" ".join(d.text.split("\n\n")) for d in sorted(dev, key=lambda d: d.id))
    cut = [m.start() for m in re.finditer(r"\S+", text)][1000]
    return text[:cut].rstrip()


def _as_report(found: dict) -> dict:
    spans = {}
    for label, s in found.items():
        spans[label] = {
            "gold": s.exact.gold,
            "suggested": s.exact.predicted,
            "precision": s.exact.precision,
            "recall": s.exact.recall,
            "f1": s.exact.f1,
            "precision_overlap": s.overlap.precision,
            "recall_overlap": s.overlap.recall,
            "f1_overlap": s.overlap.f1,
        }
    return {"spans": spans, "relations": {}}


if __name__ == "__main__":
    main()
