"""Learn thresholds of two rules after the tagger on PolNeAR's train split alone (round 8).

Both rules add spans that the tagger's best path left out, gated by a threshold. A
threshold tuned on dev would make dev's figures look better than a new project's would be,
so it is chosen here on train: the train documents are split in folds
(:func:`annotator.core.assist.crossval.document_folds`), a tagger is trained on the other
folds, and each held-out document is tagged; then each threshold of a grid is applied to
those predictions and scored over every held-out document. The rules:

- **a source for a cue without one**: in a sentence with a predicted cue and no predicted
  source, the run of tokens whose SOURCE marginal (B + I) is at least the threshold
  throughout and that shares no character with a source or cue becomes a source (of several
  runs, the one with the highest mean marginal);
- **a rule cue the tagger missed**: a cue of the pre-annotation rules
  (:func:`annotator.core.assist.attribution.pre_annotate`) that shares no character with a
  predicted span becomes a cue when its tokens' mean CUE marginal is at least the threshold.

Neither is in the tagger: each cost exact F1 (docs/benchmarks.md, round 8). With ``--dev``
the script then trains on all of train and prints the same tables for dev, for the record
(the threshold is the one train chose). PolNeAR has no licence and is read from a path, as
by ``benchmarks/assist.py``, whose import it shares; the test split is never read::

    .venv/bin/python benchmarks/assist_thresholds.py /path/to/PolNeAR [--folds 3] \\
        [--shuffle-seed N] [--dev]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assist import arrange, data_folder, import_gold, make_app, new_project

from annotator.core.assist import tagger, tagger_model, tagger_training
from annotator.core.assist.attribution import pre_annotate
from annotator.core.assist.crossval import document_folds
from annotator.core.assist.evaluation import LabelScores, score_spans
from annotator.core.assist.gold import GoldDocument
from annotator.core.assist.suggestions import SuggestedSpan
from annotator.core.segmentation import split_sentences
from annotator.core.shapes import sentence_at
from annotator.db import get_session
from annotator.models import Project
from annotator.services.assist.training_data import gold_documents, span_labels

SOURCE_GRID = (0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
CUE_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)


@dataclass(frozen=True)
class Tagged:
    """One document the tagger did not learn from: its gold, sentences and prediction."""

    document: GoldDocument
    sentences: Sequence[tuple[int, int]]
    prediction: tagger.Prediction


#: A rule: the tagged document and a threshold in, the spans to suggest out.
Rule = Callable[[Tagged, float], list[SuggestedSpan]]


def source_for_cues(tagged: Tagged, threshold: float) -> list[SuggestedSpan]:
    """The predicted spans, and a source from the marginals for each cue without one."""
    p, sentences = tagged.prediction, tagged.sentences
    chance = p.marginals[:, p.tags.index("B-SOURCE")] + p.marginals[:, p.tags.index("I-SOURCE")]
    starts = [start for start, _ in sentences]
    taken = [s for s in p.spans if s.label in ("SOURCE", "CUE")]
    sourced = {sentence_at(starts, s.start) for s in taken if s.label == "SOURCE"}
    wanting = {sentence_at(starts, s.start) for s in taken if s.label == "CUE"} - sourced
    free = free_tokens(p, taken)
    token_starts = [t.start for t in p.tokens]
    added = []
    for at in sorted(wanting):
        first = bisect_left(token_starts, sentences[at][0])
        stop = bisect_left(token_starts, sentences[at][1])
        runs, begun = [], None
        for k in range(first, stop + 1):
            ok = k < stop and free[k] and chance[k] >= threshold
            if ok and begun is None:
                begun = k
            elif not ok and begun is not None:
                runs.append((float(chance[begun:k].mean()), begun, k))
                begun = None
        if runs:
            score, a, b = max(runs)
            added.append(SuggestedSpan("SOURCE", p.tokens[a].start, p.tokens[b - 1].end, score))
    return [*p.spans, *added]


def rule_cues(tagged: Tagged, threshold: float) -> list[SuggestedSpan]:
    """The predicted spans, and the rules' cues on free tokens the marginals back."""
    p, text = tagged.prediction, tagged.document.text
    chance = p.marginals[:, p.tags.index("B-CUE")] + p.marginals[:, p.tags.index("I-CUE")]
    token_starts = [t.start for t in p.tokens]
    added = []
    for cue in pre_annotate(text, tagged.sentences).spans:
        if cue.label != "CUE" or any(overlaps(cue, s) for s in p.spans):
            continue
        a, b = bisect_left(token_starts, cue.start), bisect_left(token_starts, cue.end)
        if b > a and chance[a:b].mean() >= threshold:
            added.append(SuggestedSpan("CUE", cue.start, cue.end, float(chance[a:b].mean())))
    return [*p.spans, *added]


def overlaps(a: SuggestedSpan, b: SuggestedSpan) -> bool:
    return a.start < b.end and b.start < a.end


def free_tokens(p: tagger.Prediction, spans: Sequence[SuggestedSpan]) -> list[bool]:
    """Whether each token shares no character with any of ``spans``."""
    return [not any(t.start < s.end and s.start < t.end for s in spans) for t in p.tokens]


def train_and_dev_gold(
    data: Path, folder: Path, limit: int
) -> tuple[list[GoldDocument], list[GoldDocument], list[str]]:
    """Import train (and dev, after it) into a project as the benchmark does; their gold."""
    app = make_app(folder)
    new_project(app, "polnear")
    train_ids = set(import_gold(app, "polnear", arrange(data, "train", folder, limit)))
    import_gold(app, "polnear", arrange(data, "dev", folder))
    with app.app_context():
        session = get_session()
        project = session.query(Project).filter_by(slug="polnear").one()
        documents, labels = gold_documents(session, project), span_labels(project)
    train = [d for d in documents if d.id in train_ids]
    return train, [d for d in documents if d.id not in train_ids], labels


def tag(model: tagger_model.TaggerModel, documents: Sequence[GoldDocument]) -> list[Tagged]:
    tagged = []
    for d in documents:
        sentences = d.sentences or split_sentences(d.text)
        tagged.append(Tagged(d, sentences, tagger.predict(model, d.text, sentences=sentences)))
    return tagged


def trained(
    documents: Sequence[GoldDocument], labels: Sequence[str], seed: int
) -> tagger_model.TaggerModel:
    cpu = time.process_time()
    model = tagger_training.train(
        documents, labels, options=tagger_training.TrainingOptions(shuffle_seed=seed)
    )
    print(f"trained on {len(documents)} documents in {time.process_time() - cpu:.1f} s CPU")
    return model


def held_out(
    documents: Sequence[GoldDocument], labels: Sequence[str], folds: int, seed: int
) -> list[Tagged]:
    """Train on all folds but one and tag that one, for every fold."""
    tagged: list[Tagged] = []
    for fold in document_folds(documents, folds, seed):
        inside = set(fold)
        model = trained([d for p, d in enumerate(documents) if p not in inside], labels, seed)
        tagged += tag(model, [documents[p] for p in fold])
    return tagged


def scores(
    tagged: Sequence[Tagged], labels: Sequence[str], rule: Rule | None, t: float
) -> dict[str, LabelScores]:
    gold = [[(s.label, s.start, s.end) for s in x.document.spans] for x in tagged]
    predicted = [
        [(s.label, s.start, s.end) for s in (rule(x, t) if rule else x.prediction.spans)]
        for x in tagged
    ]
    return score_spans(gold, predicted, labels)


def table(
    title: str,
    tagged: Sequence[Tagged],
    labels: Sequence[str],
    rule: Rule,
    label: str,
    grid: Sequence[float],
    chosen: float | None = None,
) -> float:
    """Print ``label``'s scores per threshold of ``grid``; return the best by overlap F1.

    The row of ``chosen`` (a threshold chosen elsewhere) is marked, or else the best.
    """
    print(f"\n{title}\n| threshold | F1 overlap | P overlap | R overlap | F1 exact | suggested |")
    print("|---|---|---|---|---|---|")
    rows: list[tuple[float | None, LabelScores]] = [
        (None, scores(tagged, labels, None, 0.0)[label])
    ]
    rows += [(t, scores(tagged, labels, rule, t)[label]) for t in grid]
    best = max(rows[1:], key=lambda row: row[1].overlap.f1 or 0.0)[0]
    mark, note = (best, " (best)") if chosen is None else (chosen, " (chosen on train)")
    for t, s in rows:
        name = "off" if t is None else f"{t}" + note * (t == mark)
        o = s.overlap
        print(
            f"| {name} | {o.f1:.4f} | {o.precision:.3f} | {o.recall:.3f} "
            f"| {s.exact.f1:.4f} | {o.predicted} |"
        )
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("polnear", type=Path, help="the PolNeAR checkout (or its data folder)")
    parser.add_argument("--folds", type=int, default=3, help="folds of the train split")
    parser.add_argument("--shuffle-seed", type=int, default=0, help="the learner's and the folds'")
    parser.add_argument("--train-limit", type=int, default=0, help="the first N documents only")
    parser.add_argument("--dev", action="store_true", help="then score dev at every threshold")
    args = parser.parse_args()
    data, seed = data_folder(args.polnear), args.shuffle_seed
    with tempfile.TemporaryDirectory(prefix="polnear-") as folder:
        train, dev, labels = train_and_dev_gold(data, Path(folder), args.train_limit)
    tagged = held_out(train, labels, args.folds, seed)
    where = f"held-out train ({len(tagged)} documents, {args.folds} folds, seed {seed})"
    # Each rule: what the table says it is, the rule, the label it adds and its thresholds.
    rules = [
        ("A source for a cue without one", source_for_cues, "SOURCE", SOURCE_GRID),
        ("A rule cue the tagger missed", rule_cues, "CUE", CUE_GRID),
    ]
    chosen = [
        table(f"{what}: {label} on {where}", tagged, labels, rule, label, grid)
        for what, rule, label, grid in rules
    ]
    print(f"\nchosen on train: {chosen[0]} (source), {chosen[1]} (cue)")
    if args.dev:
        tagged = tag(trained(train, labels, seed), dev)
        where = f"dev ({len(dev)} documents, seed {seed})"
        for (what, rule, label, grid), best in zip(rules, chosen, strict=True):
            table(f"{what}: {label} on {where}", tagged, labels, rule, label, grid, best)


if __name__ == "__main__":
    main()
