"""A zip of .txt (and .jsonl, .csv) files is an upload of documents, on the API, the project
page's form and the command line: each named by its path inside the zip (CONTRACT 9).

Before, the project page refused any zip as a brat corpus, and the brat import read
``2024/report.txt`` and ``2025/report.txt`` as one document annotated by two folders. A zip
that holds .ann files is still a brat corpus (refused here, saying where it goes in), one that
mixes both is refused naming why, and the zip's safety rules are the brat corpus's.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Document
from tests.helpers import csrf_token_from, login


def zipped(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def world(make_user: Any, make_project: Any, make_token: Any) -> dict[str, str]:
    make_project("demo")
    return make_token(make_user("ada", "admin"))


def _post(client: Any, token: dict[str, str], name: str, data: bytes) -> Any:
    files = {"files": [(io.BytesIO(data), name)]}
    return client.post("/api/v1/projects/demo/documents", data=files, headers=token)


def _ids(session: Any) -> list[str]:
    session.expire_all()
    return sorted(session.scalars(select(Document.external_id)))


def test_a_zip_of_texts_keeps_each_path_inside_it_as_the_id(
    client: Any, session: Any, world: dict[str, str]
) -> None:
    data = zipped(
        {
            "a.txt": "Officials said so.",
            "sub/b.txt": "Another text.",
            "2024/report.txt": "The report of 2024.",
            "2025/report.txt": "The report of 2025.",
            "notes.md": "not a document",
            "__MACOSX/._a.txt": "hidden",
            "more.jsonl": '{"id": "j-1", "text": "From a JSON line."}\n',
            "table.csv": "id,text\nc-1,From a CSV row.\n",
        }
    )
    answer = _post(client, world, "articles.zip", data)
    assert answer.status_code == 201, answer.get_json()
    assert _ids(session) == [
        "2024/report.txt",
        "2025/report.txt",
        "a.txt",
        "c-1",
        "j-1",
        "sub/b.txt",
    ]
    skipped = answer.get_json()["skipped"]
    assert [s["file"] for s in skipped] == ["articles.zip/notes.md"]


def test_a_zipped_folder_keeps_its_name_in_the_ids(
    client: Any, session: Any, world: dict[str, str]
) -> None:
    """The whole path inside the zip, one folder holding all or not: the zip is what was
    imported, so that 2024/report.txt alone is not report.txt."""
    data = zipped({"articles/a.txt": "One.", "articles/x/b.txt": "Two."})
    assert _post(client, world, "articles.zip", data).status_code == 201
    assert _ids(session) == ["articles/a.txt", "articles/x/b.txt"]


@pytest.mark.parametrize(
    ("files", "said"),
    [
        (
            {"a.txt": "One.", "a.ann": "T1\tSOURCE 0 3\tOne\n"},
            "the zip holds .ann files: another tool's corpus, not documents",
        ),
        (
            {"a.txt": "One.", "a.ann": "T1\tSOURCE 0 3\tOne\n", "b.jsonl": '{"text": "x"}\n'},
            "the zip mixes a corpus's files (.ann) with documents (.jsonl); upload the "
            "documents and the corpus apart",
        ),
        ({"../evil.txt": "x", "a.txt": "y"}, "the entry '../evil.txt' leads out of the zip"),
        ({"notes.md": "x"}, "no .txt, .jsonl, .ndjson, .json, .csv files in this zip"),
    ],
)
def test_a_zip_that_is_no_upload_of_documents_is_refused_naming_why(
    client: Any, session: Any, world: dict[str, str], files: dict[str, str], said: str
) -> None:
    answer = _post(client, world, "up.zip", zipped(files))
    assert answer.status_code == 422
    (problem,) = answer.get_json()["error"]["details"]
    assert problem["file"] == "up.zip" and said in problem["message"]
    assert _ids(session) == []


def test_not_a_zip_and_a_zip_bomb_are_refused(
    app: Any, client: Any, session: Any, world: dict[str, str]
) -> None:
    answer = _post(client, world, "up.zip", b"PK\x05\x06" + b"\0" * 5)
    assert answer.get_json()["error"]["details"][0]["message"] == "not a zip file"
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    big = zipped({"a.txt": "x " * 600_000})
    assert len(big) < 100_000
    (problem,) = _post(client, world, "big.zip", big).get_json()["error"]["details"]
    assert problem["message"] == "the zip unpacks to 1.1 MB, more than the 1 MB an upload may hold"
    assert _ids(session) == []


def test_the_project_page_and_the_command_line_take_a_zip_of_documents(
    client: Any, session: Any, world: dict[str, str], runner: Any, tmp_path: Any
) -> None:
    login(client, "ada")
    page = client.get("/projects/demo").get_data(as_text=True)
    answer = client.post(
        "/projects/demo/upload",
        data={
            "csrf_token": csrf_token_from(page),
            "files": [(io.BytesIO(zipped({"2024/report.txt": "One."})), "up.zip")],
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)
    path = tmp_path / "more.zip"
    path.write_bytes(zipped({"2025/report.txt": "Two."}))
    result = runner.invoke(args=["import", "demo", str(path)])
    assert result.exit_code == 0, result.output
    assert _ids(session) == ["2024/report.txt", "2025/report.txt"]
