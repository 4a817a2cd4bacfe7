"""Benchmark the sentence splitter: boundary accuracy and throughput.

Run from the project root::

    .venv/bin/python benchmarks/segmentation.py [--data DIR]

``DIR`` defaults to ``tests/data`` (the copies kept with the tests). A boundary
is the offset where a sentence starts, after leading whitespace; precision,
recall and F1 are counted over all documents of a set.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

import nupunkt  # noqa: E402

from annotator.segmentation import SEGMENTER_VERSION, _tokenizer, split_sentences  # noqa: E402
from tests.segmentation_eval import (  # noqa: E402
    boundary_prf,
    load_golden,
    load_pud,
    load_seeds,
    wrap_in_place,
)


def throughput(text: str, cold: bool, runs: int) -> tuple[float, float]:
    """Return the best of ``runs`` speeds in MB (10**6 bytes of UTF-8) per
    second, by wall-clock time and by this process's CPU time. On a shared
    machine the CPU time leaves out the time other processes had the CPU.

    nupunkt memoises its decision per context; ``cold`` clears that memo
    before each run, so repeated text isn't faster than new text.
    """
    size = len(text.encode("utf-8")) / 1e6
    wall = cpu = float("inf")
    for _ in range(runs):
        if cold:
            _tokenizer().clear_decision_cache()
        start, start_cpu = time.perf_counter(), time.process_time()
        split_sentences(text)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return size / wall, size / cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data")
    args = parser.parse_args()

    seeds = [(d["text"], [(s, e) for s, e in d["sentences"]]) for d in load_seeds(args.data)]
    pud = load_pud(args.data)
    golden = load_golden(args.data)

    # PUD hard-wrapped at 72 columns, five paragraphs to a text: the splitter
    # should find the same boundaries as in the unwrapped paragraphs.
    pud_wrapped = []
    for i in range(0, len(pud), 5):
        text, gold = "", []
        for paragraph, sentences in pud[i : i + 5]:
            offset = len(text) + 2 if text else 0
            text = f"{text}\n\n{paragraph}" if text else paragraph
            gold += [(s + offset, e + offset) for s, e in sentences]
        pud_wrapped.append((wrap_in_place(text, 72), gold))

    split_sentences("Load the model. Then time it.")
    print(f"{'dataset':<34} {'docs':>5} {'sents':>6} {'P':>6} {'R':>6} {'F1':>6}")
    for name, docs in [
        ("seeds gold", seeds),
        ("UD English PUD", pud),
        ("UD English PUD, wrapped at 72", pud_wrapped),
    ]:
        p, r, f1 = boundary_prf(docs)
        n = sum(len(gold) for _, gold in docs)
        print(f"{name:<34} {len(docs):>5} {n:>6} {p:>6.3f} {r:>6.3f} {f1:>6.3f}")

    passed = sum(
        [c["text"][s:e] for s, e in split_sentences(c["text"])] == c["sentences"] for c in golden
    )
    print(f"\npySBD golden rules (exactly right): {passed}/{len(golden)}")

    seed_text = "\n\n".join(text for text, _ in seeds)
    repeats = -(-5_000_000 // len(seed_text.encode("utf-8")))
    big = "\n\n".join([seed_text] * repeats)
    pud_text = "\n\n".join(text for text, _ in pud)
    print(f"\n{'throughput':<46} {'MB':>5} {'MB/s':>6} {'MB/CPU s':>8}")
    for name, text, cold, runs in [
        (f"seeds x{repeats}, best of 3", big, False, 3),
        ("UD English PUD once, memo cleared, best of 10", pud_text, True, 10),
    ]:
        size = len(text.encode("utf-8")) / 1e6
        wall, cpu = throughput(text, cold, runs)
        print(f"{name:<46} {size:>5.2f} {wall:>6.2f} {cpu:>8.2f}")

    print(
        f"\nsegmenter {SEGMENTER_VERSION}, nupunkt {nupunkt.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
