"""An admin moves a project in headless Chromium: download it from its settings, load it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.project_world import build_full_world, records_of

pytestmark = pytest.mark.server


def test_an_admin_downloads_a_project_and_loads_it_as_another(
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    open_tab: Any,
    tmp_path: Path,
) -> None:
    build_full_world(session, make_user, make_project, make_document, assign)
    make_user("ada", "admin")
    tab = open_tab("ada")
    page = tab.open("/projects/src/settings")
    with page.expect_download() as started:
        page.click("text=Download the whole project")
    download = started.value
    assert download.suggested_filename.startswith("src-")
    assert download.suggested_filename.endswith(".annotator.jsonl.gz")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    records = records_of(saved.read_bytes())
    assert records[-1] == {"record": "end", "documents": 4}

    page = tab.open("/projects/new")
    page.set_input_files("input[name='load-file']", str(saved))
    page.fill("input[name='load-slug']", "src")  # taken: refused next to the slug
    page.click("input[name='load-load']")
    errors = page.locator("#load-slug-errors")
    errors.wait_for(timeout=10_000)
    assert "project 'src' already exists" in errors.inner_text()

    page.set_input_files("input[name='load-file']", str(saved))
    page.fill("input[name='load-slug']", "moved")
    page.click("input[name='load-load']")
    page.wait_for_url("**/projects/moved")
    assert "is loaded with 4 documents" in page.content()
    assert page.locator("a[href^='/projects/moved/documents/']").count() >= 1
