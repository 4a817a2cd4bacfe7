"""The export page downloads a Label Studio project (tasks and labeling config), and says
beside the format why a schema cannot be one, on a desktop and on a phone alike."""

from __future__ import annotations

import copy
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_helpers import within_the_window
from tests.conftest import SEED_SCHEMA
from tests.export_world import World, build_world
from tests.suggestions_world import suggest

pytestmark = pytest.mark.server


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(session, make_user, make_project, make_document, assign)
    suggest(session, world)
    return world


@pytest.mark.parametrize("touch", [False, True])
def test_the_page_downloads_the_tasks_with_their_config_and_predictions(
    world: World, open_tab: Any, touch: bool
) -> None:
    tab = open_tab("rita", touch=touch)
    page = tab.page
    if touch:
        page.set_viewport_size({"width": 390, "height": 844})
    tab.open("/projects/src/export")
    page.select_option("select[name=format]", "labelstudio-project")
    page.select_option("select[name=layer]", "suggestions")
    with page.expect_download(timeout=20_000) as started:
        page.get_by_role("button", name="Download", exact=True).click()
    download = started.value
    assert download.suggested_filename.startswith("src-suggestions-labelstudio-project-")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    # Every zip the page sends carries the export's meta.json beside its files.
    assert sorted(archive.namelist()) == ["labeling_config.xml", "meta.json", "tasks.json"]
    (task,) = json.loads(archive.read("tasks.json"))
    assert [p["model_version"] for p in task["predictions"]] == ["3", "stance-2", "rules"]
    assert ET.fromstring(archive.read("labeling_config.xml")).find("Labels") is not None
    assert tab.errors == []


@pytest.mark.parametrize("touch", [False, True])
def test_a_schema_the_config_cannot_hold_is_said_beside_the_format(
    make_project: Any, make_user: Any, open_tab: Any, touch: bool
) -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["document_labels"].append({"name": "stance", "values": ["A"]})
    make_project("clash", schema)
    make_user("rita", "reviewer")
    tab = open_tab("rita", touch=touch)
    page = tab.page
    if touch:
        page.set_viewport_size({"width": 390, "height": 844})
    tab.open("/projects/clash/export")
    page.select_option("select[name=format]", "labelstudio-project")
    with page.expect_response(lambda r: "/projects/clash/export?" in r.url) as answered:
        page.get_by_role("button", name="Download", exact=True).click()
    assert answered.value.status == 422
    field = page.locator(".field", has=page.locator("select[name=format]"))
    error = field.locator(".field__errors li")
    error.wait_for(timeout=10_000)
    said = error.inner_text()
    assert "document label field 'stance'" in said and "sentence label field 'stance'" in said
    assert "export the labelstudio format (tasks only)" in said
    within_the_window(error, page.viewport_size["width"])
    assert page.input_value("select[name=format]") == "labelstudio-project"
