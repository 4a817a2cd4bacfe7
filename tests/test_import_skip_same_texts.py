"""Asked to, an import leaves out a new document whose text the project (or an earlier
document of the same import) already has: the command line's ``--skip-same-texts``, the API's
``skip_same_texts``, the pages' checkbox, one option. Each is listed among the skipped with
the id of the document it repeats; by default such a document is still stored and warned of
(tests/test_import_same_texts.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Document, Layer
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.helpers import csrf_token_from, login

KREMLIN = "The Kremlin said nothing.\nThe talks went on.\n"
OTHER = "Critics disagree.\n"
CONLL = "-DOCSTART- -X- O O\n\nOfficials O\nsaid O\n"


def _external_ids(session: Any) -> list[str]:
    return sorted(session.scalars(select(Document.external_id)))


@pytest.fixture
def ada(client: Any, make_project: Any, make_user: Any) -> Any:
    """An admin signed in, with the project ``demo``."""
    make_project("demo")
    make_user("ada", "admin")
    login(client, "ada")
    return client


def test_the_command_line_leaves_out_each_repeat_naming_the_document_it_repeats(
    runner: Any, session: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project("demo")
    (tmp_path / "kremlin.txt").write_text(KREMLIN, encoding="utf-8")
    assert runner.invoke(args=["import", "demo", str(tmp_path / "kremlin.txt")]).exit_code == 0
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "copy.txt").write_text(KREMLIN, encoding="utf-8")  # the project has it
    (batch / "critics.txt").write_text(OTHER, encoding="utf-8")
    (batch / "critics (1).txt").write_text(OTHER, encoding="utf-8")  # this import has it
    result = runner.invoke(args=["import", "demo", str(batch), "--skip-same-texts"])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.stderr
    assert (
        f"Skipped {batch / 'copy.txt'}: same text as document #1 (kremlin.txt) already in "
        "the project"
    ) in result.stderr
    assert (
        f"Skipped {batch / 'critics.txt'}: same text as document 'critics (1).txt' "
        f"({batch / 'critics (1).txt'}) of this import"
    ) in result.stderr
    assert "Imported 1 new document" in result.stdout
    assert "Skipped 2 documents whose text is there already." in result.stdout
    session.expire_all()
    assert _external_ids(session) == ["critics (1).txt", "kremlin.txt"]


def test_the_api_lists_each_repeat_with_the_id_of_the_document_it_repeats(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    make_project("demo")
    token = make_token(make_user("ada", "admin"))
    url = "/api/v1/projects/demo/documents"
    first = client.post(url, json=[{"id": "k", "text": KREMLIN}], headers=token).get_json()
    records = [
        {"id": "k-copy", "text": KREMLIN},
        {"id": "c", "text": OTHER},
        {"id": "c-copy", "text": OTHER},
    ]
    body = "\n".join(json.dumps(r) for r in records)
    response = client.post(
        f"{url}?skip_same_texts=true",
        data=body,
        content_type="application/x-ndjson",
        headers=token,
    )
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert (answer["created"], list(answer["ids"])) == (1, ["c"])
    assert "warnings" not in answer
    assert answer["skipped"] == [
        {
            "file": "request",
            "files": ["request"],
            "line": 1,
            "reason": "same text as document #1 (k) already in the project",
            "id": "k-copy",
            "same_as": first["ids"]["k"],
        },
        {
            "file": "request",
            "files": ["request"],
            "line": 3,
            "reason": "same text as document 'c' (request:2) of this import",
            "id": "c-copy",
            "same_as": answer["ids"]["c"],
        },
    ]
    # The id a script takes to the document it repeats.
    repeated = client.get(f"/api/v1/documents/{answer['skipped'][0]['same_as']}", headers=token)
    assert repeated.get_json()["external_id"] == "k"


def test_the_api_takes_the_choice_as_a_field_of_an_upload_and_refuses_a_bad_value(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    make_project("demo")
    token = make_token(make_user("ada", "admin"))
    url = "/api/v1/projects/demo/documents"

    def upload(choice: str) -> Any:
        files = [(io.BytesIO(KREMLIN.encode()), "a.txt"), (io.BytesIO(KREMLIN.encode()), "b.txt")]
        data = {"file": files, "skip_same_texts": choice}
        return client.post(url, data=data, headers=token)

    refused = upload("yes")
    assert refused.status_code == 400
    assert "'skip_same_texts' must be true or false" in refused.get_json()["error"]["message"]
    answer = upload("true").get_json()
    assert answer["created"] == 1
    assert [s["id"] for s in answer["skipped"]] == ["b.txt"]
    bad_query = client.post(f"{url}?skip_same_texts=1", json=[{"text": "A."}], headers=token)
    assert bad_query.status_code == 400


def test_the_project_pages_checkbox_leaves_out_the_repeat(ada: Any, session: Any) -> None:
    page = ada.get("/projects/demo").get_data(as_text=True)
    assert 'name="skip_same_texts"' in page
    data = {
        "csrf_token": csrf_token_from(page),
        "skip_same_texts": "y",
        "files": [
            (io.BytesIO(KREMLIN.encode()), "kremlin.txt"),
            (io.BytesIO(KREMLIN.encode()), "copy.txt"),
        ],
    }
    response = ada.post("/projects/demo/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    followed = ada.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported 1 new document" in followed
    assert (
        "Skipped copy.txt: same text as document &#39;kremlin.txt&#39; (kremlin.txt) of this import"
    ) in followed
    assert "Warning" not in followed
    session.expire_all()
    assert _external_ids(session) == ["kremlin.txt"]


def test_the_corpus_pages_checkbox_leaves_out_the_repeat(ada: Any) -> None:
    page = ada.get("/projects/demo/import").get_data(as_text=True)
    assert 'name="skip_same_texts"' in page
    data = {
        "csrf_token": csrf_token_from(page),
        "format": "conll",
        "annotator": "gold",
        "skip_same_texts": "y",
        "files": [(io.BytesIO(CONLL.encode()), "a.conll"), (io.BytesIO(CONLL.encode()), "b.conll")],
    }
    response = ada.post("/projects/demo/import", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "<code>b.conll:1</code>: same text as document" in html
    assert "has the same text as document" not in html  # no warning: left out


def test_a_repeat_that_brings_a_layer_leaves_it_out_too(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    """Its annotations are left out with it: nothing of it is stored, nothing refused."""
    project = make_project("demo")
    gold = {"spans": [], "relations": [], "sentence_labels": [], "document_labels": []}
    lines = [
        {"id": "a", "text": KREMLIN, "annotations": [], "gold": None},
        {"id": "b", "text": KREMLIN, "annotations": [], "gold": gold},
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    report = import_paths(session, project, [path], options=DatasetOptions(skip_same_texts=True))
    assert report.created == 1 and report.layers == 0
    assert [s["id"] for s in report.skipped] == ["b"]
    assert session.scalar(select(Layer.id)) is None


def test_an_import_of_repeats_alone_is_no_failure(
    session: Any, make_project: Any, make_document: Any, tmp_path: Path
) -> None:
    """Every document left out for its text: the files held documents, so not "nothing to
    import", as files holding none would be."""
    project = make_project("demo")
    make_document(project, KREMLIN, external_id="first")
    session.commit()
    (tmp_path / "copy.txt").write_text(KREMLIN, encoding="utf-8")
    options = DatasetOptions(skip_same_texts=True)
    report = import_paths(session, project, [tmp_path / "copy.txt"], options=options)
    assert (report.created, report.documents, report.same_texts_skipped) == (0, 0, 1)
    assert report.ids == {}
