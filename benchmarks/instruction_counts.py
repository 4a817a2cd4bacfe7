"""Workloads to count instructions with callgrind: a change's cost, free of the machine's load.

On a shared machine wall and CPU times of two versions drift by more than a small change
costs. ``valgrind --tool=callgrind`` counts the instructions a process runs instead, the
same on every run of the same code and data. Each workload here runs once with its work and
once without (``--count 0``, or ``app``); the difference is the work's own count. Run it in
two checkouts (before and after a change), each with its own virtualenv::

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/instruction_counts.py writes --count 1000
    valgrind ... benchmarks/instruction_counts.py writes --count 0
    # span writes through the app (Flask's test client): (first - second) / 1000 per write

    valgrind ... benchmarks/instruction_counts.py wsgi-writes --count 300
    valgrind ... benchmarks/instruction_counts.py wsgi-writes --count 0
    # the same writes handed to the WSGI app as prebuilt environs: the app's work alone
    valgrind ... benchmarks/instruction_counts.py wsgi-bare --count 300   # and --count 0
    # the same environs handed to the bare Flask + SQLite write: the floor, in one process
    valgrind ... benchmarks/instruction_counts.py wsgi-health --count 300   # and --count 0
    valgrind ... benchmarks/instruction_counts.py wsgi-bare-health --count 300   # and --count 0
    # GET /api/v1/health (no token: one SELECT 1) to our app and to the bare Flask + SQLite
    # app answering the same with one SELECT 1: the fixed cost of a request, ours over Flask's
    valgrind ... benchmarks/instruction_counts.py wsgi-patches --count 300   # and --count 0
    valgrind ... benchmarks/instruction_counts.py wsgi-deletes --count 300   # and --count 0
    # span changes (a new label, as the workspace sends it) or deletions of spans written
    # first, as many in both runs: the app's work per PATCH or DELETE

    .venv/bin/python benchmarks/instruction_counts.py build --database /tmp/export.sqlite
    valgrind ... benchmarks/instruction_counts.py export --database /tmp/export.sqlite
    valgrind ... benchmarks/instruction_counts.py app --database /tmp/export.sqlite
    # the jsonl export of 100,000 spans: first - second (build the file once, with either)
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import api_write_workload  # noqa: E402
import export_speed  # noqa: E402

from benchmarks.app_factory import app_on  # noqa: E402

WARM_UP = 50
# The app's clock for the runs: a caller's token records its use once a minute of that clock
# (a session, an UPDATE and a commit), and a run under callgrind lasts minutes, more on a
# loaded machine, so real time made the counts depend on the load. A fixed time records it
# at the first request only; each call gives a new object, as the real clock does.
_FIXED_TIME = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def fixed_clock_app(url: str) -> Flask:
    """Return the app on the database at ``url``, on the fixed clock of the runs."""
    return app_on(url, CLOCK=_FIXED_TIME.replace)


# wsgi-writes builds this many environs whatever its --count, so that both runs build them.
MOST_WSGI_WRITES = 1000


def writes(count: int) -> None:
    """Send ``count`` span writes (after a warm-up) to a fresh SQLite database."""
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'writes.sqlite'}"
    state = api_write_workload.prepare_database(url, 1)
    client = fixed_clock_app(url).test_client()
    headers = {"Authorization": f"Bearer {state['tokens'][0]}", "Content-Type": "application/json"}
    for _method, path, body, _extra in api_write_workload.write_requests(
        state["documents"], 0, WARM_UP + count, 0
    ):
        response = client.post(path, data=body, headers=headers)
        assert response.status_code == 201, response.get_data(as_text=True)
    print(f"{count} writes after {WARM_UP}")


def wsgi_writes(count: int, *, bare: bool = False) -> None:
    """Hand ``count`` span writes (after a warm-up) to the WSGI app itself, no test client.

    Each write is an environ built beforehand, for as many writes as the most a run sends,
    so that a run minus the run with ``--count 0`` is the app's own work: Werkzeug's test
    client builds each request and reads each answer, about a quarter of the other count.

    :param bare: hand them to the bare Flask + SQLite write (``bare_app`` of
        ``api_write_workload``, the floor of ``api_writes.py``) instead of ours.
    """
    if count > MOST_WSGI_WRITES:
        raise SystemExit(f"--count of at most {MOST_WSGI_WRITES} for wsgi-writes")
    app, built = app_and_writes(WARM_UP + MOST_WSGI_WRITES, bare=bare)
    _hand_to_app(app, built[: WARM_UP + count], "201")
    print(f"{count} writes after {WARM_UP}, straight to the {'bare ' if bare else ''}WSGI app")


def app_and_writes(total: int, *, bare: bool = False) -> tuple[Flask, list]:
    """Return our app (or the bare write's) on a fresh database, and ``total`` span writes to
    hand it: each a prebuilt WSGI environ with its body (:func:`_hand_to_app` takes them).
    """
    from werkzeug.test import EnvironBuilder

    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'writes.sqlite'}"
    state = api_write_workload.prepare_database(url, 1)
    headers = {"Content-Type": "application/json"}
    if bare:
        os.environ["ANNOTATOR_DATABASE_URL"] = f"sqlite:///{folder / 'bare.sqlite'}"
        app = api_write_workload.bare_app()
    else:
        app = fixed_clock_app(url)
        headers["Authorization"] = f"Bearer {state['tokens'][0]}"
    built = [
        (EnvironBuilder(path=path, method="POST", data=body, headers=headers).get_environ(), body)
        for _method, path, body, _extra in api_write_workload.write_requests(
            state["documents"], 0, total, 0
        )
    ]
    # As the served app (annotator.wsgi) freezes what exists once it is built: a collection
    # then walks only what the writes make. Without it a run counted the collections of the
    # app's whole heap too, which the server does not pay: 49,000 instructions a write of
    # 994,000 on 2026-12-05, and more or less as the collector's thresholds fell with the
    # heap's size (docs/benchmarks.md, "Counted as the server runs"). The bare write's app is
    # frozen alike.
    gc.freeze()
    return app, built


def _hand_to_app(app: Flask, built: list, expected: str) -> None:
    """Hand each built ``(environ, body)`` straight to the WSGI app; each answers ``expected``."""

    def start_response(status: str, _headers: list, _exc_info: object = None) -> None:
        assert status.startswith(expected), status

    for environ, body in built:
        environ["wsgi.input"] = io.BytesIO(body or b"")
        answer = app.wsgi_app(environ, start_response)
        b"".join(answer)
        getattr(answer, "close", lambda: None)()


def wsgi_health(count: int, *, bare: bool = False) -> None:
    """Hand ``count`` health checks (after a warm-up) to the WSGI app itself, no token.

    Built as :func:`wsgi_writes` builds its writes, on the same database, so that a run minus
    the run with ``--count 0`` is the app's own work for ``GET /api/v1/health``.

    :param bare: hand them to the bare Flask + SQLite app, whose check runs one ``SELECT 1``.
    """
    if count > MOST_WSGI_WRITES:
        raise SystemExit(f"--count of at most {MOST_WSGI_WRITES} for wsgi-health")
    app, _writes = app_and_writes(0, bare=bare)
    # As many built as the most a run hands over, whatever it hands: the build cancels out.
    built = health_checks(WARM_UP + MOST_WSGI_WRITES)
    _hand_to_app(app, built[: WARM_UP + count], "200")
    print(f"{count} health checks after {WARM_UP}, to the {'bare ' if bare else ''}WSGI app")


def health_checks(total: int) -> list[tuple[dict[str, Any], bytes]]:
    """Return ``total`` prebuilt ``GET /api/v1/health`` environs (no token), with no body."""
    from werkzeug.test import EnvironBuilder

    check = EnvironBuilder(path="/api/v1/health", method="GET")
    return [(check.get_environ(), b"") for _ in range(total)]


def wsgi_changes(method: str, count: int) -> None:
    """Hand ``count`` span changes (``PATCH``) or deletions (``DELETE``), after a warm-up, to
    the WSGI app itself, as :func:`wsgi_writes` hands it writes.

    The spans are written first through the app, as many as the most a run changes, so that
    both runs write the same; a change gives a span the next label with its attributes and
    version, as the workspace does.
    """
    from werkzeug.test import EnvironBuilder

    if count > MOST_WSGI_WRITES:
        raise SystemExit(f"--count of at most {MOST_WSGI_WRITES} for wsgi-{method.lower()}s")
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'changes.sqlite'}"
    state = api_write_workload.prepare_database(url, 1)
    client = fixed_clock_app(url).test_client()
    headers = {"Authorization": f"Bearer {state['tokens'][0]}", "Content-Type": "application/json"}
    written = []
    for _method, path, body, _extra in api_write_workload.write_requests(
        state["documents"], 0, WARM_UP + MOST_WSGI_WRITES, 0
    ):
        response = client.post(path, data=body, headers=headers)
        assert response.status_code == 201, response.get_data(as_text=True)
        written.append(response.get_json())
    app = client.application
    labels = api_write_workload.LABELS
    built = []
    for span in written:
        label = labels[(labels.index(span["label"]) + 1) % len(labels)]
        change = {"label": label, "attributes": {}, "version": span["version"]}
        body = json.dumps(change).encode() if method == "PATCH" else None
        environ = EnvironBuilder(
            path=f"/api/v1/spans/{span['id']}", method=method, data=body, headers=headers
        ).get_environ()
        built.append((environ, body))
    _hand_to_app(app, built[: WARM_UP + count], "200" if method == "PATCH" else "204")
    print(f"{count} {method} requests after {WARM_UP}, straight to the WSGI app")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "workload",
        choices=(
            "writes",
            "wsgi-writes",
            "wsgi-bare",
            "wsgi-health",
            "wsgi-bare-health",
            "wsgi-patches",
            "wsgi-deletes",
            "build",
            "export",
            "app",
        ),
    )
    parser.add_argument("--count", type=int, default=1000, help="span writes (writes)")
    parser.add_argument("--database", type=Path, help="the export's SQLite file")
    parser.add_argument("--spans", type=int, default=100_000, help="spans to build (build)")
    args = parser.parse_args()
    if args.workload == "writes":
        writes(args.count)
        return
    if args.workload in ("wsgi-writes", "wsgi-bare"):
        wsgi_writes(args.count, bare=args.workload == "wsgi-bare")
        return
    if args.workload in ("wsgi-health", "wsgi-bare-health"):
        wsgi_health(args.count, bare=args.workload == "wsgi-bare-health")
        return
    if args.workload in ("wsgi-patches", "wsgi-deletes"):
        wsgi_changes("PATCH" if args.workload == "wsgi-patches" else "DELETE", args.count)
        return
    if args.database is None:
        parser.error(f"{args.workload} needs --database")
    url = f"sqlite:///{args.database}"
    if args.workload == "build":
        export_speed.build(url, args.spans)
    elif args.workload == "app":
        app_on(url)
    else:
        with tempfile.TemporaryDirectory() as folder:
            seconds, documents = export_speed.export_to(url, Path(folder) / "out.jsonl")
        print(f"{documents} documents in {seconds:.2f} s")


if __name__ == "__main__":
    main()
