"""A document title's length: refused past 1,000 characters (the column's size) by every way
a document comes in, in the same words, naming the file, the line and the field; nothing of
that import is stored. The OpenAPI document states the limit."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.limits import DOCUMENT_TITLE_MAX
from annotator.models import Document
from tests.helpers import csrf_token_from, login

LONGEST = "T" * DOCUMENT_TITLE_MAX
TOO_LONG = "T" * (DOCUMENT_TITLE_MAX + 1)
SAID = "'title' is 1001 characters long; a document title takes at most 1000"
# Line 1 is fine and comes first: the import is all or nothing.
RECORDS = [
    {"id": "fine", "text": "Officials said the border was closed.", "title": LONGEST},
    {"id": "long", "text": "The ministry denied it.", "title": TOO_LONG},
]
JSONL = "".join(json.dumps(record) + "\n" for record in RECORDS).encode()
CSV = (
    "id,title,text\n"
    f"fine,{LONGEST},Officials said the border was closed.\n"
    f"long,{TOO_LONG},The ministry denied it.\n"
).encode()


@pytest.fixture
def admin(admin_headers: dict[str, str], make_project: Any) -> dict[str, str]:
    make_project("demo")
    return admin_headers


def _stored(session: Session) -> int:
    session.commit()  # a fresh snapshot: the requests committed in their own sessions
    return session.scalar(select(func.count()).select_from(Document)) or 0


def test_the_api_refuses_a_long_title_in_a_body_and_in_a_file(
    client: Any, session: Session, admin: dict[str, str]
) -> None:
    url = "/api/v1/projects/demo/documents"
    # An array, a record a line: the problem is at the record's line of the body, and names
    # the record by its index in the array and its id.
    array = "[\n" + ",\n".join(json.dumps(record) for record in RECORDS) + "\n]"
    body = client.post(url, data=array, content_type="application/json", headers=admin)
    assert body.status_code == 422
    assert body.get_json()["error"]["details"] == [
        {"file": "request", "line": 3, "message": SAID, "index": 1, "id": "long"}
    ]
    files = {"file": [(io.BytesIO(JSONL), "news.jsonl"), (io.BytesIO(CSV), "news.csv")]}
    upload = client.post(url, data=files, headers=admin, content_type="multipart/form-data")
    assert upload.status_code == 422
    assert upload.get_json()["error"]["details"] == [
        {"file": "news.jsonl", "line": 2, "message": SAID},
        {"file": "news.csv", "line": 3, "message": SAID},
    ]
    assert _stored(session) == 0
    made = client.post(url, json=RECORDS[:1], headers=admin)
    assert made.status_code == 201, made.get_json()
    document = client.get("/api/v1/projects/demo/documents", headers=admin).get_json()
    assert [d["title"] for d in document["documents"]] == [LONGEST]


def test_the_project_page_upload_refuses_it(
    client: Any, session: Session, admin: dict[str, str]
) -> None:
    login(client, "ada")
    page = client.get("/projects/demo").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token_from(page),
        "files": [(io.BytesIO(JSONL), "news.jsonl")],
    }
    response = client.post("/projects/demo/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert f"news.jsonl:2: {SAID}".replace("'", "&#39;") in response.get_data(as_text=True)
    assert _stored(session) == 0


def test_the_command_line_refuses_it(
    runner: Any, session: Session, admin: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "news.jsonl").write_bytes(JSONL)
    result = runner.invoke(args=["import", "demo", str(tmp_path / "news.jsonl")])
    assert result.exit_code != 0
    assert f"news.jsonl:2: {SAID}" in result.output, result.output
    assert _stored(session) == 0


def test_the_openapi_document_states_the_limit(client: Any) -> None:
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert schemas["ImportRecord"]["properties"]["title"]["maxLength"] == DOCUMENT_TITLE_MAX


def test_the_limit_is_the_columns_size() -> None:
    assert Document.__table__.c.title.type.length == DOCUMENT_TITLE_MAX
