"""A relation in a curation lane whose sentence wraps between its ends is one arc with one
label: a bridge between neighbouring lines, or a full arc on the line where a wrapped claim
ends beside its source; not two halves run out to the lines' edges, each naming the type.

The lanes are narrow, so the window's width is stepped down until the text wraps as each
case needs; the arcs are then read as drawn."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import after_frames, with_point_at

pytestmark = pytest.mark.server

FIRST = (
    "Spokesman Alvarez of the foreign ministry told the reporters who had waited all evening "
    "that the long talks about the border had failed completely."
)
SECOND = (
    "The long talks about the disputed border with the neighbouring republic had failed "
    "completely and would not resume before the spring, said the minister."
)
TEXT = f"{FIRST}\n\n{SECOND}\n\nNobody denied it."

# The lane's arcs in a sentence: their class, label, and the ends of each path; the boxes of
# the text lines (client pixels) of the spans named by id; and the tops of the lane's lines.
LANE_JS = with_point_at(
    """([sentence, ids]) => {
  const row = document.querySelector(`#cur-s-${sentence} .cur-lane[data-lane="alice"]`);
  const arcs = [...row.querySelectorAll('.arc')].map((g) => {
    const line = g.querySelector('.arc__line');
    POINT_AT;
    return { kind: g.getAttribute('class'), labels: g.querySelectorAll('text').length,
      start: at(0), end: at(line.getTotalLength()), focusable: g.getAttribute('tabindex') };
  });
  const lines = {};
  for (const id of ids) {
    const rects = [];
    for (const mark of row.querySelectorAll('.cur-span[data-spans]')) {
      if (!mark.dataset.spans.split(' ').includes(String(id))) continue;
      const range = document.createRange();
      range.selectNodeContents([...mark.childNodes].find((n) => n.nodeType === Node.TEXT_NODE));
      rects.push(...[...range.getClientRects()].filter((r) => r.width > 0));
    }
    lines[id] = rects.map((r) => [r.left, r.top, r.right, r.bottom]);
  }
  const range = document.createRange();
  range.selectNodeContents(row.querySelector('.cur-lane__text'));
  const tops = [];
  for (const r of [...range.getClientRects()].sort((a, b) => a.top - b.top)) {
    if (r.width > 0 && (!tops.length || r.top - tops[tops.length - 1] > 2)) tops.push(r.top);
  }
  return { arcs, lines, tops };
}"""
)


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """alice marks each sentence's source and claim and links them; bob only the last
    sentence's stance: both sentences differ, and are shown."""
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt")
    )
    doc = world.doc.id
    api = api_as(world.tokens["alice"])
    world.ids = {}
    claims = (
        "the long talks about the border had failed completely",
        SECOND[: SECOND.index(", said")],
    )
    for sentence, (text, source, claim) in enumerate(
        ((FIRST, "Spokesman Alvarez", claims[0]), (SECOND, "the minister", claims[1]))
    ):
        at = TEXT.index(text)
        made = {}
        for label, words in (("SOURCE", source), ("CLAIM", claim)):
            start = at + text.index(words)
            body = {"label": label, "start": start, "end": start + len(words)}
            made[label] = api.write("POST", f"/documents/{doc}/spans", body)["id"]
        body = {"type": "ATTRIBUTED_TO", "from": made["CLAIM"], "to": made["SOURCE"]}
        api.write("POST", f"/documents/{doc}/relations", body)
        world.ids[sentence] = (made["SOURCE"], made["CLAIM"])
    stance = {"sentence": 2, "name": "stance", "value": "NONE"}
    api_as(world.tokens["bob"]).write("PUT", f"/documents/{doc}/labels", stance)
    return world


def _lines(boxes: list[list[float]]) -> list[float]:
    """The tops of the distinct lines of a span's text."""
    tops: list[float] = []
    for box in sorted(boxes, key=lambda b: b[1]):
        if not tops or box[1] - tops[-1] > 2:
            tops.append(box[1])
    return tops


def _inside(point: list[float], boxes: list[list[float]], slack: float = 12) -> bool:
    """Whether a path's end is at one of the boxes: within it across, just above or below it."""
    x, y = point
    return any(b[0] - 1 <= x <= b[2] + 1 and b[1] - slack <= y <= b[3] + slack for b in boxes)


def _wrapped_as(page: Any, sentence: int, ids: tuple[int, int], wanted: Any) -> Any:
    """Narrow the window until the sentence wraps as ``wanted(source, claim, tops)`` says
    (the tops of the lines of the spans' text, of the lane's text)."""
    for width in range(1400, 700, -8):
        page.set_viewport_size({"width": width, "height": 900})
        after_frames(page, 2)
        drawn = page.evaluate(LANE_JS, [sentence, list(ids)])
        source, claim = (_lines(drawn["lines"][str(i)]) for i in ids)
        if wanted(source, claim, drawn["tops"]):
            after_frames(page, 2)
            return page.evaluate(LANE_JS, [sentence, list(ids)])
    pytest.fail("no window width wraps the sentence as the test needs")


def test_a_relation_across_one_line_break_is_one_bridge(
    world: Any, server: Any, open_tab: Any
) -> None:
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    page.wait_for_selector("#cur-s-0 .cur-lane[data-lane=alice] .arc")
    source_id, claim_id = world.ids[0]

    def next_line(source: list[float], claim: list[float], tops: list[float]) -> bool:
        # The source on one line, the claim starting on the line right under it (lines are
        # not all as high: the room for arcs is above the lines they run over).
        line = [
            min(range(len(tops)), key=lambda k: abs(tops[k] - y)) for y in (source[0], claim[0])
        ]
        return len(source) == 1 and line[1] == line[0] + 1

    drawn = _wrapped_as(page, 0, world.ids[0], next_line)
    [arc] = drawn["arcs"]
    assert "arc--bridge" in arc["kind"] and arc["labels"] == 1 and arc["focusable"] == "0"
    # From the claim (its top) to the source (from below): the arrow points up into it.
    assert _inside(arc["start"], drawn["lines"][str(claim_id)])
    assert _inside(arc["end"], drawn["lines"][str(source_id)])
    assert arc["end"][1] > arc["start"][1] - 200 and arc["end"][1] < arc["start"][1]


def test_a_claim_wrapped_onto_its_source_line_is_a_full_arc_on_that_line(
    world: Any, server: Any, open_tab: Any
) -> None:
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    page.wait_for_selector("#cur-s-1 .cur-lane[data-lane=alice] .arc")
    source_id, claim_id = world.ids[1]

    def ends_beside(source: list[float], claim: list[float], tops: list[float]) -> bool:
        # The claim over two lines or more, the source on its last one.
        return len(claim) >= 2 and len(source) == 1 and abs(source[0] - claim[-1]) < 2

    drawn = _wrapped_as(page, 1, world.ids[1], ends_beside)
    [arc] = drawn["arcs"]
    assert "arc--full" in arc["kind"] and arc["labels"] == 1
    last_line = [
        b
        for b in drawn["lines"][str(claim_id)]
        if abs(b[1] - max(c[1] for c in drawn["lines"][str(claim_id)])) < 2
    ]
    assert _inside(arc["start"], last_line)
    assert _inside(arc["end"], drawn["lines"][str(source_id)])
