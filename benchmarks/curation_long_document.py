"""Benchmark the curation view on a long article: how quickly its page opens.

Fills a fresh database as benchmarks/long_article.py does (one article of 2,000
sentences; the first annotator's layer holds 800 spans, 500 relations and 300 sentence
labels), then gives a second annotator the same spans with a quarter of the claims left
without their source (75 relations drawn by the first only) and every tenth stance changed,
and times, in the system Chromium over several loads, the curation page of a reviewer
(``/projects/bench/review/<id>/curate``: the sentences with a difference) and the same page
with every sentence (``?sentences=all``: 2,000 sentences in three lanes):

* answer: from navigation start to the last byte of the HTML (the server's work);
* open: from navigation start to the end of the load event: the page's scripts have run,
  the lanes' arcs of the lines on screen included (they are drawn in the same task);
* lane arcs: the part of the open spent reading the arcs' data and drawing those on screen
  (``performance.measure("lane arcs")`` in curation.js);
* the size of the HTML and the number of arcs drawn once the page has been idle.

Examples::

    .venv/bin/python benchmarks/curation_long_document.py
    .venv/bin/python benchmarks/curation_long_document.py --database postgresql+psycopg://127.0.0.1/test
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.app_factory import app_on  # noqa: E402
from benchmarks.long_article import (  # noqa: E402
    PASSWORD,
    SENTENCES,
    logged_in_page,
    prepare,
)
from tests.databases import create_database  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402


def second_annotator(url: str, document_id: int) -> dict[str, int]:
    """Give a second annotator the first one's spans, most relations and most labels; add a
    reviewer. Return what differs."""
    from sqlalchemy import select

    from annotator import db
    from annotator.models import (
        Assignment,
        Document,
        LabelValue,
        Layer,
        ProjectMember,
        Relation,
        Span,
    )
    from annotator.services.accounts.users import create_user
    from annotator.services.annotation import labels, layers, relations, spans

    app = app_on(url)
    with app.app_context():
        session = db.get_session()
        document = session.get(Document, document_id)
        assert document is not None
        first = session.scalars(select(Layer).where(Layer.document_id == document_id)).one()
        user = create_user(session, "second", "annotator", PASSWORD)
        create_user(session, "reviewer", "reviewer", PASSWORD)
        session.add(Assignment(document_id=document_id, user_id=user.id))
        # An assignee is a member: access to a document is both (permissions.is_member).
        session.add(
            ProjectMember(project_id=document.project_id, user_id=user.id, role="annotator")
        )
        session.flush()
        layer = layers.open_layer(session, user, document, None)
        copies = {}
        for span in session.scalars(select(Span).where(Span.layer_id == first.id)):
            copies[span.id] = spans.add_span(session, layer, span.label, span.start, span.end).id
        left_out = changed = 0
        attributed = 0
        for r in session.scalars(select(Relation).where(Relation.layer_id == first.id)):
            if r.type == "ATTRIBUTED_TO":
                attributed += 1
                if attributed % 4 == 0:
                    left_out += 1
                    continue
            relations.add_relation(
                session, layer, r.type, copies[r.from_span_id], copies[r.to_span_id]
            )
        for value in session.scalars(select(LabelValue).where(LabelValue.layer_id == first.id)):
            other = value.value
            if value.sentence_index % 10 == 0:
                other, changed = "AGAINST", changed + 1
            labels.set_label(session, layer, value.sentence_index, value.name, other)
        session.commit()
    db.get_engine(app).dispose()
    return {"relations_left_out": left_out, "stances_changed": changed}


def measure(server: LiveServer, document: int, loads: int) -> dict[str, Any]:
    """Open the curation page ``loads`` times, with and without every sentence."""
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser, page = logged_in_page(playwright, server.url, "reviewer")
        base = f"{server.url}/projects/bench/review/{document}/curate"
        for name, url in (("differences", base), ("every sentence", f"{base}?sentences=all")):
            answers, opens, arcs = [], [], []
            for _ in range(loads):
                page.goto(url, wait_until="load", timeout=120_000)
                timing = page.evaluate(
                    "() => { const n = performance.getEntriesByType('navigation')[0];"
                    " return [n.responseEnd, n.loadEventEnd, n.encodedBodySize]; }"
                )
                answers.append(timing[0])
                opens.append(timing[1])
                arcs.append(
                    page.evaluate(
                        "() => performance.getEntriesByName('lane arcs')"
                        ".reduce((sum, e) => sum + e.duration, 0)"
                    )
                )
            page.wait_for_timeout(1500)  # the idle passes draw the arcs off screen
            results[name] = {
                "answer_ms": answers,
                "open_ms": opens,
                "lane_arcs_ms": arcs,
                "html_bytes": timing[2],
                "lanes": page.locator(".cur-lane[data-sentence]").count(),
                "arcs": page.locator(".arc").count(),
                "differences": page.locator(".cur-diff").count(),
            }
        browser.close()
    return results


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.0f} ms, max {max(values):.0f} ms (n={len(values)})"


def run_on_two_layers(
    args: argparse.Namespace, measure: Callable[[LiveServer, int, int], dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Make a database with the long article and two annotators' layers, serve it, and
    return what was made and ``measure(server, document, args.loads)``."""
    with tempfile.TemporaryDirectory() as tmp:
        url, drop = create_database(args.database, Path(tmp), "annotator_bench")
        try:
            info = prepare(url, args.sentences)
            info |= second_annotator(url, info["document"])
            with LiveServer(url, workers=2, log_path=Path(tmp) / "gunicorn.log") as server:
                return info, measure(server, info["document"], args.loads)
        finally:
            drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--sentences", type=int, default=SENTENCES)
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args()
    info, result = run_on_two_layers(args, measure)
    print(
        f"{'PostgreSQL' if args.database else 'SQLite'}: {info['sentences']} sentences, "
        f"{info['spans']} spans and {info['relations']} relations in the first layer; the "
        f"second leaves out {info['relations_left_out']} relations and changes "
        f"{info['stances_changed']} stances"
    )
    for name, figures in result.items():
        print(
            f"{name}: {figures['differences']} differences, {figures['lanes']} lane rows, "
            f"{figures['html_bytes'] / 1024:.0f} KiB of HTML, {figures['arcs']} arcs drawn"
        )
        print(f"  answer (navigation start to the last byte): {summary(figures['answer_ms'])}")
        print(f"  open (navigation start to load end):        {summary(figures['open_ms'])}")
        print(f"  of which the lanes' arcs:                   {summary(figures['lane_arcs_ms'])}")


if __name__ == "__main__":
    main()
