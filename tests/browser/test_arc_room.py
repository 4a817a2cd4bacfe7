"""Room for arcs is opened above the lines they run over only: in a sentence that wraps over
several lines with an arc over its first, the other lines keep the text's line spacing, in
the workspace and in the curation view's narrow lanes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import after_frames
from tests.browser.test_workspace_arcs import ARCS_JS, LONG, overlap, post

pytestmark = pytest.mark.server

# The tops of the distinct lines of a text element's text and the boxes of its text nodes,
# and its arcs' line and label boxes: in pixels from the element's top left corner, so that
# what moves the element (more or fewer differences listed above a curation lane, the page
# scrolled elsewhere) is no shift of its lines.
LINES_JS = """(selector) => {
  const text = document.querySelector(selector);
  const origin = text.getBoundingClientRect();
  const at = (r) => ({ left: r.left - origin.left, top: r.top - origin.top,
    right: r.right - origin.left, bottom: r.bottom - origin.top });
  const range = document.createRange();
  const boxes = [];
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (walker.currentNode.parentElement.closest('.arc-room')) continue;
    range.selectNodeContents(walker.currentNode);
    boxes.push(...[...range.getClientRects()].filter((r) => r.width > 0).map(at));
  }
  const tops = [];
  for (const r of boxes.sort((a, b) => a.top - b.top)) {
    if (!tops.length || r.top - tops[tops.length - 1] > 2) tops.push(r.top);
  }
  const arcs = [...text.parentElement.querySelectorAll('.arc')].map((g) => {
    const box = (el) => {
      const b = at(el.getBoundingClientRect());
      return [b.left, b.top, b.right, b.bottom];
    };
    return [box(g.querySelector('.arc__line')), box(g.querySelector('.arc__tag'))];
  });
  return { tops, arcs, boxes: boxes.map((r) => [r.left, r.top, r.right, r.bottom]) };
}"""


def _pitches(tops: list[float]) -> list[float]:
    return [b - a for a, b in zip(tops, tops[1:], strict=False)]


def _assert_room_under_the_arc_only(before: dict[str, Any], after: dict[str, Any]) -> None:
    """``before``: the text without arcs; ``after``: with one arc, whose label sits above one
    line of it. That line moved down to make room; every other line is one plain line below
    the line above it, as before."""
    tops = after["tops"]
    assert len(tops) >= 3, "the sentence should wrap over three lines or more"
    assert len(tops) == len(before["tops"])
    [(line, tag)] = after["arcs"]
    [under] = [
        k for k, top in enumerate(tops) if tag[3] <= top and (k == 0 or tag[1] > tops[k - 1])
    ]
    # How far each line moved down against the line above it (the first: against itself).
    shifts = [tops[0] - before["tops"][0]] + [
        now - was for now, was in zip(_pitches(tops), _pitches(before["tops"]), strict=True)
    ]
    for k, shift in enumerate(shifts):
        if k == under:
            assert shift >= 15, (k, shifts)
        else:
            assert abs(shift) < 1.5, (k, under, shifts)
    for box in after["boxes"]:
        assert not overlap(line, box) and not overlap(tag, box), (line, tag, box)


@pytest.mark.parametrize("width", [1366, 390])
def test_in_the_workspace_only_the_line_under_an_arc_gets_room(
    make_world: Any, open_tab: Any, api_as: Any, width: int
) -> None:
    world = make_world({"alice": "annotator"}, doc=(LONG, "long.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    ids = {}
    for label, words in (("SOURCE", "Spokesman Alvarez"), ("CLAIM", "told")):
        start = LONG.index(words)
        body = {"label": label, "start": start, "end": start + len(words)}
        ids[label] = post(api, f"/documents/{doc}/spans", body)["id"]
    tab = open_tab("alice")
    tab.page.set_viewport_size({"width": width, "height": 900})
    page = tab.open(f"/projects/demo/documents/{doc}")
    before = page.evaluate(LINES_JS, "#text .sent__text")
    # A relation between the two spans, at the start of the sentence.
    body = {"type": "ATTRIBUTED_TO", "from": ids["CLAIM"], "to": ids["SOURCE"]}
    post(api, f"/documents/{doc}/relations", body)
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.wait_for_function("() => document.querySelectorAll('#text .arc').length === 1")
    assert len(page.evaluate(ARCS_JS)) == 1
    _assert_room_under_the_arc_only(before, page.evaluate(LINES_JS, "#text .sent__text"))


def test_in_a_curation_lane_only_the_line_under_an_arc_gets_room(
    make_world: Any, open_tab: Any, api_as: Any, server: Any
) -> None:
    """alice links a source and a claim at the start of the long sentence; bob marks only the
    source, so that the sentence differs and is shown, alice's lane with the arc."""
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(LONG, "long.txt")
    )
    doc = world.doc.id
    ids = {}
    for name in ("alice", "bob"):
        api = api_as(world.tokens[name])
        for label, words in (("SOURCE", "Spokesman Alvarez"), ("CLAIM", "told")):
            if name == "bob" and label == "CLAIM":
                continue
            start = LONG.index(words)
            body = {"label": label, "start": start, "end": start + len(words)}
            ids[name, label] = post(api, f"/documents/{doc}/spans", body)["id"]
    page = open_tab("rita").page
    page.set_viewport_size({"width": 390, "height": 900})
    lane = '#cur-s-0 .cur-lane[data-lane="{}"] .cur-lane__text'
    page.goto(f"{server.url}/projects/demo/review/{doc}/curate")
    page.wait_for_selector(lane.format("alice"))
    before = page.evaluate(LINES_JS, lane.format("alice"))
    body = {"type": "ATTRIBUTED_TO", "from": ids["alice", "CLAIM"], "to": ids["alice", "SOURCE"]}
    post(api_as(world.tokens["alice"]), f"/documents/{doc}/relations", body)
    page.reload()
    page.wait_for_selector('#cur-s-0 .cur-lane[data-lane="alice"] .arc')
    after_frames(page)
    _assert_room_under_the_arc_only(before, page.evaluate(LINES_JS, lane.format("alice")))


# A sentence where a span starts right after a hyphen: the text may wrap between the two.
HYPHENED = (
    "The ministry called the long report on the talks state-sponsored theatre and said "
    "that nothing in it would change the course of the talks about the border, "
    "whatever the reporters who had waited all evening were told."
)

# Whether the segment starting at an offset starts a line: the text before it ends on a line
# above.
STARTS_LINE_JS = """(start) => {
  const segs = [...document.querySelectorAll('#text .seg')];
  const at = segs.findIndex((s) => Number(s.dataset.s) === start);
  const rects = (seg) => {
    const range = document.createRange();
    range.selectNodeContents(seg.firstChild);
    return [...range.getClientRects()].filter((r) => r.width > 0);
  };
  return rects(segs[at])[0].top - rects(segs[at - 1]).pop().top > 2;
}"""


def test_a_span_wrapped_after_a_hyphen_gets_the_room_on_its_own_line(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """Where the line breaks after "state-", the room's box stays at the end of the line above
    (the text may wrap between the two): the span itself is raised instead."""
    world = make_world({"alice": "annotator"}, doc=(HYPHENED, "hyphen.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    ids = {}
    for label, words in (("CLAIM", "sponsored"), ("SOURCE", "theatre")):
        start = HYPHENED.index(words)
        body = {"label": label, "start": start, "end": start + len(words)}
        ids[label] = post(api, f"/documents/{doc}/spans", body)["id"]
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    for width in range(1366, 380, -6):
        page.set_viewport_size({"width": width, "height": 900})
        after_frames(page)
        if page.evaluate(STARTS_LINE_JS, HYPHENED.index("sponsored")):
            break
    else:
        pytest.fail("no window width wraps the sentence after the hyphen")
    before = page.evaluate(LINES_JS, "#text .sent__text")
    body = {"type": "ATTRIBUTED_TO", "from": ids["CLAIM"], "to": ids["SOURCE"]}
    post(api, f"/documents/{doc}/relations", body)
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.wait_for_function("() => document.querySelectorAll('#text .arc').length === 1")
    assert page.evaluate(STARTS_LINE_JS, HYPHENED.index("sponsored"))
    _assert_room_under_the_arc_only(before, page.evaluate(LINES_JS, "#text .sent__text"))
