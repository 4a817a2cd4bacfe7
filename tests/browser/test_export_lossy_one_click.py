"""A lossy format downloads at the first click; what it loses is said before and after.

Beside the format choice, the chosen format's line says what it has no room for (brat: the
sentence and document label values...), before any click; one click on Download saves the
file, and the warnings counted for it appear beside the button. On a desktop and a phone.

Only such a download (or a split's, which may warn of its documents) is fetched by the
page's script, which holds the file in the tab's memory to read its warnings; a lossless
format's is the form's own request, which the browser streams to disk. Without JavaScript
every download is the form's, and the page says where the counts are then.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.export_world import World, build_world

pytestmark = pytest.mark.server

BRAT_LABELS = [
    "3 document label values (genre) not written: brat has no room for them",
    "4 sentence label values (bias, stance) not written: brat has no room for them",
]


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(session, make_user, make_project, make_document, assign)


@pytest.mark.parametrize("width", [1366, 390])
def test_one_click_downloads_brat_and_the_page_shows_what_it_lost(
    world: World, open_tab: Any, width: int
) -> None:
    tab = open_tab("rita", touch=width < 500)
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
    tab.open("/projects/src/export")
    losses = page.locator("#format-losses li:visible")
    # jsonl (the default) holds everything: no line.
    assert losses.count() == 0
    page.select_option("select[name=format]", "brat")
    assert losses.count() == 1
    line = losses.first.inner_text()
    assert line.startswith("brat has no room for sentence label values, document label values")
    box = losses.first.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width
    button = page.get_by_role("button", name="Download", exact=True)
    asked = _export_requests(page)
    with page.expect_download() as started:
        button.click()
    download = started.value
    assert download.suggested_filename.startswith("src-brat-")
    assert asked == ["fetch"]  # the script reads the warnings of a lossy format's file
    names = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())).namelist()
    assert any(name.endswith(".ann") for name in names)
    warnings = page.locator(".flash--warning")
    warnings.first.wait_for()
    assert warnings.all_inner_texts() == [f"Warning: {w}" for w in BRAT_LABELS]
    seen = warnings.last.bounding_box()
    assert seen is not None and seen["x"] + seen["width"] <= width
    # Another format: the old warnings go, the new line shows; a lossless one downloads quietly.
    page.select_option("select[name=format]", "jsonl")
    assert losses.count() == 0 and warnings.count() == 0
    asked.clear()
    with page.expect_download() as started:
        button.click()
    assert started.value.suggested_filename.startswith("src-jsonl-")
    # The form's own request: streamed to disk by the browser, not held in the tab.
    assert asked == ["document"]
    assert warnings.count() == 0
    # A split may warn (of documents without the group field): fetched, as a lossy format.
    page.fill("input[name=split]", "train=0.5,test=0.5")
    asked.clear()
    with page.expect_download() as started:
        button.click()
    assert started.value.suggested_filename.endswith(".zip")
    assert asked == ["fetch"]


def _export_requests(page: Any) -> list[str]:
    """Collect the kind of each request for a download of the export page from now on:
    ``fetch`` (the script's) or ``document`` (the form's own, streamed by the browser)."""
    seen: list[str] = []

    def note(request: Any) -> None:
        if "/export?" in request.url:
            seen.append(request.resource_type)

    page.on("request", note)
    return seen


def test_without_javascript_the_form_downloads_and_the_page_says_what_each_format_loses(
    world: World, browser: Any, server: Any
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/auth/login")
        page.fill("input[name=username]", "rita")
        page.fill("input[name=password]", "correct horse battery")
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/auth/login" not in url)
        page.goto(f"{server.url}/projects/src/export")
        # Every format's line, there before any choice; and where the counts are.
        lines = page.locator("#format-losses li:visible").all_inner_texts()
        assert any(line.startswith("brat has no room for") for line in lines)
        assert any(line.startswith("conll has no room for") for line in lines)
        said = page.locator("#export-no-script").inner_text()
        assert "X-Annotator-Warnings" in said
        page.select_option("select[name=format]", "brat")
        with page.expect_download() as started:
            page.get_by_role("button", name="Download", exact=True).click()
        assert started.value.suggested_filename.startswith("src-brat-")
    finally:
        context.close()


def test_a_refused_choice_is_said_under_its_field_and_the_next_click_downloads(
    world: World, open_tab: Any
) -> None:
    tab = open_tab("rita")
    page = tab.page
    tab.open("/projects/src/export")
    page.select_option("select[name=format]", "conll")
    page.fill("input[name=split]", "train=0.5")
    page.get_by_role("button", name="Download", exact=True).click()
    reason = page.locator("#split-errors")
    reason.wait_for()
    assert "sum to 0.5, not 1" in reason.inner_text()
    # The page stayed (the script put the server's form in place), its choices kept.
    assert page.url.endswith("/projects/src/export")
    assert page.input_value("select[name=format]") == "conll"
    assert page.locator("#format-losses li:visible").count() == 1
    page.fill("input[name=split]", "")
    with page.expect_download() as started:
        page.get_by_role("button", name="Download", exact=True).click()
    assert started.value.suggested_filename.startswith("src-conll-")
