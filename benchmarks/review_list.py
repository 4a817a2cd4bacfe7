"""Benchmark the review list, ``GET /api/v1/projects/bench/review``, whole and a page at a time.

Builds a project of N short documents (five sentences each), each annotated by alice and bob
(a few spans with attributes, a relation, sentence and document labels, so that they agree on
some and differ on others), imported through ``annotator import`` from the jsonl shape of
CONTRACT section 5, into a new SQLite file. Then times the list as an admin through the real
app (Flask's test client: the app, its queries and its JSON, without a network between),
without ``page`` (every document) and with ``?page=1&per_page=50``, and prints the size of
each answer. Then, logged in through the login form as a reviewer's browser is, the review
page's first page (``/projects/bench/review``), "Next document to review" from the first
document (``/projects/bench/review/<id>/next``, answered with a redirect), and the gold
workspace of the document at the top of the list (``/projects/bench/documents/ID?layer=gold``),
whose Previous and Next follow the review list's order: per-click costs over the whole project.

Run from the project root::

    .venv/bin/python benchmarks/review_list.py [--documents 400 4000] [--runs 15] [--best]

``--best`` reports the least of the runs instead of their median.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout

from benchmarks.app_factory import SEED_SCHEMA_FILE, migrated_app  # noqa: E402
from benchmarks.page_timing import signed_in, time_get  # noqa: E402

PASSWORD = "benchmark password"

SENTENCE = "Officials said on {day} that the plan would cut costs by {n} percent, critics said."
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _layer(annotator: str, text: str, n: int, differ: bool) -> dict[str, Any]:
    """One annotator's layer of document ``n``: the same spans as the other's, or a shifted
    one and another label value when ``differ``."""
    first = text.index("Officials")
    claim = text.index("the plan")
    spans = [
        {"id": 1, "label": "SOURCE", "start": first, "end": first + 9},
        {"id": 2, "label": "CUE", "start": first + 10, "end": first + 14},
        {
            "id": 3,
            "label": "CLAIM",
            "start": claim,
            "end": claim + (30 if differ else 28),
            "attributes": {"claimer": "REPORTED"},
        },
    ]
    for span in spans:
        span["text"] = text[span["start"] : span["end"]]
    stance = "AGAINST" if differ and n % 2 else "FAVOR"
    return {
        "annotator": annotator,
        "status": "done",
        "spans": spans,
        "relations": [{"id": 1, "type": "ATTRIBUTED_TO", "from": 3, "to": 1}],
        "sentence_labels": [{"sentence": s, "name": "stance", "value": stance} for s in range(3)],
        "document_labels": [{"name": "genre", "value": "NEWS"}],
    }


def write_corpus(path: Path, documents: int) -> None:
    """Write ``documents`` records in the export shape, two layers each."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(documents):
            text = " ".join(SENTENCE.format(day=DAYS[(n + s) % 5], n=n + s) for s in range(5))
            record = {
                "id": f"wire/{n:05d}.txt",
                "title": f"Story {n}",
                "text": text,
                "annotations": [
                    _layer("alice", text, n, False),
                    _layer("bob", text, n, n % 3 == 0),
                ],
            }
            out.write(json.dumps(record) + "\n")


def build(folder: Path, documents: int) -> tuple[Any, str]:
    """Create the database, project and users, import the corpus; return the app and a token."""
    from annotator import db
    from annotator.services.accounts.tokens import create_token
    from annotator.services.accounts.users import create_user

    url = f"sqlite:///{folder / 'bench.sqlite'}"
    app = migrated_app(url)
    corpus = folder / "corpus.jsonl"
    write_corpus(corpus, documents)
    with app.app_context():
        session = db.get_session()
        admin = create_user(session, "ada", "admin", PASSWORD)
        for name in ("alice", "bob"):
            create_user(session, name, "annotator", PASSWORD)
        token = create_token(session, admin)
        session.commit()
    runner = app.test_cli_runner()
    made = runner.invoke(
        args=["projects", "create", "bench", "--name", "Bench", "--schema", str(SEED_SCHEMA_FILE)]
    )
    assert made.exit_code == 0, made.output
    imported = runner.invoke(args=["import", "bench", str(corpus)])
    assert imported.exit_code == 0, imported.output
    return app, token


def time_list(
    app: Any, token: str, query: str, runs: int, summary: Any = statistics.median
) -> tuple[float, float, int]:
    """Return the median (or ``summary``) wall-clock and CPU milliseconds of ``runs``
    requests for the list, and its answer's bytes."""
    path = "/api/v1/projects/bench/review" + query
    headers = {"Authorization": f"Bearer {token}"}
    return time_get(app.test_client(), path, runs, headers=headers, summary=summary)


def time_list_first(app: Any, token: str) -> int:
    """Return the id of the document at the top of the review list."""
    path = "/api/v1/projects/bench/review?page=1&per_page=1"
    listed = app.test_client().get(path, headers={"Authorization": f"Bearer {token}"})
    return int(listed.get_json()["documents"][0]["document"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[400, 4000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--best", action="store_true", help="the least of the runs, not the median")
    args = parser.parse_args()
    summary = min if args.best else statistics.median
    said = "best" if args.best else "median"
    print(f"Python {platform.python_version()}, SQLite, {args.runs} runs, {said}")
    print("| documents | query | wall ms | CPU ms | bytes |")
    print("|---:|---|---:|---:|---:|")
    for documents in args.documents:
        with tempfile.TemporaryDirectory() as folder:
            app, token = build(Path(folder), documents)
            for query in ("", "?page=1&per_page=50", "?page=2&per_page=50"):
                wall, cpu, size = time_list(app, token, query, args.runs, summary)
                shown = query or "(none)"
                print(f"| {documents:,} | `{shown}` | {wall:.1f} | {cpu:.1f} | {size:,} |")
            listed = time_list_first(app, token)
            pages = (
                ("/projects/bench/review", 200),
                ("/projects/bench/review/1/next", 302),
                (f"/projects/bench/documents/{listed}?layer=gold", 200),
            )
            for path, status in pages:
                reviewer = signed_in(app, "ada", PASSWORD)
                wall, cpu, size = time_get(
                    reviewer, path, args.runs, status=status, summary=summary
                )
                print(f"| {documents:,} | page `{path}` | {wall:.1f} | {cpu:.1f} | {size:,} |")
            from annotator import db

            db.get_engine(app).dispose()


if __name__ == "__main__":
    main()
