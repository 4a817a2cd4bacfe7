"""An import that brings layers in marked done with a required field blank warns of them:
the command line prints it, the API's answer carries it in ``warnings``, the upload page
flashes it. The layers are stored as the file says (done): an import is all or nothing of
what the file holds.
"""

from __future__ import annotations

import copy
import json
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from annotator.core.required_fields import imported_blank_said
from tests.conftest import SEED_SCHEMA
from tests.helpers import csrf_token_from, login

TEXT = "The border was closed. Trade fell. Prices rose."  # three sentences


def _record(external_id: str, stance_on: list[int], status: str = "done") -> dict[str, Any]:
    labels = [{"sentence": i, "name": "stance", "value": "NONE"} for i in stance_on]
    layer = {"annotator": "bob", "status": status, "spans": [], "relations": []}
    return {
        "id": external_id,
        "text": TEXT,
        "annotations": [layer | {"sentence_labels": labels, "document_labels": []}],
    }


@pytest.fixture
def required_world(make_user, make_project, make_token) -> Any:
    """Project demo requires a stance on every sentence; bob annotates, ada administers."""
    schema = copy.deepcopy(SEED_SCHEMA)
    next(f for f in schema["sentence_labels"] if f["name"] == "stance")["required"] = True
    make_project("demo", schema)
    make_user("bob")
    return SimpleNamespace(ada=make_token(make_user("ada", "admin")))


def test_the_api_import_warns_of_layers_imported_done_with_a_required_field_blank(
    client, required_world
) -> None:
    records = [_record("n1", [0]), _record("n2", [0, 1, 2]), _record("n3", [])]
    headers = required_world.ada
    answer = client.post("/api/v1/projects/demo/documents", json=records, headers=headers)
    assert answer.status_code in (200, 201), answer.get_json()
    report = answer.get_json()
    assert "2 layers imported as done leave required 'stance' blank" in report["warnings"]
    # Stored as the file says: done.
    listed = client.get("/api/v1/projects/demo/documents", headers=required_world.ada).get_json()
    done = {d["external_id"]: d["progress"]["done"] for d in listed["documents"]}
    assert (done["n1"], done["n2"], done["n3"]) == (1, 1, 1)


def test_an_import_whose_done_layers_give_every_value_warns_of_nothing(
    client, required_world
) -> None:
    """Layers not done may leave anything blank; done ones here give every value."""
    records = [_record("n2", [0, 1, 2]), _record("n4", [], "in_progress")]
    answer = client.post(
        "/api/v1/projects/demo/documents", json=records, headers=required_world.ada
    )
    assert answer.status_code in (200, 201), answer.get_json()
    assert "imported as done" not in json.dumps(answer.get_json())


def test_the_cli_prints_the_warning(runner, required_world, tmp_path: Path) -> None:
    path = tmp_path / "layers.jsonl"
    path.write_text(json.dumps(_record("n1", [1])) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 layer imported as done leaves required 'stance' blank" in result.output


def test_the_upload_page_flashes_the_warning(client, required_world) -> None:
    login(client, "ada")
    page = client.get("/projects/demo").get_data(as_text=True)
    body = json.dumps(_record("n1", [])).encode("utf-8")
    answer = client.post(
        "/projects/demo/upload",
        data={"csrf_token": csrf_token_from(page), "files": (BytesIO(body), "layers.jsonl")},
        content_type="multipart/form-data",
    )
    assert answer.status_code in (302, 303), answer.get_data(as_text=True)
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Warning: 1 layer imported as done leaves required &#39;stance&#39; blank" in shown


def test_the_warning_counts_layers_and_names_the_field() -> None:
    assert imported_blank_said(2, "stance", False) == (
        "2 layers imported as done leave required 'stance' blank"
    )
    assert imported_blank_said(1, "genre", True) == (
        "1 layer imported as done leaves required document field 'genre' blank"
    )
