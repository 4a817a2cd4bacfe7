"""The workspace shows where the article's paragraphs break.

Each sentence is a row of its own; a blank line between paragraphs was drawn as nothing, so an
article read as a list of evenly spaced sentences. A sentence after a line break in the text
now opens with a gap (wider after a blank line), as wide and as narrow windows alike; the
offsets, the sentence numbers and the selection are as before.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, select_text, units

pytestmark = pytest.mark.server

TEXT = (
    "Officials said the border was closed. The ministry denied it.\n\n"
    "Témoins 😀 said troops moved at night. Nobody confirmed it.\n"
    "A line of its own follows.\n\n\n"
    "After two blank lines, the last paragraph."
)
#: Sentences that open a paragraph (after a blank line), or a line (after one line break).
PARAGRAPHS = {2, 5}
LINES = {4}

# Each row's top less the bottom of the row before it (the first row's: 0).
GAPS = """() => {
  const rows = [...document.querySelectorAll('#text .sent')];
  return rows.map((row, i) => i === 0 ? 0
    : row.getBoundingClientRect().top - rows[i - 1].getBoundingClientRect().bottom);
}"""


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "paragraphs.txt"))


@pytest.mark.parametrize("width", [1366, PHONE["width"]])
def test_a_paragraph_opens_with_a_gap_and_the_sentences_keep_their_numbers(
    world: Any, open_tab: Any, api_as: Any, width: int
) -> None:
    phone = width == PHONE["width"]
    tab = open_tab("alice", touch=phone)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE if phone else {"width": width, "height": 900})
    sentences = api_as(world.tokens["alice"]).get(f"/documents/{world.doc.id}")["sentences"]
    assert len(sentences) == 6
    numbers = page.eval_on_selector_all(
        "#text .sent",
        "rows => rows.map((r) => [r.dataset.i, r.querySelector('.sent__n').textContent])",
    )
    assert numbers == [[str(i), str(i + 1)] for i in range(6)]
    # The segments start where the sentences do: the offsets are the text's.
    starts = page.eval_on_selector_all(
        "#text .sent", "rows => rows.map((r) => Number(r.querySelector('.seg').dataset.s))"
    )
    assert starts == [units(TEXT, s["start"]) for s in sentences]
    gaps = page.evaluate(GAPS)
    within = [gaps[i] for i in range(1, 6) if i not in PARAGRAPHS | LINES]
    assert within and max(within) < 2, gaps  # sentences of one paragraph: no gap
    for i in PARAGRAPHS:
        assert gaps[i] >= 12, (i, gaps)
    for i in LINES:
        assert 4 <= gaps[i] < min(gaps[p] for p in PARAGRAPHS), (i, gaps)
    # A span across the paragraph break is made from the offsets as before.
    start = TEXT.index("The ministry")
    end = TEXT.index("troops") + len("troops")
    select_text(page, units(TEXT, start), units(TEXT, end))
    page.keyboard.press("c")
    tab.wait_saved()
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert [(s["start"], s["end"], s["sentence"]) for s in spans] == [(start, end, 1)]
    assert not tab.errors


def test_the_current_sentence_marker_leaves_the_gap_out(world: Any, open_tab: Any) -> None:
    """The gap is between the rows: the current sentence's mark (its left rule and tint) is
    as tall as its text, not the gap above it."""
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    for _ in range(2):
        page.keyboard.press("j")
    row = page.locator("#text .sent[data-i='2']")
    assert "is-current" in (row.get_attribute("class") or "")
    text = page.locator("#text .sent[data-i='2'] .sent__text").bounding_box()
    box = row.bounding_box()
    assert box["height"] - text["height"] < 10, (box, text)
