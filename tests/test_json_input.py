"""JSON that comes in (:mod:`annotator.core.json_input`): text ``json.loads`` fails on with
other errors than a decode error is a syntax error with its place, through every reader and
every face that reads JSON text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core import json_input
from annotator.core.formats.readers import json_array_items, jsonl_items
from annotator.core.formats.records import FormatError
from annotator.core.schema_text import SchemaSyntaxError, parse_schema_text
from annotator.models import Document, Project

#: One more digit than Python converts from text to an integer.
LONG = "9" * 4301


def test_an_integer_too_long_to_convert_is_a_syntax_error_at_its_place() -> None:
    text = '{"a": "' + LONG + '",\n "b": -' + LONG + "}"
    with pytest.raises(json.JSONDecodeError) as info:
        json_input.loads(text)
    assert (info.value.lineno, info.value.colno) == (2, 7)  # the number, not the string
    assert info.value.msg == "a number of more than 4,300 digits"
    # A fraction with as many digits converts; only whole numbers have the limit.
    assert json_input.loads("0." + LONG) == float("0." + LONG)


def test_nesting_too_deep_is_a_syntax_error() -> None:
    with pytest.raises(json.JSONDecodeError) as info:
        json_input.raw_decode("  " + "[" * 100_000 + "]" * 100_000, 2)
    assert info.value.msg == json_input.NESTED_TOO_DEEPLY


@pytest.mark.parametrize(
    ("text", "problem", "column"),
    [
        ('{"a": "NaN", "b": NaN}', "NaN is not a number JSON has", 19),
        ('[1, "x",\n -Infinity]', "-Infinity is not a number JSON has", 2),
        ('{"1e309": 1e309}', "1e309 is beyond the range of a number", 11),
        ('[1, "Infinity", Infinity]', "Infinity is not a number JSON has", 17),
    ],
)
def test_what_json_lacks_is_a_syntax_error_at_its_place(
    text: str, problem: str, column: int
) -> None:
    """Python's json takes NaN and Infinity and reads 1e309 as infinity; no JSON writer can
    write them back."""
    with pytest.raises(json.JSONDecodeError) as info:
        json_input.loads(text)
    assert (info.value.msg, info.value.colno) == (problem, column)
    # What JSON has still reads: a tiny number is zero, as in every reader.
    assert json_input.loads('[1.5, 1e-400, "NaN"]') == [1.5, 0.0, "NaN"]


def test_the_readers_name_the_line_of_an_integer_too_long() -> None:
    [(line, problem)] = list(jsonl_items('\n{"text": "a", "id": ' + LONG + "}\n"))
    assert line == 2 and isinstance(problem, FormatError)
    assert problem.message == "not valid JSON: a number of more than 4,300 digits (column 21)"
    with pytest.raises(FormatError) as info:
        json_array_items('[{"text": "a"},\n {"text": "b", "id": ' + LONG + "}]")
    assert info.value.line == 2
    assert "a number of more than 4,300 digits" in info.value.message


def test_a_schema_with_an_integer_too_long_is_refused_naming_its_place() -> None:
    with pytest.raises(SchemaSyntaxError) as info:
        parse_schema_text('{"name": "x",\n "annotators_per_document": ' + LONG + "}", "s.json")
    assert info.value.message == (
        "invalid JSON at line 2, column 29: a number of more than 4,300 digits"
    )


# --- the faces ------------------------------------------------------------------------------


def _documents(session: Any) -> int:
    count = session.scalar(select(func.count()).select_from(Document))
    session.rollback()
    return int(count)


def test_the_command_line_import_names_the_file_and_line(
    runner: Any, session: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project()
    path = tmp_path / "big.jsonl"
    path.write_text('{"text": "Fine."}\n{"text": "a", "id": ' + LONG + "}\n", encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: nothing was imported: {path}:2: not valid JSON: a number of more than 4,300"
    ), result.stderr
    assert _documents(session) == 0


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", '[{"text": "a", "id": ' + LONG + "}]"),
        ("application/x-ndjson", '{"text": "a", "id": ' + LONG + "}"),
    ],
    ids=["json array", "jsonl line"],
)
def test_the_api_import_answers_400_naming_the_number(
    client: Any,
    session: Any,
    admin_headers: dict[str, str],
    make_project: Any,
    content_type: str,
    body: str,
) -> None:
    make_project()
    response = client.post(
        "/api/v1/projects/demo/documents",
        data=body,
        headers=admin_headers | {"Content-Type": content_type},
    )
    assert response.status_code == 400, response.get_data(as_text=True)
    assert "a number of more than 4,300 digits" in response.get_json()["error"]["message"]
    assert _documents(session) == 0


def test_projects_create_refuses_the_schema_naming_its_place(
    runner: Any, session: Any, tmp_path: Path
) -> None:
    path = tmp_path / "schema.json"
    path.write_text('{"name": "x", "annotators_per_document": ' + LONG + "}", encoding="utf-8")
    result = runner.invoke(args=["projects", "create", "p", "--name", "P", "--schema", str(path)])
    assert result.exit_code == 1
    assert f"{path}:1:" in result.stderr and "a number of more than 4,300 digits" in result.stderr
    assert session.scalar(select(func.count()).select_from(Project)) == 0


def test_projects_load_refuses_a_line_with_an_integer_too_long(
    runner: Any, session: Any, tmp_path: Path
) -> None:
    path = tmp_path / "project.jsonl"
    path.write_text('{"record": "header", "version": ' + LONG + "}\n", encoding="utf-8")
    result = runner.invoke(args=["projects", "load", str(path)])
    assert result.exit_code == 1
    assert "line 1" in result.stderr and "a number of more than 4,300 digits" in result.stderr
    assert session.scalar(select(func.count()).select_from(Project)) == 0


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-1e309"])
def test_the_command_line_import_refuses_a_number_json_lacks_in_meta(
    runner: Any, session: Any, make_project: Any, tmp_path: Path, number: str
) -> None:
    """Stored, such a meta was a 500 on PostgreSQL; on SQLite the jsonl export wrote it as
    no JSON reader takes it, and ``projects dump`` failed."""
    make_project()
    path = tmp_path / "meta.jsonl"
    record = '{"text": "a", "meta": {"score": ' + number + "}}"
    path.write_text('{"text": "Fine."}\n' + record + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: not valid JSON: " in result.stderr
    assert number.lstrip("-") in result.stderr
    assert _documents(session) == 0


def test_the_api_import_answers_400_for_a_number_json_lacks(
    client: Any, session: Any, admin_headers: dict[str, str], make_project: Any
) -> None:
    make_project()
    response = client.post(
        "/api/v1/projects/demo/documents",
        data='[{"text": "a"},\n {"text": "b", "meta": {"x": 1e309}}]',
        headers=admin_headers | {"Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.get_data(as_text=True)
    message = response.get_json()["error"]["message"]
    assert "1e309 is beyond the range of a number (column 30) (line 2)" in message, message
    assert _documents(session) == 0
