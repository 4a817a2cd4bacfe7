"""A body sent without Content-Length (chunked) over the upload limit is refused whole.

Against a real gunicorn, for every operation of the OpenAPI document that takes a body, and
for every page form route (every POST of the URL map outside the API), sent by a signed-in
browser with a good CSRF token: the answer is 413 and no table changes. A chunked body under
the limit still gets through.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.db import Base
from tests.conftest import PASSWORD
from tests.extras import need
from tests.helpers import csrf_token_from

requests = need("requests")


pytestmark = pytest.mark.server
LIMIT_MB = 1
TEXT = "Officials said the border was closed. The ministry denied it."


def _chunks(body: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    # A generator body makes requests send Transfer-Encoding: chunked, without a length.
    for start in range(0, len(body), size):
        yield body[start : start + size]


def _row_counts(session: Any) -> dict[str, int]:
    session.rollback()  # see what the server committed, not an old snapshot
    return {
        name: session.scalar(select(func.count()).select_from(table))
        for name, table in Base.metadata.tables.items()
    }


@pytest.fixture
def world(make_world, assign, session) -> Any:
    from annotator.services.annotation.layers import ensure_layer
    from annotator.services.annotation.spans import add_span

    made = make_world(
        {"root": "admin", "alice": "annotator"}, members={}, document=(TEXT, "d1.txt")
    )
    admin, document = made.root, made.document
    assign(document, admin)
    span = add_span(session, ensure_layer(session, document, admin.id), "CLAIM", 0, 9)
    session.commit()
    return {
        "headers": made.tokens["root"],
        "values": {"slug": "demo", "document_id": document.id, "span_id": span.id},
    }


def test_every_body_over_the_limit_without_a_length_gets_413_and_stores_nothing(
    world: Any,
    live_server: Any,
    session: Any,
) -> None:
    server = live_server(workers=1, env={"ANNOTATOR_MAX_UPLOAD_MB": str(LIMIT_MB)})
    http = requests.Session()
    http.trust_env = False
    spec = http.get(f"{server.url}/api/v1/openapi.json", timeout=20).json()
    # Ids the fixture has; any other id will do, the body is refused before it is read.
    values = {**world["values"], "username": "alice"}
    # A well-formed JSON array, so that only its size can be wrong with it.
    record = json.dumps({"text": "x" * 1000, "id": "doc"})
    body = ("[" + ",".join([record] * (LIMIT_MB * 1100)) + "]").encode()
    assert len(body) > LIMIT_MB * 1024 * 1024
    before = _row_counts(session)
    checked = []
    for path, operations in spec["paths"].items():
        for method in operations:
            if method not in ("post", "put", "patch"):
                continue
            url = (
                server.url
                + "/api/v1"
                + re.sub(r"\{(\w+)\}", lambda m: str(values.get(m[1], 1)), path)
            )
            answer = http.request(
                method.upper(),
                url,
                data=_chunks(body),
                headers={**world["headers"], "Content-Type": "application/json"},
                timeout=60,
            )
            assert answer.status_code == 413, (method, path, answer.status_code, answer.text)
            assert answer.json()["error"]["code"] == "too_large", (method, path)
            checked.append(f"{method.upper()} {path}")
    assert len(checked) >= 10, checked
    assert _row_counts(session) == before


def _multipart(fields: dict[str, str], file_field: str, size: int) -> tuple[bytes, str]:
    """Return a form body with ``fields`` first and a file of ``size`` bytes, and its type."""
    boundary = "annotator-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        'filename="big.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n'
    )
    body = ("".join(parts) + head).encode() + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_every_page_form_over_the_limit_without_a_length_gets_413_not_a_csrf_403(
    app: Any,
    world: Any,
    live_server: Any,
    session: Any,
) -> None:
    """The limit is checked before the CSRF token is looked for: a body refused whole has no
    token left in it, and the answer was 403 (the CSRF check) where 413 is the truth."""
    server = live_server(workers=1, env={"ANNOTATOR_MAX_UPLOAD_MB": str(LIMIT_MB)})
    http = requests.Session()
    http.trust_env = False
    form = http.get(f"{server.url}/auth/login", timeout=20)
    signed_in = http.post(
        f"{server.url}/auth/login",
        data={
            "csrf_token": csrf_token_from(form.text),
            "username": "root",
            "password": PASSWORD,
        },
        allow_redirects=False,
        timeout=20,
    )
    assert signed_in.status_code == 302, signed_in.text
    token = csrf_token_from(http.get(f"{server.url}/account/tokens", timeout=20).text)
    body, content_type = _multipart({"csrf_token": token}, "files", 3 * LIMIT_MB * 1024 * 1024)
    # Ids the fixture has; any other id in range will do, the body is refused before it is read.
    values = {**world["values"], "username": "alice", "index": 0, "token_id": 1, "change_id": 1}
    before = _row_counts(session)
    checked, wrong = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.rule.startswith("/api/") or "POST" not in (rule.methods or ()):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: str(values[m[1]]), rule.rule)
        answer = http.post(
            server.url + path,
            data=_chunks(body),
            # A browser's form: the token in the body alone, as no header carries it.
            headers={"Content-Type": content_type},
            allow_redirects=False,
            timeout=60,
        )
        if answer.status_code != 413 or f"at most {LIMIT_MB} MB" not in answer.text:
            wrong.append(f"POST {rule.rule}: {answer.status_code}")
        checked.append(rule.rule)
    assert not wrong, "\n".join(wrong)
    assert {"/projects/<slug>/upload", "/projects/<slug>/import", "/projects/load"} <= set(checked)
    assert "/auth/login" in checked and len(checked) > 40, checked
    assert _row_counts(session) == before
    # Still signed in: the refusals ended nothing.
    assert http.get(f"{server.url}/account/tokens", timeout=20).status_code == 200


def test_a_chunked_body_under_the_limit_is_read_whole(
    world: Any,
    live_server: Any,
    session: Any,
) -> None:
    server = live_server(workers=1, env={"ANNOTATOR_MAX_UPLOAD_MB": str(LIMIT_MB)})
    http = requests.Session()
    http.trust_env = False
    records = [{"id": f"chunked-{i}", "text": f"Article {i} said this. " * 200} for i in range(40)]
    body = "\n".join(json.dumps(r) for r in records).encode()
    assert 100_000 < len(body) < LIMIT_MB * 1024 * 1024
    answer = http.post(
        f"{server.url}/api/v1/projects/demo/documents",
        data=_chunks(body, 4096),
        headers={**world["headers"], "Content-Type": "application/x-ndjson"},
        timeout=60,
    )
    assert answer.status_code == 201, answer.text
    listed = http.get(
        f"{server.url}/api/v1/projects/demo/documents", headers=world["headers"], timeout=20
    ).json()
    names = {d["external_id"] for d in listed["documents"]}
    assert {f"chunked-{i}" for i in range(40)} <= names
