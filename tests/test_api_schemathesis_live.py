"""schemathesis with every check against a live server, as an admin and as an annotator.

Its command line runs every phase (the document's examples, boundary coverage, fuzzing and
stateful sequences) with ``--checks all``: any server error, undocumented status, answer off
its schema, request the schema allows but the server refuses (or the reverse), missing
``Allow`` header, resource still there after a DELETE or ignored credentials fails the test.
What a schema cannot state is written in tests/schemathesis.toml, with the reason.
``ANNOTATOR_SCHEMATHESIS_EXAMPLES`` bounds the examples per operation (CI time).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from tests.extras import need

requests = need("requests")
need("schemathesis")


pytestmark = pytest.mark.server
EXAMPLES = int(os.environ.get("ANNOTATOR_SCHEMATHESIS_EXAMPLES", "10"))
CONFIG = Path(__file__).with_name("schemathesis.toml")
TEXT = "Officials said the border was closed. The ministry denied it. 😀 Talks went on."


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> Any:
    from annotator.models import ApiToken
    from annotator.services.annotation.layers import ensure_layer
    from annotator.services.annotation.spans import add_span

    ada = make_user("ada", "admin")
    alice = make_user("alice", "annotator")
    bob = make_user("bob", "annotator")
    demo = make_project("demo")
    other = make_project("other")  # alice's hidden project
    for index in range(3):
        document = make_document(demo, TEXT, external_id=f"d{index}.txt")
        assign(document, alice, bob)
        add_span(session, ensure_layer(session, document, alice.id), "CLAIM", 0, 9)
    assign(make_document(other, TEXT, external_id="o.txt"), bob)
    session.commit()
    tokens = {"admin": make_token(ada), "annotator": make_token(alice)}
    # DELETE /tokens/{id} is fuzzed too: ids far from those a fuzzer tries first keep the
    # caller's own token alive (the test checks it is, at the end).
    for offset, owner in enumerate((ada, alice)):
        session.execute(
            update(ApiToken).where(ApiToken.user_id == owner.id).values(id=1_234_567_000 + offset)
        )
    session.commit()
    return tokens


@pytest.mark.parametrize("role", ["admin", "annotator"])
def test_schemathesis_with_every_check_finds_nothing(
    world: Any,
    live_server: Any,
    tmp_path: Path,
    role: str,
) -> None:
    server = live_server(workers=2)
    command = [
        sys.executable, "-m", "schemathesis.cli",
        "--config-file", str(CONFIG),
        "run", f"{server.url}/api/v1/openapi.json",
        "--checks", "all",
        "--header", f"Authorization:{world[role]['Authorization']}",
        "--max-examples", str(EXAMPLES),
        "--seed", "1",
        "--generation-database", "none",
        "--workers", "1",
        "--no-color",
    ]  # fmt: skip
    env = os.environ | {"NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        env.pop(name, None)  # loopback only
    run = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1200
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-20000:]
    assert " passed" in report, report[-2000:]
    # Every operation but the one tests/schemathesis.toml leaves out (DELETE /tokens/{id}).
    selected, total = map(int, re.findall(r"Operations:\s+(\d+) selected / (\d+) total", report)[0])
    assert (selected, total > 40) == (total - 1, True), report[:2000]
    # The run was as the role throughout: its credentials were never refused.
    assert "401 Unauthorized (" not in report, report[-5000:]
    http = requests.Session()
    http.trust_env = False
    still = http.get(f"{server.url}/api/v1/projects", headers=world[role], timeout=20)
    assert still.status_code == 200
