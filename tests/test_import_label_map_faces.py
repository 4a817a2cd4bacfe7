"""The label map of doccano and Label Studio imports on every face, in that face's words.

The command line takes ``--map`` without ``--format``; a JSON or JSONL body sent to
``POST /api/v1/projects/<slug>/documents`` takes ``?map=``, a multipart upload its ``map``
field; the import page takes its Label map with the format "doccano, Label Studio or jsonl
records". One service maps for all of them, and its refusals name the way each face has.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.models import Document, Relation, Span
from tests.helpers import csrf_token_from, login

URL = "/api/v1/projects/demo/documents"
TEXT = "Officials said the plan will cut costs."
# A doccano line of another project's labels: Person and Quote, and a relation named said_by.
DOCCANO = {
    "id": "doc-1",
    "text": TEXT,
    "annotator": "bob",
    "entities": [
        {"id": 1, "label": "Quote", "start_offset": 15, "end_offset": 38},
        {"id": 2, "label": "Person", "start_offset": 0, "end_offset": 9},
    ],
    "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "said_by"}],
}
MAP = "Quote=CLAIM,Person=SOURCE,said_by=ATTRIBUTED_TO"


@pytest.fixture
def world(make_project: Any, make_user: Any) -> Any:
    make_project("demo")
    make_user("bob", "annotator")


def _stored(session: Session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(m)) for m in (Document, Span, Relation)
    )


def _labels(session: Session) -> tuple[list[str], list[str]]:
    spans = sorted(session.scalars(select(Span.label)))
    relations = list(session.scalars(select(Relation.type)))
    return spans, relations


def test_the_command_line_maps_a_doccano_file_without_format(
    world: Any, runner: Any, session: Session, tmp_path: Any
) -> None:
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps(DOCCANO) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(path), "--map", MAP])
    assert result.exit_code == 0, result.output
    assert "They hold 2 spans and 1 relation." in result.output
    assert _labels(session) == (["CLAIM", "SOURCE"], ["ATTRIBUTED_TO"])


def test_the_command_line_says_its_flag_for_a_label_it_cannot_place(
    world: Any, runner: Any, session: Session, tmp_path: Any
) -> None:
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps(DOCCANO) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(path), "--map", "Quote=CLAIM"])
    assert result.exit_code == 1
    assert f"{path}:1: document 'doc-1', layer 'bob', span 1 (id 2, 'Person' [0, 9))" in (
        result.output
    )
    assert "map it with --map Person=OURS, or leave it out with Person=-" in result.output
    assert _stored(session) == (0, 0, 0)


def test_a_json_body_takes_the_map_as_a_query_parameter(
    world: Any, client: Any, session: Session, admin_headers: Any
) -> None:
    response = client.post(URL, query_string={"map": MAP}, json=[DOCCANO], headers=admin_headers)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["annotations"]["relations"] == 1
    assert _labels(session) == (["CLAIM", "SOURCE"], ["ATTRIBUTED_TO"])


def test_a_json_bodys_refusal_names_the_query_parameter(
    world: Any, client: Any, session: Session, admin_headers: Any
) -> None:
    response = client.post(URL, json=[DOCCANO], headers=admin_headers)
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]
    said = " ".join(d["message"] for d in details)
    assert "map it with ?map=Quote=OURS, or leave it out with Quote=-" in said
    assert "--map" not in said
    assert _stored(session) == (0, 0, 0)


def test_a_multipart_upload_maps_records_without_a_format(
    world: Any, client: Any, session: Session, admin_headers: Any
) -> None:
    upload = (io.BytesIO(json.dumps(DOCCANO).encode()), "doccano.jsonl")
    data = {"map": MAP, "file": [upload]}
    response = client.post(URL, data=data, headers=admin_headers)
    assert response.status_code == 201, response.get_json()
    assert _labels(session) == (["CLAIM", "SOURCE"], ["ATTRIBUTED_TO"])


def _page_import(client: Any, **fields: Any) -> Any:
    page = client.get("/projects/demo/import")
    data: dict[str, Any] = {"format": "records", **fields}
    data["files"] = [(io.BytesIO(json.dumps(DOCCANO).encode()), "doccano.jsonl")]
    data["csrf_token"] = csrf_token_from(page.get_data(as_text=True))
    return client.post("/projects/demo/import", data=data, content_type="multipart/form-data")


def test_the_import_page_maps_doccano_records_with_its_label_map(
    world: Any, client: Any, session: Session, make_user: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    form = client.get("/projects/demo/import").get_data(as_text=True)
    assert '<option value="records">doccano, Label Studio, jsonl</option>' in form
    response = _page_import(client, label_map=MAP)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert _labels(session) == (["CLAIM", "SOURCE"], ["ATTRIBUTED_TO"])


def test_the_import_page_warns_of_a_label_map_entry_that_matches_nothing(
    world: Any, client: Any, session: Session, make_user: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    response = _page_import(client, label_map=MAP + ",Sorce=-")
    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "Warning: entry &#39;Sorce=-&#39; of the Label map matches nothing" in html
    assert _labels(session) == (["CLAIM", "SOURCE"], ["ATTRIBUTED_TO"])


def test_the_import_pages_refusal_names_its_label_map(
    world: Any, client: Any, session: Session, make_user: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    response = _page_import(client, label_map="Quote=CLAIM,Person=SOURCE")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "map it with said_by=OURS in the Label map, or leave it out with said_by=-" in html
    assert "--map" not in html.split("<form")[0]
    assert _stored(session) == (0, 0, 0)


def test_the_project_pages_upload_sends_a_label_to_map_to_the_corpus_page(
    world: Any, client: Any, session: Session, make_user: Any
) -> None:
    # The project page's form has no label map; the corpus page, which takes the same
    # files, has: the refusal says where.
    make_user("ada", "admin")
    login(client, "ada")
    page = client.get("/projects/demo")
    data = {
        "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        "files": [(io.BytesIO(json.dumps(DOCCANO).encode()), "doccano.jsonl")],
    }
    response = client.post("/projects/demo/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert (
        "map it with Quote=OURS in the Label map of the page "
        '<a href="/projects/demo/import">Import another tool&#39;s corpus</a>, '
        "or leave it out with Quote=-"
    ) in html
    assert "<h1>Import another tool&#39;s corpus</h1>" in client.get(
        "/projects/demo/import"
    ).get_data(as_text=True)
    assert _stored(session) == (0, 0, 0)
