"""A span that runs past its sentence's end, drawn in the workspace.

The part in the next sentence was an underline with no label at the sentence's start: read
on its own (the sentence before scrolled away, or on a phone), it belonged to no span. Now
the part that runs on ends in "→" and the part that goes on starts with "↪" and the label,
as the curation lanes draw it; the marks are drawn by CSS, never part of the text, so the
offsets of a selection stay exact."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, SIDEWAYS_JS

pytestmark = pytest.mark.server

TEXT = "Moscow said the talks had failed. Kyiv denied it. Nobody else spoke."

MARKS_JS = """() => [...document.querySelectorAll('#text .sent')].map((row) =>
  [...row.querySelectorAll('.seg')].map((seg) => [
    seg.textContent, seg.dataset.tags || '', 'runsOn' in seg.dataset,
    getComputedStyle(seg, '::after').content, getComputedStyle(seg, '::before').content,
  ]))"""


def span(api: Any, doc: int, label: str, words: str) -> None:
    start = TEXT.index(words)
    body = {"label": label, "start": start, "end": start + len(words)}
    api.write("POST", f"/documents/{doc}/spans", body)


@pytest.mark.parametrize("phone", [False, True])
def test_a_span_across_sentences_is_marked_where_it_runs_on_and_goes_on(
    make_world: Any, open_tab: Any, api_as: Any, phone: bool
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "talks.txt"))
    api = api_as(world.tokens["alice"])
    span(api, world.doc.id, "CLAIM", "the talks had failed. Kyiv denied")
    span(api, world.doc.id, "SOURCE", "Moscow")
    tab = open_tab("alice", touch=phone)
    if phone:
        tab.page.set_viewport_size(PHONE)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    first, second, third = page.evaluate(MARKS_JS)
    # Sentence 1: SOURCE and the claim's start carry their labels; the claim's part that
    # runs on ends in an arrow; nothing else does.
    assert [(text, tags, runs_on) for text, tags, runs_on, _, _ in first] == [
        ("Moscow", "SOURCE", False),
        (" said ", "", False),
        ("the talks had failed.", "CLAIM", True),
    ]
    # (What is drawn comes before a "/", the words a screen reader reads instead after it.)
    assert first[2][3] == '"→" / " CLAIM runs on]"'
    assert first[0][3] == '"" / " end SOURCE]"'  # no arrow: the span's end, read
    # Sentence 2: the part that goes on says whose it is; where it ends, no arrow.
    assert [(text, tags, runs_on) for text, tags, runs_on, _, _ in second] == [
        ("Kyiv denied", "↪ CLAIM", False),
        (" it.", "", False),
    ]
    assert second[0][4] == '"↪ CLAIM" / "[CLAIM, continued: "'
    assert all(not tags for _, tags, _, _, _ in [seg for seg in third])
    # The marks are not text: a selection of the second sentence's part is its exact words.
    selected = page.evaluate(
        """() => { const seg = document.querySelectorAll('#text .sent')[1].querySelector('.seg');
        const range = document.createRange(); range.selectNodeContents(seg);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        return String(sel); }"""
    )
    assert selected == "Kyiv denied"
    if phone:
        assert page.evaluate(SIDEWAYS_JS) == 0
    assert tab.errors == []
