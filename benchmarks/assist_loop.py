"""Benchmark the learning loop: a request that starts a training, and a worker meanwhile.

Two figures, both on generated "NAME VERB CLAIM." articles (no corpus needed)::

    .venv/bin/python benchmarks/assist_loop.py [--documents 60] [--only lock|request]

- ``lock``: while a model trains, how long a 1 ms sleep of another thread of the same
  process takes (median, 99th percentile, worst): the training in a thread of the process
  (it holds the interpreter lock), then in a child process (``services/assist/isolated.py``).
  A request served by a web worker waits that long at every statement while its worker trains.
- ``request``: through the app (Flask's test client, a SQLite file), the gold write that
  makes a project's training due, against the same first gold span in a project that never
  trains by itself, and the time until the background training (in a child process) and
  its suggestions are done.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.app_factory import migrated_app  # noqa: E402

NAMES = ["Maria Lopez", "John Smith", "The minister", "Officials", "Anna Berg", "The mayor"]
VERBS = ["said", "claimed", "stated", "argued", "warned"]
CLAIMS = ["the plan would fail", "taxes will rise", "the bridge is unsafe", "prices fell"]


def article(sentences: int, combos: Any) -> tuple[str, list[tuple[str, int, int]]]:
    """Return a text of "NAME VERB CLAIM." sentences and its SOURCE, CUE and CLAIM spans."""
    text, spans = "", []
    for _ in range(sentences):
        name, verb, claim = next(combos)
        text += " " if text else ""
        for label, part, tail in (("SOURCE", name, " "), ("CUE", verb, " "), ("CLAIM", claim, ".")):
            spans.append((label, len(text), len(text) + len(part)))
            text += part + tail
    return text, spans


def lock(documents: int) -> None:
    from annotator.core.assist.gold import GoldDocument, LabeledSpan
    from annotator.services.assist.isolated import train_in_child
    from annotator.services.assist.training import train_gold

    combos = itertools.cycle(itertools.product(NAMES, VERBS, CLAIMS))
    gold = []
    for n in range(documents):
        text, spans = article(20, combos)
        gold.append(GoldDocument(f"d{n}", text, [LabeledSpan(*s) for s in spans]))
    trainers: list[tuple[str, Callable[..., Any]]] = [
        ("thread", train_gold),
        ("child process", train_in_child),
    ]
    for how, train in trainers:
        done = threading.Event()
        took: list[float] = []

        def work(
            train: Callable[..., Any] = train,
            took: list[float] = took,
            done: threading.Event = done,
        ) -> None:
            start = time.perf_counter()
            train(gold, ["SOURCE", "CUE", "CLAIM"])
            took.append(time.perf_counter() - start)
            done.set()

        threading.Thread(target=work).start()
        gaps = []
        while not done.is_set():
            start = time.perf_counter()
            time.sleep(0.001)
            gaps.append(time.perf_counter() - start)
        gaps.sort()
        print(
            f"training in a {how}: {took[0]:.1f} s; a 1 ms sleep of another thread took "
            f"median {1000 * statistics.median(gaps):.1f} ms, p99 "
            f"{1000 * gaps[int(len(gaps) * 0.99)]:.1f} ms, worst {1000 * gaps[-1]:.0f} ms "
            f"({len(gaps)} sleeps)"
        )


def request(documents: int) -> None:
    from annotator.core.label_schema import validate_schema
    from annotator.db import get_sessionmaker
    from annotator.models import AssistModel
    from annotator.services.accounts.projects import create_project
    from annotator.services.accounts.tokens import create_token
    from annotator.services.accounts.users import create_user
    from annotator.services.annotation.layers import ensure_layer
    from annotator.services.annotation.spans import add_span
    from annotator.services.datasets.documents import add_document
    from annotator.web import training

    url = f"sqlite:///{tempfile.mkdtemp()}/loop.sqlite"
    app = migrated_app(url)
    seed = json.loads((ROOT / "seeds" / "schema.json").read_text(encoding="utf-8"))
    schema = validate_schema({**seed, "train_every": 1})
    maker = get_sessionmaker(app)
    combos = itertools.cycle(itertools.product(NAMES, VERBS, CLAIMS))
    with maker() as session:
        reviewer = create_user(session, "rita", "reviewer", "correct horse battery")
        project = create_project(session, "loop", "loop", schema)
        for n in range(documents):
            text, spans = article(20, combos)
            document, _ = add_document(session, project, f"gold-{n}", text)
            layer = ensure_layer(session, document, None)
            for label, start, end in spans:
                claimer = {"claimer": "REPORTED"} if label == "CLAIM" else None
                add_span(session, layer, label, start, end, claimer)
        text, spans = article(20, combos)
        new, _ = add_document(session, project, "new", text)
        # The control: the same first gold span, in a project that never trains by itself.
        still = create_project(session, "still", "still", validate_schema(seed))
        control_ids = [add_document(session, still, f"c{n}", text)[0].id for n in range(5)]
        headers = {"Authorization": f"Bearer {create_token(session, reviewer)}"}
        session.commit()
        new_id = new.id
    client = app.test_client()
    for _ in range(3):  # warm up
        client.get(f"/api/v1/documents/{new_id}", headers=headers)

    def gold_span(document_id: int) -> float:
        label, start, end = spans[0]
        began = time.perf_counter()
        answer = client.post(
            f"/api/v1/documents/{document_id}/spans?layer=gold",
            json={"label": label, "start": start, "end": end},
            headers=headers,
        )
        assert answer.status_code == 201, answer.get_data(as_text=True)
        return time.perf_counter() - began

    control = [gold_span(i) for i in control_ids]
    assert training.wait_idle(60)
    due = gold_span(new_id)
    began = time.perf_counter()
    assert training.wait_idle(1800)
    trained = time.perf_counter() - began
    with maker() as session:
        model = session.query(AssistModel).one()
    print(
        f"{documents} gold documents + 1: the gold write that starts the training answered in "
        f"{1000 * due:.0f} ms (the same first gold span in a project that never trains by "
        f"itself: median of 5 "
        f"{1000 * statistics.median(control):.0f} ms); the training and its suggestions took "
        f"{trained:.1f} s in the background (model {model.version}, {model.documents} documents)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=60, help="gold articles of 20 sentences")
    parser.add_argument("--only", choices=("lock", "request"), help="run one of the two")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if args.only != "request":
        lock(args.documents)
    if args.only != "lock":
        request(args.documents)


if __name__ == "__main__":
    main()
