"""Login throttling across the worker processes of a real gunicorn server."""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.services.accounts import throttle
from tests.conftest import PASSWORD
from tests.extras import need

requests = need("requests")


WRONG = "not the password"


@pytest.fixture
def alice(make_user: Any) -> Any:
    return make_user("alice", "annotator")


@pytest.mark.server
def test_throttling_holds_across_two_server_processes(
    alice: Any,
    live_server: Any,
) -> None:
    """Failures counted by either process; both then refuse the right password (429).

    Two single-worker servers on one database, rather than one server with two workers: the
    kernel may hand every connection of a two-worker server to the same worker, and then the
    test would prove nothing (and, asserting otherwise, fail at random).
    """
    first = live_server(workers=1)
    second = live_server(workers=1)

    def attempt(url: str, password: str) -> requests.Response:
        with requests.Session() as http:
            http.trust_env = False
            form = http.get(f"{url}/auth/login", timeout=20)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text)
            assert token, form.text
            return http.post(
                f"{url}/auth/login",
                data={"csrf_token": token.group(1), "username": "alice", "password": password},
                allow_redirects=False,
                timeout=20,
            )

    # The failures alternate between the processes: neither alone has seen the limit.
    for number in range(throttle.PER_USERNAME):
        server = first if number % 2 == 0 else second
        assert attempt(server.url, WRONG).status_code == 401
    for server in (first, second):
        refused = attempt(server.url, PASSWORD)
        assert refused.status_code == 429, (server.url, refused.status_code)
        assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60


@pytest.mark.server
def test_throttling_holds_across_the_two_workers_of_one_gunicorn(
    alice: Any,
    live_server: Any,
    tmp_path: Any,
) -> None:
    """Both workers of one server refuse the right password once either counted the failures.

    Which worker takes a connection is the kernel's choice, so the test makes it: a worker
    that has accepted a connection whose request never ends is busy reading it (a sync
    worker serves one connection at a time), and the next connection goes to the other one.
    """
    import socket
    import time

    log = tmp_path / "gunicorn.log"
    server = live_server(
        workers=2,
        log_path=log,
        extra_args=["--access-logfile", "-", "--access-logformat", "answer %(p)s %(m)s %(s)s"],
    )

    def attempt(password: str) -> requests.Response:
        with requests.Session() as http:
            http.trust_env = False
            form = http.get(f"{server.url}/auth/login", timeout=20)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text)
            assert token, form.text
            return http.post(
                f"{server.url}/auth/login",
                data={"csrf_token": token.group(1), "username": "alice", "password": password},
                allow_redirects=False,
                timeout=20,
            )

    def hold_a_worker() -> socket.socket:
        held = socket.create_connection((server.url.split("//")[1].split(":")[0], server.port))
        held.sendall(b"GET /api/v1/health HTTP/1.1\r\n")  # and never the end of the headers
        time.sleep(0.5)  # accepted by an idle worker, which now waits for the rest
        return held

    def refusing_workers() -> list[str]:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        return [line.split()[1] for line in lines if re.match(r"answer \S+ POST 429$", line)]

    for _ in range(throttle.PER_USERNAME):
        assert attempt(WRONG).status_code == 401
    first_held = hold_a_worker()  # worker A is busy: worker B answers
    assert attempt(PASSWORD).status_code == 429
    second_held = hold_a_worker()  # only B was free to take it: B is busy now
    first_held.close()  # A is free again, and alone free: A answers
    time.sleep(0.5)
    assert attempt(PASSWORD).status_code == 429
    second_held.close()
    time.sleep(0.5)  # the access log is written after the answer
    assert len(set(refusing_workers())) == 2, log.read_text()
