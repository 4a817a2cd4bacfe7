"""Login throttling across the worker processes of a real gunicorn server."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from annotator.services.accounts import throttle
from tests.conftest import PASSWORD
from tests.extras import need

requests = need("requests")

from tests.live_server import live_server  # noqa: E402, F401 - the fixture

WRONG = "not the password"


@pytest.fixture
def alice(make_user: Any) -> Any:
    return make_user("alice", "annotator")


@pytest.mark.server
def test_throttling_holds_across_two_gunicorn_workers(
    alice: Any,
    live_server: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Ten failures, then the right password gets 429 from both workers, not only one."""
    log = tmp_path / "gunicorn.log"
    server = live_server(
        workers=2,
        log_path=log,
        # Each answer logged with the pid of the worker that gave it.
        extra_args=["--access-logfile", "-", "--access-logformat", "answer %(p)s %(m)s %(s)s"],
    )

    def attempt(password: str) -> requests.Response:
        # A new connection each time, so that either worker may answer.
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

    def workers_that_refused() -> set[str]:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        return {line.split()[1] for line in lines if re.match(r"answer \S+ POST 429$", line)}

    for _ in range(throttle.PER_USERNAME):
        assert attempt(WRONG).status_code == 401
    for _ in range(60):
        refused = attempt(PASSWORD)
        assert refused.status_code == 429, refused.status_code
        assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
        if len(workers_that_refused()) == 2:
            break
    assert len(workers_that_refused()) == 2, log.read_text()
