"""The import readers, without an app: records, problems with their locations, folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.formats.readers import (
    FormatError,
    Problem,
    Record,
    Skipped,
    json_array_items,
    read_paths,
    read_upload,
)


def _read(path: Path) -> list[Any]:
    return list(read_paths([path]))


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def test_txt_file_named_directly_is_one_document_named_by_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path / "sub" / "a.txt", "One. Two.\r\n")
    [record] = _read(path)
    assert record == Record(
        id="a.txt", text="One. Two.\r\n", title=None, meta={}, file=str(path), line=None
    )


def test_folder_recurses_sorted_with_relative_ids_and_skips_others(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", "B.")
    _write(tmp_path / "a" / "z.txt", "Z.")
    _write(tmp_path / "a" / "c.TXT", "C.")
    _write(tmp_path / ".hidden.txt", "hidden")
    _write(tmp_path / ".git" / "x.txt", "hidden too")
    _write(tmp_path / "README.md", "# notes")
    items = _read(tmp_path)
    records = [i for i in items if isinstance(i, Record)]
    assert [r.id for r in records] == ["a/c.TXT", "a/z.txt", "b.txt"]
    assert [r.text for r in records] == ["C.", "Z.", "B."]
    [skipped] = [i for i in items if isinstance(i, Skipped)]
    assert skipped.file == str(tmp_path / "README.md") and ".txt" in skipped.reason
    assert len(items) == 4


def test_folder_without_importable_files_is_a_problem(tmp_path: Path) -> None:
    _write(tmp_path / "notes.md", "x")
    problems = [i for i in _read(tmp_path) if isinstance(i, Problem)]
    assert len(problems) == 1 and problems[0].file == str(tmp_path)


def test_unknown_extension_named_directly_is_a_problem(tmp_path: Path) -> None:
    path = _write(tmp_path / "doc.md", "text")
    [problem] = _read(path)
    assert isinstance(problem, Problem) and "unknown file type" in problem.message


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    [problem] = _read(tmp_path / "nope.jsonl")
    assert problem.message == "no such file or folder"


def test_jsonl_records_with_lines_default_ids_and_blank_lines_skipped(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "First.", "id": "d1", "title": "T", "meta": {"k": [1]}}),
        "",
        "   ",
        json.dumps({"text": "Second \u2028 line.", "id": 7}),
        json.dumps({"text": "Third."}),
    ]
    path = _write(tmp_path / "in" / "docs.jsonl", "\n".join(lines) + "\n")
    records = _read(path)
    assert [(r.id, r.line) for r in records] == [("d1", 1), ("7", 4), ("docs.jsonl:5", 5)]
    assert records[0].title == "T" and records[0].meta == {"k": [1]}
    # U+2028 is not a line break in JSONL: the record stays whole.
    assert records[1].text == "Second \u2028 line."


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_jsonl_lines_end_at_every_line_end(tmp_path: Path, line_end: str) -> None:
    """With lone CRs (old Mac files) the whole file was one line, refused as "Extra data"."""
    lines = ['{"text": "First."}', "", '{"text": "Second.",\t"id": "b"}', '{"txt": "x"}']
    path = _write(tmp_path / "d.jsonl", line_end.join(lines) + line_end)
    first, second, problem = _read(path)
    assert [(first.id, first.text), (second.id, second.text)] == [
        ("d.jsonl:1", "First."),
        ("b", "Second."),
    ]
    assert isinstance(problem, Problem) and problem.line == 4, problem


def test_jsonl_with_bom_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.jsonl", b"\xef\xbb\xbf" + b'{"text": "A."}\n')
    assert [r.text for r in _read(path)] == ["A."]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "x"', "not valid JSON"),
        ('{"id": "a"}', "'text' is missing"),
        ('{"text": 5}', "'text' must be a string, not a number"),
        ('{"text": ["a"]}', "'text' must be a string, not an array"),
        (
            '{"text": " ", "annotations": [{"annotator": "a", "spans": '
            '[{"label": "X", "start": 0, "end": 1}]}], "gold": null}',
            "'text' is empty, yet annotations come with it",
        ),
        ('{"text": "x", "titel": "T"}', "unknown field 'titel'"),
        ('{"text": "x", "id": true}', "'id' must be a string or an integer"),
        ('{"text": "x", "id": ""}', "'id' is empty"),
        ('{"text": "x", "title": 3}', "'title' must be a string"),
        ('{"text": "x", "meta": []}', "'meta' must be an object"),
        ('{"text": "a\\u0000b"}', "NUL character"),
        ('{"text": "a\\ud800b"}', "unpaired surrogate"),
        ('{"text": "x", "meta": {"k": "a\\u0000b"}}', "'meta.k' contains a NUL character"),
        ('{"text": "x", "meta": {"k": ["ok", "\\ud800"]}}', "'meta.k[1]' contains an unpaired"),
        ('{"text": "x", "meta": {"a\\ud800": 1}}', "'meta' has a key that contains an unpaired"),
        ('["text"]', "a record must be a JSON object, not an array"),
        ('{"text": "x", "annotations": {}, "gold": null}', "'annotations' must be a list"),
    ],
)
def test_bad_jsonl_line_is_a_problem_at_its_line(tmp_path: Path, line: str, message: str) -> None:
    path = _write(tmp_path / "d.jsonl", '{"text": "fine"}\n\n' + line + "\n")
    items = _read(path)
    assert isinstance(items[0], Record)
    assert isinstance(items[1], Problem), items[1]
    assert (items[1].file, items[1].line) == (str(path), 3)
    assert message in items[1].message


def test_undecodable_file_is_refused_with_line_and_offset(tmp_path: Path) -> None:
    path = _write(tmp_path / "latin.txt", "Line one.\nCaf\xe9 au lait.\n".encode("latin-1"))
    [problem] = _read(path)
    assert problem.file == str(path) and problem.line == 2
    assert "not valid UTF-8" in problem.message and "offset 13" in problem.message


def test_empty_txt_file_is_skipped_as_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "e.txt", "\n \n")
    [skipped] = _read(path)
    assert isinstance(skipped, Skipped) and skipped.empty
    assert (skipped.file, skipped.reason) == (str(path), "empty: no text to annotate")


def test_json_array_items_carry_the_line_they_start_on(tmp_path: Path) -> None:
    content = '[\n  {"text": "A."},\n\n  {"text": "B.",\n   "id": "b"}, {"text": "C."}\n]\n'
    path = _write(tmp_path / "arr.json", content)
    records = _read(path)
    assert [(r.id, r.line) for r in records] == [("arr.json:2", 2), ("b", 4), ("arr.json:5", 5)]


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ('[{"text": "a"},\n {"text": }]', "not valid JSON", 2),
        ('[{"text": "a"}] x', "extra data", 1),
        ('"just a string"', "must hold an array", 1),
    ],
)
def test_bad_json_file_is_one_problem_with_line(
    tmp_path: Path, content: str, message: str, line: int
) -> None:
    [problem] = _read(_write(tmp_path / "a.json", content))
    assert message in problem.message and problem.line == line


def test_json_object_file_is_skipped_in_a_folder_but_refused_when_named(tmp_path: Path) -> None:
    schema = _write(tmp_path / "schema.json", '{"name": "a schema"}')
    _write(tmp_path / "doc.txt", "Text.")
    items = _read(tmp_path)
    assert [type(i) for i in items] == [Record, Skipped]
    [problem] = _read(schema)
    assert isinstance(problem, Problem) and "must hold an array" in problem.message


def test_json_array_items_rejects_non_arrays() -> None:
    with pytest.raises(FormatError) as info:
        json_array_items('{"text": "x"}')
    assert info.value.line == 0


def test_csv_text_id_title_and_other_columns_into_meta(tmp_path: Path) -> None:
    content = 'id,text,title,source\r\nd1,"Hello, ""world"".\nSecond line.",T1,wire\r\n,Bye.,,\r\n'
    path = _write(tmp_path / "docs.csv", content)
    first, second = _read(path)
    assert (first.id, first.text, first.title, first.meta, first.line) == (
        "d1",
        'Hello, "world".\nSecond line.',
        "T1",
        {"source": "wire"},
        2,
    )
    # The quoted field spans two lines, so the next record starts on line 4.
    assert (second.id, second.title, second.line, second.meta) == (
        "docs.csv:4",
        None,
        4,
        {"source": ""},
    )


def test_csv_without_text_column_is_refused(tmp_path: Path) -> None:
    [problem] = _read(_write(tmp_path / "d.csv", "id,body\n1,Hello.\n"))
    assert problem.line == 1 and "'text' column" in problem.message


def test_csv_row_with_wrong_field_count_is_a_problem(tmp_path: Path) -> None:
    items = _read(_write(tmp_path / "d.csv", "id,text\n1,Hello.\n2,Too,many\n"))
    assert isinstance(items[0], Record)
    assert (items[1].line, "3 fields" in items[1].message) == (3, True)
    [_, short] = _read(_write(tmp_path / "e.csv", "id,text\n1,Hello.\nalone\n"))
    assert short.message == "row has 1 field, the header has 2"


def test_csv_cell_longer_than_the_csv_modules_default_limit_is_read(tmp_path: Path) -> None:
    # Python's csv module refuses a field over 131,072 characters unless told otherwise;
    # the same long article imports from .txt and .jsonl, so it must from .csv too.
    long_text = "A long article 😀 goes on. " * 6000
    path = _write(tmp_path / "long.csv", f'id,text\r\nlong,"{long_text}"\r\n')
    [record] = _read(path)
    assert isinstance(record, Record) and record.text == long_text


def test_upload_is_read_by_extension_and_txt_named_by_upload_name() -> None:
    [record] = read_upload("note.txt", "Ünïcödé 😀.".encode())
    assert (record.id, record.text) == ("note.txt", "Ünïcödé 😀.")
    [problem] = read_upload("note.pdf", b"%PDF")
    assert "unknown file type" in problem.message
