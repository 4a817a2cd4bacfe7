"""Every export on the page is the browser's own download, with its warnings said first.

A lossy format's warnings (what the file will leave out) are beside the button before the
click, asked of the server without the file; the click is then a plain navigation that the
browser streams to disk, and the file holds the same bytes as the API's. A split export's
``meta.json`` chosen in "Reuse the split of an earlier export" is posted with the form and
downloads a zip whose documents keep their split; a bad file is refused on the page, naming
the problem, and nothing is downloaded. On a desktop and a phone.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_helpers import SHOTS, within_the_window
from tests.export_world import World, build_world
from tests.split_filter_world import SPLIT, build_split_world, split_of, zip_files

pytestmark = pytest.mark.server


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(session, make_user, make_project, make_document, assign)


@pytest.fixture
def split_world(session, make_user, make_project, make_document, assign) -> dict[str, str]:  # noqa: ANN001
    return build_split_world(session, make_user, make_project, make_document, assign)


def _downloads(page: Any) -> list[tuple[str, str]]:
    """Collect each export download request from now on, as (kind, method): ``document`` is
    the browser's own request (streamed to disk), ``fetch`` a script's."""
    seen: list[tuple[str, str]] = []

    def note(request: Any) -> None:
        path, _, query = request.url.partition("?")
        # A download asks with its choices (a query, or a form's body); opening the page not.
        if path.endswith("/export") and (query or request.method == "POST"):
            seen.append((request.resource_type, request.method))

    page.on("request", note)
    return seen


def _size(page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})


@pytest.mark.parametrize("width", [1366, 390])
def test_a_lossy_export_says_its_warnings_before_the_click_and_streams(
    world: World, open_tab: Any, api_as: Any, make_token: Any, width: int
) -> None:
    api = api_as(make_token(world.users["rita"]))
    query = {"format": "conll", "layer": "all"}
    expected = api.http.get(
        f"{api.server.url}/api/v1/projects/src/export", params=query, timeout=20
    )
    assert expected.status_code == 200
    carried = json.loads(expected.headers["X-Annotator-Warnings"])
    tab = open_tab("rita", touch=width < 500)
    page = tab.page
    _size(page, width)
    tab.open("/projects/src/export")
    # One place for what a format leaves out: the list under the format is the page's
    # without a script.
    assert page.locator("#format-losses").is_hidden()
    page.select_option("select[name=format]", "conll")
    warnings = page.locator("#export-notice .flash--warning")
    warnings.first.wait_for(timeout=10_000)
    # Before any click: the warnings of the file the click will download, all of them.
    assert warnings.all_inner_texts() == [f"Warning: {w}" for w in carried]
    warnings.last.scroll_into_view_if_needed()
    within_the_window(warnings, width)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"export-warnings-{width}.png"))
    asked = _downloads(page)
    with page.expect_download() as started:
        page.get_by_role("button", name="Download", exact=True).click()
    download = started.value
    assert download.suggested_filename.startswith("src-conll-")
    assert asked == [("document", "GET")]  # the browser's own, streamed to disk
    assert Path(download.path()).read_bytes() == expected.content
    # The warnings stay beside the button, as said before the click.
    assert warnings.all_inner_texts() == [f"Warning: {w}" for w in carried]


def test_a_format_that_leaves_nothing_out_of_this_selection_says_so(
    world: World, open_tab: Any
) -> None:
    tab = open_tab("rita")
    page = tab.page
    tab.open("/projects/src/export")
    page.select_option("select[name=format]", "brat")
    page.locator("#export-notice .flash--warning").first.wait_for(timeout=10_000)
    # Only the gold layer of the untouched document: brat loses nothing of it.
    page.select_option("select[name=layer]", "gold")
    page.fill("input[name=documents]", "doc-untouched")
    line = page.locator("#export-notice .muted", has_text="this selection has none of them")
    line.wait_for(timeout=10_000)
    assert line.inner_text().startswith("brat has no room for sentence label values")
    assert line.inner_text().endswith("this selection has none of them.")
    assert page.locator("#export-notice .flash--warning").count() == 0


@pytest.mark.parametrize("width", [1366, 390])
def test_a_released_split_is_reused_through_the_page(
    split_world: dict[str, str], open_tab: Any, tmp_path: Path, width: int
) -> None:
    tab = open_tab("rita", touch=width < 500)
    page = tab.page
    _size(page, width)
    tab.open("/projects/news/export")
    page.fill("input[name=split]", SPLIT)
    page.locator(
        "#export-notice", has_text="Documents per split: train 7, dev 2, test 1."
    ).wait_for(timeout=10_000)
    asked = _downloads(page)
    with page.expect_download() as started:
        page.get_by_role("button", name="Download", exact=True).click()
    first = Path(started.value.path()).read_bytes()
    assert split_of(zip_files(first)) == split_world
    meta = tmp_path / "meta.json"
    meta.write_bytes(zipfile.ZipFile(io.BytesIO(first)).read("meta.json"))
    # A new page, as a user who comes back to reuse the release.
    tab.open("/projects/news/export")
    page.set_input_files("input[name=split_from]", str(meta))
    said = page.locator("#export-notice", has_text="Documents per split: train 7, dev 2, test 1.")
    said.wait_for(timeout=10_000)
    field = page.locator(".field", has=page.locator("input[name=split_from]"))
    assert "Reuse the split of an earlier export (its meta.json)" in field.inner_text()
    within_the_window(field, width)
    page.screenshot(path=str(SHOTS / f"export-split-from-{width}.png"), full_page=True)
    with page.expect_download() as started:
        page.get_by_role("button", name="Download", exact=True).click()
    second = Path(started.value.path()).read_bytes()
    assert started.value.suggested_filename.endswith(".zip")
    assert split_of(zip_files(second)) == split_world
    header = json.loads(zipfile.ZipFile(io.BytesIO(second)).read("meta.json"))
    assert header["split"]["split_from"] == {"gone": []}
    # Both the browser's own requests: a GET, then the form with its file by POST.
    assert asked == [("document", "GET"), ("document", "POST")]
    # Without the file again: a GET, streamed as before.
    page.set_input_files("input[name=split_from]", [])
    with page.expect_download() as started:
        page.get_by_role("button", name="Download", exact=True).click()
    assert asked[-1] == ("document", "GET")


def test_a_bad_split_file_is_refused_naming_the_problem_and_nothing_downloads(
    split_world: dict[str, str], open_tab: Any
) -> None:
    tab = open_tab("rita")
    page = tab.page
    tab.open("/projects/news/export")
    downloads: list[Any] = []
    page.on("download", lambda download: downloads.append(download))
    bad = {"name": "meta.json", "mimeType": "application/json", "buffer": b'{"format": "jsonl"}'}
    page.set_input_files("input[name=split_from]", bad)
    # Said before the click too, from the same check.
    refused = page.locator("#export-notice .form-error")
    refused.wait_for(timeout=10_000)
    assert "the split file has no split" in refused.inner_text()
    with page.expect_response(lambda r: r.url.endswith("/projects/news/export")) as answered:
        page.get_by_role("button", name="Download", exact=True).click()
    assert answered.value.status == 422
    error = page.locator("#split_from-errors")
    error.wait_for(timeout=10_000)
    assert "the split file has no split: give the meta.json of an export made with a split" in (
        error.inner_text()
    )
    within_the_window(error, page.viewport_size["width"])
    page.wait_for_timeout(300)
    assert downloads == []
