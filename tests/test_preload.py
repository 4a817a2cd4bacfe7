"""``gunicorn --preload``: workers forked from a master that built the app share no connection.

The README and the Docker image serve with ``--preload``: the master builds the app (and its
engine) once and forks the workers from it. A connection the master had opened and pooled
would then be one socket, or one SQLite handle, in every worker at once. Each forked
process starts with empty pools instead (``annotator.engine``), whatever the master did.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.extras import need

requests = need("requests")

from tests.live_server import LiveServer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# In a fresh interpreter (a single thread, as gunicorn's master): build the app, use one
# pooled connection, fork, and in the child open a connection; report both sides.
FORK_PROBE = """
import json, os, sys
from sqlalchemy import text
from annotator import create_app
from annotator.engine import get_engine

app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "fork-probe"})
engine = get_engine(app)
postgres = engine.dialect.name == "postgresql"
backend = "SELECT pg_backend_pid()" if postgres else "SELECT 0"


def connection_seen():
    with engine.connect() as connection:
        return connection.connection.driver_connection, connection.scalar(text(backend))


parent_driver, parent_backend = connection_seen()
reading, writing = os.pipe()
child = os.fork()
if child == 0:
    try:
        child_driver, child_backend = connection_seen()
        answer = {"same handle": child_driver is parent_driver, "backend": child_backend}
    except BaseException as exc:
        answer = {"error": repr(exc)}
    os.write(writing, json.dumps(answer).encode())
    os._exit(0)
os.close(writing)
with os.fdopen(reading) as pipe:
    answer = json.loads(pipe.read())
os.waitpid(child, 0)
after_driver, after_backend = connection_seen()
answer.update(
    parent_backend=parent_backend,
    parent_kept_its_handle=after_driver is parent_driver and after_backend == parent_backend,
)
print(json.dumps(answer))
"""


def test_a_forked_process_opens_its_own_connections(database_url: str) -> None:
    """A child forked after the parent used the database connects anew; the parent's stays."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", FORK_PROBE, database_url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert "error" not in answer, answer
    assert answer["same handle"] is False, "the child used the parent's pooled connection"
    if answer["parent_backend"]:  # PostgreSQL: two server processes, two sessions
        assert answer["backend"] != answer["parent_backend"]
    assert answer["parent_kept_its_handle"], "the child closed the parent's connection"


# A WSGI module whose master uses the database before gunicorn forks the workers, as a check
# of the schema or a warm-up at start would.
PRELOAD_APP = """
from sqlalchemy import text

from annotator.engine import get_engine
from wsgi import app

with get_engine(app).connect() as connection:
    connection.execute(text("SELECT 1"))
"""


@pytest.mark.server
def test_two_preloaded_workers_write_side_by_side(
    live_server: Callable[..., LiveServer],
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    tmp_path: Path,
) -> None:
    """Under ``--preload``, after the master used the database, both workers write at once."""
    (tmp_path / "preloaded_wsgi.py").write_text(PRELOAD_APP)
    words = [f"w{index:03d}" for index in range(48)]
    text = " ".join(words) + "."
    project = make_project("preload")
    users = [make_user(f"writer{i}") for i in range(6)]
    document = make_document(project, text)
    assign(document, *users)
    headers = [make_token(user) for user in users]
    spans_url = f"/api/v1/documents/{document.id}/spans"  # the threads share no session
    server = live_server(
        workers=2,
        extra_args=["--preload", "--pythonpath", f"{tmp_path},{ROOT}"],
        app_spec="preloaded_wsgi:app",
    )
    answers: list[tuple[int, str]] = []
    barrier = threading.Barrier(len(users))

    def write(i: int) -> None:
        with requests.Session() as http:
            http.trust_env = False
            http.headers.update(headers[i])
            barrier.wait()
            for n in range(8):
                word = words[i * 8 + n]
                start = text.index(word)
                body = {"label": "CLAIM", "start": start, "end": start + len(word)}
                try:
                    response = http.post(server.url + spans_url, json=body, timeout=20)
                except requests.RequestException as exc:  # a worker that died mid-answer
                    answers.append((0, repr(exc)))
                    continue
                answers.append((response.status_code, response.text))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(len(users))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    failed = [answer for answer in answers if answer[0] != 201]
    assert failed == [] and len(answers) == 48
