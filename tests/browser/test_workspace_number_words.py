"""Numbers and abbreviations are words, for the mouse and the keys alike.

A drag starting on the "7" of "83.7%" took "7%", one starting on the right half of the "U" of
"U.S. Census" took ".S. Census": the drag grew to letters and digits only, while the keys
(→, Shift+→) read "U.S." as one word. Both now ask one rule (words.js), which keeps a
number's inner dot and comma, its currency sign and its percent sign, and an abbreviation's
dots, with the number or abbreviation.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import units

pytestmark = pytest.mark.server

TEXT = (
    "Turnout rose to 83.7% in the U.S. Census count, e.g. in Ohio and Utah."
    " The deal was worth $1.5bn and 3,000 jobs were promised."
)


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "numbers.txt"))


def point(page: Any, code_points: int, side: str = "left") -> dict[str, float]:
    """Return a viewport point on the character at an offset: just inside its left edge, or
    on its right half (``side="right"``), where a press puts the caret after it."""
    return page.evaluate(
        """([u, side]) => {
          for (const seg of document.querySelectorAll('#text .seg')) {
            const s = Number(seg.dataset.s);
            if (u < s || u >= s + seg.firstChild.length) continue;
            const range = document.createRange();
            range.setStart(seg.firstChild, u - s);
            range.setEnd(seg.firstChild, u - s + 1);
            const rect = range.getBoundingClientRect();
            const x = side === 'right' ? rect.right - 1 : rect.left + 1;
            return { x, y: rect.top + rect.height / 2 };
          }
          throw new Error('offset ' + u + ' is not in the drawn text');
        }""",
        [units(TEXT, code_points), side],
    )


def drag(page: Any, start: dict[str, float], end: dict[str, float]) -> str:
    """Drag the mouse from one point to another; the selection left after the release."""
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move((start["x"] + end["x"]) / 2, end["y"], steps=4)
    page.mouse.move(end["x"], end["y"], steps=4)
    page.mouse.up()
    return page.evaluate("() => String(window.getSelection())")


def at(word: str, inner: str = "", nth: int = 0) -> int:
    """The offset of ``inner`` inside the ``nth`` occurrence of ``word`` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start + word.index(inner) if inner else start


# (where the drag starts, where it ends, what it selects): each end inside a number, an
# abbreviation or an ordinary word.
DRAGS = [
    # on the "7" of "83.7%" to the "n" of "in": the whole number, its percent sign too
    ((at("83.7%", "7"), "left"), (at("in the", "n"), "left"), "83.7% in"),
    # from "rose" to the "3" of "83.7%", right half: the number whole at the end too
    ((at("rose", "s"), "left"), (at("83.7%", "3"), "right"), "rose to 83.7%"),
    # the right half of the "U" of "U.S.": the caret after it, the drag from there
    ((at("U.S.", "U"), "right"), (at("Census", "s"), "left"), "U.S. Census"),
    # on the "S" of "U.S."
    ((at("U.S.", "S"), "left"), (at("Census", "n"), "left"), "U.S. Census"),
    # on the "1" of "$1.5bn" to the "n" of "bn": the currency sign comes along
    ((at("$1.5bn", "1"), "left"), (at("$1.5bn", "bn"), "left"), "$1.5bn"),
    # from inside "3,000" to inside "jobs"
    ((at("3,000", "00"), "left"), (at("jobs", "o"), "left"), "3,000 jobs"),
    # on the "g" of "e.g." to "Ohio": the abbreviation's last dot too
    ((at("e.g.", "g"), "left"), (at("Ohio", "h"), "left"), "e.g. in Ohio"),
    # ordinary words, backwards
    ((at("promised", "m"), "left"), (at("were", "r"), "left"), "were promised"),
    ((at("Turnout", "n"), "left"), (at("rose", "o"), "left"), "Turnout rose"),
]


@pytest.mark.parametrize(("start", "end", "expected"), DRAGS)
def test_a_drag_takes_whole_numbers_and_abbreviations(
    world: Any, open_tab: Any, start: tuple[int, str], end: tuple[int, str], expected: str
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert drag(page, point(page, *start), point(page, *end)) == expected
    assert not tab.errors


def test_a_dragged_number_is_stored_whole(world: Any, open_tab: Any, api_as: Any) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    drag(page, point(page, at("83.7%", "7")), point(page, at("83.7%", "%"), "right"))
    page.keyboard.press("c")
    tab.wait_saved()
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    start = TEXT.index("83.7%")
    assert [(s["label"], s["start"], s["end"], s["text"]) for s in spans] == [
        ("CLAIM", start, start + 5, "83.7%")
    ]


WORDS = [
    ["Turnout", "rose", "to", "83.7%", "in", "the", "U.S.", "Census", "count", "e.g."],
    ["in", "Ohio", "and", "Utah", "The", "deal", "was", "worth", "$1.5bn", "and", "3,000"],
    ["jobs", "were", "promised"],
]


def test_the_keys_step_over_the_same_words(world: Any, open_tab: Any) -> None:
    """→ selects the next whole word: the words a drag takes."""
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    seen = []
    for _ in range(sum(map(len, WORDS))):
        page.keyboard.press("ArrowRight")
        seen.append(page.evaluate("() => String(window.getSelection())"))
    assert seen == [word for line in WORDS for word in line]
    # ← goes back over them.
    for word in reversed(WORDS[-1][:-1]):
        page.keyboard.press("ArrowLeft")
        assert page.evaluate("() => String(window.getSelection())") == word


def test_shift_arrows_stop_after_the_same_words(world: Any, open_tab: Any) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    seen = []
    for _ in range(10):
        page.keyboard.press("Shift+ArrowRight")
        seen.append(page.evaluate("() => String(window.getSelection())"))
    assert seen == [
        "Turnout",
        "Turnout rose",
        "Turnout rose to",
        "Turnout rose to 83.7%",
        "Turnout rose to 83.7% in",
        "Turnout rose to 83.7% in the",
        "Turnout rose to 83.7% in the U.S.",
        "Turnout rose to 83.7% in the U.S. Census",
        "Turnout rose to 83.7% in the U.S. Census count",
        "Turnout rose to 83.7% in the U.S. Census count,",
    ]
