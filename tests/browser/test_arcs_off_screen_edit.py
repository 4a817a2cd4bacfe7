"""An edit redraws the arcs of every row it changes, on screen or not; a resize leaves no row
off screen with the arcs of the old width.

Rows are drawn lazily, those near the screen only; an edit's rows were no exception. A row
an edit changed far below the screen got its text drawn again (without the room above its
lines that arcs.js had opened there) while its old arcs stayed, drawn for the old lines: it
showed them so, over its text, until it was scrolled to and drawn again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import after_frames
from tests.browser.test_workspace_arcs import ARCS_JS, post, span_box

pytestmark = pytest.mark.server

TEXT = " ".join(f"Writer{k} said that item {k} was ready." for k in range(130))

# Row i's arcs (their relation ids, in the page's keys) and room boxes, and whether the row is
# on screen, read in one go.
ROW_JS = """(i) => {
  const row = document.querySelector(`#text .sent[data-i="${i}"]`);
  const box = row.getBoundingClientRect();
  return {
    arcs: [...row.querySelectorAll('.arc')]
      .map((g) => g.dataset.relation),
    rooms: row.querySelectorAll('.arc-room').length,
    onScreen: box.bottom > 0 && box.top < innerHeight,
  };
}"""


def test_a_row_an_edit_changed_off_screen_has_its_new_arcs_and_their_room(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "many.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id

    def span(label: str, words: str, at: str) -> int:
        start = TEXT.index(words, TEXT.index(at))
        body = {"label": label, "start": start, "end": start + len(words)}
        return post(api, f"/documents/{doc}/spans", body)["id"]

    far_source = span("SOURCE", "Writer100", "Writer100 ")
    far_claim = span("CLAIM", "item 100 was ready", "Writer100 ")
    near_claim = span("CLAIM", "item 0 was ready", "Writer0 ")
    for claim in (far_claim, near_claim):
        body = {"type": "ATTRIBUTED_TO", "from": claim, "to": far_source}
        post(api, f"/documents/{doc}/relations", body)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    # Row 100 is drawn once seen: its own arc and a half of the one from sentence 1.
    page.evaluate("document.querySelector('.sent[data-i=\"100\"]').scrollIntoView()")
    page.wait_for_function(
        "() => document.querySelectorAll('.sent[data-i=\"100\"] .arc').length === 2",
        timeout=10_000,
    )
    page.evaluate("window.scrollTo(0, 0)")
    near = page.locator("#text .sent[data-i='0'] .arc[role='button']")
    near.wait_for(timeout=10_000)
    relation = near.get_attribute("data-relation")
    # The relation from sentence 1 to sentence 101 goes: row 100 changes, off screen.
    near.focus()
    page.keyboard.press("Delete")
    tab.wait_saved()
    after_frames(page, then_ms=50)
    row = page.evaluate(ROW_JS, 100)
    assert not row["onScreen"]
    assert relation not in row["arcs"], row
    assert len(row["arcs"]) == 1, row
    assert row["rooms"] >= 1, row  # the arc left is over room opened for it
    # Scrolled to, the row shows the same at once, before any drawing pass.
    seen = page.evaluate(
        "(i) => { document.querySelector(`.sent[data-i='${i}']`).scrollIntoView();"
        f" return ({ROW_JS})(i); }}",
        100,
    )
    assert seen["onScreen"] and seen["arcs"] == row["arcs"] and seen["rooms"] == row["rooms"]
    # ... drawn where the text is: the arrow on the source, just above its words.
    (arc,) = [a for a in page.evaluate(ARCS_JS) if a["relation"] == row["arcs"][0]]
    x, y = arc["end"]
    left, top, right, _ = span_box(page, TEXT, "Writer100")
    assert left <= x <= right and top - 6 <= y <= top, (arc, left, top, right)
    assert api.layer(doc)["relations"] and len(api.layer(doc)["relations"]) == 1


# Sentence 101 runs over two lines or more on a narrow window, its source at its end.
WIDE_TEXT = " ".join(
    (
        "Writer100 said that item 100 was ready, and that the talks on ports, roads, railways,"
        " schools and hospitals would go on into the spring, according to Spokesman Jones."
    )
    if k == 100
    else f"Writer{k} said that item {k} was ready."
    for k in range(130)
)


def test_after_a_resize_no_row_off_screen_keeps_arcs_drawn_for_the_old_width(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """A resize moves every line; rows off screen kept the arcs drawn for the old width (and
    their room, on lines that moved) until drawn again once seen, a moment after they came
    into view: now they keep none, and get new ones when seen."""
    world = make_world({"alice": "annotator"}, doc=(WIDE_TEXT, "wide.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    ids = {}
    for label, words in (("CLAIM", "item 100 was ready"), ("SOURCE", "Spokesman Jones")):
        start = WIDE_TEXT.index(words)
        body = {"label": label, "start": start, "end": start + len(words)}
        ids[label] = post(api, f"/documents/{doc}/spans", body)["id"]
    body = {"type": "ATTRIBUTED_TO", "from": ids["CLAIM"], "to": ids["SOURCE"]}
    post(api, f"/documents/{doc}/relations", body)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.evaluate("document.querySelector('.sent[data-i=\"100\"]').scrollIntoView()")
    page.wait_for_function(
        "() => document.querySelectorAll('.sent[data-i=\"100\"] .arc').length > 0",
        timeout=10_000,
    )
    page.evaluate("window.scrollTo(0, 0)")
    # Once the page has seen that the row left the screen (else it is redrawn as one on it).
    page.wait_for_function(
        "() => !window.annotatorWorkspace.arcs.onScreen.has("
        "document.querySelector('.sent[data-i=\"100\"]').parentElement)",
        timeout=10_000,
    )
    page.set_viewport_size({"width": 600, "height": 900})
    after_frames(page, then_ms=50)
    row = page.evaluate(ROW_JS, 100)
    assert not row["onScreen"]
    assert row["arcs"] == [] and row["rooms"] == 0, row
    # Seen, it gets the arcs of the new width: the arrow on the source's words.
    page.evaluate("document.querySelector('.sent[data-i=\"100\"]').scrollIntoView()")
    page.wait_for_function(
        "() => document.querySelectorAll('.sent[data-i=\"100\"] .arc__head').length > 0",
        timeout=10_000,
    )
    heads = [a for a in page.evaluate(ARCS_JS) if a["kind"] and "arc--" in a["kind"]]
    ends = [a["end"] for a in heads]
    left, top, right, _ = span_box(page, WIDE_TEXT, "Spokesman Jones")
    assert any(left <= x <= right and top - 6 <= y <= top for x, y in ends), (ends, left, top)
