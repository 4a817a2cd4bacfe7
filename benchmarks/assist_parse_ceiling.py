"""The ceiling of a dependency parse for the tagger on PolNeAR (issue 12, round 10).

Every round of issue 12 ended on the same guess: what the tagger still misses needs a
parse (which mention is the source: mostly the subject of the cue; where the claim ends:
the cue's clausal complement). Before anyone builds a parser, this measures what a parse
of Stanford CoreNLP's quality would give. PolNeAR ships CoreNLP's analysis of each
article (read in ``assist_corenlp.py``); each of our tokens takes the features of the CoreNLP
token its first character falls in (an article without the XML gets none). A parser of our
own would likely be worse than CoreNLP, so what these features add is a ceiling.

The tagger is trained and scored as ``benchmarks/assist.py`` does it, with the same
figures (the gold read through its import, ``tagger.train`` with its defaults,
``tagger.predict`` on dev as ``assist predict`` calls it, scored as the agreement report
does), with the parse features appended to the
features of every token: the features module is swapped for the run by a wrapper that adds
them (:func:`parse_features_on`), so that the training and prediction code is the tagger's
own. The groups (``--groups``, each run alone; ``+`` joins groups):

- ``pos``: the POS tag and its first letter, of the token and its neighbours;
- ``dep``: the basic dependency relation, the head's lemma, and the two joined;
- ``cue``: whether the head, or the head's head, is a cue word (the reporting-verb lexicon
  or the CUE words the model learned), and the relation by which the token hangs under the
  nearest cue word above it (``nsubj`` for the source, ``ccomp`` for the claim...); a cue
  word also says which relations its dependents hold;
- ``ner``: the named-entity tag;
- ``ctx``: the neighbours' relations, the relation under the nearest cue joined with the
  token's coarse POS and with its depth below the cue, and whether the token's sentence
  has a subject of a cue at all (``all`` is the four groups above; ``all+ctx`` adds it);
- ``none``: no parse features (main's tagger: the figures of ``assist.py``).

Each row printed: overlap F1 (exact F1) for SOURCE, CUE and CLAIM on dev, and the training
CPU time; ``--coverage`` instead counts how many dev gold sources hold a subject of a cue
word, and how many gold cues hold a cue word at all. PolNeAR states no licence: it is read
from a path, and the caches this script may keep (``--cache``) are refused inside the
checkout. The test split is never read::

    .venv/bin/python benchmarks/assist_parse_ceiling.py /path/to/PolNeAR \\
        --cache /tmp/polnear-cache --seeds 0,2 --groups none,all,pos,dep,cue,ner
"""

from __future__ import annotations

import argparse
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from assist import data_folder
from assist_corenlp import Parsed, alignment_check, read_parses
from assist_polnear import dev_gold, f1_cells, load_gold, print_load, refuse_inside_checkout

from annotator.core.assist import tagger, tagger_training
from annotator.core.assist.evaluation import score_spans
from annotator.core.assist.learned import learn_words
from annotator.core.assist.lexicon import REPORTING_VERBS
from annotator.core.tokens import Token, tokenize

GROUPS = ("pos", "dep", "cue", "ner", "ctx")
#: What ``all`` runs: the four groups (``ctx`` is measured on top of them).
ALL = ("pos", "dep", "cue", "ner")
#: Relations under a cue word worth naming on their own; any other is named ``other``.
_NAMED = frozenset(
    [
        "nsubj",
        "nsubjpass",
        "csubj",
        "dobj",
        "iobj",
        "ccomp",
        "xcomp",
        "parataxis",
        "advcl",
        "nmod",
        "dep",
        "mark",
        "punct",
    ]
)


def cue_words(learned: Mapping[str, frozenset[str]] | None) -> frozenset[str]:
    return frozenset(REPORTING_VERBS) | (learned or {}).get("CUE", frozenset())


def parse_features(
    text: str,
    tokens: Sequence[Token],
    parsed: Parsed,
    groups: frozenset[str],
    cues: frozenset[str],
) -> list[list[str]]:
    """The parse features of each of our tokens, from the CoreNLP token its start is in."""
    n = len(parsed.begins)
    is_cue = [parsed.words[k].lower() in cues or parsed.lemmas[k] in cues for k in range(n)]
    below_cue: list[str | None] = [None] * n  # the relation under the nearest cue above
    depth = [0] * n  # how many arcs below that cue
    root = list(range(n))  # the token's sentence, named by its root
    for k in range(n):
        child, head, steps = k, parsed.heads[k], 0
        while head >= 0 and steps < 30:
            if is_cue[head] and below_cue[k] is None:
                relation = parsed.relations[child]
                below_cue[k] = relation if relation in _NAMED else "other"
                depth[k] = steps + 1
            child, head, steps = head, parsed.heads[head], steps + 1
        root[k] = child
    with_subject = {root[k] for k in range(n) if below_cue[k] in ("nsubj", "nsubjpass")}
    sentence_has_subject = [root[k] in with_subject for k in range(n)]
    dependents: dict[int, set[str]] = {}
    for k in range(n):
        if parsed.heads[k] >= 0 and is_cue[parsed.heads[k]]:
            relation = parsed.relations[k]
            dependents.setdefault(parsed.heads[k], set()).add(
                relation if relation in _NAMED else "other"
            )
    aligned = []
    for token in tokens:
        k = bisect_right(parsed.begins, token.start) - 1
        ok = 0 <= k < n and parsed.begins[k] <= token.start < max(parsed.ends[k], token.start + 1)
        aligned.append(k if ok else -1)
    features: list[list[str]] = []
    for at, k in enumerate(aligned):
        own: list[str] = []
        if k < 0:
            features.append(["noparse"])
            continue
        head = parsed.heads[k]
        if "pos" in groups:
            own += [f"pos={parsed.pos[k]}", f"cpos={parsed.pos[k][:1]}"]
            for offset in (-1, 1):
                j = aligned[at + offset] if 0 <= at + offset < len(aligned) else -1
                own.append(f"{offset}:pos={parsed.pos[j] if j >= 0 else '-'}")
        if "dep" in groups:
            head_lemma = parsed.lemmas[head] if head >= 0 else "ROOT"
            own += [
                f"rel={parsed.relations[k]}",
                f"hl={head_lemma}",
                f"rel+hl={parsed.relations[k]}|{head_lemma}",
            ]
        if "cue" in groups:
            if head >= 0 and is_cue[head]:
                own.append(f"hcue|{parsed.relations[k]}")
            if head >= 0 and parsed.heads[head] >= 0 and is_cue[parsed.heads[head]]:
                own.append("h2cue")
            if below_cue[k]:
                own.append(f"under={below_cue[k]}")
            if is_cue[k]:
                own.append("cueword")
                own += [f"cuehas={r}" for r in sorted(dependents.get(k, ()))]
        if "ner" in groups:
            own.append(f"ner={parsed.ner[k]}")
        if "ctx" in groups:
            for offset in (-1, 1):
                j = aligned[at + offset] if 0 <= at + offset < len(aligned) else -1
                own.append(f"{offset}:rel={parsed.relations[j] if j >= 0 else '-'}")
            if below_cue[k]:
                own += [
                    f"under={below_cue[k]}|{parsed.pos[k][:1]}",
                    f"under={below_cue[k]}|d{min(depth[k], 4)}",
                ]
            if sentence_has_subject[k]:
                own.append("cuesubj-in-sentence")
        features.append(own)
    return features


@contextmanager
def parse_features_on(parses: Mapping[str, Parsed], groups: frozenset[str]) -> Iterator[None]:
    """Append the parse features to the tagger's own, for training and prediction alike."""
    original = tagger.document_features

    def with_parse(text, sentences, tokens=None, attributions=None, learned=None, clusters=None):
        tokens, features = original(text, sentences, tokens, attributions, learned, clusters)
        parsed = parses.get(text)
        if parsed is None or not groups:
            return tokens, features
        extra = parse_features(text, tokens, parsed, groups, cue_words(learned))
        return tokens, [f + e for f, e in zip(features, extra, strict=True)]

    tagger.document_features = with_parse
    try:
        yield
    finally:
        tagger.document_features = original


def coverage(
    parses: Mapping[str, Parsed], train: Sequence, dev: Sequence, labels: Sequence[str]
) -> None:
    """How far a parse's reading of "the source is the subject of the cue" reaches on dev.

    Of dev's gold sources, how many hold a token that hangs as a subject under a cue word
    (the lexicon's or the CUE words learned from train); of its gold cues, how many hold a
    cue word at all (the parse can only point from cues it knows).
    """
    learned = learn_words(((tokenize(d.text), d.spans) for d in train), labels)
    cues = cue_words(learned)
    counts = {"SOURCE": [0, 0], "CUE": [0, 0]}
    runs = [0, 0]  # runs of tokens under a cue as its subject: in a gold source, all
    for document in dev:
        parsed = parses.get(document.text)
        if parsed is None:
            continue
        tokens = tokenize(document.text)
        extra = parse_features(document.text, tokens, parsed, frozenset({"cue"}), cues)
        starts = [t.start for t in tokens]
        sources = [s for s in document.spans if s.label == "SOURCE"]
        subject = [any(f.startswith("under=nsubj") for f in token) for token in extra]
        for k, token in enumerate(tokens):
            if subject[k] and (k == 0 or not subject[k - 1]):  # a run of subject tokens
                stop = k
                while stop < len(tokens) and subject[stop]:
                    stop += 1
                end = tokens[stop - 1].end
                runs[1] += 1
                runs[0] += any(s.start < end and token.start < s.end for s in sources)
        for span in document.spans:
            if span.label not in counts:
                continue
            inside = extra[bisect_left(starts, span.start) : bisect_left(starts, span.end)]
            wanted = ("under=nsubj", "under=nsubjpass") if span.label == "SOURCE" else ("cueword",)
            counts[span.label][0] += any(f in wanted for token in inside for f in token)
            counts[span.label][1] += 1
    for label, (hit, total) in counts.items():
        what = "a subject of a cue word" if label == "SOURCE" else "a cue word"
        print(f"dev gold {label}: {hit}/{total} ({hit / max(1, total):.3f}) hold {what}")
    print(f"subjects of cue words on dev: {runs[1]}, of which {runs[0]} share a gold source")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("polnear", type=Path, help="the PolNeAR checkout (or its data folder)")
    parser.add_argument("--cache", type=Path, help="keep the gold and parses here, outside")
    parser.add_argument("--seeds", default="0,2", help="the learner's shuffle seeds")
    parser.add_argument("--groups", default="none,all", help="parse feature groups to run")
    parser.add_argument("--coverage", action="store_true", help="only count what a parse reaches")
    args = parser.parse_args()
    refuse_inside_checkout(args.polnear, args.cache)
    data = data_folder(args.polnear)
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    train, dev, labels = load_gold(args.polnear, args.cache / "gold.pickle" if args.cache else None)
    parses = read_parses(data, [*train, *dev], args.cache)
    alignment_check(parses, dev)
    if args.coverage:
        coverage(parses, train, dev, labels)
        return
    print_load("start")
    print("| parse features | seed | SOURCE | CUE | CLAIM | training CPU |")
    print("|---|---|---|---|---|---|")
    gold, sentences = dev_gold(dev)
    for group in args.groups.split(","):
        named = group.replace("all", "+".join(ALL)).split("+")
        chosen = frozenset(() if group == "none" else named)
        if not chosen <= set(GROUPS):
            raise SystemExit(f"unknown group {group!r}: choose of {', '.join(GROUPS)}")
        for seed in (int(s) for s in args.seeds.split(",")):
            with parse_features_on(parses, chosen):
                cpu = time.process_time()
                model = tagger_training.train(
                    train, labels, options=tagger_training.TrainingOptions(shuffle_seed=seed)
                )
                cpu = time.process_time() - cpu
                predicted = [
                    [
                        (s.label, s.start, s.end)
                        for s in tagger.predict(model, d.text, sentences=ss).spans
                    ]
                    for d, ss in zip(dev, sentences, strict=True)
                ]
            found = score_spans(gold, predicted, labels)
            cells = f1_cells(found, labels)
            print(f"| {group} | {seed} | {cells} | {cpu:.1f} s |", flush=True)
    print_load("end")


if __name__ == "__main__":
    main()
