"""`annotator demo` from nothing: it migrates, loads the seeds, serves, and can run again."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from werkzeug.security import check_password_hash

from annotator.core.passwords import check_password
from annotator.services.demo import DEMO_PASSWORD_HASHES, DEMO_USERS
from tests.conftest import ROOT
from tests.extras import need
from tests.helpers import csrf_token_from

requests = need("requests")

from tests.live_server import free_port, stopped_with_the_tests  # noqa: E402

ANNOTATOR = str(Path(sys.executable).parent / "annotator")


def _demo_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    # The demo is the Quickstart's: SQLite, no secret key set.
    env["ANNOTATOR_DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    return env


def _wait_for(url: str, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0]
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.2)
    pytest.fail(f"the demo did not answer {url} within {timeout} s")


def _ctrl_c_stops() -> None:
    """In the demo's process before it starts: SIGINT back to its default action, and
    SIGTERM when the test run that started it dies."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    stopped_with_the_tests()


def _stop_on_ctrl_c(process: subprocess.Popen[str]) -> str:
    """Send the demo Ctrl+C and return its output once it has stopped.

    Generous: a busy machine can take long to stop the server; speed is not under test. A demo
    still running after a minute is killed (not left to leak into the next tests) and the
    failure shows what it printed.
    """
    process.send_signal(signal.SIGINT)
    try:
        return process.communicate(timeout=60)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        output = process.communicate()[0]
        pytest.fail(f"the demo did not stop within 60 s of Ctrl+C; it printed:\n{output}")


@pytest.mark.server
def test_demo_serves_the_seeds_and_reuses_them_when_run_again(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [ANNOTATOR, "demo", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=_demo_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Ctrl+C as a terminal sends it, whoever runs the tests: a shell's background job
        # (`make test &`) ignores SIGINT, its children inherit that, and the demo never stopped.
        preexec_fn=_ctrl_c_stops,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/api/v1/health", process)
        web = requests.Session()
        form = web.get(f"{base}/auth/login", timeout=30)
        answer = web.post(
            f"{base}/auth/login",
            data={
                "csrf_token": csrf_token_from(form.text),
                "username": "alice",
                "password": "demo-alice-pass",
            },
            timeout=30,
        )
        assert answer.status_code == 200 and answer.url == f"{base}/"
        page = web.get(f"{base}/projects/demo", timeout=30).text
        assert len(set(re.findall(r'href="/projects/demo/documents/(\d+)"', page))) == 5
    finally:
        output = _stop_on_ctrl_c(process)
    assert "Project demo: 5 new and 0 known documents, 10 new assignments." in output
    assert "alice     annotator password: demo-alice-pass" in output

    again = subprocess.run(
        [ANNOTATOR, "demo", "--no-serve"],
        cwd=ROOT,
        env=_demo_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 0, again.stderr
    assert "Project demo: 0 new and 5 known documents, 0 new assignments." in again.stdout


def test_run_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [ANNOTATOR, "run", "--port", str(free_port())],
        cwd=ROOT,
        env=_demo_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "ANNOTATOR_SECRET_KEY is not set: refusing to start" in result.stderr


def test_gunicorn_entry_point_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=ROOT,
        env=_demo_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ANNOTATOR_SECRET_KEY is not set" in result.stderr


def test_demo_on_a_taken_port_says_so_before_anything_else(tmp_path: Path) -> None:
    """A taken port is reported first, with the way to choose another; nothing is set up."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [ANNOTATOR, "demo", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path,
            env=_demo_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stdout == ""  # no "Open http://..." announced for a server that cannot run
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "--port" in result.stderr and "make demo PORT=" in result.stderr
    assert not (tmp_path / "demo.sqlite").exists()


def test_version_is_annotators_own() -> None:
    from annotator import __version__

    result = subprocess.run([ANNOTATOR, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"annotator {__version__}"


@pytest.mark.parametrize(("username", "role", "password"), DEMO_USERS)
def test_each_stored_demo_hash_is_its_published_password(
    username: str, role: str, password: str
) -> None:
    """The demo's hashes, made once, match the passwords it prints, which pass the rule."""
    stored = DEMO_PASSWORD_HASHES[username]
    assert stored.startswith("scrypt:")
    assert check_password_hash(stored, password)
    assert not check_password_hash(stored, password + "x")
    check_password(password, username, "password")
