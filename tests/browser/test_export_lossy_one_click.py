"""A lossy format downloads at the first click; what it loses is said before and after.

Beside the format choice, the chosen format's line says what it has no room for (brat: the
sentence and document label values...), before any click; one click on Download saves the
file, and the warnings counted for it appear beside the button. On a desktop and a phone.
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
    with page.expect_download() as started:
        button.click()
    download = started.value
    assert download.suggested_filename.startswith("src-brat-")
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
    with page.expect_download() as started:
        button.click()
    assert started.value.suggested_filename.startswith("src-jsonl-")
    assert page.locator("#export-notice").inner_text().strip() != ""
    assert warnings.count() == 0


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
