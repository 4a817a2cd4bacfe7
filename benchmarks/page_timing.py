"""What the page benchmarks do alike: sign a test client in through the login form, and time
a GET through the real app (Flask's test client: the app, its queries and its templates,
without a network between).

SQLite runs in the benchmark's own process, so CPU time covers the queries too; on a machine
that others load, it is the figure to compare.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from typing import Any

#: The login form's CSRF token.
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def signed_in(app: Any, username: str, password: str) -> Any:
    """Return a test client of ``app`` signed in as ``username`` through the login form."""
    client = app.test_client()
    token = CSRF.search(client.get("/auth/login").get_data(as_text=True))
    assert token, "no csrf_token on the login page"
    data = {"csrf_token": token.group(1), "username": username, "password": password}
    assert client.post("/auth/login", data=data).status_code == 302
    return client


def time_get(
    client: Any,
    path: str,
    runs: int,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    summary: Callable[[list[float]], float] = statistics.median,
) -> tuple[float, float, int]:
    """Return the median wall-clock and CPU milliseconds of ``runs`` requests for ``path``
    (each answered ``status``), and the answer's bytes; a first request, not timed, warms
    the caches a user's first visit would. ``summary=min`` gives the best of the runs
    instead: on a machine others load, the least a request took is the steadier figure."""
    first = client.get(path, headers=headers)
    assert first.status_code == status, (first.status_code, first.get_data(as_text=True)[:300])
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        answer = client.get(path, headers=headers)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == status
    return summary(wall), summary(cpu), len(first.get_data())
