"""Benchmark span writes through the HTTP API under gunicorn.

Sets up a fresh database through the app's own services (users, tokens, a project with the
seed schema, documents, assignments), starts ``wsgi:app`` under gunicorn on loopback, and
times ``POST /api/v1/documents/<id>/spans`` from 1 client (sequential) and from N concurrent
clients, each an annotator with its own token and ``http.client`` connection (kept open when
the worker class keeps connections alive). Two baselines run side by side: the same clients
against ``GET /api/v1/health`` (the client and HTTP stack without a write), and the same writes
against a bare Flask app under the same gunicorn settings that does nothing but one durable
SQLite insert and commit per request (:func:`bare_app`, the floor for a Flask + SQLite write).
Results go to stdout as a Markdown table (and JSON with --json).

Examples::

    .venv/bin/python benchmarks/api_writes.py
    .venv/bin/python benchmarks/api_writes.py --server sync:2 --server gthread:2x4
    .venv/bin/python benchmarks/api_writes.py --database postgresql+psycopg://127.0.0.1/test
    .venv/bin/python benchmarks/api_writes.py --sqlite-synchronous NORMAL   # trade-off study
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

from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tests.live_server import LiveServer, _live_members  # noqa: E402

LABELS = ("CLAIM", "SOURCE", "CUE", "BIASED_WORD")
DOCUMENTS = 20
WORDS_PER_DOCUMENT = 1000


def bench_app(synchronous: str = "FULL", write_lock: bool = False) -> Any:
    """Build ``wsgi:app`` with another SQLite ``synchronous`` level, or a writers' file lock.

    ``write_lock`` (a study, not shipped): writers queue on an exclusive ``flock`` of a file
    next to the database before ``BEGIN IMMEDIATE``, so that a waiting writer is woken as soon
    as the lock is free instead of sleeping in SQLite's busy handler (1, 2, 5, ... 100 ms).
    """
    from annotator import create_app

    return tune_app(create_app(), synchronous, write_lock)


def tune_app(app: Any, synchronous: str = "FULL", write_lock: bool = False) -> Any:
    """Give ``app``'s SQLite connections another ``synchronous`` level, or the writers' lock."""
    import fcntl

    from annotator.db import get_engine, sqlite_begin_mode

    engine = get_engine(app)
    if engine.dialect.name != "sqlite":
        return app
    level = {"FULL": "FULL", "NORMAL": "NORMAL", "OFF": "OFF"}[synchronous.upper()]

    @event.listens_for(engine, "connect")
    def _set_synchronous(dbapi_connection: Any, record: Any) -> None:
        # Runs after the app's own connect hook, which sets FULL.
        dbapi_connection.execute(f"PRAGMA synchronous={level}")
        if write_lock:  # one open file per connection, so that threads exclude each other too
            lock_path = str(engine.url.database) + ".writelock"
            record.info["write_lock"] = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)

    if write_lock:

        @event.listens_for(engine, "begin", insert=True)
        def _queue(connection: Any) -> None:
            if sqlite_begin_mode.get() == "IMMEDIATE":
                fcntl.flock(connection.connection.info["write_lock"], fcntl.LOCK_EX)
                connection.connection.info["locked"] = True

        # Released when the session gives the connection back, right after its commit or
        # rollback (the engine's commit event fires before the commit, too early).
        @event.listens_for(engine.pool, "checkin")
        def _checkin(_dbapi_connection: Any, record: Any) -> None:
            if record.info.pop("locked", False):
                fcntl.flock(record.info["write_lock"], fcntl.LOCK_UN)

    return app


def bare_app(synchronous: str = "FULL") -> Any:
    """Build the floor: Flask, one SQLite insert and commit per write, nothing else.

    Same durability as the app (WAL, ``synchronous=FULL``, ``BEGIN IMMEDIATE``), same URL and
    body; no authentication, no checks, no ORM. Served by gunicorn on a database file of its own.
    ``synchronous="NORMAL"`` (a study) shows what the fsync of each commit costs.
    """
    level = {"FULL": "FULL", "NORMAL": "NORMAL", "OFF": "OFF"}[synchronous.upper()]
    import sqlite3

    from flask import Flask, request

    path = os.environ["ANNOTATOR_DATABASE_URL"].removeprefix("sqlite:///")
    app = Flask("bare")
    local = threading.local()

    def connection() -> sqlite3.Connection:
        if not hasattr(local, "connection"):
            connection = sqlite3.connect(path, isolation_level=None, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(f"PRAGMA synchronous={level}")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS span (id INTEGER PRIMARY KEY, document_id INTEGER, "
                'label TEXT, start INTEGER, "end" INTEGER)'
            )
            local.connection = connection
        return local.connection

    @app.get("/api/v1/health")
    def health() -> Any:
        return {"status": "ok"}

    @app.post("/api/v1/documents/<int:document_id>/spans")
    def create_span(document_id: int) -> Any:
        body = request.get_json()
        db = connection()
        db.execute("BEGIN IMMEDIATE")
        cursor = db.execute(
            'INSERT INTO span (document_id, label, start, "end") VALUES (?, ?, ?, ?)',
            (document_id, body["label"], body["start"], body["end"]),
        )
        db.execute("COMMIT")
        return {"id": cursor.lastrowid, **body}, 201

    return app


def document_text(seed: int) -> tuple[str, list[tuple[int, int]]]:
    """Return a news-sized text (1000 words, ~80 sentences) and the offsets of its words."""
    parts, offsets, position = [], [], 0
    for index in range(WORDS_PER_DOCUMENT):
        word = f"{'Word' if index % 12 == 0 else 'word'}{seed:02d}x{index:04d}"
        part = word + (". " if index % 12 == 11 else " ")
        offsets.append((position, position + len(word)))
        parts.append(part)
        position += len(part)
    return "".join(parts), offsets


def prepare_database(url: str, clients: int) -> dict[str, Any]:
    """Migrate ``url`` and fill it through the services; return tokens and document ids."""
    from annotator import create_app, db
    from annotator.models import Assignment
    from annotator.services.accounts import create_token, create_user
    from annotator.services.documents import add_document
    from annotator.services.projects import create_project

    schema = json.loads((ROOT / "seeds" / "schema.json").read_text(encoding="utf-8"))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark", "TESTING": True})
    db.upgrade(app)
    with app.app_context():
        session = db.get_session()
        project = create_project(session, "bench", "Benchmark", schema)
        documents = []
        for i in range(DOCUMENTS):
            text_, words = document_text(i)
            document, _ = add_document(session, project, f"doc-{i:03d}", text_)
            documents.append((document, words))
        tokens = []
        for c in range(clients):
            user = create_user(session, f"bench{c:02d}", "annotator", "benchmark password")
            tokens.append(create_token(session, user))
            for document, _ in documents:
                session.add(Assignment(document_id=document.id, user_id=user.id))
        session.commit()
        docs = [(document.id, words) for document, words in documents]
    db.get_engine(app).dispose()
    return {"tokens": tokens, "documents": docs}


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


Request = tuple[str, str, bytes | None, dict[str, str]]


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


def write_requests(
    document_ids: list, client: int, count: int, offset: int, keyed: bool = False
) -> list[Request]:
    """Return ``count`` span writes for one client, spread over the documents.

    :param keyed: give each write an Idempotency-Key of its own, as the workspace does.
    """
    requests_: list[Request] = []
    for n in range(offset, offset + count):
        document_id, words = document_ids[n % len(document_ids)]
        start, end = words[(n // len(document_ids) * 7 + client) % len(words)]
        body = {"label": LABELS[(n // len(document_ids)) % 4], "start": start, "end": end}
        extra = {"Idempotency-Key": uuid.uuid4().hex} if keyed else {}
        path = f"/api/v1/documents/{document_id}/spans"
        requests_.append(("POST", path, json.dumps(body).encode(), extra))
    return requests_


HEALTH: Request = ("GET", "/api/v1/health", None, {})


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


def fresh_database(database: str, workdir: Path) -> tuple[str, Any]:
    """Return the URL of an empty database (a SQLite file, or a new PostgreSQL database)."""
    if database == "sqlite":
        return f"sqlite:///{workdir / f'bench-{uuid.uuid4().hex[:8]}.sqlite'}", lambda: None
    name = f"annotator_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(database, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(database).set(database=name).render_as_string(hide_password=False), drop


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
    """Time the same writes against :func:`bare_app` under the same gunicorn settings."""
    rows: list[dict[str, Any]] = []
    url = f"sqlite:///{workdir / f'bare-{uuid.uuid4().hex[:8]}.sqlite'}"
    tokens, documents = state["tokens"], state["documents"]
    synchronous = args.sqlite_synchronous.upper()
    server = LiveServer(
        url,
        **parse_server(spec),
        app_spec=f"benchmarks.api_writes:bare_app('{synchronous}')",
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
            result = run_phase(server, tokens, plan)
            record(rows, result, kind="bare write", server=spec, command=command,
                   database="sqlite", sqlite_synchronous=synchronous)  # fmt: skip
    finally:
        server.stop()
    return rows


def bench_server(args: argparse.Namespace, spec: str, workdir: Path) -> list[dict[str, Any]]:
    """Benchmark one gunicorn configuration on a fresh database."""
    url, drop = fresh_database(args.database, workdir)
    rows: list[dict[str, Any]] = []
    try:
        state = prepare_database(url, args.clients)
        tokens, documents = state["tokens"], state["documents"]
        app_spec = "wsgi:app"
        if args.sqlite_synchronous.upper() != "FULL" or args.write_lock:
            app_spec = (
                f"benchmarks.api_writes:bench_app('{args.sqlite_synchronous}', {args.write_lock})"
            )
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
                result = run_phase(server, tokens, plans)
                record(rows, result, kind=kind, server=spec, command=command,
                       database=args.database, write_lock=args.write_lock,
                       sqlite_synchronous=args.sqlite_synchronous.upper())  # fmt: skip
        finally:
            server.stop()
        if args.database == "sqlite" and not args.no_baseline:
            rows += bench_bare(args, spec, workdir, state)
    finally:
        drop()
    return rows


def in_process(args: argparse.Namespace, workdir: Path) -> None:
    """Time the requests through Flask's test client: CPU and wall ms per request, by kind.

    No HTTP server and no sockets: the app's own cost per request, and the bare write's.
    Kinds alternate in each round, so that a change in the machine's load hits all of them.
    """
    from annotator import create_app

    url = f"sqlite:///{workdir / 'in-process.sqlite'}"
    state = prepare_database(url, 1)
    os.environ["ANNOTATOR_DATABASE_URL"] = f"sqlite:///{workdir / 'bare.sqlite'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark"})
    synchronous = args.sqlite_synchronous
    clients = {
        "app": tune_app(app, synchronous).test_client(),
        "bare": bare_app(synchronous).test_client(),
    }
    headers = {"Authorization": f"Bearer {state['tokens'][0]}", "Content-Type": "application/json"}
    documents, n, offset = state["documents"], args.requests, 40
    kinds = {"health": "app", "write": "app", "keyed write": "app", "bare write": "bare"}

    def run(client: Any, requests_: list[Request]) -> tuple[float, float]:
        cpu, wall = time.process_time(), time.perf_counter()
        for method, path, body, extra in requests_:
            response = client.open(
                path, method=method, data=body, headers=headers | extra if body else {}
            )
            assert response.status_code in (200, 201), response.get_data(as_text=True)
        return (time.process_time() - cpu) / len(requests_), (time.perf_counter() - wall) / len(
            requests_
        )

    for which in ("app", "bare"):
        run(clients[which], write_requests(documents, 0, 40, 0))
    results: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    for _round in range(args.rounds):
        for kind, which in kinds.items():
            if kind == "health":
                requests_ = [HEALTH] * n
            else:
                requests_ = write_requests(documents, 0, n, offset, kind == "keyed write")
                offset += n
            results[kind].append(run(clients[which], requests_))
    print(
        f"In process, SQLite synchronous={synchronous.upper()}, {args.rounds} rounds of {n} "
        "requests each; ms per request:"
    )
    print("| request | CPU min | CPU median | wall min | wall median |\n|---|---|---|---|---|")
    for kind, rounds in results.items():
        cpu = [c * 1000 for c, _ in rounds]
        wall = [w * 1000 for _, w in rounds]
        print(
            f"| {kind} | {min(cpu):.2f} | {statistics.median(cpu):.2f} "
            f"| {min(wall):.2f} | {statistics.median(wall):.2f} |"
        )
    print(f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


def format_row(row: dict[str, Any]) -> str:
    """Format one result as a Markdown table row."""
    database = "SQLite" if row["database"] == "sqlite" else "PostgreSQL"
    if row["database"] == "sqlite" and row["sqlite_synchronous"] != "FULL":
        database += f" (synchronous={row['sqlite_synchronous']})"
    if row.get("write_lock"):
        database += " (writers' file lock)"
    return (
        f"| {database} | {row['server']} | {row['kind']} | {row['clients']} | {row['requests']} "
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
    parser.add_argument("--sqlite-synchronous", default="FULL", help="FULL (as shipped), NORMAL")
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
