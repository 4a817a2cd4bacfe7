"""Importing documents through the service, ``annotator import`` and the HTTP endpoint."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import ImportFailed
from annotator.core.segmentation import split_sentences
from annotator.models import Document, Sentence
from annotator.services.datasets.imports import import_paths, import_records

ROOT = Path(__file__).resolve().parent.parent


def _counts(session: Any) -> tuple[int, int]:
    """Count documents and sentences, then end the read so other writers aren't blocked."""
    counts = (
        session.scalar(select(func.count()).select_from(Document)),
        session.scalar(select(func.count()).select_from(Sentence)),
    )
    session.rollback()
    return counts


def _documents(session: Any) -> dict[str, Document]:
    docs = {d.external_id: d for d in session.scalars(select(Document).order_by(Document.id))}
    return docs


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _assert_sentences_follow_the_offset_rules(document: Document) -> None:
    text, previous_end = document.text, 0
    assert document.sentences, document.external_id
    for sentence in document.sentences:
        piece = text[sentence.start : sentence.end]
        assert piece and piece == piece.strip()
        assert sentence.start >= previous_end
        assert "\n\n" not in piece
        previous_end = sentence.end
    stored = [(s.index, s.start, s.end) for s in document.sentences]
    assert stored == [(i, s, e) for i, (s, e) in enumerate(split_sentences(text))]


# --- the service -------------------------------------------------------------------------


def test_every_format_in_a_folder_is_imported(session: Any, make_project: Any, tmp_path: Path):
    project = make_project()
    _write(tmp_path / "notes" / "a.txt", "A plain text file. It has two sentences.")
    _write(tmp_path / "b.jsonl", json.dumps({"id": "j1", "text": "From JSONL.", "title": "J"}))
    _write(tmp_path / "c.json", json.dumps([{"text": "From JSON.", "meta": {"src": "x"}}]))
    _write(tmp_path / "d.csv", "id,text,source\ncsv-1,From CSV.,wire\n")
    report = import_paths(session, project, [tmp_path])
    session.commit()
    assert (report.created, report.unchanged, report.documents) == (4, 0, 4)
    docs = _documents(session)
    assert set(docs) == {"notes/a.txt", "j1", "c.json:1", "csv-1"}
    assert docs["notes/a.txt"].text == "A plain text file. It has two sentences."
    assert len(docs["notes/a.txt"].sentences) == 2
    assert docs["j1"].title == "J"
    assert docs["c.json:1"].meta == {"src": "x"}
    assert docs["csv-1"].meta == {"source": "wire"}
    assert report.sentences == sum(len(d.sentences) for d in docs.values())
    for document in docs.values():
        assert document.project_id == project.id
        _assert_sentences_follow_the_offset_rules(document)


def test_stored_text_is_the_input_with_only_bom_and_line_endings_normalised(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    project = make_project()
    body = (
        "  Caf\u00e9 vs Cafe\u0301: &amp; stays.\r\nThe \U0001f600 emoji and \U00010348 "
        "count once.\rA third line.\r\n\r\n\tLast paragraph, not trimmed.  \r\n"
    )
    _write(tmp_path / "doc.txt", b"\xef\xbb\xbf" + body.encode("utf-8"))
    _write(tmp_path / "doc.jsonl", json.dumps({"id": "j", "text": "\ufeff" + body}) + "\r\n")
    import_paths(session, project, [tmp_path / "doc.txt", tmp_path / "doc.jsonl"])
    session.commit()
    expected = body.replace("\r\n", "\n").replace("\r", "\n")
    for document in _documents(session).values():
        assert document.text == expected
        _assert_sentences_follow_the_offset_rules(document)
        texts = [document.text[s.start : s.end] for s in document.sentences]
        assert any("\U0001f600" in t for t in texts)
        assert texts[-1] == "Last paragraph, not trimmed."


BAD_FILES = [
    ("bad.jsonl", '{"text": "ok"}\n{"text": "broken"\n', 2, "not valid JSON"),
    ("bad.jsonl", '{"text": "ok"}\n\n{"id": "x"}\n', 3, "'text' is missing"),
    ("bad.jsonl", '{"text": 42}\n', 1, "'text' must be a string"),
    ("bad.json", '[{"text": "ok"},\n {"text": null}]', 2, "'text' must be a string, not null"),
    ("bad.jsonl", '{"text": "a", "txt": "typo"}\n', 1, "unknown field 'txt'"),
    (
        "bad.jsonl",
        '{"text": "a", "annotations": [{"annotator": "x"}]}\n',
        1,
        "1 unknown annotator: x;",
    ),
    ("bad.txt", "Caf\u00e9.\n".encode("latin-1"), 1, "not valid UTF-8"),
    ("bad.csv", "id,body\n1,Hello.\n", 1, "'text' column"),
]


@pytest.mark.parametrize(("name", "content", "line", "message"), BAD_FILES)
def test_a_bad_file_refuses_the_whole_import_naming_file_and_line(
    session: Any,
    make_project: Any,
    tmp_path: Path,
    name: str,
    content: str | bytes,
    line: int,
    message: str,
) -> None:
    project = make_project()
    _write(tmp_path / "good.txt", "A good document. It would be imported alone.")
    bad = _write(tmp_path / name, content)
    before = _counts(session)
    with pytest.raises(ImportFailed) as info:
        import_paths(session, project, [tmp_path])
    session.rollback()
    assert _counts(session) == before == (0, 0)
    [detail] = info.value.details
    assert (detail["file"], detail["line"]) == (str(bad), line)
    assert message in detail["message"]
    # A record of a JSON array is named by its index too (tests/test_import_array_records.py).
    where = f"{bad}[1] (line {line})" if name.endswith(".json") else f"{bad}:{line}"
    assert f"{where}: " in info.value.message


def test_every_problem_of_every_file_is_reported(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    project = make_project()
    first = _write(tmp_path / "a.jsonl", '{"x": 1}\n{"text": "ok"}\n{"text": 1}\n')
    second = _write(tmp_path / "b.csv", "title\nT\n")
    with pytest.raises(ImportFailed) as info:
        import_paths(session, project, [first, second, tmp_path / "missing.txt"])
    located = [(d["file"], d["line"]) for d in info.value.details]
    assert located == [
        (str(first), 1),
        (str(first), 3),
        (str(second), 1),
        (str(tmp_path / "missing.txt"), None),
    ]
    assert "4 problems" in info.value.message


def test_same_id_with_another_text_in_one_run_is_refused(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    project = make_project()
    path = _write(
        tmp_path / "d.jsonl",
        '{"id": "d1", "text": "One."}\n{"id": "d1", "text": "One."}\n'
        '{"id": "d1", "text": "Two."}\n',
    )
    with pytest.raises(ImportFailed) as info:
        import_paths(session, project, [path])
    [detail] = info.value.details
    assert detail["line"] == 3 and "'d1'" in detail["message"] and f"{path}:1" in detail["message"]
    session.rollback()
    assert _counts(session) == (0, 0)


def test_reimport_is_a_no_op_and_another_text_for_a_stored_id_is_refused(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    project = make_project()
    path = _write(tmp_path / "d.jsonl", '{"id": "d1", "text": "One. Two."}\n{"text": "Three."}\n')
    import_paths(session, project, [path])
    session.commit()
    ids_before = {k: d.id for k, d in _documents(session).items()}
    counts_before = _counts(session)

    report = import_paths(session, project, [path])
    session.commit()
    assert (report.created, report.unchanged, report.sentences) == (0, 2, 0)
    assert _counts(session) == counts_before
    assert {k: d.id for k, d in _documents(session).items()} == ids_before

    changed = _write(tmp_path / "e.jsonl", '{"text": "New."}\n{"id": "d1", "text": "Edited."}\n')
    with pytest.raises(ImportFailed) as info:
        import_paths(session, project, [changed])
    session.rollback()
    assert "#1 (d1) already exists" in info.value.details[0]["message"]
    assert info.value.details[0]["line"] == 2
    assert _counts(session) == counts_before


def test_ids_belong_to_their_project(session: Any, make_project: Any) -> None:
    first, second = make_project("one"), make_project("two")
    import_records(session, first, [{"id": "d", "text": "In one."}])
    report = import_records(session, second, [{"id": "d", "text": "In two."}])
    session.commit()
    assert report.created == 1 and _counts(session)[0] == 2


def test_the_seed_articles_become_five_documents_with_sentences(
    session: Any, make_project: Any
) -> None:
    project = make_project()
    report = import_paths(session, project, [ROOT / "seeds"])
    session.commit()
    assert (report.created, report.documents) == (5, 5)
    docs = _documents(session)
    assert all(name.endswith(".txt") for name in docs)
    for document in docs.values():
        _assert_sentences_follow_the_offset_rules(document)
    assert report.sentences == _counts(session)[1] > 50
    skipped = {Path(s["file"]).name for s in report.skipped}
    assert skipped >= {"schema.json", "example_annotations.json"}  # JSON objects, not records


def test_records_without_id_get_an_id_from_their_text(session: Any, make_project: Any) -> None:
    project = make_project()
    records = [{"text": "Same text."}, {"text": "Other text."}]
    import_records(session, project, records)
    session.commit()
    again = import_records(session, project, [{"text": "Same text."}])
    assert (again.created, again.unchanged) == (0, 1)
    assert all(name.startswith("text-") for name in _documents(session))


def test_progress_is_reported_up_to_the_total(session: Any, make_project: Any) -> None:
    project = make_project()
    calls: list[tuple[int, int]] = []
    records = [{"id": str(i), "text": f"Document {i}."} for i in range(1203)]
    import_records(session, project, records, progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 1203) and calls[-1] == (1203, 1203)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_empty_input_is_refused(session: Any, make_project: Any, tmp_path: Path) -> None:
    project = make_project()
    with pytest.raises(ImportFailed, match="nothing to import"):
        import_paths(session, project, [_write(tmp_path / "empty.jsonl", "\n")])


# --- the command line --------------------------------------------------------------------


def test_cli_imports_and_prints_a_summary(
    runner: Any, session: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project()
    _write(tmp_path / "a.txt", "One sentence. And another.")
    _write(tmp_path / "notes.md", "not a document")
    result = runner.invoke(args=["import", "demo", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "Imported 1 new document (2 sentences); 0 unchanged. Skipped 1 file of other types."
    )
    assert "notes.md" in result.stderr
    assert _counts(session) == (1, 2)
    again = runner.invoke(args=["import", "demo", str(tmp_path / "a.txt")])
    assert "0 new documents" in again.stdout and "1 unchanged" in again.stdout


def test_cli_imports_jsonl_with_lone_cr_line_ends(
    runner: Any, session: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project()
    _write(tmp_path / "mac.jsonl", b'{"id": "a", "text": "One."}\r{"id": "b", "text": "Two."}\r')
    result = runner.invoke(args=["import", "demo", str(tmp_path / "mac.jsonl")])
    assert result.exit_code == 0, result.output
    assert {d.external_id: d.text for d in _documents(session).values()} == {
        "a": "One.",
        "b": "Two.",
    }


def test_cli_failure_lists_problems_and_stores_nothing(
    runner: Any, session: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project()
    _write(tmp_path / "good.txt", "Fine.")
    bad = _write(tmp_path / "bad.jsonl", "".join(f'{{"txt": "{i}"}}\n' for i in range(25)))
    result = runner.invoke(args=["import", "demo", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    # The headline counts them; each problem is said once, in the list (not again as "the first").
    assert lines[0] == "Error: nothing was imported: 25 problems, listed below:"
    assert lines[1].startswith(f"  {bad}:1: unknown field 'txt'")
    assert result.stderr.count(f"{bad}:1:") == 1
    assert len(lines) == 1 + 20 + 1 and lines[-1] == "  ... and 5 more"
    assert result.stdout == ""
    assert _counts(session) == (0, 0)


def test_cli_failure_with_one_problem_says_it_alone(
    runner: Any, session: Any, make_project: Any, tmp_path: Path
) -> None:
    """One problem is said as it is, not as "1 problem; the first: ..."."""
    make_project()
    bad = _write(tmp_path / "bad.jsonl", '{"text": "Fine."}\n{"txt": "x"}\n')
    result = runner.invoke(args=["import", "demo", str(bad)])
    assert result.exit_code == 1
    [first] = result.stderr.splitlines()  # said once, not again as a list of one
    assert first.startswith(f"Error: nothing was imported: {bad}:2: unknown field 'txt'"), first
    assert "the first" not in result.stderr
    assert _counts(session) == (0, 0)


def test_cli_unknown_project_fails_with_reason(runner: Any, tmp_path: Path) -> None:
    result = runner.invoke(args=["import", "nope", str(_write(tmp_path / "a.txt", "A."))])
    assert result.exit_code == 1 and "no project 'nope'" in result.stderr


def test_cli_help_describes_formats(runner: Any) -> None:
    result = runner.invoke(args=["import", "--help"])
    assert result.exit_code == 0 and ".jsonl" in result.output and "all or nothing" in result.output


# --- HTTP --------------------------------------------------------------------------------


URL = "/api/v1/projects/demo/documents"


@pytest.fixture
def reviewer_headers(make_user: Any, make_token: Any, make_project: Any) -> dict[str, str]:
    make_project()
    return make_token(make_user("rita", "reviewer"))


def test_http_json_array_is_imported_with_a_report(
    client: Any, session: Any, reviewer_headers: dict[str, str]
) -> None:
    records = [{"id": "h1", "text": "Over HTTP. Two sentences.", "title": "H"}, {"text": "More."}]
    response = client.post(URL, json=records, headers=reviewer_headers)
    assert response.status_code == 201, response.json
    ids = response.json["ids"]
    assert len(ids) == 2 and "h1" in ids
    assert response.json | {"skipped": [], "errors": [], "ids": {}} == {
        "ids": {},
        "created": 2,
        "unchanged": 0,
        "documents": 2,
        "sentences": 3,
        "skipped": [],
        "errors": [],
    }
    again = client.post(URL, json=records, headers=reviewer_headers)
    assert (again.status_code, again.json["unchanged"], again.json["created"]) == (201, 2, 0)
    assert _counts(session) == (2, 3)


@pytest.mark.parametrize("content_type", ["application/x-ndjson", "application/jsonl", None])
def test_http_jsonl_body_is_imported(
    client: Any, session: Any, reviewer_headers: dict[str, str], content_type: str | None
) -> None:
    body = '{"id": "a", "text": "First."}\n\n{"id": "b", "text": "Second \U0001f600."}\n'
    headers = reviewer_headers | ({"Content-Type": content_type} if content_type else {})
    response = client.post(URL, data=body.encode(), headers=headers)
    assert response.status_code == 201, response.json
    assert response.json["created"] == 2
    assert _documents(session)["b"].text == "Second \U0001f600."


def test_http_multipart_upload_reads_files_by_extension(
    client: Any, session: Any, reviewer_headers: dict[str, str]
) -> None:
    files = [
        (io.BytesIO("\ufeffUploaded text.\r\n".encode()), "up.txt"),
        (io.BytesIO(b"text,title\nFrom CSV.,C\n"), "rows.csv"),
    ]
    response = client.post(URL, data={"file": files}, headers=reviewer_headers)
    assert response.status_code == 201, response.json
    docs = _documents(session)
    assert docs["up.txt"].text == "Uploaded text.\n"
    assert docs["rows.csv:2"].title == "C"


def test_http_invalid_records_are_422_with_details_and_store_nothing(
    client: Any, session: Any, reviewer_headers: dict[str, str]
) -> None:
    body = '[{"text": "Good."},\n {"title": 1, "text": "A."},\n {"id": "x", "text": 3}]'
    response = client.post(
        URL, data=body, headers=reviewer_headers | {"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "import_failed"
    assert [(d["file"], d["line"]) for d in error["details"]] == [("request", 2), ("request", 3)]
    assert _counts(session) == (0, 0)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"not json", "application/json"),
        (b'{"text": "an object, not an array"}', "application/json"),
        (b"", "application/json"),
        (b'{"text": "ok"}\n{"text": \n', "application/x-ndjson"),
        (b'["caf\xe9"]', "application/json"),
        (b"text=hello", "application/x-www-form-urlencoded"),
    ],
)
def test_http_malformed_body_is_400(
    client: Any, session: Any, reviewer_headers: dict[str, str], body: bytes, content_type: str
) -> None:
    response = client.post(
        URL, data=body, headers=reviewer_headers | {"Content-Type": content_type}
    )
    assert response.status_code == 400, response.json
    assert response.json["error"]["code"] == "malformed"
    assert _counts(session) == (0, 0)


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b'{"text": "ok"}\n{"text": \n', "not valid JSON on 1 line; line 2:"),
        (b'{"text": \n{"text": "ok"}\n{"text": \n', "not valid JSON on 2 lines; line 1:"),
    ],
)
def test_http_jsonl_body_says_how_many_lines_are_bad_in_the_right_number(
    client: Any, reviewer_headers: dict[str, str], body: bytes, said: str
) -> None:
    response = client.post(
        URL, data=body, headers=reviewer_headers | {"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 400
    assert said in response.json["error"]["message"]


def test_http_multipart_without_file_field_is_400(
    client: Any, reviewer_headers: dict[str, str]
) -> None:
    response = client.post(URL, data={"other": "x"}, headers=reviewer_headers)
    assert response.status_code == 400 and "'file'" in response.json["error"]["message"]


def test_http_too_large_is_413(
    app: Any, client: Any, session: Any, reviewer_headers: dict[str, str]
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1000
    records = [{"text": "x" * 2000}]
    response = client.post(URL, json=records, headers=reviewer_headers)
    assert response.status_code == 413 and response.json["error"]["code"] == "too_large"
    assert _counts(session) == (0, 0)


def test_the_413_names_the_configured_limit_in_mb(
    app: Any, client: Any, reviewer_headers: dict[str, str]
) -> None:
    app.config["MAX_UPLOAD_MB"] = 2
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    records = [{"text": "x" * (2 * 1024 * 1024)}]
    error = client.post(URL, json=records, headers=reviewer_headers).json["error"]
    assert "at most 2 MB" in error["message"]
    assert error["details"] == {"max_upload_mb": 2}


def test_http_annotator_is_403_and_bad_token_401(
    client: Any,
    session: Any,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    ann = make_user("ann", "annotator")
    assign(make_document(make_project(), "One sentence."), ann)
    annotator = make_token(ann)
    before = _counts(session)
    response = client.post(URL, json=[{"text": "x"}], headers=annotator)
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    bad_token = {"Authorization": "Bearer not-a-token"}
    assert client.post(URL, json=[{"text": "x"}], headers=bad_token).status_code == 401
    assert _counts(session) == before


def test_http_without_credentials_is_401(client: Any, make_project: Any) -> None:
    make_project()
    assert client.post(URL, json=[{"text": "x"}]).status_code == 401


def test_http_admin_may_import_and_unknown_project_is_404(
    client: Any, admin_headers: dict[str, str], make_project: Any
) -> None:
    make_project()
    assert client.post(URL, json=[{"text": "x"}], headers=admin_headers).status_code == 201
    nowhere = "/api/v1/projects/nope/documents"
    missing = client.post(nowhere, json=[{"text": "x"}], headers=admin_headers)
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("application/json", "[" * 100_000 + "]" * 100_000, 400),
        ("application/x-ndjson", '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", 400),
    ],
    ids=["json array", "jsonl line"],
)
def test_http_deeply_nested_json_is_refused_not_a_server_error(
    client: Any,
    session: Any,
    admin_headers: dict[str, str],
    make_project: Any,
    content_type: str,
    body: str,
    status: int,
) -> None:
    make_project()
    headers = admin_headers | {"Content-Type": content_type}
    response = client.post(URL, data=body, headers=headers)
    assert response.status_code == status
    assert "nested too deeply" in json.dumps(response.get_json())
    assert _counts(session) == (0, 0)
