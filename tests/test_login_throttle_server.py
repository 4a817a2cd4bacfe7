"""Login throttling across the worker processes of a real gunicorn server."""

from __future__ import annotations

import re
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
def test_throttling_holds_across_two_server_processes(
    alice: Any,
    live_server: Any,  # noqa: F811
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
