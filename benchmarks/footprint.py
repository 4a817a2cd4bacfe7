"""How small and quick the app is: install size, start-up CPU time and idle server memory.

Each figure is taken for one or more checkouts side by side, the checkouts taking turns run
by run so that the machine's load falls on each alike (``--checkout NAME=DIR``, repeatable;
by default this checkout alone). A checkout runs with this interpreter's packages and its own
code first on ``sys.path``, so an old version exported with ``git archive`` can be compared
against this one with one virtualenv::

    .venv/bin/python benchmarks/footprint.py --checkout before=/tmp/before --checkout after=.

What is measured:

* ``cli``: CPU time (user + system, from ``getrusage`` of the child) of ``annotator --version``
  and ``annotator users list`` (on an upgraded, empty SQLite database).
* ``demo``: ``annotator demo`` on a fresh database until ``GET /auth/login`` first answers 200:
  the server process's CPU time at that moment (``/proc/PID/stat``) and the wall time.
* ``pss``: gunicorn with two sync workers (``wsgi:app``), idle after one request: the
  proportional set size (``Pss`` of ``/proc/PID/smaps_rollup``) of the master and both
  workers, summed. With ``--preload`` the app is loaded once in the master and forked.
* ``size``: a fresh virtualenv made with ``pip install DIR`` (no extras), the size of each
  installed distribution's files and of the whole virtualenv (slow: it builds the wheel).
"""

from __future__ import annotations

import argparse
import http.client
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")
# What the ``annotator`` script runs (annotator.console since it answers --version itself).
RUN_CLI = (
    "import sys\nsys.argv[0] = 'annotator'\ntry:\n    from annotator.console import run\n"
    "except ImportError:\n    from annotator.cli import main as run\nrun()"
)


def _env(checkout: Path, database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(checkout)
    env["ANNOTATOR_DATABASE_URL"] = f"sqlite:///{database}"
    env["ANNOTATOR_SECRET_KEY"] = "footprint-benchmark-key-of-32-characters"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _child_cpu(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    """Run ``argv`` to its end and return its CPU seconds (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str) -> int | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status
    except OSError:
        return None


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # utime and stime are the 14th and 15th fields; fields[0] is the 3rd (state).
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def _pss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise RuntimeError(f"no Pss for {pid}")


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(part) for part in text.split()]


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _upgraded(checkout: Path, database: Path, scratch: Path) -> dict[str, str]:
    """Return the environment of ``checkout`` on ``database``, upgraded once if it is new."""
    env = _env(checkout, database)
    if not database.exists():
        subprocess.run(
            [sys.executable, "-c", RUN_CLI, "db", "upgrade"],
            env=env,
            cwd=scratch,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return env


def cli_cpu(checkout: Path, scratch: Path) -> dict[str, float]:
    """CPU seconds of ``annotator --version`` and ``annotator users list``."""
    env = _upgraded(checkout, scratch / f"cli-{checkout.name}.sqlite", scratch)
    return {
        "--version": _child_cpu([sys.executable, "-c", RUN_CLI, "--version"], env, scratch),
        "users list": _child_cpu([sys.executable, "-c", RUN_CLI, "users", "list"], env, scratch),
    }


def demo_first_200(checkout: Path, scratch: Path) -> dict[str, float]:
    """CPU and wall seconds of ``annotator demo`` on a new database until its first 200."""
    database = scratch / f"demo-{checkout.name}-{time.monotonic_ns()}.sqlite"
    port = _free_port()
    argv = [sys.executable, "-c", RUN_CLI, "demo", "--port", str(port)]
    started = time.perf_counter()
    process = subprocess.Popen(
        argv,
        env=_env(checkout, database),
        cwd=scratch,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while _get(port, "/auth/login") != 200:
            if process.poll() is not None:
                raise RuntimeError(f"the demo of {checkout} exited with {process.returncode}")
            time.sleep(0.01)
        wall = time.perf_counter() - started
        cpu = _proc_cpu(process.pid)
    finally:
        _stop(process)
    return {"demo cpu": cpu, "demo wall": wall}


def gunicorn_pss(checkout: Path, scratch: Path, preload: bool) -> dict[str, float]:
    """Summed PSS in MB of an idle gunicorn master and its two workers, after one request."""
    env = _upgraded(checkout, scratch / f"pss-{checkout.name}.sqlite", scratch)
    port = _free_port()
    argv = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    argv += ["--preload"] if preload else []
    process = subprocess.Popen(
        [*argv, "wsgi:app"], env=env, cwd=checkout, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while len(_children(process.pid)) < 2 or _get(port, "/api/v1/health") != 200:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"gunicorn of {checkout} did not start")
            time.sleep(0.05)
        for _ in range(4):  # both workers have most likely answered once
            _get(port, "/auth/login")
        time.sleep(1.0)
        pids = [process.pid, *_children(process.pid)]
        total = sum(_pss_kib(pid) for pid in pids)
    finally:
        _stop(process)
    return {"pss MB": total / 1024}


def install_size(checkout: Path, scratch: Path) -> None:
    """Print the size of a fresh virtualenv with ``checkout`` installed, per distribution."""
    venv = scratch / f"venv-{checkout.name}"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, str(checkout)], check=True)
    code = (
        "import importlib.metadata as m, os\n"
        "rows = []\n"
        "for d in m.distributions():\n"
        "    size = 0\n"
        "    for f in d.files or ():\n"
        "        p = d.locate_file(f)\n"
        "        size += os.path.getsize(p) if os.path.isfile(p) else 0\n"
        "    rows.append((size, d.metadata['Name']))\n"
        "for size, name in sorted(rows, reverse=True):\n"
        "    print(f'{size / 1e6:8.1f} MB  {name}')\n"
        "print(f'{sum(s for s, _ in rows) / 1e6:8.1f} MB  all distributions')\n"
        "own = sum(s for s, name in rows if name not in ('pip', 'setuptools'))\n"
        "print(f'{own / 1e6:8.1f} MB  the app with its dependencies (no pip, setuptools)')\n"
    )
    # From the virtualenv's folder: in a checkout, the checkout's own annotator.egg-info
    # (from ``pip install -e``) would be counted as a second distribution.
    subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=venv, check=True)
    used = subprocess.run(["du", "-sm", str(venv)], capture_output=True, text=True, check=True)
    print(f"{int(used.stdout.split()[0]):6d} MiB  the whole virtualenv (du -sm), {checkout}")
    shutil.rmtree(venv)


def _summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} (min {min(values):.3f}, max {max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", nargs="*", help="cli, demo, pss, size (default: all but size)")
    parser.add_argument(
        "--checkout",
        action="append",
        default=[],
        metavar="NAME=DIR",
        help="a checkout to measure (repeatable; default: this one)",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--preload", action="store_true", help="gunicorn --preload (pss)")
    args = parser.parse_args()
    args.what = args.what or ["cli", "demo", "pss"]
    if unknown := set(args.what) - {"cli", "demo", "pss", "size"}:
        parser.error(f"unknown measurement: {', '.join(sorted(unknown))}")
    checkouts = [
        (name, Path(path).resolve())
        for name, path in (item.split("=", 1) for item in args.checkout or [f"this={ROOT}"])
    ]
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        if "size" in args.what:
            for _name, checkout in checkouts:
                install_size(checkout, scratch)
        results: dict[str, dict[str, list[float]]] = {name: {} for name, _ in checkouts}
        for _ in range(args.runs):
            for name, checkout in checkouts:
                figures: dict[str, float] = {}
                if "cli" in args.what:
                    figures.update(cli_cpu(checkout, scratch))
                if "demo" in args.what:
                    figures.update(demo_first_200(checkout, scratch))
                if "pss" in args.what:
                    figures.update(gunicorn_pss(checkout, scratch, args.preload))
                for key, value in figures.items():
                    results[name].setdefault(key, []).append(value)
    for name, figures in results.items():
        for key, values in figures.items():
            unit = "" if key.endswith("MB") else " s"
            print(f"{name:>8}  {key:<12} {_summary(values)}{unit}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
