"""A bad record of a JSON array is named by its index (and its id when it gives one): a whole
array often comes on one line, where ``request:1`` would name every record alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from annotator.models import Document

URL = "/api/v1/projects/demo/documents"


def _records() -> list[dict[str, Any]]:
    """200 good records, but for 137 (no text), 150 (a text not a string) and 160 (a list
    for a text, and no id). (A blank text is skipped as an empty document, not refused.)"""
    records: list[dict[str, Any]] = [{"id": f"d{i}", "text": f"Text {i}."} for i in range(200)]
    del records[137]["text"]
    records[150]["text"] = 7
    records[160] = {"text": ["not", "a", "string"]}  # no id: named by its index alone
    return records


def test_a_one_line_array_body_names_each_bad_record_by_index_and_id(
    client: Any, make_project: Any, admin_headers: dict[str, str], session: Any
) -> None:
    make_project("demo")
    body = json.dumps(_records())  # one line
    headers = admin_headers | {"Content-Type": "application/json"}
    response = client.post(URL, data=body, headers=headers)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    places = [(p["index"], p.get("id"), p["line"]) for p in error["details"]]
    assert places == [(137, "d137", 1), (150, "d150", 1), (160, None, 1)]
    assert error["message"] == (
        "nothing was imported: 3 problems; the first: "
        "request[137] (id 'd137', line 1): 'text' is missing"
    )
    assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_a_jsonl_body_keeps_naming_lines(
    client: Any, make_project: Any, admin_headers: dict[str, str]
) -> None:
    make_project("demo")
    body = '{"id": "a", "text": "Fine."}\n{"id": "b"}\n'
    headers = admin_headers | {"Content-Type": "application/x-ndjson"}
    error = client.post(URL, data=body, headers=headers).get_json()["error"]
    assert error["details"] == [{"file": "request", "line": 2, "message": "'text' is missing"}]


def test_a_json_file_says_index_id_and_line_on_the_command_line(
    runner: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project("demo")
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(_records()[130:140], indent=1), encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(path)])
    assert result.exit_code == 1
    # d137 is index 7; after the "[" line each record takes 4 lines ({, id, text, }).
    line = 2 + 7 * 4
    assert path.read_text(encoding="utf-8").splitlines()[line - 1] == " {"
    assert f"batch.json[7] (id 'd137', line {line}): 'text' is missing" in result.output
