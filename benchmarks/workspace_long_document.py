"""Benchmark the workspace on a long article: time to open it, time to save a new span or relation.

Fills a fresh database with the long article of benchmarks/long_article.py (the seed schema,
one article of 2,000 sentences with emoji here and there, an annotator's layer already
holding 800 spans, 500 relations and 300 sentence labels), starts ``wsgi:app`` under
gunicorn on loopback (tests/live_server.py), and drives the system Chromium headless with
Playwright:

* open: from navigation start to the moment the workspace is drawn and takes keys
  (``#workspace[data-ready]``; ``performance.now()`` in the page) and, where the page draws
  relations as arcs, the arcs of the lines on screen are drawn too (``data-arcs-at``), over
  several page loads;
* save: from the label key's ``keydown`` to the API's answer being in the page (the save
  indicator back at "saved"), for new spans on sentences all over the article;
  draw: from the same ``keydown`` to the new span's underline being in the DOM; and
  answer received: from the same ``keydown`` to the last byte of the answer (the POST's
  resource timing), which separates the server and network from the page's own work;
* relation save: from the Enter that ends a link (``l``, the target chosen) to "saved", for
  new relations from claims late in the article to cues early in it; relation draw: from the
  same Enter to the relation's arc being in the DOM (pages with arcs only).

Examples::

    .venv/bin/python benchmarks/workspace_long_document.py
    .venv/bin/python benchmarks/workspace_long_document.py --database postgresql+psycopg://127.0.0.1/test
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.long_article import SENTENCES, logged_in_page, prepare  # noqa: E402
from tests.databases import create_database  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402


def link_count(info: dict[str, Any], saves: int) -> int:
    """How many of ``saves`` new relations the article can take (:func:`link_timings`).

    Each link joins the latest claim without a cue to a cue before every such claim, both
    counted from the end (the ``n``-th link the ``n``-th from the end of each list); a
    linked claim leaves its list, so ``u`` claims without a cue serve ``ceil(u / 2)`` links.
    Only a short article (``--sentences 40``) has fewer than ``saves``.
    """
    without_cue = info["relations"] - 2 * info["cues"]  # claims; cues each cue one claim
    return min(saves, (without_cue + 1) // 2, info["cues"])


def measure(
    server: LiveServer, document: int, loads: int, saves: int, links: int
) -> dict[str, Any]:
    """Open the workspace ``loads`` times, make ``saves`` spans, then ``links`` relations;
    return the timings."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, page = logged_in_page(playwright, server.url, "annotator")
        url = f"{server.url}/projects/bench/documents/{document}"
        opens = []
        readies = []
        for _ in range(loads):
            page.goto(url)
            page.wait_for_selector("#workspace[data-ready='true']", timeout=30_000)
            page.wait_for_function(
                "() => !window.annotatorWorkspace.arcs"
                " || document.getElementById('workspace').dataset.arcsAt",
                timeout=30_000,
            )
            # performance.now() counts from the navigation's start.
            ready = float(page.get_attribute("#workspace", "data-ready-at"))
            arcs = float(page.get_attribute("#workspace", "data-arcs-at") or 0)
            readies.append(ready)
            opens.append(max(ready, arcs))
        page.evaluate(
            """() => {
              window.__timings = [];
              const api = window.annotatorWorkspace.api;
              const cues = () => document.querySelectorAll('#text .seg[data-tags*="CUE"]').length;
              document.addEventListener('keydown', (e) => {
                if (e.key !== 'q') return;
                const entry = { t0: performance.now(), before: cues() };
                window.__timings.push(entry);
                const observer = new MutationObserver(() => {
                  if (!entry.drawn && cues() > entry.before) {
                    entry.drawn = performance.now() - entry.t0;
                    observer.disconnect();
                  }
                });
                const text = document.getElementById('text');
                observer.observe(text, { subtree: true, childList: true });
              }, true);
              api.onState((state) => {
                const last = window.__timings[window.__timings.length - 1];
                if (state === 'saved' && last && !last.saved) {
                  last.saved = performance.now() - last.t0;
                }
              });
            }"""
        )
        rows = page.evaluate("window.annotatorWorkspace.store.sentences.length")
        for n in range(saves):
            index = (n * 97 + 13) % rows
            page.evaluate(
                """(i) => {
                  const row = window.annotatorWorkspace.view.rows[i];
                  row.scrollIntoView({ block: 'center' });
                  const seg = row.querySelector('.seg');
                  const range = document.createRange();
                  range.setStart(seg.firstChild, 0);
                  range.setEnd(seg.firstChild, Math.min(8, seg.firstChild.length));
                  getSelection().removeAllRanges();
                  getSelection().addRange(range);
                }""",
                index,
            )
            page.keyboard.press("q")
            page.wait_for_function(
                "() => { const t = window.__timings; return t.length && t[t.length - 1].saved; }"
            )
            page.keyboard.press("Escape")
        timings = page.evaluate("window.__timings")
        # When each span's answer had fully arrived (the network's view, before the page
        # got to handle it), from the resource timing of the POSTs, in order.
        answered = page.evaluate(
            """() => performance.getEntriesByType('resource')
                 .filter((e) => e.initiatorType === 'fetch' && e.name.endsWith('/spans'))
                 .map((e) => e.responseEnd)"""
        )
        stored = page.evaluate(
            """async (id) => (await (await fetch(`/api/v1/documents/${id}/annotations`)).json())
                 .spans.filter(s => s.label === 'CUE').length""",
            document,
        )
        linked = link_timings(page, links)
        # Every drawing pass of the arcs since the last load: rows drawn and milliseconds.
        passes = page.evaluate(
            """() => performance.getEntriesByName('arcs')
                 .map((e) => [e.detail, e.duration])"""
        )
        browser.close()
    return {
        "open_ms": opens,
        "ready_ms": readies,
        "save_ms": [t["saved"] for t in timings],
        "draw_ms": [t.get("drawn") for t in timings],
        "answer_ms": [
            end - t["t0"] for t, end in zip(timings, answered[-len(timings) :], strict=True)
        ],
        "stored_new_spans": stored,
        "relation_save_ms": [t["saved"] for t in linked["timings"]],
        "relation_draw_ms": [t.get("drawn") for t in linked["timings"]],
        "stored_relations": linked["stored"],
        "arc_passes": passes,
    }


def link_timings(page: Any, saves: int) -> dict[str, Any]:
    """Link ``saves`` claims without a cue to a cue far up the article, by ``l`` and Enter."""
    page.evaluate(
        """() => {
          window.__links = [];
          const arcs = () => document.querySelectorAll('#text .arc').length;
          document.addEventListener('keydown', (e) => {
            if (e.key !== 'Enter') return;
            const entry = { t0: performance.now(), before: arcs() };
            window.__links.push(entry);
            const observer = new MutationObserver(() => {
              if (!entry.drawn && arcs() > entry.before) {
                entry.drawn = performance.now() - entry.t0;
                observer.disconnect();
              }
            });
            observer.observe(document.getElementById('text'), { subtree: true, childList: true });
          }, true);
          window.annotatorWorkspace.api.onState((state) => {
            const last = window.__links[window.__links.length - 1];
            if (state === 'saved' && last && !last.saved) last.saved = performance.now() - last.t0;
          });
        }"""
    )
    for n in range(saves):
        page.evaluate(
            """(n) => {
              const ws = window.annotatorWorkspace;
              const spans = [...ws.store.spans.values()];
              const cued = new Set([...ws.store.relations.values()]
                .filter((r) => r.type === 'CUED_BY').map((r) => r.from));
              const claims = spans.filter((s) => s.label === 'CLAIM' && !cued.has(s.key))
                .sort((a, b) => a.start - b.start);
              const cues = spans.filter((s) => s.label === 'CUE' && s.start < claims[0].start)
                .sort((a, b) => a.start - b.start);
              const claim = claims[claims.length - 1 - n];
              const cue = cues[cues.length - 1 - n];
              ws.view.scrollToSpan(claim.key);
              ws.select(claim.key);
              ws.startLink();
              ws.linking.at = ws.linking.candidates.findIndex((c) => c.span.key === cue.key);
            }""",
            n,
        )
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => { const t = window.__links; return t.length && t[t.length - 1].saved; }"
        )
    timings = page.evaluate("window.__links")
    stored = page.evaluate(
        """async (id) => (await (await fetch(`/api/v1/documents/${id}/annotations`)).json())
             .relations.length""",
        page.evaluate("window.annotatorWorkspace.documentId"),
    )
    return {"timings": timings, "stored": stored}


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered):.0f} ms, p95 {p95:.0f} ms, "
        f"max {ordered[-1]:.0f} ms (n={len(ordered)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--sentences", type=int, default=SENTENCES)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, drop = create_database(args.database, Path(tmp), "annotator_bench")
        try:
            info = prepare(url, args.sentences)
            with LiveServer(url, workers=2, log_path=Path(tmp) / "gunicorn.log") as server:
                links = link_count(info, args.saves)
                result = measure(server, info["document"], args.loads, args.saves, links)
        finally:
            drop()
    result |= info | {"database": "PostgreSQL" if args.database else "SQLite"}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{result['database']}: {info['sentences']} sentences, {info['characters']} "
        f"characters, {info['spans']} spans and {info['relations']} relations in the layer"
    )
    print(f"open (navigation start to ready): {summary(result['ready_ms'])}")
    print(f"open, with the first arcs drawn:  {summary(result['open_ms'])}")
    print(f"new span, key to saved answer:    {summary(result['save_ms'])}")
    print(f"new span, key to drawn:           {summary(result['draw_ms'])}")
    print(f"new span, key to answer received: {summary(result['answer_ms'])}")
    if result["relation_save_ms"]:
        print(f"new relation, Enter to saved:     {summary(result['relation_save_ms'])}")
    drawn = [t for t in result["relation_draw_ms"] if t is not None]
    if drawn:
        print(f"new relation, Enter to arc drawn: {summary(drawn)}")
    if result["arc_passes"]:
        rows = sum(n for n, _ in result["arc_passes"])
        print(
            f"arc drawing passes after the last load: {len(result['arc_passes'])}, {rows} rows, "
            f"{summary([ms for _, ms in result['arc_passes']])}"
        )
    assert result["stored_new_spans"] == info["cues"] + args.saves, result["stored_new_spans"]
    assert result["stored_relations"] == info["relations"] + links


if __name__ == "__main__":
    main()
