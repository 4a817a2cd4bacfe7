"""A lossy format downloads at the first click; what it loses is said before the click.

Beside the Download button, the chosen format's counted warnings (what the file will leave
out) are there before any click; one click on Download then saves the file as the browser's
own download, streamed to disk, as for every format and split. On a desktop and a phone.
Without JavaScript every download is the form's too, and the page says where the counts are
then.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.export_world import GOLD_NOT_FINAL, World, build_world

pytestmark = pytest.mark.server

BRAT_LABELS = [
    "3 document label values (genre) not written: brat has no room for them",
    GOLD_NOT_FINAL,
    "4 sentence label values (bias, stance) not written: brat has no room for them",
]


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(session, make_user, make_project, make_document, assign)


@pytest.mark.parametrize("width", [1366, 390])
def test_one_click_downloads_brat_and_the_page_said_what_it_loses(
    world: World, open_tab: Any, width: int
) -> None:
    tab = open_tab("rita", touch=width < 500)
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
    tab.open("/projects/src/export")
    warnings = page.locator("#export-notice .flash--warning")
    # jsonl (the default) holds everything: it says only that the gold is not all final.
    warnings.first.wait_for(timeout=10_000)
    assert warnings.all_inner_texts() == [f"Warning: {GOLD_NOT_FINAL}"]
    page.select_option("select[name=format]", "brat")
    warnings.filter(has_text="brat has no room").first.wait_for(timeout=10_000)
    assert warnings.all_inner_texts() == [f"Warning: {w}" for w in BRAT_LABELS]
    seen = warnings.last.bounding_box()
    assert seen is not None and seen["x"] + seen["width"] <= width
    button = page.get_by_role("button", name="Download", exact=True)
    asked = _export_requests(page)
    with page.expect_download() as started:
        button.click()
    download = started.value
    assert download.suggested_filename.startswith("src-brat-")
    assert asked == ["document"]  # the browser's own request, streamed to disk
    names = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())).namelist()
    assert any(name.endswith(".ann") for name in names)
    # Another format: the old warnings go; a lossless one downloads as quietly as its gold
    # allows.
    page.select_option("select[name=format]", "jsonl")
    warnings.filter(has_text="brat has no room").first.wait_for(state="detached", timeout=10_000)
    warnings.filter(has_text="not final").first.wait_for(timeout=10_000)
    assert warnings.all_inner_texts() == [f"Warning: {GOLD_NOT_FINAL}"]
    asked.clear()
    with page.expect_download() as started:
        button.click()
    assert started.value.suggested_filename.startswith("src-jsonl-")
    assert asked == ["document"]
    # A split too: the browser's own request.
    page.fill("input[name=split]", "train=0.5,test=0.5")
    asked.clear()
    with page.expect_download() as started:
        button.click()
    assert started.value.suggested_filename.endswith(".zip")
    assert asked == ["document"]


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
    # The server's page with the form, its choices kept; the script says the refusal
    # beside the button too, as it says it before a click.
    assert page.url.split("?")[0].endswith("/projects/src/export")
    assert page.input_value("select[name=format]") == "conll"
    refused = page.locator("#export-notice .form-error")
    refused.wait_for(timeout=10_000)
    assert "sum to 0.5, not 1" in refused.inner_text()
    page.fill("input[name=split]", "")
    page.locator("#export-notice .form-error").wait_for(state="detached", timeout=10_000)
    with page.expect_download() as started:
        page.get_by_role("button", name="Download", exact=True).click()
    assert started.value.suggested_filename.startswith("src-conll-")
