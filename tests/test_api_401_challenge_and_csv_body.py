"""An API 401 names the scheme it takes (``WWW-Authenticate: Bearer``), and a CSV sent as the
body of a document import is told the way that works (a multipart file), not "not JSONL"."""

from __future__ import annotations

import io
from typing import Any

import pytest

from annotator.web.errors import BEARER_CHALLENGE


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic YWxpY2U6cHc="}],
    ids=["none", "bad token", "another scheme"],
)
def test_every_api_401_carries_the_bearer_challenge(client: Any, headers: dict[str, str]) -> None:
    answer = client.get("/api/v1/projects", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == BEARER_CHALLENGE == 'Bearer realm="annotator"'
    assert answer.get_json()["error"]["code"] == "unauthenticated"


def test_a_page_asks_for_no_bearer(client: Any) -> None:
    page = client.get("/projects/demo")
    assert page.status_code in (302, 401) and "WWW-Authenticate" not in page.headers


@pytest.mark.parametrize("mimetype", ["text/csv", "application/csv"])
def test_a_csv_body_is_told_to_come_as_a_multipart_file(
    client: Any, make_project: Any, admin_headers: dict[str, str], mimetype: str
) -> None:
    make_project("demo")
    headers = admin_headers | {"Content-Type": f"{mimetype}; charset=utf-8"}
    answer = client.post(
        "/api/v1/projects/demo/documents", data="id,text\n1,Hi.\n", headers=headers
    )
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error["message"].startswith("send CSV as a multipart file: a 'file' field")
    assert "not JSONL" not in error["message"]
    sent = client.post(
        "/api/v1/projects/demo/documents",
        data={"file": (io.BytesIO(b"id,text\n1,Hi.\n"), "data.csv")},
        headers=admin_headers,
        content_type="multipart/form-data",
    )
    assert sent.status_code == 201, sent.get_json()
