"""A brat zip dropped on the project page's import form, in Chromium: the problem says it is
a corpus and links to the corpus import page, through the page's script (static/js/upload.js)
as through a plain post; it said "unknown file type; use one of .txt, ..." and no more."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from tests.extras import need

need("requests")

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_user: Any, make_project: Any) -> None:
    make_user("ada", "admin")
    make_project("demo")


def test_a_brat_zip_on_the_upload_form_links_to_the_corpus_page(world: None, open_tab: Any) -> None:
    page = open_tab("ada").open("/projects/demo")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "Officials said so.")
        archive.writestr("a.ann", "T1\tSOURCE 0 9\tOfficials\n")
    zipped = {"name": "corpus.zip", "mimeType": "application/zip", "buffer": buffer.getvalue()}
    page.set_input_files("input[name=files]", [zipped])
    page.click("form[data-upload] button[type=submit]")
    problem = page.locator("#upload-problems li", has_text="corpus.zip")
    problem.wait_for(timeout=10_000)
    assert "the zip holds .ann files: another tool's corpus, not documents" in (
        problem.inner_text()
    )
    # The script took the answer in: the page is still the project page.
    assert page.evaluate("window.location.pathname") == "/projects/demo"
    link = problem.locator("a")
    assert link.inner_text() == "Import another tool's corpus"
    link.click()
    page.wait_for_url("**/projects/demo/import")
    assert page.locator("h1").inner_text() == "Import another tool's corpus"
