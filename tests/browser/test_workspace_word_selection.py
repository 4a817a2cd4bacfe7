"""A mouse drag selects whole words; the keyboard stays character-exact."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units

pytestmark = pytest.mark.server

# An emoji right before a word (no space): it is not a letter, so it ends that word.
TEXT = (
    "😀 Officials said Putin closed the border. 🎉Ministers don't deny it... at all."
    " Jean-Luc Picard agreed."
)


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "words.txt"))


def point_before(page: Any, code_points: int) -> dict[str, float]:
    """Return a viewport point just inside the left edge of the character at an offset."""
    return page.evaluate(
        """(u) => {
          for (const seg of document.querySelectorAll('#text .seg')) {
            const s = Number(seg.dataset.s);
            if (u < s || u >= s + seg.firstChild.length) continue;
            const range = document.createRange();
            range.setStart(seg.firstChild, u - s);
            range.setEnd(seg.firstChild, u - s + 1);
            const rect = range.getBoundingClientRect();
            return { x: rect.left + 1, y: rect.top + rect.height / 2 };
          }
          throw new Error('offset ' + u + ' is not in the drawn text');
        }""",
        units(TEXT, code_points),
    )


def drag(page: Any, start: int, end: int) -> None:
    """Drag the mouse from before the character at ``start`` to before the one at ``end``."""
    a, b = point_before(page, start), point_before(page, end)
    page.mouse.move(a["x"], a["y"])
    page.mouse.down()
    page.mouse.move((a["x"] + b["x"]) / 2, b["y"], steps=4)
    page.mouse.move(b["x"], b["y"], steps=4)
    page.mouse.up()


def click_inside(page: Any, code_points: int, clicks: int) -> None:
    """Click ``clicks`` times, at once, on the character at an offset."""
    point = point_before(page, code_points)
    page.mouse.click(point["x"] + 2, point["y"], click_count=clicks)


# Keep, at each release of the button, the selection the browser had made before any of the
# page's own handlers ran (a capturing listener on the window runs first).
WATCH_BROWSER = """() => {
  window.__browserSelections = [];
  window.addEventListener('mouseup', () => {
    const selection = getSelection();
    const range = selection.rangeCount ? selection.getRangeAt(0).cloneRange() : null;
    window.__browserSelections.push(range);
  }, true);
}"""
# Whether the selection now is the one the browser made at the last release, and its text.
AS_THE_BROWSER_MADE_IT = """() => {
  const made = window.__browserSelections.at(-1);
  const now = getSelection().getRangeAt(0);
  const same = made !== null && now.compareBoundaryPoints(Range.START_TO_START, made) === 0
    && now.compareBoundaryPoints(Range.END_TO_END, made) === 0;
  return [same, now.toString()];
}"""


def stored_spans(api: Any, doc: int) -> list[tuple[str, int, int, str]]:
    spans = api.layer(doc)["spans"]
    return sorted((s["label"], s["start"], s["end"], s["text"]) for s in spans)


def test_a_drag_from_inside_one_word_to_inside_another_takes_both_whole_words(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    # from "Offi|cials" to "Pu|tin": both ends inside a word
    drag(page, TEXT.index("cials"), TEXT.index("tin"))
    assert page.evaluate("() => window.getSelection().toString()") == "Officials said Putin"
    page.keyboard.press("c")
    tab.wait_saved()
    start = TEXT.index("Officials")
    end = TEXT.index("Putin") + len("Putin")
    assert stored_spans(api_as(world.tokens["alice"]), world.doc.id) == [
        ("CLAIM", start, end, "Officials said Putin")
    ]


def test_a_drag_after_an_emoji_starts_at_the_word_not_at_the_emoji(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    # from "Mini|sters" to "do|n't": the apostrophe is inside the word
    drag(page, TEXT.index("sters"), TEXT.index("n't"))
    page.keyboard.press("s")
    tab.wait_saved()
    start = TEXT.index("Ministers")
    end = TEXT.index("don't") + len("don't")
    assert stored_spans(api_as(world.tokens["alice"]), world.doc.id) == [
        ("SOURCE", start, end, "Ministers don't")
    ]
    assert TEXT[start - 1] == "🎉"  # code points: the emoji is one, just before the span


def test_a_backward_drag_keeps_its_moving_end_at_the_start_for_the_keyboard(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """Dragged from right to left, the grown selection still moves at its start: Shift+Alt+→
    then takes one character off the front, exactly."""
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    drag(page, TEXT.index("tin"), TEXT.index("cials"))
    assert page.evaluate("() => window.getSelection().toString()") == "Officials said Putin"
    page.keyboard.press("Shift+Alt+ArrowRight")
    page.keyboard.press("c")
    tab.wait_saved()
    start = TEXT.index("Officials") + 1
    end = TEXT.index("Putin") + len("Putin")
    assert stored_spans(api_as(world.tokens["alice"]), world.doc.id) == [
        ("CLAIM", start, end, "fficials said Putin")
    ]


def test_shift_arrows_still_make_a_span_of_part_of_a_word(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    start = TEXT.index("Putin")
    select_text(page, units(TEXT, start), units(TEXT, start + 1))
    for _ in range(2):
        page.keyboard.press("Shift+Alt+ArrowRight")
    assert page.evaluate("() => window.getSelection().toString()") == "Put"
    page.keyboard.press("q")
    tab.wait_saved()
    assert stored_spans(api_as(world.tokens["alice"]), world.doc.id) == [
        ("CUE", start, start + 3, "Put")
    ]


@pytest.fixture
def label_clicks_on_luc(world: Any, open_tab: Any, api_as: Any) -> Any:
    """Return a doer: in alice's workspace, click ``clicks`` times at once on "Luc", then
    press the label ``key``. It answers whether the selection before the key was the one the
    browser made at the release, that selection's text, and alice's stored spans."""

    def label(clicks: int, key: str) -> tuple[bool, str, list[tuple[str, int, int, str]]]:
        tab = open_tab("alice")
        page = tab.open(f"/projects/demo/documents/{world.doc.id}")
        page.evaluate(WATCH_BROWSER)
        click_inside(page, TEXT.index("Luc"), clicks)
        same, selected = page.evaluate(AS_THE_BROWSER_MADE_IT)
        page.keyboard.press(key)
        tab.wait_saved()
        return same, selected, stored_spans(api_as(world.tokens["alice"]), world.doc.id)

    return label


def test_a_double_click_keeps_the_word_the_browser_selected(label_clicks_on_luc: Any) -> None:
    """Chromium's word for a double click on "Luc" is "Luc" (a hyphen ends a word for it); a
    drag there would take "Jean-Luc", a double click does not."""
    same, selected, stored = label_clicks_on_luc(2, "s")
    assert (same, selected) == (True, "Luc")
    start = TEXT.index("Luc")
    assert stored == [("SOURCE", start, start + 3, "Luc")]


def test_a_triple_click_keeps_the_sentence_the_browser_selected(label_clicks_on_luc: Any) -> None:
    """The last sentence: Chromium's selection runs on past the text, to the side panel; the
    part in the text is what a label key takes."""
    same, selected, stored = label_clicks_on_luc(3, "c")
    assert same and selected.strip() == "Jean-Luc Picard agreed."
    start = TEXT.index("Jean-Luc")
    assert stored == [("CLAIM", start, len(TEXT), "Jean-Luc Picard agreed.")]


def test_shift_arrows_after_a_double_click_move_one_character(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    click_inside(page, TEXT.index("Putin"), 2)
    assert page.evaluate("() => getSelection().toString()") == "Putin"
    page.keyboard.press("Shift+Alt+ArrowLeft")
    assert page.evaluate("() => getSelection().toString()") == "Puti"
    page.keyboard.press("q")
    tab.wait_saved()
    start = TEXT.index("Putin")
    assert stored_spans(api_as(world.tokens["alice"]), world.doc.id) == [
        ("CUE", start, start + 4, "Puti")
    ]


def test_shift_arrows_with_the_button_still_down_stay_exact_when_it_is_released(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """Pressed in the text and held: the keys select "Pi" of "Picard", and the release that
    follows is no drag to grow to the word."""
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    point = point_before(page, TEXT.index("Picard"))
    page.mouse.move(point["x"], point["y"])
    page.mouse.down()
    for _ in range(2):
        page.keyboard.press("Shift+Alt+ArrowRight")
    page.mouse.up()
    assert page.evaluate("() => getSelection().toString()") == "Pi"
    page.keyboard.press("q")
    tab.wait_saved()
    start = TEXT.index("Picard")
    assert stored_spans(api_as(world.tokens["alice"]), world.doc.id) == [
        ("CUE", start, start + 2, "Pi")
    ]


# The text as one sentence: a store's text, sentences and sentence lookup.
GROW = """async ([text, ranges]) => {
  const { growToWords } = await import('/static/js/words.js');
  const store = { text, sentences: [{ start: 0, end: text.length }], sentenceAt: () => 0 };
  return ranges.map(([s, e]) => growToWords(store, s, e));
}"""


@pytest.mark.parametrize(
    ("text", "selected", "expected"),
    [
        ("say Putin now", "Puti", "Putin"),  # a part of a word grows to the word
        ("say Putin now", " Putin ", "Putin"),  # spaces around are trimmed
        ("say Putin now", "Putin", "Putin"),  # a whole word stays as it was
        ("wait... now", "..", ".."),  # punctuation only stays as it was
        ("wait... now", "t.", "wait."),  # the word end grows, the punctuation stays
        ("Jean-Luc said", "Luc", "Jean-Luc"),  # an inner hyphen joins
        ("a - b", "-", "-"),  # a hyphen between spaces is no word
        ("it's 42nd", "t's 4", "it's 42nd"),  # apostrophe and digits
        ("e\u0301te\u0301 vu", "e\u0301t", "e\u0301te\u0301"),  # combining marks
        ("🎉Ministers", "nist", "Ministers"),  # the emoji ends the word
        ("x 𝔘𝔫𝔦𝔠 y", "𝔫𝔦", "𝔘𝔫𝔦𝔠"),  # letters outside the BMP are letters too
        ("Tokyo 東京都 ok", "京", "東京都"),
        ("up 83.7% now", "7", "83.7%"),  # a number keeps its dot and percent sign
        ("the U.S. Census", ".S", "U.S."),  # an abbreviation its dots
        ("worth $1.5bn", "1", "$1.5bn"),  # a sum its currency sign
        ("some 3,000 jobs", "00", "3,000"),  # a number its thousands comma
        ("as e.g. here", "g", "e.g."),
        ("apples,pears", "pe", "pears"),  # a comma between letters still parts words
        ("costs $ 5", "$", "$"),  # a currency sign alone is punctuation
    ],
)
def test_grow_to_words_in_code_units(
    world: Any, open_tab: Any, text: str, selected: str, expected: str
) -> None:
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    start = text.index(selected)
    in_units = [units(text, start), units(text, start + len(selected))]
    (grown,) = page.evaluate(GROW, [text, [in_units]])
    begin = text.index(expected)
    assert grown == [units(text, begin), units(text, begin + len(expected))]
