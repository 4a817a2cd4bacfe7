"""A real server process for tests and benchmarks: gunicorn on a free loopback port.

The server runs ``wsgi:app`` (the production entry point) in its own process group, on the
database URL it is given, so that a test can stop it gracefully (SIGTERM) or kill it and all
its workers at once (SIGKILL), then start it again on the same database. Tests that use it
are marked ``server``; import the ``live_server`` fixture from this module.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    """Return a loopback TCP port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def stopped_with_the_tests() -> None:
    """In a child process before it starts: SIGTERM it when the process that started it dies.

    A server runs in its own process group (so that a test can kill it and its workers at
    once), which also keeps it out of reach of a Ctrl+C or kill given to the test run: a run
    killed mid-test left live servers, and their test databases, behind. Linux only; the
    kernel sends the signal when the starting *thread* ends, so only children started from
    the main thread ask for it (see ``asked_from_main_thread``).
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def asked_from_main_thread() -> Any:
    """Return ``stopped_with_the_tests`` when called from the main thread, else None."""
    return stopped_with_the_tests if threading.current_thread() is threading.main_thread() else None


def _live_members(pgid: int) -> list[int]:
    """Return the processes of group ``pgid`` that are not zombies (read from /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the parenthesised command: state, ppid, pgrp, ...
        state, _ppid, pgrp = stat.rpartition(")")[2].split()[:3]
        if int(pgrp) == pgid and state != "Z":
            members.append(int(entry.name))
    return members


class LiveServer:
    """One gunicorn server (master and workers) serving ``wsgi:app`` on loopback."""

    def __init__(
        self,
        database_url: str,
        *,
        workers: int = 4,
        worker_class: str = "sync",
        threads: int = 1,
        log_path: Path | None = None,
        extra_args: Sequence[str] = (),
        env: dict[str, str] | None = None,
        app_spec: str = "wsgi:app",
    ) -> None:
        self.database_url = database_url
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.extra_args = list(extra_args)
        self.extra_env = env or {}
        self.app_spec = app_spec
        self.log_path = log_path
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Any = None
        self._http = requests.Session()
        self._http.trust_env = False  # never send loopback traffic through a proxy

    @property
    def url(self) -> str:
        """Return the server's base URL, e.g. ``http://127.0.0.1:PORT``."""
        return f"http://{HOST}:{self.port}"

    def command(self) -> list[str]:
        """Return the gunicorn command line (for the record in benchmarks)."""
        args = [
            sys.executable, "-m", "gunicorn",
            "--bind", f"{HOST}:{self.port}",
            "--workers", str(self.workers),
            "--worker-class", self.worker_class,
            "--chdir", str(ROOT),
            "--graceful-timeout", "5",
        ]  # fmt: skip
        if self.worker_class == "gthread":
            args += ["--threads", str(self.threads)]
        return [*args, *self.extra_args, self.app_spec]

    def start(self, timeout: float = 30.0) -> LiveServer:
        """Start the server and wait until ``/api/v1/health`` answers ok."""
        if self.process is not None and self.process.poll() is None:
            raise RuntimeError("the server is already running")
        env = os.environ.copy()
        env.update(
            {
                "ANNOTATOR_DATABASE_URL": self.database_url,
                "ANNOTATOR_SECRET_KEY": "live-server-test-secret-of-32-characters",
                "PYTHONDONTWRITEBYTECODE": "1",
            }
        )
        env.update(self.extra_env)
        # A port taken between free_port() and gunicorn's bind makes gunicorn exit; retry.
        for _attempt in range(3):
            self.port = free_port()
            if self.log_path is not None:
                self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in _reap
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=self._log or subprocess.DEVNULL,
                stderr=self._log or subprocess.DEVNULL,
                start_new_session=True,  # its own process group, so kill() reaches workers
                preexec_fn=asked_from_main_thread(),
            )
            if self._wait_healthy(timeout):
                return self
            self.kill()
        raise RuntimeError(f"gunicorn did not become healthy; see {self.log_path}")

    def _wait_healthy(self, timeout: float) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                response = self._http.get(f"{self.url}/api/v1/health", timeout=2)
                if response.status_code == 200 and response.json() == {"status": "ok"}:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.05)
        return False

    def _signal_group(self, signum: int) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop gracefully (SIGTERM to the master); SIGKILL the group if it hangs."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait()
        self._reap()

    def kill(self) -> None:
        """Kill the master and every worker at once with SIGKILL, as a power cut would."""
        if self.process is None:
            return
        self._signal_group(signal.SIGKILL)
        self.process.wait()
        self._wait_group_gone()
        self._reap()

    def _wait_group_gone(self, timeout: float = 10.0) -> None:
        # Workers are reparented when the master dies; wait until none is left, so that a
        # restarted server never shares the database with a dying worker.
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _live_members(self.process.pid):
                return
            time.sleep(0.02)
        raise RuntimeError("gunicorn workers survived SIGKILL")

    def _reap(self) -> None:
        self._http.close()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@pytest.fixture
def live_server(app: Any, database_url: str, tmp_path: Path) -> Iterator[Any]:
    """Start real servers on the run's database: ``live_server(workers=4)`` returns one.

    Depends on ``app`` so that the servers are stopped before the tables are emptied.
    """
    servers: list[LiveServer] = []

    def start(**kwargs: Any) -> LiveServer:
        kwargs.setdefault("log_path", tmp_path / f"gunicorn-{len(servers)}.log")
        server = LiveServer(database_url, **kwargs)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()
