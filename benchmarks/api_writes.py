"""Benchmark span writes through the HTTP API under gunicorn.

Sets up a fresh database through the app's own services (users, tokens, a project with the
seed schema, documents, assignments), starts ``wsgi:app`` under gunicorn on loopback, and
times ``POST /api/v1/documents/<id>/spans`` from 1 client (sequential) and from N concurrent
clients, each an annotator with its own token and ``http.client`` connection (kept open when
the worker class keeps connections alive). Two baselines run side by side: the same clients
against ``GET /api/v1/health`` (the client and HTTP stack without a write), and the same writes
against a bare Flask app under the same gunicorn settings that does nothing but one durable
SQLite insert and commit per request (``bare_app`` in ``benchmarks/api_write_workload.py``, the
floor for a Flask + SQLite write).
Results go to stdout as a Markdown table (and JSON with --json). ``--load wrk`` sends the same
requests from wrk instead of Python threads (``benchmarks/wrk_load.py``), for a fixed time per
phase: the Python clients use a quarter of a span write's CPU, taken from the server's 2 CPUs.

Examples::

    .venv/bin/python benchmarks/api_writes.py
    .venv/bin/python benchmarks/api_writes.py --server sync:2 --server gthread:2x4
    .venv/bin/python benchmarks/api_writes.py --database postgresql+psycopg://127.0.0.1/test
    .venv/bin/python benchmarks/api_writes.py --load wrk   # wrk as the clients (C, light)
    .venv/bin/python benchmarks/api_writes.py --sqlite-synchronous FULL   # an fsync per commit
    .venv/bin/python benchmarks/api_writes.py --gunicorn-arg=--worker-tmp-dir=/dev/shm
    .venv/bin/python benchmarks/api_writes.py --idempotency-key   # as the workspace sends them
    .venv/bin/python benchmarks/api_writes.py --in-process        # CPU per request, no HTTP

``--in-process`` times the same requests through Flask's test client in this process (no
gunicorn, no sockets): CPU and wall time per request for the health check, a span write, a
span write with an Idempotency-Key and the bare write, in alternating rounds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator import db as _db  # noqa: E402
from benchmarks import wrk_load  # noqa: E402
from benchmarks.api_write_workload import (  # noqa: E402
    HEALTH,
    Request,
    in_process,
    prepare_database,
    write_requests,
)
from tests.databases import create_database  # noqa: E402
from tests.live_server import LiveServer, _live_members  # noqa: E402

# The level a deployment gets by default. The script also runs in older checkouts, for
# before/after comparisons: before the engine had a module of its own annotator.db named it,
# and before that they shipped FULL and did not name their default.
try:
    from annotator.engine import DEFAULT_SQLITE_SYNCHRONOUS as SHIPPED_SYNCHRONOUS  # noqa: E402
except ImportError:
    SHIPPED_SYNCHRONOUS = getattr(_db, "DEFAULT_SQLITE_SYNCHRONOUS", "FULL")


def group_cpu_seconds(pgid: int) -> float:
    """Return the CPU time (user + system) used so far by the live processes of a group."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in _live_members(pgid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def client_loop(port: int, token: str, requests_: list[Request], out: dict[str, Any]) -> None:
    """Send the requests over one connection; record latencies and errors.

    ``http.client`` reconnects by itself when the server closed the connection after an
    answer (gunicorn's sync workers do; gthread workers keep it alive).
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    latencies, errors = [], 0
    out["barrier"].wait()
    for method, path, body, extra in requests_:
        started = time.perf_counter()
        try:
            # The health baseline goes without a token: the bare HTTP and app round trip.
            connection.request(method, path, body=body, headers=headers | extra if body else {})
            response = connection.getresponse()
            response.read()
            ok = response.status in (200, 201)
        except (OSError, http.client.HTTPException):
            connection.close()
            ok = False
        latencies.append(time.perf_counter() - started)
        if not ok:
            errors += 1
            if errors <= 3:
                out.setdefault("samples", []).append(method + " " + path)
    connection.close()
    out["latencies"], out["errors"] = latencies, errors


def run_phase(server: LiveServer, tokens: list[str], plans: list[list]) -> dict[str, Any]:
    """Run one client per plan at once; return throughput, latency percentiles, errors, CPU."""
    barrier = threading.Barrier(len(plans) + 1)
    outs = [{"barrier": barrier} for _ in plans]
    threads = [
        threading.Thread(target=client_loop, args=(server.port, tokens[i], plan, outs[i]))
        for i, plan in enumerate(plans)
    ]
    for thread in threads:
        thread.start()
    assert server.process is not None
    server_cpu = group_cpu_seconds(server.process.pid)
    client_cpu = time.process_time()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    client_cpu = time.process_time() - client_cpu
    server_cpu = group_cpu_seconds(server.process.pid) - server_cpu
    latencies = sorted(latency for out in outs for latency in out["latencies"])
    count = len(latencies)
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "clients": len(plans),
        "requests": count,
        "errors": sum(out["errors"] for out in outs),
        "error_samples": [s for out in outs for s in out.get("samples", [])][:3],
        "per_s": count / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": quantiles[94] * 1000,
        "p99_ms": quantiles[98] * 1000,
        "max_ms": latencies[-1] * 1000,
        "server_cpu_ms_per_request": server_cpu / count * 1000,
        "client_cpu_ms_per_request": client_cpu / count * 1000,
    }


def run_wrk_phase(
    server: LiveServer, tokens: list[str], plans: list[list[Request]], seconds: int, workdir: Path
) -> dict[str, Any]:
    """Run the plans through wrk, one connection each, for ``seconds``; same figures as above."""
    authorized = []
    for token, plan in zip(tokens, plans, strict=False):
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        # The health baseline goes without a token, as in client_loop.
        authorized.append([(m, p, b, headers | extra if b else {}) for m, p, b, extra in plan])
    assert server.process is not None
    server_cpu = group_cpu_seconds(server.process.pid)
    figures = wrk_load.run(server.url, authorized, seconds, workdir / "plans.lua")
    server_cpu = group_cpu_seconds(server.process.pid) - server_cpu
    count = figures["requests"]
    return {
        "clients": len(plans),
        "requests": count,
        "errors": figures["errors"],
        "error_samples": [],
        "per_s": count / (figures["duration_us"] / 1e6),
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "max_ms": figures["max_us"] / 1000,
        "server_cpu_ms_per_request": server_cpu / count * 1000,
        "client_cpu_ms_per_request": figures["client_cpu_s"] / count * 1000,
    }


def measure(
    args: argparse.Namespace,
    server: LiveServer,
    tokens: list[str],
    plans: list[list[Request]],
    workdir: Path,
) -> dict[str, Any]:
    """Run one phase with the chosen load generator (``--load``)."""
    if args.load == "wrk":
        return run_wrk_phase(server, tokens, plans, args.seconds, workdir)
    return run_phase(server, tokens, plans)


def parse_server(spec: str) -> dict[str, Any]:
    """Parse ``sync:4`` or ``gthread:2x8`` into LiveServer arguments."""
    worker_class, _, size = spec.partition(":")
    workers, _, threads = size.partition("x")
    return {"worker_class": worker_class, "workers": int(workers), "threads": int(threads or 1)}


def record(rows: list[dict[str, Any]], result: dict[str, Any], **fields: Any) -> None:
    """Add one phase's result to ``rows`` and print it."""
    result.update(fields)
    rows.append(result)
    print(format_row(result), flush=True)


def bench_bare(args: argparse.Namespace, spec: str, workdir: Path, state: dict) -> list[dict]:
    """Time the same writes against the bare app under the same gunicorn settings."""
    rows: list[dict[str, Any]] = []
    url = f"sqlite:///{workdir / f'bare-{uuid.uuid4().hex[:8]}.sqlite'}"
    tokens, documents = state["tokens"], state["documents"]
    synchronous = args.sqlite_synchronous.upper()
    server = LiveServer(
        url,
        **parse_server(spec),
        app_spec=f"benchmarks.api_write_workload:bare_app('{synchronous}')",
        log_path=workdir / "gunicorn.log",
        extra_args=args.gunicorn_arg,
    )
    server.start()
    try:
        command = " ".join(server.command()[1:]).replace(sys.executable, "python")
        n, m = args.requests, args.requests_per_client
        run_phase(server, tokens, [write_requests(documents, c, 40, 0) for c in range(len(tokens))])
        plans = [
            [write_requests(documents, 0, n, 40)],
            [write_requests(documents, c, m, 40 + n) for c in range(len(tokens))],
        ]
        for plan in plans:
            result = measure(args, server, tokens, plan, workdir)
            record(rows, result, kind="bare write", server=spec, command=command,
                   database="sqlite", sqlite_synchronous=synchronous, load=args.load)  # fmt: skip
    finally:
        server.stop()
    return rows


def bench_server(args: argparse.Namespace, spec: str, workdir: Path) -> list[dict[str, Any]]:
    """Benchmark one gunicorn configuration on a fresh database."""
    server_url = None if args.database == "sqlite" else args.database
    url, drop = create_database(server_url, workdir, "annotator_bench")
    rows: list[dict[str, Any]] = []
    try:
        state = prepare_database(url, args.clients)
        tokens, documents = state["tokens"], state["documents"]
        app_spec = "wsgi:app"
        if args.sqlite_synchronous.upper() != SHIPPED_SYNCHRONOUS or args.write_lock:
            study = f"'{args.sqlite_synchronous}', {args.write_lock}"
            app_spec = f"benchmarks.api_write_workload:bench_app({study})"
        server = LiveServer(
            url,
            **parse_server(spec),
            app_spec=app_spec,
            log_path=workdir / "gunicorn.log",
            extra_args=args.gunicorn_arg,
        )
        server.start()
        try:
            command = " ".join(server.command()[1:]).replace(sys.executable, "python")
            n, m, keyed = args.requests, args.requests_per_client, args.idempotency_key
            write = "keyed write" if keyed else "write"
            # Warm every worker up (imports, first connections, layer rows) before timing.
            warmup = [write_requests(documents, c, 40, 0, keyed) for c in range(len(tokens))]
            run_phase(server, tokens, warmup)
            clients = range(len(tokens))
            concurrent = [write_requests(documents, c, m, 40 + n, keyed) for c in clients]
            phases = [
                ("health", [[HEALTH] * n]),
                (write, [write_requests(documents, 0, n, 40, keyed)]),
                ("health", [[HEALTH] * m for _ in tokens]),
                (write, concurrent),
            ]
            for kind, plans in phases:
                result = measure(args, server, tokens, plans, workdir)
                record(rows, result, kind=kind, server=spec, command=command,
                       database=args.database, write_lock=args.write_lock,
                       sqlite_synchronous=args.sqlite_synchronous.upper(),
                       load=args.load)  # fmt: skip
        finally:
            server.stop()
        if args.database == "sqlite" and not args.no_baseline:
            rows += bench_bare(args, spec, workdir, state)
    finally:
        drop()
    return rows


def format_row(row: dict[str, Any]) -> str:
    """Format one result as a Markdown table row."""
    database = "SQLite" if row["database"] == "sqlite" else "PostgreSQL"
    if row["database"] == "sqlite" and row["sqlite_synchronous"] != SHIPPED_SYNCHRONOUS:
        database += f" (synchronous={row['sqlite_synchronous']})"
    if row.get("write_lock"):
        database += " (writers' file lock)"
    clients = f"{row['clients']} ({row.get('load', 'python')})"
    return (
        f"| {database} | {row['server']} | {row['kind']} | {clients} | {row['requests']} "
        f"| {row['per_s']:,.0f} | {row['p50_ms']:.2f} | {row['p95_ms']:.2f} | {row['p99_ms']:.2f} "
        f"| {row['errors']} | {row['server_cpu_ms_per_request']:.2f} "
        f"| {row['client_cpu_ms_per_request']:.2f} |"
    )


HEADER = (
    "| database | gunicorn | request | clients | requests | req/s | p50 ms | p95 ms | p99 ms "
    "| errors | server CPU ms/req | client CPU ms/req |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for every --server configuration and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        default="sqlite",
        help="'sqlite' (a temporary file) or a PostgreSQL server URL; a fresh database is made",
    )
    parser.add_argument(
        "--server",
        action="append",
        help="gunicorn configuration, 'sync:WORKERS' or 'gthread:WORKERSxTHREADS' (repeatable; "
        "default sync:2)",
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--requests", type=int, default=1000, help="sequential requests")
    parser.add_argument("--requests-per-client", type=int, default=500)
    parser.add_argument(
        "--sqlite-synchronous",
        default=SHIPPED_SYNCHRONOUS,
        help=f"{SHIPPED_SYNCHRONOUS} (as shipped) or FULL (an fsync per commit)",
    )
    parser.add_argument(
        "--load",
        choices=("python", "wrk"),
        default="python",
        help="load generator: Python http.client threads (default), or wrk (C; it leaves the "
        "CPUs to the server; apt-get install -y wrk)",
    )
    parser.add_argument(
        "--seconds", type=int, default=10, help="length of each phase with --load wrk"
    )
    parser.add_argument(
        "--gunicorn-arg",
        action="append",
        default=[],
        help="extra gunicorn argument, e.g. --gunicorn-arg=--worker-tmp-dir=/dev/shm (repeatable)",
    )
    parser.add_argument(
        "--write-lock",
        action="store_true",
        help="study: queue SQLite writers on a file lock instead of the busy handler",
    )
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the bare Flask + SQLite write baseline"
    )
    parser.add_argument(
        "--idempotency-key",
        action="store_true",
        help="send a fresh Idempotency-Key with every write, as the workspace does",
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="time the requests through Flask's test client instead of gunicorn (--requests "
        "per round)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds of --in-process")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    if args.load == "wrk" and args.idempotency_key:
        # wrk sends each client's plan in a loop: its keys would repeat, and every repeat is
        # answered from the stored reply, so the figures would be of replays.
        parser.error("--idempotency-key needs --load python (wrk repeats its planned requests)")
    rows: list[dict[str, Any]] = []
    if args.in_process:
        with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
            in_process(args, Path(tmp))
        return 0
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        for spec in args.server or ["sync:2"]:
            rows += bench_server(args, spec, Path(tmp))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 1 if any(row["errors"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
