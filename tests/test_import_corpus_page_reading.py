"""The corpus import page takes the encoding and the CSV columns, as the project page does.

Its Format "doccano, Label Studio, jsonl" reads each file by its extension, as the project
page's form does: an Excel CSV in Windows-1252 or a scraper's CSV whose text is in ``body``
went in there only, and the page's refusal sent its reader to the other page's fields. The
two forms share their fields (web/forms.py ``ReadingFields``, the macro ``reading_fields``)
and the import's refusals, in the same words.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Document
from tests.helpers import csrf_token_from, login

EXCEL_CSV = "id,text\nc1,Le café est servi à 8 h.\n".encode("cp1252")
SCRAPED_CSV = (
    b"url,headline,body\nhttps://x.example/1,Talks resume,Officials said the talks resume.\n"
)
READING = ("encoding", "text_column", "id_column", "title_column", "meta_columns")


@pytest.fixture
def ada(client: Any, make_user: Any, make_project: Any) -> Any:
    make_project("demo")
    make_user("ada", "admin")
    login(client, "ada")
    return client


def _import(client: Any, files: list[tuple[str, bytes]], **fields: Any) -> Any:
    page = client.get("/projects/demo/import").get_data(as_text=True)
    data: dict[str, Any] = {"csrf_token": csrf_token_from(page), "format": "records", **fields}
    data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post("/projects/demo/import", data=data, content_type="multipart/form-data")


def _problems(html: str) -> str:
    """Return the page's list of problems."""
    return html.split('id="import-problems"')[1].split("</div>")[0]


def _stored(session: Any) -> list[tuple[str, str | None, str]]:
    rows = session.execute(select(Document.external_id, Document.title, Document.text)).all()
    session.rollback()
    return [tuple(row) for row in rows]


def test_the_corpus_page_has_the_fields_of_the_project_pages_form(ada: Any) -> None:
    corpus = ada.get("/projects/demo/import").get_data(as_text=True)
    project = ada.get("/projects/demo").get_data(as_text=True)
    for html in (corpus, project):
        assert "<summary>Encoding and CSV columns</summary>" in html
        for name in READING:
            assert f'name="{name}"' in html, name
    assert '<option value="cp1252">Windows-1252</option>' in corpus
    assert "project page's form, Import documents" not in corpus


def test_the_encoding_is_said_in_the_pages_own_words_and_then_read(ada: Any, session: Any) -> None:
    response = _import(ada, [("excel.csv", EXCEL_CSV)])
    assert response.status_code == 422
    said = _problems(response.get_data(as_text=True))
    assert "choose Windows-1252 under Encoding (&#39;Encoding and CSV columns&#39;)" in said, said
    assert "--encoding" not in said and "project page" not in said, said
    response = _import(ada, [("excel.csv", EXCEL_CSV)], encoding="cp1252")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert 'data-report="created">1 new' in response.get_data(as_text=True)
    assert _stored(session) == [("c1", None, "Le café est servi à 8 h.")]


def test_the_columns_chosen_are_read_and_kept_unfolded_after_a_refusal(
    ada: Any, session: Any
) -> None:
    response = _import(ada, [("scraped.csv", SCRAPED_CSV)])
    html = response.get_data(as_text=True)
    assert "type body as the Text column" in html, html
    response = _import(ada, [("scraped.csv", SCRAPED_CSV)], text_column="bdy")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<details class="upload__reading" open>' in html
    assert re.search(r'<input[^>]* name="text_column"[^>]* value="bdy">', html), html
    response = _import(
        ada, [("scraped.csv", SCRAPED_CSV)], text_column="body", title_column="headline"
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    [(external_id, title, text)] = _stored(session)
    assert (title, text) == ("Talks resume", "Officials said the talks resume.")


def test_a_bad_choice_is_said_with_nothing_imported(ada: Any, session: Any) -> None:
    response = _import(ada, [("scraped.csv", SCRAPED_CSV)], text_column="body", id_column="body")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported: the column &#39;body&#39; is given as the text column" in html
    assert _stored(session) == []


def test_a_brat_corpus_reads_the_encoding_chosen_and_refuses_columns(
    ada: Any, session: Any
) -> None:
    corpus = [("doc.txt", "Le café est servi.\n".encode("cp1252")), ("doc.ann", b"")]
    refused = _import(ada, corpus, format="brat", text_column="body")
    assert refused.status_code == 422
    assert "not for a Format brat: leave the columns empty" in refused.get_data(as_text=True)
    assert _stored(session) == []
    read = _import(ada, corpus, format="brat", encoding="cp1252", annotator="gold")
    assert read.status_code in (200, 302), read.get_data(as_text=True)
    assert [text.strip() for _, _, text in _stored(session)] == ["Le café est servi."]
