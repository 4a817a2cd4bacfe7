"""The workspace with the mouse alone: the label palette and the span panel's buttons do
what the keys do."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "news.txt"))


def select_words(page: Any, words: str) -> None:
    start = TEXT.index(words)
    select_text(page, units(TEXT, start), units(TEXT, start + len(words)))


def test_spans_are_made_relabelled_linked_and_removed_with_the_mouse(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    select_words(page, "the border was closed")
    page.click("#palette button[data-label='CLAIM']")  # the selection survives the click
    select_words(page, "Officials")
    page.click("#palette button[data-label='CUE']")
    tab.wait_saved()
    page.click("#palette button[data-label='SOURCE']")  # the selected span: relabelled
    tab.wait_saved()
    spans = {s["text"]: s for s in api.layer(world.doc.id)["spans"]}
    assert {text: s["label"] for text, s in spans.items()} == {
        "the border was closed": "CLAIM",
        "Officials": "SOURCE",
    }
    page.click("#link-span")
    page.click(f"#text .seg--span[data-s='{units(TEXT, TEXT.index('the border'))}']")
    tab.wait_saved()
    (relation,) = api.layer(world.doc.id)["relations"]
    assert relation["type"] == "ATTRIBUTED_TO"
    assert (relation["from"], relation["to"]) == (
        spans["the border was closed"]["id"],
        spans["Officials"]["id"],
    )
    page.click(f"#text .seg--span[data-s='{units(TEXT, TEXT.index('Officials'))}']")
    page.click("#remove-span")
    tab.wait_saved()
    layer = api.layer(world.doc.id)
    assert [s["text"] for s in layer["spans"]] == ["the border was closed"]
    assert layer["relations"] == []


def test_the_palette_of_a_read_only_layer_is_a_legend_only(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    span = {"label": "CLAIM", "start": 15, "end": 36}
    api_as(world.tokens["alice"]).write("POST", f"/documents/{world.doc.id}/spans", span)
    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}?annotator=alice")
    buttons = page.locator("#palette button")
    assert buttons.count() == 4
    assert all(buttons.nth(i).is_disabled() for i in range(4))
    page.locator("#text .seg--span").first.click()
    assert page.inner_text("#span-details").startswith("CLAIM")
    assert page.locator("#remove-span, #link-span").count() == 0
