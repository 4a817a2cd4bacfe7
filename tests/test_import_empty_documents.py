"""Empty documents, one rule on every path: skipped, listed by file (and line for CoNLL) as
"empty", never as "of other types", and the rest of the import goes in."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from tests.helpers import csrf_token_from, login

EMPTY = "empty: no text to annotate"
CONLL = "-DOCSTART- -X- O O\n\n-DOCSTART- -X- O O\n\nOfficials O\nsaid O\n"


def test_the_command_line_skips_an_empty_txt_and_imports_the_rest(
    runner: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project("demo")
    (tmp_path / "empty.txt").write_text("\n  \n", encoding="utf-8")
    (tmp_path / "full.txt").write_text("Officials said it.\n", encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"Skipped {tmp_path / 'empty.txt'}: {EMPTY}" in result.stderr
    assert "Imported 1 new document" in result.stdout
    assert "Skipped 1 empty document." in result.stdout
    assert "other types" not in result.stdout


def test_an_empty_conll_document_is_listed_at_its_line(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    make_project("demo")
    token = make_token(make_user("ada", "admin"))
    data = {
        "format": "conll",
        "annotator": "gold",
        "file": [(io.BytesIO(CONLL.encode()), "news.conll")],
    }
    response = client.post("/api/v1/projects/demo/documents", data=data, headers=token)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["created"] == 1
    assert body["skipped"] == [
        {"file": "news.conll", "files": ["news.conll"], "reason": EMPTY, "line": 1}
    ]


def test_the_command_line_names_an_empty_conll_documents_line(
    runner: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project("demo")
    (tmp_path / "news.conll").write_text(CONLL, encoding="utf-8")
    args = ["import", "demo", str(tmp_path / "news.conll"), "--format", "conll"]
    result = runner.invoke(args=[*args, "--annotator", "gold"])
    assert result.exit_code == 0, result.output
    assert f"Skipped {tmp_path / 'news.conll'}:1: {EMPTY}" in result.stderr
    assert "Skipped 1 empty document." in result.stdout


def test_the_project_page_imports_the_rest_of_a_batch_with_an_empty_txt(
    client: Any, make_project: Any, make_user: Any
) -> None:
    """One empty.txt refused the whole batch ("the file is empty")."""
    make_project("demo")
    make_user("ada", "admin")
    login(client, "ada")
    page = client.get("/projects/demo").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token_from(page),
        "files": [
            (io.BytesIO(b""), "empty.txt"),
            (io.BytesIO(b"Officials said it.\n"), "full.txt"),
        ],
    }
    response = client.post("/projects/demo/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported 1 new document" in followed
    assert "Skipped 1 empty document." in followed
    assert f"Skipped empty.txt: {EMPTY}" in followed


def test_an_empty_file_alone_is_refused_as_nothing_to_import(
    runner: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project("demo")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1
    assert "nothing to import" in result.stderr


def test_blank_jsonl_and_csv_records_are_skipped_at_their_lines(
    runner: Any, make_project: Any, tmp_path: Path
) -> None:
    """A record whose text is blank was refused ("'text' is empty") and the whole import with
    it, while a blank .txt was skipped: now every empty document is skipped, by one rule."""
    make_project("demo")
    (tmp_path / "a.jsonl").write_text(
        '{"text": "Officials said it."}\n{"text": "  \\n"}\n', encoding="utf-8"
    )
    (tmp_path / "b.csv").write_text('id,text\nc1,Critics disagree.\nc2,""\n', encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"Skipped {tmp_path / 'a.jsonl'}:2: {EMPTY}" in result.stderr
    assert f"Skipped {tmp_path / 'b.csv'}:3: {EMPTY}" in result.stderr
    assert "Imported 2 new documents" in result.stdout
    assert "Skipped 2 empty documents." in result.stdout


def test_the_api_skips_a_blank_record_of_a_jsonl_body(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    make_project("demo")
    token = make_token(make_user("ada", "admin"))
    body = '{"id": "d1", "text": "Officials said it."}\n{"id": "d2", "text": ""}\n'
    response = client.post(
        "/api/v1/projects/demo/documents",
        data=body,
        content_type="application/x-ndjson",
        headers=token,
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["created"], list(body["ids"])) == (1, ["d1"])
    assert body["skipped"] == [
        {"file": "request", "files": ["request"], "reason": EMPTY, "line": 2}
    ]


def test_a_blank_record_that_brings_annotations_is_still_refused(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    """Skipping it would drop its layer without a word: refused, naming why."""
    make_project("demo")
    token = make_token(make_user("ada", "admin"))
    gold = {"spans": [{"label": "CLAIM", "start": 0, "end": 1}]}
    records = [{"id": "d1", "text": " ", "annotations": [], "gold": gold}]
    response = client.post("/api/v1/projects/demo/documents", json=records, headers=token)
    assert response.status_code == 422, response.get_json()
    [detail] = response.get_json()["error"]["details"]
    assert detail["message"] == "'text' is empty, yet annotations come with it"


def test_a_blank_record_with_a_field_of_the_wrong_type_is_refused_not_skipped(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    """A record the import would refuse with a text is refused without one too: skipped, a
    title that is not a string went by unsaid (and the API accepted what its description
    refuses)."""
    make_project("demo")
    token = make_token(make_user("ada", "admin"))
    for record, field in (
        ({"id": "d1", "text": "", "title": {}}, "'title'"),
        ({"id": "", "text": ""}, "'id' is empty"),
        ({"id": "d2", "text": " ", "meta": []}, "'meta'"),
    ):
        response = client.post("/api/v1/projects/demo/documents", json=[record], headers=token)
        assert response.status_code == 422, (record, response.get_json())
        [detail] = response.get_json()["error"]["details"]
        assert field in detail["message"], (record, detail)
