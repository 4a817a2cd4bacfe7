"""A claim, its source and its cue marked and linked with the keyboard alone.

A span rarely starts where its sentence does: → and ← select the next and previous word, so
that a keyboard user reaches a span's first word anywhere in the sentence, and Shift+→ grows
the selection from there. Nothing here drags or clicks.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "In Kyiv, officials said the border was closed. Nobody else spoke."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "kyiv.txt", {"title": "Kyiv"}))


def selected(page: Any) -> str:
    return page.evaluate("() => String(window.getSelection())")


def press(page: Any, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)


def test_arrows_step_word_by_word_from_the_selection_and_into_the_next_sentence(
    world: Any, open_tab: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    press(page, "ArrowRight")
    assert selected(page) == "In"
    press(page, "ArrowRight")
    assert selected(page) == "Kyiv"  # the comma after it is no word
    press(page, "ArrowRight", "ArrowRight", "ArrowLeft")
    assert selected(page) == "officials"
    press(page, "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight")
    assert selected(page) == "Nobody"
    # The word's sentence is the current one: j / k and the sentence fields follow it.
    assert page.inner_text("#sentence-number") == "2"
    press(page, "ArrowRight", "ArrowRight", "ArrowRight")
    assert selected(page) == "spoke"
    assert page.inner_text("#notice") == "This is the last word of the text."


def test_a_claim_its_source_and_cue_marked_and_linked_by_keyboard_alone(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    reader = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    press(page, "ArrowRight", "ArrowRight", "ArrowRight", "s")  # officials
    # After a span is made, → goes on from its end.
    press(page, "ArrowRight", "q")  # said
    press(page, "ArrowRight", "Shift+ArrowRight", "Shift+ArrowRight", "Shift+ArrowRight")
    assert selected(page) == "the border was closed"
    press(page, "c", "l")
    for _ in range(3):  # Tab through the candidates to the source
        if "SOURCE" in page.inner_text("#link-details"):
            break
        press(page, "Tab")
    press(page, "Enter")
    tab.wait_saved()
    layer = reader.layer(world.doc.id)
    spans = {s["id"]: (s["label"], s["text"]) for s in layer["spans"]}
    assert sorted(spans.values()) == [
        ("CLAIM", "the border was closed"),
        ("CUE", "said"),
        ("SOURCE", "officials"),
    ]
    assert [(r["type"], spans[r["from"]], spans[r["to"]]) for r in layer["relations"]] == [
        ("ATTRIBUTED_TO", ("CLAIM", "the border was closed"), ("SOURCE", "officials"))
    ]
