"""What the workspace and the curation view look like: right-to-left sentences drawn right to
left, long names wrapped inside their boxes, and the curation view usable 640 pixels wide."""

from __future__ import annotations

import contextlib
import copy
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

ARABIC = "قال الرئيس إن المفاوضات ستستمر الأسبوع المقبل."
HEBREW = "שלום עולם, זהו משפט בעברית עם המילה NATO באמצע."
ENGLISH = "Officials said the talks failed yesterday in " + "Llanfairpwllgwyngyll" * 6 + "."
TEXT = f"{ARABIC}\n\n{HEBREW}\n\n{ENGLISH}"
LONG = "annotator_with_a_very_long_name_that_has_no_spaces_in_it_at_all_x"
LONG_VALUE = "A_SOURCE_LABEL_VALUE_THAT_NEVER_ENDS_AND_HAS_NO_SPACE_" * 2

DIRECTIONS = """(selector) => [...document.querySelectorAll(selector)].map(
  (node) => getComputedStyle(node).direction)"""
# Elements drawn wider than the window, or whose content runs out of their own box.
OVERFLOWING = """() => [...document.querySelectorAll('body *')].filter((node) => {
  const box = node.getBoundingClientRect();
  if (!box.width || getComputedStyle(node).overflowX !== 'visible') return false;
  return box.right > innerWidth + 1 || node.scrollWidth > node.clientWidth + 1;
}).map((node) => node.id || node.className || node.tagName)"""


@pytest.fixture
def world(make_world: Any) -> Any:
    # The seed schema with a span label and a sentence label value far too long for a panel.
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["span_labels"].append({"name": LONG_VALUE[:60], "color": "#8c564b"})
    schema["sentence_labels"][0]["values"].append(LONG_VALUE[:100])
    return make_world(
        {"alice": "annotator", LONG: "annotator", "rita": "reviewer"},
        schema=schema,
        doc=(TEXT, "mixed.txt", {"title": "Mixed"}),
    )


def annotate(api_as: Any, world: Any, name: str, end: int) -> None:
    """Give ``name``'s layer a SOURCE over the Arabic sentence's second word, ending at ``end``."""
    api = api_as(world.tokens[name])
    api.write(
        "POST", f"/documents/{world.doc.id}/spans", {"label": "SOURCE", "start": 4, "end": end}
    )


def test_each_sentence_takes_its_direction_from_its_own_text(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    annotate(api_as, world, "alice", 10)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert page.evaluate(DIRECTIONS, "#text .sent__text") == ["rtl", "rtl", "ltr"]
    # Right to left: the Arabic sentence's first word is drawn at the right of the row.
    row = page.locator("#text .sent[data-i='0'] .sent__text")
    first, last = row.locator(".seg").first, row.locator(".seg").last
    assert first.bounding_box()["x"] > last.bounding_box()["x"]
    # The selected span's words in the panel read in their own direction too.
    page.locator("#text .seg--span").first.click()
    assert page.evaluate(DIRECTIONS, "#span-details q") == ["rtl"]
    annotate(api_as, world, LONG, 13)
    reviewer = open_tab("rita")
    curation = reviewer.open(f"/projects/demo/review/{world.doc.id}/curate?sentences=all")
    lanes = curation.evaluate(DIRECTIONS, ".cur-sentence .cur-lane__text")
    assert lanes[:3] == ["rtl", "rtl", "rtl"] and lanes[-1] == "ltr"


def test_long_names_and_notes_wrap_inside_their_boxes_640_pixels_wide(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api_as(world.tokens[LONG]).write(
        "PUT", f"/documents/{world.doc.id}/note", {"note": LONG_VALUE * 3, "unsure": True}
    )
    tab = open_tab(LONG)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size({"width": 640, "height": 900})
    page.click("#sentence-toggle")  # one column: the sentence's labels open from the sheet
    page.locator(".field-row[data-field=checkworthiness] .value").last.click()  # the long one
    tab.wait_saved()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 640
    assert page.evaluate(OVERFLOWING) == []
    # One column: the panels scroll with the page, not in a box of their own.
    side = page.locator(".ws-side").evaluate("s => [s.scrollHeight, s.clientHeight]")
    assert side[0] == side[1]
    reviewer = open_tab("rita")
    page = reviewer.open(f"/projects/demo/documents/{world.doc.id}?annotator={LONG}")
    page.set_viewport_size({"width": 640, "height": 900})
    assert LONG in page.inner_text(".layer-badge") and LONG in page.inner_text("#notes")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 640
    assert page.evaluate(OVERFLOWING) == []


def test_the_curation_view_stacks_its_columns_640_pixels_wide(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    annotate(api_as, world, "alice", 10)
    annotate(api_as, world, LONG, 13)
    reviewer = open_tab("rita")
    page = reviewer.open(f"/projects/demo/review/{world.doc.id}/curate")
    page.set_viewport_size({"width": 640, "height": 900})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 640
    differences = page.locator(".curation__differences").bounding_box()
    text = page.locator(".curation__text").bounding_box()
    # The differences above the text, each as wide as the page's column.
    assert differences["y"] + differences["height"] <= text["y"]
    assert text["width"] > 500 and differences["width"] > 500
    lane = page.locator(f".cur-lane[data-lane='{LONG}']").first
    name, line = lane.locator(".cur-lane__name"), lane.locator(".cur-lane__text")
    assert line.bounding_box()["width"] > 500  # the text is not squeezed beside the name
    assert name.bounding_box()["x"] + name.bounding_box()["width"] <= 640
    # The adjudication page as well: its sentences wrap, a long word included.
    page.goto(f"{reviewer.server.url}/projects/demo/review/{world.doc.id}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 640
    assert page.evaluate(OVERFLOWING) == []
    page.goto(f"{reviewer.server.url}/projects/demo/review/{world.doc.id}/curate")
    # The keys still work: 2 takes the second annotator's version into gold.
    page.keyboard.press("2")
    page.wait_for_load_state()
    page.wait_for_selector("#undecided-count")
    assert page.inner_text("#undecided-count") == "0"
    # Once laid out: the reloaded page scrolls its card into view and draws its arcs after
    # the load, and on a loaded machine a snapshot taken before then caught a passing width.
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below names what overflows
        page.wait_for_function(f"({OVERFLOWING})().length === 0", timeout=5_000)
    assert page.evaluate(OVERFLOWING) == []
