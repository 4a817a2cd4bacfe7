"""Benchmark one accept on the review of a long document, and the differences it recomputes.

Builds one document of N sentences (400 by default) that three annotators (alice, bob and
carol) annotated with S spans each (60 by default: a CLAIM and its SOURCE, linked, in every
few sentences, some claims' ends shifted by one annotator or another), imported through
``annotator import`` into a new SQLite file (or ``--database``: an empty PostgreSQL one).
Then times, best of R runs, CPU:

* accept: ``POST /api/v1/projects/bench/review/<id>/accept`` of a span version of a
  difference not yet decided, through Flask's test client as the reviewer's script sends it
  (each run a different difference, committed);
* differences: the document's differences computed alone, its layers loaded
  (``document_layers`` and ``document_differences``, what an accept asks each time it reads
  them);

and counts how many times one accept computed the whole document's differences
(``document_differences``, in a profile of one more accept).

Run from the project root::

    .venv/bin/python benchmarks/review_accept.py [--sentences 400] [--spans 60] [--runs 5]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import platform
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from benchmarks.app_factory import SEED_SCHEMA_FILE, migrated_app  # noqa: E402

PASSWORD = "benchmark password"
ANNOTATORS = ("alice", "bob", "carol")
SENTENCE = "Officials said on day {n} that the plan would cut costs by {n} percent."


def _layer(annotator: str, text: str, starts: list[int], spans: int) -> dict[str, Any]:
    """One annotator's layer: a SOURCE and a CLAIM linked in every few sentences, the claim's
    end shifted in some by this annotator (so that the three differ here and there)."""
    shift = ANNOTATORS.index(annotator)
    pairs = spans // 2
    step = max(1, len(starts) // max(1, pairs))
    rows: list[dict[str, Any]] = []
    relations = []
    for n, start in enumerate(starts[::step][:pairs]):
        source = text.index("Officials", start)
        claim = text.index("the plan", start)
        end = claim + 35 - (1 if (n + shift) % 3 == 0 else 0)
        rows.append({"id": 2 * n + 1, "label": "SOURCE", "start": source, "end": source + 9})
        rows.append({"id": 2 * n + 2, "label": "CLAIM", "start": claim, "end": end})
        relations.append({"id": n + 1, "type": "ATTRIBUTED_TO", "from": 2 * n + 2, "to": 2 * n + 1})
    for row in rows:
        row["text"] = text[row["start"] : row["end"]]
    return {"annotator": annotator, "status": "done", "spans": rows, "relations": relations}


def build(folder: Path, url: str | None, sentences: int, spans: int) -> tuple[Any, str, int]:
    """Create the database, users and project, import the document; return the app, the
    reviewer's token and the document's id."""
    from annotator import db
    from annotator.models import Document
    from annotator.services.accounts.tokens import create_token
    from annotator.services.accounts.users import create_user

    app = migrated_app(url or f"sqlite:///{folder / 'bench.sqlite'}")
    with app.app_context():
        session = db.get_session()
        reviewer = create_user(session, "rita", "admin", PASSWORD)
        for name in ANNOTATORS:
            create_user(session, name, "annotator", PASSWORD)
        token = create_token(session, reviewer)
        session.commit()
    parts, starts, at = [], [], 0
    for n in range(sentences):
        parts.append(SENTENCE.format(n=n))
        starts.append(at)
        at += len(parts[-1]) + 1
    text = " ".join(parts)
    record = {
        "id": "long.txt",
        "title": "A long article",
        "text": text,
        "annotations": [_layer(name, text, starts, spans) for name in ANNOTATORS],
    }
    corpus = folder / "corpus.jsonl"
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    runner = app.test_cli_runner()
    made = runner.invoke(
        args=["projects", "create", "bench", "--name", "Bench", "--schema", str(SEED_SCHEMA_FILE)]
    )
    assert made.exit_code == 0, made.output
    imported = runner.invoke(args=["import", "bench", str(corpus)])
    assert imported.exit_code == 0, imported.output
    with app.app_context():
        document = db.get_session().query(Document).one()
        return app, token, document.id


def _undecided_spans(client: Any, headers: dict[str, str], document: int) -> list[int]:
    """Return the first span version of each span difference not decided yet."""
    answer = client.get(f"/api/v1/projects/bench/review/{document}", headers=headers)
    assert answer.status_code == 200
    return [
        d["versions"][0]["accept"]["id"]
        for d in answer.get_json()["differences"]
        if not d["decided"] and d["versions"][0]["accept"]["kind"] == "span"
    ]


def time_accepts(app: Any, token: str, document: int, runs: int) -> tuple[list[float], int]:
    """Return the CPU ms of ``runs`` accepts (each of another difference) and how many
    times one more accept computed the document's differences."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/projects/bench/review/{document}/accept"
    pending = _undecided_spans(client, headers, document)
    assert len(pending) > runs, f"only {len(pending)} differences to accept"
    times = []
    for span in pending[:runs]:
        start = time.process_time()
        answer = client.post(url, headers=headers, json={"kind": "span", "id": span})
        times.append((time.process_time() - start) * 1000)
        assert answer.status_code == 200, answer.get_json()
    profile = cProfile.Profile()
    profile.enable()
    answer = client.post(url, headers=headers, json={"kind": "span", "id": pending[runs]})
    profile.disable()
    assert answer.status_code == 200, answer.get_json()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return times, sum(calls for (_, _, name), (calls, *_) in stats.items() if name == _WHOLE)


#: What computes the differences of a whole document (a span's group alone is not counted).
_WHOLE = "document_differences"


def time_differences(app: Any, document: int, runs: int) -> tuple[list[float], int]:
    """Return the CPU ms of ``runs`` computations of the document's differences (its layers
    loaded each time), and how many there are."""
    from annotator import db
    from annotator.models import Document
    from annotator.services.review.differences import document_differences
    from annotator.services.review.layers import document_layers

    times, found = [], 0
    with app.app_context():
        session = db.get_session()
        doc = session.get(Document, document)
        for _ in range(runs):
            session.expire_all()
            start = time.process_time()
            found = len(document_differences(session, doc, document_layers(session, doc)))
            times.append((time.process_time() - start) * 1000)
    return times, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--spans", type=int, default=60, help="spans of each annotator")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", help="an empty PostgreSQL database's URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app, token, document = build(Path(folder), args.database, args.sentences, args.spans)
        differences, found = time_differences(app, document, args.runs)
        accepts, computed = time_accepts(app, token, document, args.runs)
    print(
        f"Python {platform.python_version()}, {'PostgreSQL' if args.database else 'SQLite'}; "
        f"{args.sentences} sentences, {len(ANNOTATORS)} annotators x {args.spans} spans, "
        f"{found} differences; best of {args.runs}, CPU"
    )
    print(f"  accept (POST .../accept, test client):    {min(accepts):.1f} ms")
    print(f"  differences alone (layers loaded):        {min(differences):.1f} ms")
    print(f"  whole differences computed by one accept: {computed}")


if __name__ == "__main__":
    main()
