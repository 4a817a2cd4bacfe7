"""An import's refusal names each problem where it is, on every face.

A name a corpus uses that is neither mapped nor in the schema is refused at its own first file
and line, with its own count: one place for every name sent people to a file that had only
some of them. A CoNLL token line with more columns than the file's others is refused as such,
not read with its last column as a label. A JSONL request body lists every problem, as the
same lines uploaded as a file do; a null text is said to be null, not missing.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from annotator.core.formats.readers import Problem, records_from_objects
from tests.helpers import csrf_token_from, login

# An unknown label at line 2; the other file's line 3 has two columns more than its others.
C_A = "Alpha\tO\nBeta\tB-WHAT\n"
C_BAD2 = "First\tO\nSecond\tB-WHAT\nThird\tB-ASSERTION\textra\tcol\n"
WIDE = (
    "this token line has 4 tab-separated columns and the file's first (line 1) 2; every token "
    "line of a file has the same columns, TOKEN ... TAG"
)


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return buffer.getvalue()


# alice's file uses Claim, Cue and Source; bob's uses Source again and CUE, ours.
BRAT = _zip(
    {
        "brat/alice/d1.txt": "Bob said it.\n",
        "brat/alice/d1.ann": "T1\tClaim 0 3\tBob\nT2\tCue 4 8\tsaid\nT3\tSource 9 11\tit\n",
        "brat/bob/d1.txt": "Bob said it.\n",
        "brat/bob/d1.ann": "T1\tCUE 4 8\tsaid\nT2\tSource 9 11\tit\n",
    }
)


def _unknown(name: str, uses: str, map_entry: str) -> str:
    return (
        f"label {name!r} is not in the project's schema and not in {map_entry} ({uses}); "
        f"map it with"
    )


def _cli(runner: Any, *args: str) -> str:
    result = runner.invoke(args=["import", "demo", *args])
    assert result.exit_code != 0
    return result.output


def test_the_command_line_names_each_unknown_label_and_wide_line_at_its_place(
    runner: Any, make_project: Any, make_user: Any, tmp_path: Path
) -> None:
    make_project("demo")
    make_user("alice", "annotator")
    (tmp_path / "c_a.conll").write_text(C_A, encoding="utf-8")
    (tmp_path / "c_bad2.conll").write_text(C_BAD2, encoding="utf-8")
    paths = [str(tmp_path / "c_a.conll"), str(tmp_path / "c_bad2.conll")]
    output = _cli(runner, *paths, "--format", "conll", "--annotator", "alice")
    lines = [line.strip() for line in output.splitlines() if ".conll:" in line]
    assert lines == [
        f"{paths[0]}:2: {_unknown('WHAT', 'used 2 times, the first here', '--map')} "
        "--map WHAT=OURS, or leave it out with WHAT=-",
        f"{paths[1]}:3: {WIDE}",
    ], output
    assert "'col'" not in output and "ASSERTION" not in output


def test_the_command_line_names_each_brat_label_at_its_first_file(
    runner: Any, make_project: Any, make_user: Any, tmp_path: Path
) -> None:
    make_project("demo")
    make_user("alice", "annotator")
    make_user("bob", "annotator")
    path = tmp_path / "brat.zip"
    path.write_bytes(BRAT)
    output = _cli(runner, str(path), "--format", "brat")
    alice = f"{path}/brat/alice/d1.ann"
    for line, name, uses in [(1, "Claim", "used once"), (2, "Cue", "used once")]:
        assert f"{alice}:{line}: {_unknown(name, uses, '--map')}" in output, output
    assert f"{alice}:3: {_unknown('Source', 'used 2 times, the first here', '--map')}" in output
    assert "bob" not in output


def test_the_page_names_each_unknown_label_at_its_place_in_its_words(
    client: Any, make_project: Any, make_user: Any
) -> None:
    make_project("demo")
    make_user("ada", "admin")
    make_user("alice", "annotator")
    login(client, "ada")
    page = client.get("/projects/demo/import").get_data(as_text=True)
    files = [(io.BytesIO(C_A.encode()), "c_a.conll"), (io.BytesIO(C_BAD2.encode()), "c_bad2.conll")]
    data = {"format": "conll", "annotator": "alice", "files": files}
    data["csrf_token"] = csrf_token_from(page)
    response = client.post("/projects/demo/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    said = _unknown("WHAT", "used 2 times, the first here", "the Label map")
    assert str(escape(f"c_a.conll:2: {said}")) in html, html
    assert str(escape(f"c_bad2.conll:3: {WIDE}")) in html
    assert "col (1)" not in html


def test_the_api_names_each_brat_label_at_its_first_file(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    make_project("demo")
    make_user("alice", "annotator")
    make_user("bob", "annotator")
    token = make_token(make_user("root", "admin"))
    data = {"format": "brat", "file": [(io.BytesIO(BRAT), "brat.zip")]}
    response = client.post("/api/v1/projects/demo/documents", data=data, headers=token)
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]
    places = [(d["file"], d["line"], d["message"].split(" is ")[0]) for d in details]
    alice = "brat.zip/brat/alice/d1.ann"
    assert places == [
        (alice, 1, "label 'Claim'"),
        (alice, 2, "label 'Cue'"),
        (alice, 3, "label 'Source'"),
    ]
    message = details[2]["message"]
    assert "(used 2 times, the first here); map it with Source=OURS in the 'map' field" in message


JSONL = b'{"id": "a", "text": "Fine."}\n{"id": "b", "text": \n{"text": 5}\n{"text": null}\n'
BAD_JSON = "not valid JSON: Expecting value (column 21)"


def test_a_jsonl_body_lists_every_problem_as_the_same_file_does(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    make_project("demo")
    token = make_token(make_user("root", "admin"))
    url = "/api/v1/projects/demo/documents"
    body = client.post(url, data=JSONL, headers=token | {"Content-Type": "application/x-ndjson"})
    upload = {"file": [(io.BytesIO(JSONL), "body.jsonl")]}
    file = client.post(url, data=upload, headers=token, content_type="multipart/form-data")
    # A body with a line that is not JSON stays 400 malformed (CONTRACT section 4), the file
    # 422; both list every problem alike.
    assert (body.status_code, file.status_code) == (400, 422)
    error = body.get_json()["error"]
    said = [(d["line"], d["message"]) for d in file.get_json()["error"]["details"]]
    assert said == [(d["line"], d["message"]) for d in error["details"]]
    assert error["code"] == "malformed"
    assert error["details"] == [
        {"file": "request", "line": 2, "message": BAD_JSON},
        {"file": "request", "line": 3, "message": "'text' must be a string, not a number"},
        {"file": "request", "line": 4, "message": "'text' must be a string, not null"},
    ]
    # The message says the lines that are not JSON, as before; the first problem is first.
    said_first = f"not valid JSON on 1 line; line 2: {BAD_JSON}"
    assert error["message"] == f"the body is not JSONL: {said_first}"


def test_a_jsonl_body_whose_lines_are_json_but_break_rules_is_422(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    make_project("demo")
    token = make_token(make_user("root", "admin"))
    headers = token | {"Content-Type": "application/x-ndjson"}
    body = b'{"text": "Fine."}\n{"text": 5}\n{"text": null}\n'
    response = client.post("/api/v1/projects/demo/documents", data=body, headers=headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "import_failed"
    assert [d["line"] for d in error["details"]] == [2, 3]
    assert error["message"].startswith("nothing was imported: 2 problems; the first: request:2:")


def test_a_jsonl_body_none_of_whose_lines_is_json_is_still_malformed(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    make_project("demo")
    token = make_token(make_user("root", "admin"))
    headers = token | {"Content-Type": "application/x-ndjson"}
    response = client.post("/api/v1/projects/demo/documents", data=b"a,b\n1,2\n", headers=headers)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "malformed"
    assert error["message"].startswith("the body is not JSONL: not valid JSON on 2 lines; line 1:")
    assert [d["line"] for d in error["details"]] == [1, 2]


@pytest.mark.parametrize(
    ("record", "said"),
    [
        ({"id": "x"}, "'text' is missing"),
        ({"text": None}, "'text' must be a string, not null"),
        ({"text": "x", "annotations": None}, "'annotations' must be a list, not null"),
        ({"text": "x", "annotations": 3}, "'annotations' must be a list, not a number"),
        ({"text": "x", "gold": "alice"}, "'gold' must be an object or null, not a string"),
        ({"data": {"id": 1}, "annotations": []}, "'text' is missing"),
        ({"data": {"text": None}, "annotations": []}, "'text' must be a string, not null"),
        ({"label": [], "id": 1}, "'text' is missing"),
        ({"label": [], "text": None}, "'text' must be a string, not null"),
    ],
    ids=[
        "missing",
        "null",
        "annotations-null",
        "annotations-number",
        "gold-string",
        "label-studio-missing",
        "label-studio-null",
        "doccano-missing",
        "doccano-null",
    ],
)
def test_a_null_field_is_said_to_be_null_not_missing(record: Any, said: str) -> None:
    (problem,) = records_from_objects("f.jsonl", [(1, record)])
    assert problem == Problem("f.jsonl", 1, said)
