"""The ``X-Annotator-Export`` HTTP header counts the documents asked for by name rather than
listing them (3,000 ids made a 52 KB header); the file's own header keeps the list."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from tests.export_world import World, build_world

URL = "/api/v1/projects/src/export"
NAMED = ["doc-emoji", "doc-plain"]


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(session, make_user, make_project, make_document, assign)


def test_the_http_header_counts_named_documents_and_the_meta_line_lists_them(
    client: Any, world: World, make_token: Any
) -> None:
    headers = make_token(world.users["rita"])
    body = {"format": "jsonl", "documents": NAMED, "header": "1"}
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    filters = json.loads(response.headers["X-Annotator-Export"])["filters"]
    assert "documents" not in filters and filters["documents_count"] == 2
    first = json.loads(response.get_data(as_text=True).splitlines()[0])
    assert first["_meta"]["filters"]["documents"] == NAMED


def test_the_header_does_not_grow_with_the_ids_named(
    client: Any, world: World, make_token: Any
) -> None:
    headers = make_token(world.users["rita"])
    one = client.post(URL, json={"documents": NAMED[:1]}, headers=headers)
    two = client.post(URL, json={"documents": NAMED}, headers=headers)
    # Up to the time stamp (which follows the filters), byte for byte as long.
    before = [r.headers["X-Annotator-Export"].split('"exported_at"')[0] for r in (one, two)]
    assert len(before[0]) == len(before[1])


def test_without_named_documents_the_filter_stays_null(
    client: Any, world: World, make_token: Any
) -> None:
    response = client.get(URL, headers=make_token(world.users["rita"]))
    assert json.loads(response.headers["X-Annotator-Export"])["filters"]["documents"] is None


def test_a_zips_meta_json_keeps_the_list(client: Any, world: World, make_token: Any) -> None:
    body = {"format": "jsonl", "documents": NAMED, "split": "train=0.5,test=0.5"}
    response = client.post(URL, json=body, headers=make_token(world.users["rita"]))
    assert response.status_code == 200, response.get_data(as_text=True)
    meta = json.loads(zipfile.ZipFile(io.BytesIO(response.get_data())).read("meta.json"))
    assert meta["filters"]["documents"] == NAMED
    header = json.loads(response.headers["X-Annotator-Export"])
    assert header["filters"]["documents_count"] == 2 and "ids" not in header["split"]
