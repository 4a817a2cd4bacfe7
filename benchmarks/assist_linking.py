"""How well the linking of a tagger's spans draws PolNeAR's relations, given its gold spans.

The tagger's spans are tied into relations by :func:`annotator.core.assist.linking.link_spans`
(each claim to its cue and that cue's source). To measure the linking alone, apart from the
tagger's mistakes, this feeds it PolNeAR's gold SOURCE, CUE and CLAIM spans and scores the
relations it draws against the gold relations: precision and recall per type, a relation
right when its type and both its ends are the gold's. Train and dev are read (the rules
learn nothing from either); the test split never::

    .venv/bin/python benchmarks/assist_linking.py /path/to/PolNeAR

It imports both splits as ``benchmarks/assist.py`` does (the same layout, map and refusals).
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from assist import arrange, data_folder, import_gold, make_app, new_project
from assist_polnear import print_load
from sqlalchemy import select

from annotator.core.assist.linking import link_spans
from annotator.core.assist.suggestions import SuggestedSpan
from annotator.core.vocabulary import GOLD
from annotator.db import get_session
from annotator.models import Document, Layer, Project, Relation, Span


def score(app: object, slug: str, names: list[str], split: str) -> None:
    """Link each document's gold spans; print precision and recall against gold relations."""
    counts: Counter[tuple[str, str]] = Counter()
    with app.app_context():  # type: ignore[attr-defined]
        session = get_session()
        project = session.query(Project).filter_by(slug=slug).one()
        documents = session.scalars(
            select(Document).where(
                Document.project_id == project.id, Document.external_id.in_(names)
            )
        )
        for document in documents:
            layer = session.scalar(
                select(Layer).where(Layer.document_id == document.id, Layer.key == GOLD)
            )
            if layer is None:
                continue
            rows = list(session.scalars(select(Span).where(Span.layer_id == layer.id)))
            spans = [SuggestedSpan(r.label, r.start, r.end, 1.0) for r in rows]
            sentences = [(s.start, s.end) for s in document.sentences]
            drawn = {
                (r.type, rows[r.from_index].id, rows[r.to_index].id)
                for r in link_spans(document.text, spans, sentences)
            }
            gold = {
                (r.type, r.from_span_id, r.to_span_id)
                for r in session.scalars(select(Relation).where(Relation.layer_id == layer.id))
            }
            for kind in {k for k, _, _ in drawn | gold}:
                mine = {r for r in drawn if r[0] == kind}
                theirs = {r for r in gold if r[0] == kind}
                counts[(kind, "tp")] += len(mine & theirs)
                counts[(kind, "drawn")] += len(mine)
                counts[(kind, "gold")] += len(theirs)
    print(f"\n{split}: links drawn from the gold spans ({len(names)} documents)")
    print("| relation | gold | drawn | right | P | R | F1 |\n|---|---:|---:|---:|---:|---:|---:|")
    for kind in sorted({k for k, _ in counts}):
        tp, drawn, gold = counts[(kind, "tp")], counts[(kind, "drawn")], counts[(kind, "gold")]
        p, r = tp / drawn if drawn else 0.0, tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| {kind} | {gold} | {drawn} | {tp} | {p:.3f} | {r:.3f} | {f:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("polnear", type=Path, help="the PolNeAR checkout (or its data folder)")
    args = parser.parse_args()
    data = data_folder(args.polnear)
    print_load("start")
    with tempfile.TemporaryDirectory(prefix="polnear-") as folder:
        app = make_app(Path(folder))
        new_project(app, "polnear-links")
        for split in ("train", "dev"):
            names = import_gold(app, "polnear-links", arrange(data, split, Path(folder)))
            score(app, "polnear-links", names, split)
    print_load("end")


if __name__ == "__main__":
    main()
