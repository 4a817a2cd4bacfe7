"""A scraper's CSV and an Excel CSV imported from the project page in Chromium.

The refusal says which column is likely the text and what encoding the file likely is, in
the page's own words; the folded "Encoding and CSV columns" fields, filled in as it says,
import the same file (the page's script sends every field of the form).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import shot
from tests.extras import need

need("requests")

pytestmark = pytest.mark.server

SCRAPED = (
    "url,headline,body\n"
    "https://x.example/1,Café talks resume,Officials said the talks would resume.\n"
).encode("cp1252")


@pytest.fixture
def token(make_user: Any, make_token: Any, make_project: Any) -> Any:
    make_project("demo")
    return make_token(make_user("ada", "admin"))


def test_the_refusal_says_the_fix_and_the_fields_apply_it(
    token: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("ada")
    page = tab.open("/projects/demo")
    upload = [{"name": "scraped.csv", "mimeType": "text/csv", "buffer": SCRAPED}]
    page.set_input_files("input[name=files]", upload)
    page.click("form[data-upload] button[type=submit]")
    problems = page.locator("#upload-problems")
    problems.locator("code").first.wait_for(timeout=10_000)
    said = problems.inner_text()
    assert "choose Windows-1252 under Encoding" in said, said
    page.screenshot(path=shot("import38-refused.png"), full_page=True)

    page.click("summary:has-text('Encoding and CSV columns')")
    page.select_option("select[name=encoding]", "cp1252")
    page.set_input_files("input[name=files]", upload)
    page.click("form[data-upload] button[type=submit]")
    problems.locator("code").first.wait_for(timeout=10_000)
    said = problems.inner_text()
    assert "its columns: url, headline, body" in said, said
    assert "The text is likely 'body': type body as the Text column" in said, said

    page.fill("input[name=text_column]", "body")
    page.fill("input[name=title_column]", "headline")
    page.fill("input[name=id_column]", "url")
    page.set_input_files("input[name=files]", upload)
    page.click("form[data-upload] button[type=submit]")
    page.wait_for_selector(".flash", timeout=10_000)
    assert "Imported 1 new document" in page.inner_text(".flash")
    page.screenshot(path=shot("import38-imported.png"), full_page=True)
    (stored,) = api_as(token).get("/projects/demo/documents")["documents"]
    assert stored["external_id"] == "https://x.example/1"
    assert stored["title"] == "Café talks resume"
