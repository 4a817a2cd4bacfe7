"""Reports of active time sent at once to a real gunicorn are measured one after the other:
two workers must not both credit a layer's time from the same moment."""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from annotator.services.annotation.active_time import MAX_REPORT_SECONDS, SLACK_SECONDS
from tests.extras import need

requests = need("requests")


pytestmark = pytest.mark.server


def test_reports_sent_at_once_are_credited_the_time_that_passed_once(
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    live_server: Any,
) -> None:
    alice = make_user("alice", "annotator", None)
    # Several tokens: one token's requests wait for each other (each records its use).
    tokens = [make_token(alice) for _ in range(8)]
    document = make_document(make_project("demo"), "Officials said the border was closed.")
    assign(document, alice)
    server = live_server(workers=4, threads=4)
    url = f"{server.url}/api/v1/documents/{document.id}/time"

    def send(number: int) -> int:
        headers = tokens[number % len(tokens)]
        answer = requests.post(url, json={"seconds": 120}, headers=headers, timeout=20)
        assert answer.status_code == 200, answer.text
        return int(answer.json()["credited"])

    started = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        credited = list(pool.map(send, range(64)))
    took = time.monotonic() - started
    # The first report taken as sent, the allowance once, and the time the burst took: no
    # second allowance (or 120) from a worker that read the layer before another one wrote.
    assert max(credited) == MAX_REPORT_SECONDS
    assert sum(credited) <= MAX_REPORT_SECONDS + SLACK_SECONDS + math.ceil(took), (credited, took)
