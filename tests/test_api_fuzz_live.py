"""Schemathesis against /api/v1/openapi.json on a real server: no input gives a server error.

Every described operation gets generated requests (valid and invalid bodies, ids, query
values) from an annotator, a reviewer and an anonymous caller, on loopback only, with a
bounded number of examples per operation. Any 5xx fails, as does an answer that breaks the
described schema for its status.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.extras import need

# The test extra installs them: a missing one is skipped, or fails in CI (tests/extras.py).
requests = need("requests")
schemathesis = need("schemathesis")
need("hypothesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

pytestmark = pytest.mark.server
EXAMPLES = int(os.environ.get("ANNOTATOR_FUZZ_EXAMPLES", "25"))
TEXT = "Officials said the border was closed. The ministry denied it. 😀 Talks went on."


@pytest.fixture
def world(make_world) -> Any:
    docs = {f"d{i}": (TEXT, f"d{i}.txt") for i in range(3)}
    made = make_world({"alice": "annotator", "rita": "reviewer"}, **docs)
    return {"alice": made.tokens["alice"], "rita": made.tokens["rita"], "anonymous": {}}


def test_generated_requests_never_get_a_server_error(world: Any, live_server: Any) -> None:
    server = live_server(workers=2)
    schema = schemathesis.openapi.from_url(f"{server.url}/api/v1/openapi.json")
    http = requests.Session()
    http.trust_env = False  # loopback only
    base_url = f"{server.url}/api/v1"
    failures: list[str] = []
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() == "POST" and operation.path == "/projects/{slug}/documents":
            continue  # imports: covered by tests/test_api_bodies.py, and slow to fuzz here

        @given(case=operation.as_strategy(), who=st.sampled_from(sorted(world)))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any, who: str) -> None:
            nonlocal checked
            response = case.call(base_url=base_url, session=http, headers=world[who], timeout=20)
            checked += 1
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} as {who}: {response.status_code} "
                    f"{response.text[:200]}"
                )

        run()
    http.close()
    assert checked > 0
    assert failures == []
