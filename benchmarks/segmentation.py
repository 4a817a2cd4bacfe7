"""Benchmark the sentence splitter: boundary accuracy and throughput.

Run from the project root::

    .venv/bin/python benchmarks/segmentation.py [--data DIR] [--runs N]
        [--conllu FILE.conllu ...] [--accuracy-only]

``DIR`` defaults to ``tests/data`` (the copies kept with the tests). ``--conllu``
scores held-out Universal Dependencies treebanks read from where they lie (GUM's
licence forbids redistributing parts of it, so it is never copied here), with a
line per genre when the document ids name one (``GUM_news_...``, ``email-...``). A boundary
is the offset where a sentence starts, after leading whitespace; precision,
recall and F1 are counted over all documents of a set.

Throughput is measured on four corpora, each split one document per call as an
import would, and also with nupunkt alone (``span_tokenize``) on the same
documents, the two taking turns run by run; "rules" is the CPU time our rules
add to nupunkt's:

* **stream**: every distinct document of the gold data once (397 PUD paragraphs,
  the 5 seed articles, the 48 golden-rule cases), with nupunkt's memo of
  decisions cleared once at the start: text never seen before.
* **reshuffled**: 5 MB of news-like documents made of the PUD and seed
  sentences in a new random order, grouped into paragraphs and documents, memo
  cleared once at the start. Each sentence recurs about 35 times, so the
  contexts inside a sentence ("Mr. Smith") are memo hits after their first
  time, while the contexts between two sentences are almost all new pairs.
* **same, wrapped at 72**: the reshuffled documents hard-wrapped at 72 columns
  in place, as plain-text mail is: the cost of the hard-wrap detection.
* **seeds repeated**: the five seed articles as one text repeated to 5 MB, all
  memo hits after the first copy: an upper bound, not a realistic figure.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

import nupunkt  # noqa: E402

from annotator.core.segmentation import SEGMENTER_VERSION, split_sentences  # noqa: E402
from annotator.core.segmentation.model import tokenizer  # noqa: E402
from tests.segmentation_eval import (  # noqa: E402
    Doc,
    boundary_prf,
    load_conllu,
    load_golden,
    load_pud,
    load_seeds,
    wrap_in_place,
)

MB = 1e6


def reshuffled(docs: list[Doc], size: int, seed: int = 0) -> list[str]:
    """Return news-like documents of about ``size`` bytes in all, made of the
    gold sentences of ``docs`` in a new random order: 1 to 6 sentences to a
    paragraph, 2 to 12 paragraphs to a document, blank lines between
    paragraphs. Every sentence is used once before any is used again.
    """
    sentences = [text[s:e] for text, gold in docs for s, e in gold]
    rng = random.Random(seed)
    pool: list[str] = []
    out: list[str] = []
    total = 0
    while total < size:
        paragraphs = []
        for _ in range(rng.randint(2, 12)):
            if len(pool) < 6:
                rng.shuffle(sentences)
                pool += sentences
            paragraphs.append(" ".join(pool.pop() for _ in range(rng.randint(1, 6))))
        out.append("\n\n".join(paragraphs))
        total += len(out[-1].encode("utf-8"))
    return out


def throughput(
    splitters: list[Callable[[str], object]], docs: list[str], runs: int, cold: bool = True
) -> list[tuple[float, float]]:
    """Return, for each splitter, the best of ``runs`` speeds over ``docs`` (one
    call per document) in MB (10**6 bytes of UTF-8) per second, by wall-clock
    time and by this process's CPU time. On a shared machine the CPU time
    leaves out the time other processes had the CPU. The splitters take turns,
    run by run, so that a change in the machine's load hits them alike.

    nupunkt memoises its decision per context; ``cold`` clears that memo once
    at the start of each run, as a new process would start.
    """
    size = sum(len(doc.encode("utf-8")) for doc in docs) / MB
    wall = [float("inf")] * len(splitters)
    cpu = [float("inf")] * len(splitters)
    for run in range(runs):
        for i in [*range(run % 2, len(splitters)), *range(run % 2)]:
            if cold:
                tokenizer().clear_decision_cache()
            start, start_cpu = time.perf_counter(), time.process_time()
            for doc in docs:
                splitters[i](doc)
            wall[i] = min(wall[i], time.perf_counter() - start)
            cpu[i] = min(cpu[i], time.process_time() - start_cpu)
    return [(size / w, size / c) for w, c in zip(wall, cpu, strict=True)]


def _genre(doc_id: str) -> str:
    """The genre a treebank's document id names: ``GUM_news_iodine`` -> news,
    ``email-enronsent00_02`` -> email; otherwise the id itself."""
    if doc_id.startswith("GUM_"):
        return doc_id.split("_")[1]
    return doc_id.split("-")[0]


def nupunkt_alone(text: str) -> list[tuple[int, int]]:
    return list(tokenizer().span_tokenize(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data")
    parser.add_argument("--runs", type=int, default=10, help="runs of the stream (others: 3)")
    parser.add_argument(
        "--conllu", type=Path, action="append", default=[], help="a UD treebank file to score"
    )
    parser.add_argument("--accuracy-only", action="store_true", help="skip the throughput")
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
    print(f"{'dataset':<34} {'docs':>5} {'sents':>6} {'P':>6} {'R':>6} {'F1':>7}")
    for name, docs in [
        ("seeds gold", seeds),
        ("UD English PUD", pud),
        ("UD English PUD, wrapped at 72", pud_wrapped),
    ]:
        p, r, f1 = boundary_prf(docs)
        n = sum(len(gold) for _, gold in docs)
        print(f"{name:<34} {len(docs):>5} {n:>6} {p:>6.3f} {r:>6.3f} {f1:>7.4f}")

    for path in args.conllu:
        treebank = load_conllu(path)
        by_genre: dict[str, list[Doc]] = {}
        for doc_id, text, gold in treebank:
            by_genre.setdefault(_genre(doc_id), []).append((text, gold))
        for name, docs in [
            (path.name, [(t, g) for _, t, g in treebank]),
            *sorted(by_genre.items()),
        ]:
            if name != path.name and len(by_genre) < 2:
                continue
            p, r, f1 = boundary_prf(docs)
            n = sum(len(gold) for _, gold in docs)
            label = name if name == path.name else f"  {name}"
            print(f"{label:<34} {len(docs):>5} {n:>6} {p:>6.3f} {r:>6.3f} {f1:>7.4f}")

    passed = sum(
        [c["text"][s:e] for s, e in split_sentences(c["text"])] == c["sentences"] for c in golden
    )
    print(f"\npySBD golden rules (exactly right): {passed}/{len(golden)}")

    if args.accuracy_only:
        return
    stream = [text for text, _ in pud] + [text for text, _ in seeds]
    stream += [c["text"] for c in golden]
    seed_text = "\n\n".join(text for text, _ in seeds)
    repeats = -(-5_000_000 // len(seed_text.encode("utf-8")))
    news = reshuffled(seeds + pud, 5_000_000)
    corpora = [
        ("stream, memo cleared once", stream, args.runs, True),
        ("reshuffled, memo cleared once", news, 3, True),
        ("same, wrapped at 72", [wrap_in_place(doc, 72) for doc in news], 3, True),
        (f"seeds x{repeats}, memo warm", ["\n\n".join([seed_text] * repeats)], 3, False),
    ]
    print(
        f"\n{'throughput (best of runs)':<31} {'docs':>5} {'MB':>5} {'runs':>4}"
        f" {'MB/s':>6} {'MB/CPU s':>8} {'nupunkt alone MB/s':>18} {'MB/CPU s':>8} {'rules':>7}"
    )
    for name, docs, runs, cold in corpora:
        size = sum(len(doc.encode("utf-8")) for doc in docs) / MB
        (wall, cpu), (np_wall, np_cpu) = throughput(
            [split_sentences, nupunkt_alone], docs, runs, cold
        )
        print(
            f"{name:<31} {len(docs):>5} {size:>5.2f} {runs:>4} {wall:>6.2f} {cpu:>8.2f}"
            f" {np_wall:>18.2f} {np_cpu:>8.2f} {np_cpu / cpu - 1:>+7.0%}"
        )

    print(
        f"\nsegmenter {SEGMENTER_VERSION}, nupunkt {nupunkt.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
