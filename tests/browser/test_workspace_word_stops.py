"""Shift+→ / Shift+← stop where an annotator of claims and quotes expects.

The browser's own word move stopped at "Dr." as if the abbreviation's dot ended a word, and
from a sentence's end went on into the next sentence and took its opening quote mark alone.
The rule now (README, keyboard table): a word keeps an abbreviation's dot (a dot the sentence
does not end at) and an opening quote before it; other punctuation is a stop of its own, so
a sentence's end is one; a move goes one stop, so it never passes a sentence's end in one
press."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, SIDEWAYS_JS

pytestmark = pytest.mark.server

TEXT = 'Dr. Lavrov said "the talks failed." "We will respond," he added.'


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "lavrov.txt", {"title": "Lavrov"}))


def selected(page: Any) -> str:
    return page.evaluate("() => String(window.getSelection())")


def steps(page: Any, key: str, count: int) -> list[str]:
    """Press ``key`` ``count`` times; the selection after each press."""
    seen = []
    for _ in range(count):
        page.keyboard.press(key)
        seen.append(selected(page))
    return seen


def test_shift_arrows_stop_at_words_with_their_dots_and_quotes_and_at_punctuation(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    # From nothing selected, the selection starts at the current sentence's start.
    assert steps(page, "Shift+ArrowRight", 7) == [
        "Dr.",  # the abbreviation keeps its dot
        "Dr. Lavrov",
        "Dr. Lavrov said",
        'Dr. Lavrov said "the',  # the opening quote goes with the word after it
        'Dr. Lavrov said "the talks',
        'Dr. Lavrov said "the talks failed',
        'Dr. Lavrov said "the talks failed."',  # the sentence's end: a stop of its own
    ]
    # The next press crosses into the next sentence: its first word, with its opening quote
    # (the page draws each sentence on a line of its own).
    assert steps(page, "Shift+ArrowRight", 1) == ['Dr. Lavrov said "the talks failed."\n"We']
    # Shift+← takes back what Shift+→ took, stop by stop.
    assert steps(page, "Shift+ArrowLeft", 3) == [
        'Dr. Lavrov said "the talks failed."',
        'Dr. Lavrov said "the talks failed',
        'Dr. Lavrov said "the talks',
    ]
    assert steps(page, "Shift+ArrowLeft", 3)[-1] == "Dr. Lavrov"
    page.keyboard.press("s")
    tab.wait_saved()
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert [(s["label"], s["text"]) for s in spans] == [("SOURCE", "Dr. Lavrov")]

    # In the second sentence: → to "We" (the word alone), then Shift+→ over the comma and
    # its closing quote (one stop) to the sentence's end.
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    page.keyboard.press("ArrowRight")
    assert selected(page) == "We"
    assert steps(page, "Shift+ArrowRight", 6) == [
        "We will",
        "We will respond",
        'We will respond,"',
        'We will respond," he',
        'We will respond," he added',
        'We will respond," he added.',
    ]
    page.set_viewport_size({"width": 1366, "height": 800})
    # Past the text's last stop, the press says why and the selection stays.
    page.keyboard.press("Shift+ArrowRight")
    assert selected(page) == 'We will respond," he added.'
    assert page.inner_text("#notice") == "The selection reaches the end of the text."


def test_a_backward_selection_grows_left_to_words_with_their_quotes(
    world: Any, open_tab: Any
) -> None:
    tab = open_tab("alice", touch=True)
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.open(f"/projects/demo/documents/{world.doc.id}")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    assert selected(page) == "failed"
    # Shift+← from "failed": the word before, then the quoted one with its opening quote,
    # then "said"; never with the space before "failed" (a selection never ends in one).
    assert steps(page, "Shift+ArrowLeft", 3) == ["talks", '"the talks', 'said "the talks']
    # Shift+→ back: a stop at each word's start, then past the anchor to "failed" itself.
    assert steps(page, "Shift+ArrowRight", 3) == ['"the talks', "talks", "failed"]
    assert page.evaluate(SIDEWAYS_JS) == 0
    assert tab.errors == []


ABBREVIATIONS = 'The U.S. envoy met Mr. Lavrov. "We will respond," he said.'


def test_arrows_and_ctrl_arrows_take_an_abbreviation_whole(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """→ / ← and Ctrl+→ / Ctrl+← use Shift+→'s words: "U.S." and "Mr." are one word each.

    → selected "U" and then "S" of "U.S.", so a SOURCE made with → and `s` was "U"; Ctrl+→
    grew a span "the U" to "the U.S" without its last dot."""
    world = make_world({"alice": "annotator"}, doc=(ABBREVIATIONS, "envoy.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert steps(page, "ArrowRight", 6) == ["The", "U.S.", "envoy", "met", "Mr.", "Lavrov"]
    assert steps(page, "ArrowLeft", 3) == ["Mr.", "met", "envoy"]
    # Across the sentence's end: the next word, without its opening quote.
    assert steps(page, "ArrowRight", 4)[-1] == "We"
    page.keyboard.press("Escape")
    page.keyboard.press("k")
    assert steps(page, "ArrowRight", 2)[-1] == "U.S."
    page.keyboard.press("s")
    tab.wait_saved()

    def span_text() -> str:
        tab.wait_saved()
        (span,) = api.layer(world.doc.id)["spans"]
        return span["text"]  # type: ignore[no-any-return]

    assert span_text() == "U.S."
    page.locator("#text .seg--span", has_text="U.S.").first.click()
    page.keyboard.press("Control+Shift+ArrowLeft")
    assert span_text() == "The U.S."
    page.keyboard.press("Control+Shift+ArrowRight")
    assert span_text() == "U.S."
    page.keyboard.press("Control+ArrowRight")
    assert span_text() == "U.S. envoy"
    page.keyboard.press("Control+ArrowLeft")
    assert span_text() == "U.S."
    # Moving the end of "met" right takes "Mr." with its dot.
    for _ in range(2):
        page.keyboard.press("Control+ArrowRight")
    assert span_text() == "U.S. envoy met"
    page.keyboard.press("Control+ArrowRight")
    assert span_text() == "U.S. envoy met Mr."
    assert tab.errors == []


EMOJI = (
    "Dmitry Peskov \U0001f1f7\U0001f1fa, the Kremlin's man, spoke."
    ' "Sanctions failed \U0001f602," he wrote.'
    " It was a $1.5bn mistake. \U0001f937\U0001f3fd\u200d\u2642\ufe0f"
)


def test_an_emoji_is_a_word_of_its_own_and_no_selection_ends_in_a_space(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """An emoji (one grapheme cluster: a flag, a face with its skin tone and a joiner) is a
    word; the comma after it is a stop of its own, and a dot before an emoji alone ends
    what is said rather than an abbreviation.

    Shift+→ went from "Dmitry Peskov" to "Dmitry Peskov 🇷🇺," and ← on the last sentence
    selected "mistake." with its dot, then Shift+← "$1.5bn " with a space at its end."""
    world = make_world({"alice": "annotator"}, doc=(EMOJI, "peskov.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert steps(page, "Shift+ArrowRight", 4) == [
        "Dmitry",
        "Dmitry Peskov",
        "Dmitry Peskov \U0001f1f7\U0001f1fa",
        "Dmitry Peskov \U0001f1f7\U0001f1fa,",
    ]
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("s")
    tab.wait_saved()
    api = api_as(world.tokens["alice"])
    spans = api.layer(world.doc.id)["spans"]
    assert [s["text"] for s in spans] == ["Dmitry Peskov \U0001f1f7\U0001f1fa"]

    page.keyboard.press("Escape")
    page.keyboard.press("j")
    assert steps(page, "Shift+ArrowRight", 4)[2:] == [
        '"Sanctions failed \U0001f602',
        '"Sanctions failed \U0001f602,"',
    ]
    # → steps onto the emoji alone, as onto any word.
    page.keyboard.press("Escape")
    assert steps(page, "ArrowRight", 3) == ["Sanctions", "failed", "\U0001f602"]

    page.keyboard.press("Escape")
    page.keyboard.press("j")
    # From the sentence's end: the emoji, then "mistake" without its dot.
    shrug = "\U0001f937\U0001f3fd\u200d\u2642\ufe0f"
    assert steps(page, "ArrowLeft", 2) == [shrug, "mistake"]
    assert steps(page, "Shift+ArrowLeft", 2) == ["$1.5bn", "a $1.5bn"]
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("c")
    tab.wait_saved()
    spans = api.layer(world.doc.id)["spans"]
    assert sorted(s["text"] for s in spans) == ["$1.5bn", "Dmitry Peskov \U0001f1f7\U0001f1fa"]
    assert tab.errors == []
