"""The export page says that the filter empties a split before the click, then downloads it.

The warning known before the file's first byte (here: the gold status filter leaves the test
split without a document) is shown beside the Download button before any click, in view
with it, on a desktop and on a phone alike; the click downloads at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.split_filter_world import KEPT, SPLIT, build_split_world, ids_of, zip_files

pytestmark = pytest.mark.server

WARNING = "1 split left with no document by the filter gold status final: test"


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, str]:  # noqa: ANN001
    return build_split_world(session, make_user, make_project, make_document, assign)


@pytest.mark.parametrize("touch", [False, True])
def test_the_page_downloads_an_emptied_split_at_once_and_warns_of_it(
    world: dict[str, str], open_tab: Any, touch: bool
) -> None:
    tab = open_tab("rita", touch=touch)
    page = tab.page
    if touch:
        page.set_viewport_size({"width": 390, "height": 844})
    tab.open("/projects/news/export")
    page.select_option("select[name=gold_status]", "final")
    page.fill("input[name=split]", SPLIT)
    button = page.get_by_role("button", name="Download", exact=True)
    warning = page.locator(".flash--warning")
    warning.wait_for(timeout=10_000)
    assert warning.inner_text() == f"Warning: {WARNING}"
    with page.expect_download() as started:
        button.click()
    download = started.value
    files = zip_files(Path(download.path()).read_bytes())
    written = {name.removesuffix(".jsonl"): len(ids_of(data)) for name, data in files.items()}
    assert written == KEPT
    assert download.suggested_filename.startswith("news-jsonl-")
    assert warning.inner_text() == f"Warning: {WARNING}"
    # Beside the button, in view, and no second button to press.
    seen = warning.bounding_box()
    box = button.bounding_box()
    assert seen is not None and box is not None
    assert seen["y"] >= 0 and seen["y"] + seen["height"] <= page.viewport_size["height"]
    assert box["x"] + box["width"] <= page.viewport_size["width"]
    assert page.get_by_role("button", name="Download anyway").count() == 0
    assert page.input_value("input[name=split]") == SPLIT
