"""Benchmark the review page of a long article: how quickly it opens in the browser.

Fills a fresh database as benchmarks/curation_long_document.py does (one article of 2,000
sentences, two annotators' layers that differ, a reviewer), then times, in the system
Chromium over several loads, the reviewer's review page of the document
(``/projects/bench/review/<id>``: the differences, the layers side by side and the list of
sentences with their split and merge tools):

* answer: from navigation start to the last byte of the HTML (the server's work);
* open: from navigation start to the end of the load event (the browser's work included);
* the size of the HTML and the number of form controls in the list of sentences once open.

Examples::

    .venv/bin/python benchmarks/review_long_document.py
    .venv/bin/python benchmarks/review_long_document.py --database postgresql+psycopg://127.0.0.1/test
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.curation_long_document import run_on_two_layers, summary  # noqa: E402
from benchmarks.long_article import SENTENCES, logged_in_page  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402


def measure(server: LiveServer, document: int, loads: int) -> dict[str, Any]:
    """Open the review page ``loads`` times."""
    from playwright.sync_api import sync_playwright

    answers, opens = [], []
    with sync_playwright() as playwright:
        browser, page = logged_in_page(playwright, server.url, "reviewer")
        for _ in range(loads):
            page.goto(
                f"{server.url}/projects/bench/review/{document}", wait_until="load", timeout=120_000
            )
            timing = page.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0];"
                " return [n.responseEnd, n.loadEventEnd, n.encodedBodySize]; }"
            )
            answers.append(timing[0])
            opens.append(timing[1])
        controls = page.locator("#sentences input, #sentences select, #sentences button").count()
        browser.close()
    return {"answer_ms": answers, "open_ms": opens, "html_bytes": timing[2], "controls": controls}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--sentences", type=int, default=SENTENCES)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()
    info, result = run_on_two_layers(args, measure)
    print(
        f"{'PostgreSQL' if args.database else 'SQLite'}: {info['sentences']} sentences; "
        f"{result['html_bytes'] / 1024:.0f} KiB of HTML, {result['controls']} form controls "
        "in the list of sentences once open"
    )
    print(f"  answer (navigation start to the last byte): {summary(result['answer_ms'])}")
    print(f"  open (navigation start to load end):        {summary(result['open_ms'])}")


if __name__ == "__main__":
    main()
