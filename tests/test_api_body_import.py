"""The JSON and JSONL body import over HTTP speaks to a script in the API's own words.

``POST /api/v1/projects/<slug>/documents`` with a JSON array or JSONL body takes the import's
options as query parameters (``?annotator=NAME`` for records that name no layer, as doccano's
and Label Studio's do, and ``?create_users=true``), and its messages name those, never the
command line's flags (``--annotator``, ``--create-users``) that a script cannot send.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

URL = "/api/v1/projects/demo/documents"
# A doccano record: its spans name no annotator.
DOCCANO = {"id": "dc-1", "text": "Bob said it rains.", "label": [[0, 3, "SOURCE"]]}
# A record in the export's shape, its layer naming an annotator who has no account.
EXPORTED = {
    "id": "ex-1",
    "text": "Ann said it snows.",
    "annotations": [
        {"annotator": "nobody", "spans": [{"label": "SOURCE", "start": 0, "end": 3}]},
    ],
}
FLAGS = ("--annotator", "--create-users", "--map", "--format", "annotator users create")


@pytest.fixture
def admin(client: Any, make_project: Any, admin_headers: dict[str, str]) -> Any:
    """The project ``demo`` and an admin's bearer headers."""
    make_project("demo")
    return admin_headers


def _refused(client: Any, headers: Any, records: list[Any], query: str = "") -> str:
    response = client.post(URL + query, json=records, headers=headers)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "import_failed"
    message = error["message"]
    for flag in FLAGS:
        assert flag not in message, message
    return str(message)


def test_a_layer_naming_no_annotator_is_asked_for_with_the_query_parameter(
    client: Any, admin: Any
) -> None:
    message = _refused(client, admin, [DOCCANO])
    assert "a layer names no annotator; name one (a username, or gold) with ?annotator=NAME" in (
        message
    )


def test_an_unknown_annotator_is_said_with_the_apis_ways_to_make_one(
    client: Any, admin: Any
) -> None:
    message = _refused(client, admin, [EXPORTED])
    assert "1 unknown annotator: nobody; create them first (POST /api/v1/users)" in message
    assert "or add ?create_users=true" in message


def test_the_jsonl_body_speaks_the_same_words(client: Any, admin: Any) -> None:
    body = json.dumps(DOCCANO) + "\n"
    headers = admin | {"Content-Type": "application/x-ndjson"}
    response = client.post(URL, data=body, headers=headers)
    assert response.status_code == 422
    assert "with ?annotator=NAME" in response.get_json()["error"]["message"]


def test_annotator_in_the_query_gives_records_their_layer(
    client: Any, admin: Any, make_user: Any
) -> None:
    make_user("carla", "annotator")
    response = client.post(URL + "?annotator=carla", json=[DOCCANO], headers=admin)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["annotations"]["annotators"] == ["carla"]
    doc = client.get(URL, headers=admin).get_json()["documents"][0]
    layer = client.get(f"/api/v1/documents/{doc['id']}/annotations?annotator=carla", headers=admin)
    assert [(s["label"], s["text"]) for s in layer.get_json()["spans"]] == [("SOURCE", "Bob")]


def test_layer_is_the_same_parameter_by_another_name(client: Any, admin: Any) -> None:
    response = client.post(URL + "?layer=gold", json=[DOCCANO], headers=admin)
    assert response.status_code == 201, response.get_json()
    both = client.post(URL + "?layer=gold&annotator=carla", json=[DOCCANO], headers=admin)
    assert both.status_code == 400


def test_create_users_in_the_query_makes_the_unknown_annotators(client: Any, admin: Any) -> None:
    response = client.post(URL + "?create_users=true", json=[EXPORTED], headers=admin)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["annotations"]["users_created"] == ["nobody"]


def test_create_users_must_be_true_or_false(client: Any, admin: Any) -> None:
    response = client.post(URL + "?create_users=yes", json=[EXPORTED], headers=admin)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert "'create_users' must be true or false, not 'yes'" in error["message"]
    assert error["details"] == {"field": "create_users"}
    assert client.get(URL, headers=admin).get_json()["documents"] == []


def test_the_report_gives_each_documents_id_for_the_next_call(client: Any, admin: Any) -> None:
    first = client.post(URL, json=[{"id": "a", "text": "One."}], headers=admin)
    assert first.status_code == 201
    records = [{"id": "b", "text": "Two."}, {"id": "a", "text": "One."}]
    report = client.post(URL, json=records, headers=admin).get_json()
    assert report["created"] == 1 and report["unchanged"] == 1
    # Created and unchanged alike: the ids GET /documents/<id> takes.
    assert sorted(report["ids"]) == ["a", "b"]
    assert report["ids"]["a"] == first.get_json()["ids"]["a"]
    for external_id, doc_id in report["ids"].items():
        doc = client.get(f"/api/v1/documents/{doc_id}", headers=admin).get_json()
        assert doc["external_id"] == external_id


def test_a_multipart_upload_reports_the_ids_too(client: Any, admin: Any) -> None:
    upload = {"file": (io.BytesIO(b"Plain text, one document."), "news/one.txt")}
    report = client.post(URL, data=upload, headers=admin).get_json()
    (doc_id,) = report["ids"].values()
    assert client.get(f"/api/v1/documents/{doc_id}", headers=admin).status_code == 200
