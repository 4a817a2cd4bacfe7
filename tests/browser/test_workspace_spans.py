"""Creating spans in the workspace: selection and a key, emoji offsets, trimming, overlap."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units

# Emoji, a flag (two regional indicators), a skin-tone modifier and a ZWJ family, before,
# inside and after the spans; every one is more than one UTF-16 code unit.
EMOJI_TEXT = (
    "😀 Officials 👍🏽 said the 🇺🇦 border was closed. "
    "The ministry 👨‍👩‍👧 denied that 🇫🇷 troops moved. End 🎉."
)


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "bob": "annotator"},
        doc=(EMOJI_TEXT, "emoji.txt", {"title": "Emoji"}),
    )


def _press_span(page: Any, text: str, start: int, end: int, key: str) -> None:
    select_text(page, units(text, start), units(text, end))
    page.keyboard.press(key)


def test_spans_by_selection_and_key_keep_code_point_offsets_around_emoji(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert page.text_content("#doc-status") == "Not started"
    wanted = [
        ("SOURCE", "Officials"),
        ("CLAIM", "the 🇺🇦 border was closed"),
        ("SOURCE", "The ministry 👨‍👩‍👧"),
        ("CUE", "denied"),
        ("CLAIM", "🇫🇷 troops moved"),
        ("BIASED_WORD", "🎉"),
    ]
    keys = {"CLAIM": "c", "SOURCE": "s", "CUE": "q", "BIASED_WORD": "b"}
    for label, words in wanted:
        start = EMOJI_TEXT.index(words)
        _press_span(page, EMOJI_TEXT, start, start + len(words), keys[label])
    tab.wait_saved()
    assert page.text_content("#save-state") == "Saved"
    # the first write moved the assignment to in progress, on the server and on the page
    assert page.text_content("#doc-status") == "In progress"
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["status"] == "in_progress"
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    stored = sorted((s["label"], s["text"], s["start"], s["end"]) for s in spans)
    expected = sorted(
        (label, words, EMOJI_TEXT.index(words), EMOJI_TEXT.index(words) + len(words))
        for label, words in wanted
    )
    assert stored == expected
    for span in spans:
        assert EMOJI_TEXT[span["start"] : span["end"]] == span["text"]
    # The page draws each one with its label name, not only its colour.
    tags = page.eval_on_selector_all("#text .seg[data-tags]", "els => els.map(e => e.dataset.tags)")
    assert sorted(tags) == sorted(label for label, _ in wanted)
    # A reload shows exactly what the server holds.
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    assert page.eval_on_selector_all("#text .seg[data-tags]", "els => els.length") == len(wanted)


def test_a_real_mouse_drag_then_a_key_makes_a_trimmed_span(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    # Drag from the space before "border" to the space after it.
    start = EMOJI_TEXT.index(" border ")
    select_text(page, units(EMOJI_TEXT, start), units(EMOJI_TEXT, start + 1))
    first = page.evaluate("window.getSelection().getRangeAt(0).getBoundingClientRect().toJSON()")
    select_text(page, units(EMOJI_TEXT, start + 7), units(EMOJI_TEXT, start + 8))
    last = page.evaluate("window.getSelection().getRangeAt(0).getBoundingClientRect().toJSON()")
    page.evaluate("window.getSelection().removeAllRanges()")
    page.mouse.move(first["x"] + 1, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] - 1, last["y"] + last["height"] / 2, steps=5)
    page.mouse.up()
    assert page.evaluate("window.getSelection().toString()").strip() == "border"
    page.keyboard.press("q")
    tab.wait_saved()
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert [(s["label"], s["text"]) for s in spans] == [("CUE", "border")]


def test_keyboard_selection_with_shift_arrows(world: Any, open_tab: Any, api_as: Any) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.keyboard.press("j")  # to the second sentence: "The ministry 👨‍👩‍👧 denied ..."
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("s")
    tab.wait_saved()
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert [(s["label"], s["text"]) for s in spans] == [("SOURCE", "The ministry")]


def test_nested_and_overlapping_spans_stay_visible_and_clickable(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    outer = EMOJI_TEXT.index("the 🇺🇦 border was closed")
    inner = EMOJI_TEXT.index("border")
    _press_span(page, EMOJI_TEXT, outer, outer + len("the 🇺🇦 border was closed"), "c")
    _press_span(page, EMOJI_TEXT, inner, inner + len("border"), "q")
    overlap = EMOJI_TEXT.index("was closed. The ministry")
    _press_span(page, EMOJI_TEXT, overlap, overlap + len("was closed. The ministry"), "b")
    tab.wait_saved()
    spans = {s["text"]: s for s in api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]}
    assert set(spans) == {"the 🇺🇦 border was closed", "border", "was closed. The ministry"}
    # "border" carries two underlines (two background layers), "was" three.
    layers = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#text .seg--span')]
             .map(s => [s.textContent, s.style.backgroundImage.split('gradient(').length - 1]))"""
    )
    assert layers["border"] >= 2
    assert layers["was closed"] >= 2
    # The span crossing the sentence boundary is drawn in both sentences.
    assert page.locator(".sent[data-i='1'] .seg--span").count() >= 1
    # Clicking the word selects the innermost span; clicking again the next one under it.
    word = page.locator("#text .seg", has_text="border").first
    word.click()
    assert page.text_content("#span-details strong") == "CUE"
    word.click()
    assert page.text_content("#span-details strong") == "CLAIM"


def test_a_selection_of_only_spaces_makes_nothing(world: Any, open_tab: Any, api_as: Any) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    space = EMOJI_TEXT.index(" said")
    select_text(page, units(EMOJI_TEXT, space), units(EMOJI_TEXT, space + 1))
    page.keyboard.press("c")
    tab.wait_saved()
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["spans"] == []


def test_a_label_key_on_a_span_already_marked_selects_it_instead_of_a_second_copy(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    word = EMOJI_TEXT.index("Officials")
    _press_span(page, EMOJI_TEXT, word, word + len("Officials"), "s")
    page.keyboard.press("Escape")
    # The same words again, spaces around them trimmed away: the same span, selected.
    _press_span(page, EMOJI_TEXT, word - 1, word + len("Officials "), "s")
    tab.wait_saved()
    assert page.text_content("#span-details strong") == "SOURCE"
    # Another label on the same words is another span.
    _press_span(page, EMOJI_TEXT, word, word + len("Officials"), "c")
    tab.wait_saved()
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert sorted((s["label"], s["text"]) for s in spans) == [
        ("CLAIM", "Officials"),
        ("SOURCE", "Officials"),
    ]
    # The CLAIM (selected) relabelled SOURCE would copy the SOURCE: that one is selected instead.
    page.keyboard.press("s")
    assert page.text_content("#span-details strong") == "SOURCE"
    assert "already a SOURCE span" in page.text_content("#notice")
    tab.wait_saved()
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert sorted((s["label"], s["text"]) for s in spans) == [
        ("CLAIM", "Officials"),
        ("SOURCE", "Officials"),
    ]
