"""A refused import says how to fix it, and a CSV's columns and encoding can be chosen.

Three files a team lead brought: a CSV saved by Excel (Windows-1252, not UTF-8), a corrected
article under an id already taken, and a scraper's CSV whose text is in ``body``. Each
refusal names the way on in the words of the face used (command line, project page, API),
and the encoding and the CSV columns are options of the one import service, given alike on
all three. Imports stay all or nothing.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import ImportFailed, Invalid
from annotator.core.formats.read_options import read_options
from annotator.core.formats.records import Upload
from annotator.models import Document
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.helpers import csrf_token_from, login

#: What Excel on Windows writes for "Save As: CSV (Comma delimited)": Windows-1252.
EXCEL_CSV = "id,text\nc1,Le café est servi à 8 h.\n".encode("cp1252")
SCRAPED_CSV = (
    b"url,headline,body,date\n"
    b"https://x.example/1,Talks resume,Officials said the talks would resume on Monday.,"
    b"2026-01-02\n"
)


def _count(session: Any) -> int:
    count = session.scalar(select(func.count()).select_from(Document))
    session.rollback()
    return count


def _import(session: Any, project: Any, files: list[tuple[str, bytes]], **reading: Any) -> Any:
    options = DatasetOptions(reading=read_options(**reading))
    return import_paths(session, project, [Upload(n, d) for n, d in files], options=options)


def _refusal(session: Any, project: Any, files: list[tuple[str, bytes]], **reading: Any) -> str:
    with pytest.raises(ImportFailed) as caught:
        _import(session, project, files, **reading)
    session.rollback()
    return "\n".join(detail["message"] for detail in caught.value.details)


# --- the service ---------------------------------------------------------------------------


def test_a_windows_1252_csv_is_named_so_with_its_character_and_how_to_save_it(
    session: Any, make_project: Any
) -> None:
    said = _refusal(session, make_project("demo"), [("excel.csv", EXCEL_CSV)])
    assert "not valid UTF-8 (byte 0xe9 at offset 17)" in said, said
    assert "Windows-1252 (cp1252)" in said and "0xe9 is 'é'" in said, said
    assert "Le café est" in said, said
    assert "CSV UTF-8 (Comma delimited)" in said, said
    assert "--encoding cp1252" in said, said
    assert _count(session) == 0


def test_the_encoding_chosen_reads_the_file(session: Any, make_project: Any) -> None:
    project = make_project("demo")
    report = _import(session, project, [("excel.csv", EXCEL_CSV)], encoding="cp1252")
    assert report.created == 1
    assert session.scalars(select(Document.text)).one() == "Le café est servi à 8 h."


def test_an_unknown_encoding_is_refused_naming_those_there_are() -> None:
    with pytest.raises(Invalid) as caught:
        read_options(encoding="klingon")
    assert "utf-8, cp1252, latin-1, utf-16" in caught.value.message


def test_an_id_taken_with_another_text_names_the_document_and_the_ways_on(
    session: Any, make_project: Any
) -> None:
    project = make_project("demo")
    _import(session, project, [("a.jsonl", b'{"id": "doc-7", "text": "First text."}\n')])
    session.commit()
    said = _refusal(
        session, project, [("b.jsonl", b'{"id": "doc-7", "text": "Corrected text."}\n')]
    )
    assert "document #1 (doc-7) already exists" in said, said
    assert "import the corrected text under a new id" in said, said
    assert "annotator documents delete demo 1" in said, said


def test_a_csv_without_a_text_column_names_its_columns_and_the_likely_one(
    session: Any, make_project: Any
) -> None:
    said = _refusal(session, make_project("demo"), [("scraped.csv", SCRAPED_CSV)])
    assert "its columns: url, headline, body, date" in said, said
    assert "likely 'body'" in said and "--text-column body" in said, said


def test_the_likely_text_column_is_the_longest_when_no_name_says_so(
    session: Any, make_project: Any
) -> None:
    data = b"k,words,n\n1,A long enough cell of words for an article.,3\n"
    said = _refusal(session, make_project("demo"), [("odd.csv", data)])
    assert "likely 'words'" in said, said


def test_chosen_columns_read_the_text_id_title_and_meta(session: Any, make_project: Any) -> None:
    project = make_project("demo")
    report = _import(
        session,
        project,
        [("scraped.csv", SCRAPED_CSV)],
        text_column="body",
        id_column="url",
        title_column="headline",
        meta_columns="date",
    )
    assert report.created == 1
    doc = session.scalars(select(Document)).one()
    assert doc.external_id == "https://x.example/1"
    assert doc.title == "Talks resume"
    assert doc.text.startswith("Officials said")
    assert doc.meta == {"date": "2026-01-02"}


def test_a_chosen_column_the_file_lacks_is_refused_with_the_close_one(
    session: Any, make_project: Any
) -> None:
    said = _refusal(
        session, make_project("demo"), [("scraped.csv", SCRAPED_CSV)], text_column="bdy"
    )
    assert "no column 'bdy', chosen as the text column" in said and "did you mean 'body'" in said, (
        said
    )
    assert "its columns: url, headline, body, date" in said, said


def test_a_mistyped_meta_column_is_mended_in_the_whole_list(
    session: Any, make_project: Any
) -> None:
    """The meta option takes a list: its hint names that option and gives the list with the
    one name mended (a hint of --meta-column NAME named no option, and would drop the rest)."""
    said = _refusal(
        session,
        make_project("demo"),
        [("scraped.csv", SCRAPED_CSV)],
        text_column="body",
        meta_columns="url,dat",
    )
    assert "no column 'dat', chosen as the meta column" in said, said
    assert "did you mean 'date' (--meta-columns url,date)" in said, said


def test_one_column_for_two_roles_names_the_option_of_the_list() -> None:
    with pytest.raises(Invalid) as caught:
        read_options(text_column="body", meta_columns="date,body")
    assert caught.value.details == {"field": "meta_columns"}


def test_one_column_for_two_roles_is_refused() -> None:
    with pytest.raises(Invalid) as caught:
        read_options(text_column="body", title_column="body")
    assert "'body'" in caught.value.message


def test_a_corpus_format_takes_no_csv_columns(session: Any, make_project: Any) -> None:
    """brat and CoNLL files have no CSV columns: a choice made for them would be ignored
    without a word, so it is refused (their encoding is read as chosen)."""
    options = DatasetOptions(reading=read_options(encoding="cp1252", text_column="body"))
    with pytest.raises(Invalid) as caught:
        import_paths(session, make_project("demo"), [], options=options, format="conll")
    assert "the CSV columns are for files read by their extension" in caught.value.message
    assert "not for --format conll" in caught.value.message


# --- the project page ----------------------------------------------------------------------


@pytest.fixture
def ada(client: Any, make_user: Any, make_project: Any) -> Any:
    make_project("demo")
    make_user("ada", "admin")
    login(client, "ada")
    return client


def _upload(client: Any, files: list[tuple[str, bytes]], **fields: Any) -> Any:
    page = client.get("/projects/demo").get_data(as_text=True)
    data: dict[str, Any] = {"csrf_token": csrf_token_from(page), **fields}
    data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post("/projects/demo/upload", data=data, content_type="multipart/form-data")


def test_the_project_page_has_the_encoding_and_column_fields(ada: Any) -> None:
    html = ada.get("/projects/demo").get_data(as_text=True)
    for name in ("encoding", "text_column", "id_column", "title_column", "meta_columns"):
        assert f'name="{name}"' in html, name


def test_the_page_says_the_encoding_in_its_own_words_and_then_reads_it(
    ada: Any, session: Any
) -> None:
    response = _upload(ada, [("excel.csv", EXCEL_CSV)])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "choose Windows-1252 under Encoding" in html, html
    assert "--encoding" not in html
    response = _upload(ada, [("excel.csv", EXCEL_CSV)], encoding="cp1252")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert _count(session) == 1


def test_the_page_reads_the_columns_chosen(ada: Any, session: Any) -> None:
    response = _upload(ada, [("scraped.csv", SCRAPED_CSV)])
    html = response.get_data(as_text=True)
    assert "type body as the Text column" in html, html
    response = _upload(
        ada, [("scraped.csv", SCRAPED_CSV)], text_column="body", title_column="headline"
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    assert session.scalars(select(Document.title)).one() == "Talks resume"


def test_the_page_links_the_delete_page_of_the_document_in_the_way(ada: Any, session: Any) -> None:
    assert _upload(ada, [("a.jsonl", b'{"id": "doc-7", "text": "First."}\n')]).status_code == 303
    document_id = session.scalars(select(Document.id)).one()
    session.rollback()
    response = _upload(ada, [("b.jsonl", b'{"id": "doc-7", "text": "Corrected."}\n')])
    html = response.get_data(as_text=True)
    assert "#1 (doc-7)" in html
    assert f'<a href="/projects/demo/documents/{document_id}/delete">' in html, html


# --- the API -------------------------------------------------------------------------------


@pytest.fixture
def admin_headers(make_user: Any, make_token: Any) -> dict[str, str]:
    return make_token(make_user("root", "admin"))


def test_the_api_takes_the_same_fields(ada: Any, admin_headers: Any, session: Any) -> None:
    data: dict[str, Any] = {"file": (io.BytesIO(SCRAPED_CSV), "scraped.csv")}
    response = ada.post("/api/v1/projects/demo/documents", data=data, headers=admin_headers)
    assert response.status_code == 422
    assert "send text_column=body" in response.get_json()["error"]["message"]
    data = {
        "file": (io.BytesIO(EXCEL_CSV.replace(b"id,text", b"id,body")), "scraped.csv"),
        "text_column": "body",
        "encoding": "cp1252",
        "meta_columns": "",
    }
    response = ada.post("/api/v1/projects/demo/documents", data=data, headers=admin_headers)
    assert response.status_code == 201, response.get_json()
    assert session.scalars(select(Document.text)).one() == "Le café est servi à 8 h."


def test_the_api_says_how_to_delete_the_document_in_the_way(
    ada: Any, admin_headers: Any, session: Any
) -> None:
    url = "/api/v1/projects/demo/documents"
    ada.post(url, json=[{"id": "doc-7", "text": "First."}], headers=admin_headers)
    document_id = session.scalars(select(Document.id)).one()
    session.rollback()
    response = ada.post(url, json=[{"id": "doc-7", "text": "Again."}], headers=admin_headers)
    assert response.status_code == 422
    assert f"DELETE /api/v1/documents/{document_id}" in response.get_json()["error"]["message"]


def test_openapi_describes_the_fields(ada: Any) -> None:
    spec = ada.get("/api/v1/openapi.json").get_json()
    body = spec["paths"]["/projects/{slug}/documents"]["post"]["requestBody"]["content"]
    fields = body["multipart/form-data"]["schema"]["properties"]
    assert fields["encoding"]["enum"] == ["utf-8", "cp1252", "latin-1", "utf-16"]
    for name in ("text_column", "id_column", "title_column", "meta_columns"):
        assert fields[name]["type"] == "string", name


# --- the command line ----------------------------------------------------------------------


def test_the_command_line_takes_the_encoding_and_columns(
    runner: Any, make_project: Any, tmp_path: Any, session: Any
) -> None:
    make_project("demo")
    path = tmp_path / "scraped.csv"
    path.write_bytes(SCRAPED_CSV.replace(b"resume", "résumé".encode("cp1252")))
    refused = runner.invoke(args=["import", "demo", str(path), "--text-column", "body"])
    assert refused.exit_code == 1 and "--encoding cp1252" in refused.output, refused.output
    args = ["import", "demo", str(path), "--encoding", "cp1252", "--text-column", "body"]
    result = runner.invoke(args=[*args, "--title-column", "headline", "--id-column", "url"])
    assert result.exit_code == 0, result.output
    assert session.scalars(select(Document.title)).one() == "Talks résumé"
