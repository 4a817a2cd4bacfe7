"""A test run that dies takes its servers with it (tests/live_server.py).

The servers run in their own process group, out of reach of a Ctrl+C or a kill given to the
run; a run stopped mid-test used to leave them serving, with their test databases.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.live_server import _live_members

pytestmark = pytest.mark.server

# A stand-in for a test run: starts a server, says its master's pid, then waits to be killed.
_RUN = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from tests.live_server import LiveServer
    server = LiveServer({url!r}, workers=2).start()
    print(server.process.pid, flush=True)
    time.sleep(600)
    """
)


def _gone(pgid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _live_members(pgid):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_run_stops_the_server_it_started(app: Any, database_url: str, signum: int) -> None:
    master = 0
    with subprocess.Popen(
        [sys.executable, "-c", _RUN.format(root=str(ROOT), url=database_url)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    ) as run:
        try:
            assert run.stdout is not None
            master = int(run.stdout.readline())
            assert _live_members(master), "the server should be running before the run dies"
            run.send_signal(signum)
            run.wait(30)
            assert _gone(master, 30), f"gunicorn group {master} outlived the run that started it"
        finally:
            run.kill()
            if master and _live_members(master):
                os.killpg(master, signal.SIGKILL)
