"""JSON bodies sent to the API must be UTF-8; another encoding is a 400 that says the fix.

Before: a body in Windows-1252 was refused naming its byte, with no way on ("files must be
UTF-8" on the import endpoint, where it is no file); a body in UTF-16 was refused by the import
endpoint yet taken by every other one (``json.loads`` guesses UTF-16 and UTF-32 from bytes),
so that the same script's bodies went in on one endpoint and not another. Now every JSON body
is read as UTF-8 (core/body_text.py), a leading byte-order mark allowed, and nothing changes
when one is refused.
"""

from __future__ import annotations

import codecs
import io
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.body_text import SEND_AS_UTF8, body_text
from annotator.models import Document, Project

NAME = {"name": "Démo é"}
RECORDS = [{"id": "a", "text": "Le café est servi."}]


def _name(session: Any) -> str:
    name = session.scalars(select(Project.name).where(Project.slug == "demo")).one()
    session.rollback()
    return name


def _documents(session: Any) -> int:
    count = session.scalar(select(func.count()).select_from(Document))
    session.rollback()
    return count


@pytest.fixture
def demo(make_project: Any) -> Any:
    return make_project("demo")


def _patch(client: Any, headers: Any, data: bytes, content_type: str = "application/json") -> Any:
    return client.patch(
        "/api/v1/projects/demo", data=data, headers=headers, content_type=content_type
    )


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize(
    ("encoded", "said"),
    [
        (_text(NAME).encode("cp1252"), "(byte 0xe9 at offset 11): it reads as 'é' in Windows-1252"),
        (_text(NAME).encode("utf-16"), "(byte 0xff at offset 0): it starts with UTF-16's"),
        (_text(NAME).encode("utf-16-le"), "(byte 0x00 at offset 1): a NUL byte, which UTF-16"),
        (_text(NAME).encode("utf-16-be"), "(byte 0x00 at offset 0): a NUL byte, which UTF-16"),
        (_text(NAME).encode("utf-32"), "(byte 0xff at offset 0): it starts with UTF-16's"),
    ],
    ids=["cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-32"],
)
@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=x"])
def test_a_body_in_another_encoding_is_400_naming_the_byte_and_the_fix(
    client: Any,
    demo: Any,
    admin_headers: Any,
    session: Any,
    encoded: bytes,
    said: str,
    content_type: str,
) -> None:
    """The exact type and any other spelling of it (Werkzeug's own parse) alike."""
    response = _patch(client, admin_headers, encoded, content_type)
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "malformed"
    assert error["message"].startswith("the request body is not UTF-8 "), error["message"]
    assert said in error["message"], error["message"]
    assert error["message"].endswith(SEND_AS_UTF8)
    assert _name(session) == "demo"


def test_utf_8_with_or_without_a_byte_order_mark_goes_in(
    client: Any, demo: Any, admin_headers: Any, session: Any
) -> None:
    for data in (_text(NAME).encode(), codecs.BOM_UTF8 + _text({"name": "Zwei"}).encode()):
        response = _patch(client, admin_headers, data)
        assert response.status_code == 200, response.get_json()
    assert _name(session) == "Zwei"


def test_the_import_endpoint_says_the_fix_and_its_other_way_which_works(
    client: Any, demo: Any, admin_headers: Any, session: Any
) -> None:
    """The JSON body in Windows-1252 is refused; the same bytes sent as a file with the
    encoding the refusal names go in."""
    data = _text(RECORDS).encode("cp1252")
    response = client.post(
        "/api/v1/projects/demo/documents",
        data=data,
        headers=admin_headers,
        content_type="application/json",
    )
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "not UTF-8 (byte 0xe9 at offset 28): it reads as 'é'" in message, message
    assert SEND_AS_UTF8 in message
    assert message.endswith("multipart/form-data upload with encoding=cp1252"), message
    assert _documents(session) == 0

    response = client.post(
        "/api/v1/projects/demo/documents",
        data={"file": (io.BytesIO(data), "records.json"), "encoding": "cp1252"},
        headers=admin_headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    assert _documents(session) == 1


def test_a_jsonl_body_in_utf_16_names_utf_16(client: Any, demo: Any, admin_headers: Any) -> None:
    data = "".join(_text(r) + "\n" for r in RECORDS).encode("utf-16")
    response = client.post(
        "/api/v1/projects/demo/documents",
        data=data,
        headers=admin_headers,
        content_type="application/x-ndjson",
    )
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "(byte 0xff at offset 0): it starts with UTF-16's byte-order mark" in message
    assert message.endswith("encoding=utf-16"), message


def test_body_text_drops_the_mark_and_keeps_the_rest() -> None:
    assert body_text(codecs.BOM_UTF8 + "é\ufeff".encode()) == "é\ufeff"
    assert body_text(bytearray(b"{}")) == "{}"


def test_openapi_says_bodies_are_utf_8_and_the_mark_decides(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "JSON bodies are UTF-8" in spec["info"]["description"]
    body = spec["paths"]["/projects/{slug}/documents"]["post"]["requestBody"]["content"]
    encoding = body["multipart/form-data"]["schema"]["properties"]["encoding"]
    assert "starts with a byte-order mark is read as the mark says" in encoding["description"]
