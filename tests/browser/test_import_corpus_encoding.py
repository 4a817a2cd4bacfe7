"""The corpus import page's encoding and CSV columns, in Chromium.

An Excel CSV in Windows-1252 is refused with the encoding to choose in the page's own words;
chosen under "Encoding and CSV columns" (folded until then), it goes in. A scraper's CSV
whose text is in ``body`` goes in with that column typed. What was stored is read back
through the API.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extras import need

need("requests")

pytestmark = pytest.mark.server

EXCEL = "id,text\nc1,Le café est servi à 8 h.\n".encode("cp1252")
SCRAPED = (
    b"url,headline,body\nhttps://x.example/1,Talks resume,Officials said the talks would resume.\n"
)


@pytest.fixture
def token(make_user: Any, make_token: Any, make_project: Any) -> Any:
    make_project("demo")
    return make_token(make_user("ada", "admin"))


def _send(page: Any, name: str, data: bytes) -> None:
    """Choose the page's records format and the file ``name``, and import."""
    page.select_option("select[name=format]", "records")
    page.set_input_files(
        "input[name=files]", [{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    with page.expect_navigation():  # the page answers with the report or the problems
        page.click("form[action$='/import'] button[type=submit]")


def test_the_corpus_page_reads_a_windows_1252_csv_and_a_chosen_text_column(
    token: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("ada")
    page = tab.open("/projects/demo/import")
    reading = page.locator("details.upload__reading")
    assert reading.get_attribute("open") is None  # folded: most files need none
    assert not page.is_visible("select[name=encoding]")

    _send(page, "excel.csv", EXCEL)
    problems = page.locator("#import-problems")
    problems.wait_for(timeout=10_000)
    said = problems.inner_text()
    assert "choose Windows-1252 under Encoding ('Encoding and CSV columns')" in said, said

    page.click("summary:has-text('Encoding and CSV columns')")
    page.select_option("select[name=encoding]", "cp1252")
    _send(page, "excel.csv", EXCEL)
    report = page.locator("section.import-report")
    report.wait_for(timeout=10_000)
    assert report.locator("[data-report=created]").inner_text() == "1 new"
    # The choice stays as sent, unfolded, for the next file.
    assert page.locator("details.upload__reading").get_attribute("open") is not None
    assert page.input_value("select[name=encoding]") == "cp1252"

    page.select_option("select[name=encoding]", "utf-8")
    page.fill("input[name=text_column]", "body")
    page.fill("input[name=id_column]", "url")
    _send(page, "scraped.csv", SCRAPED)
    report.wait_for(timeout=10_000)
    assert report.locator("[data-report=created]").inner_text() == "1 new"
    assert tab.errors == []

    stored = api_as(token).get("/projects/demo/documents")["documents"]
    assert sorted(d["external_id"] for d in stored) == ["c1", "https://x.example/1"]
    texts = {d["external_id"]: api_as(token).get(f"/documents/{d['id']}")["text"] for d in stored}
    assert texts == {
        "c1": "Le café est servi à 8 h.",
        "https://x.example/1": "Officials said the talks would resume.",
    }
