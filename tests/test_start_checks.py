"""What a server or a command says at start about its settings and its database's schema.

Each case runs the installed program (or imports the WSGI module) in a fresh interpreter: the
settings are read from the environment when the app is made, once per process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.db import SCHEMA_HEAD
from tests.conftest import ROOT
from tests.extras import need
from tests.live_server import free_port, stopped_with_the_tests

requests = need("requests")

ANNOTATOR = str(Path(sys.executable).parent / "annotator")
GOOD_KEY = "k" * 32
#: gunicorn's status for an app that failed to load: its master stops rather than start the
#: worker again.
WSGI_STATUS = 4


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    env["ANNOTATOR_DATABASE_URL"] = f"sqlite:///{tmp_path / 'start.sqlite'}"
    env["ANNOTATOR_SECRET_KEY"] = GOOD_KEY
    env.update(settings)
    return env


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


BAD_SETTINGS = [
    ({"ANNOTATOR_MAX_UPLOAD_MB": "0"}, "ANNOTATOR_MAX_UPLOAD_MB must be from 1 to"),
    ({"ANNOTATOR_MAX_UPLOAD_MB": "-5"}, "ANNOTATOR_MAX_UPLOAD_MB must be from 1 to"),
    ({"ANNOTATOR_MAX_UPLOAD_MB": "abc"}, "ANNOTATOR_MAX_UPLOAD_MB must be a whole number"),
    ({"ANNOTATOR_SECURE_COOKIES": "2"}, "ANNOTATOR_SECURE_COOKIES must be 1 or 0"),
    (
        {"ANNOTATOR_DATABASE_URL": "mysql://someone@localhost/annotator"},
        "supported: sqlite, postgresql",
    ),
]


@pytest.mark.parametrize(("settings", "reason"), BAD_SETTINGS)
@pytest.mark.parametrize("command", [["db", "current"], ["users", "list"]])
def test_a_bad_setting_stops_every_command_in_one_line(
    tmp_path: Path, settings: dict[str, str], reason: str, command: list[str]
) -> None:
    result = _run([ANNOTATOR, *command], _env(tmp_path, **settings))
    assert result.returncode == 2, result.stderr
    assert reason in _one_line(result.stderr)


@pytest.mark.parametrize(("settings", "reason"), BAD_SETTINGS)
def test_a_bad_setting_stops_the_wsgi_app_in_one_line(
    tmp_path: Path, settings: dict[str, str], reason: str
) -> None:
    result = _run([sys.executable, "-c", "import wsgi"], _env(tmp_path, **settings))
    assert result.returncode == WSGI_STATUS
    assert reason in _one_line(result.stderr)


def test_gunicorn_stops_at_a_bad_setting_with_its_reason(tmp_path: Path) -> None:
    for preload in (["--preload"], []):
        result = _run(
            [sys.executable, "-m", "gunicorn", *preload, "-b", f"127.0.0.1:{free_port()}"]
            + ["annotator.wsgi:app"],
            _env(tmp_path, ANNOTATOR_MAX_UPLOAD_MB="-5"),
        )
        assert result.returncode == WSGI_STATUS, result.stderr
        assert "Traceback" not in result.stderr, result.stderr
        assert "ANNOTATOR_MAX_UPLOAD_MB must be from 1 to" in result.stderr


def test_a_postgresql_url_without_the_driver_names_the_extra(tmp_path: Path) -> None:
    # The driver made unimportable, as in an install without the [postgres] extra.
    code = (
        "import sys\nsys.modules['psycopg'] = None\n"
        "sys.argv = ['annotator', 'db', 'current']\n"
        "from annotator.console import run\nrun()\n"
    )
    env = _env(tmp_path, ANNOTATOR_DATABASE_URL="postgresql+psycopg://someone@localhost/db")
    result = _run([sys.executable, "-c", code], env)
    assert result.returncode == 2, result.stderr
    assert "pip install 'annotator[postgres]'" in _one_line(result.stderr)


@pytest.mark.parametrize("key", ["a", "   ", "x" * 31])
def test_a_weak_secret_key_stops_the_server(tmp_path: Path, key: str) -> None:
    env = _env(tmp_path, ANNOTATOR_SECRET_KEY=key)
    run = [ANNOTATOR, "run", "--port", str(free_port())]
    for argv, status in ((run, 2), ([sys.executable, "-c", "import wsgi"], WSGI_STATUS)):
        result = _run(argv, env)
        assert result.returncode == status, result.stderr
        line = _one_line(result.stderr)
        assert "ANNOTATOR_SECRET_KEY" in line and "32" in line
        assert "secrets.token_hex(32)" in line


def _upgrade(env: dict[str, str], revision: str) -> None:
    done = _run([ANNOTATOR, "db", "upgrade", "--revision", revision], env)
    assert done.returncode == 0, done.stderr


def _serve_until_answered(argv: list[str], env: dict[str, str], url: str) -> tuple[int, str]:
    """Start a server, return the health check's status and what it wrote, then stop it."""
    process = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=stopped_with_the_tests,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.communicate()[0]
            try:
                status = requests.get(url, timeout=2).status_code
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.2)
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    return status, output


@pytest.mark.server
@pytest.mark.parametrize("server", ["gunicorn", "run"])
@pytest.mark.parametrize("revision", ["0015", None])
def test_a_server_on_a_database_not_upgraded_says_so_and_is_unhealthy(
    tmp_path: Path, server: str, revision: str | None
) -> None:
    env = _env(tmp_path)
    if revision is not None:
        _upgrade(env, revision)
    port = free_port()
    argv = (
        [sys.executable, "-m", "gunicorn", "--preload", "-b", f"127.0.0.1:{port}"]
        + ["annotator.wsgi:app"]
        if server == "gunicorn"
        else [ANNOTATOR, "run", "--port", str(port)]
    )
    status, output = _serve_until_answered(argv, env, f"http://127.0.0.1:{port}/api/v1/health")
    assert status == 503
    said = "no revision (never upgraded)" if revision is None else f"revision {revision}"
    line = f"the database is at {said}; this code needs {SCHEMA_HEAD}"
    assert line in output, output
    assert "annotator db upgrade" in output
    # A line of the server's log like every later one: its time and level before it.
    assert re.search(
        rf"^\[\d{{4}}-\d\d-\d\d [\d:,]+\] ERROR in health: {re.escape(line)}", output, re.M
    ), output


@pytest.mark.server
def test_a_server_on_an_upgraded_database_says_nothing_of_it(tmp_path: Path) -> None:
    env = _env(tmp_path)
    _upgrade(env, "head")
    port = free_port()
    argv = [ANNOTATOR, "run", "--port", str(port)]
    status, output = _serve_until_answered(argv, env, f"http://127.0.0.1:{port}/api/v1/health")
    assert status == 200
    assert "this code needs" not in output
