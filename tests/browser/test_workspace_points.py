"""The workspace finds the DOM point of a text offset (for every selection it sets: a mouse
drag grown to words, the keyboard) by bisecting the segments. On a long document cut into
many segments, every offset's point is the one the text's sentences and spans say it is,
worked out here from them alone."""

from __future__ import annotations

import bisect
from typing import Any

import pytest

from tests.browser.browser_helpers import units

pytestmark = pytest.mark.server

SENTENCES = 1200
TEXT = "\n\n".join(
    f"Sentence {n} 🎉 of the report says the talks failed again."
    if n % 97 == 5
    else f"Sentence {n} of the report says the talks failed again."
    for n in range(SENTENCES)
)
CODE_UNITS = TEXT.encode("utf-16-le")

# The view's answer for each offset, at both edges: null, or the point's segment (its
# data-s and text length), the offset in its text node, and the code unit just after the
# point (a start) or just before it (an end). A point outside a segment's text is "astray".
POINTS = """(offsets) => {
  const view = window.annotatorWorkspace.view;
  const container = document.getElementById('text');
  return offsets.map((units) => ['start', 'end'].map((edge) => {
    const point = view.unitsToPoint(units, edge);
    if (point === null) return null;
    const [node, offset] = point;
    const seg = node.parentElement;
    if (node.nodeType !== Node.TEXT_NODE || !seg.classList.contains('seg')
        || !container.contains(seg)) return 'astray';
    const unit = node.data.charCodeAt(edge === 'start' ? offset : offset - 1);
    return [Number(seg.dataset.s), node.length, offset, Number.isNaN(unit) ? null : unit];
  }));
}"""


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "report.txt"))
    api = api_as(world.tokens["alice"])
    world.spans = []
    # Spans cut sentences into segments: nested, overlapping, side by side, one sentence long.
    for n in range(3, SENTENCES, 29):
        start = TEXT.index(f"Sentence {n} ")
        words = TEXT.index("the talks", start)
        for label, begin, end in (
            ("CLAIM", start, TEXT.index(".", start) + 1),
            ("SOURCE", words, words + 9),
            ("CUE", words + 4, words + 16),
            ("SOURCE", start, start + 8),
        ):
            body = {"label": label, "start": begin, "end": end}
            api.write("POST", f"/documents/{world.doc.id}/spans", body)
            world.spans.append((begin, end))
    world.sentences = [
        (s["start"], s["end"]) for s in api.get(f"/documents/{world.doc.id}")["sentences"]
    ]
    return world


def segments(sentences: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[int]:
    """Return the segments' starts and ends, in code units: each sentence cut at every span
    edge inside it, as the page draws it."""
    edges = sorted({edge for span in spans for edge in span})
    bounds = []
    for start, end in sentences:
        inside = edges[bisect.bisect_right(edges, start) : bisect.bisect_left(edges, end)]
        cuts = [start, *inside, end]
        bounds += [(units(TEXT, a), units(TEXT, b)) for a, b in zip(cuts, cuts[1:], strict=False)]
    return bounds


def expected_point(bounds: list[tuple[int, int]], offset: int, edge: str) -> Any:
    """Where an offset's point is: in the segment holding the character after it (a start)
    or before it (an end), else at the start of a segment (an end at a sentence's start);
    None between sentences and off the text."""
    starts = [s for s, _ in bounds]
    if edge == "start":
        index = bisect.bisect_right(starts, offset) - 1  # the last segment starting at or before
        holds = index >= 0 and offset < bounds[index][1]
    else:
        index = bisect.bisect_left(starts, offset) - 1  # the last segment starting before
        holds = index >= 0 and offset <= bounds[index][1]
        if not holds and index + 1 < len(starts) and starts[index + 1] == offset:
            index, holds = index + 1, True
    if not holds:
        return None
    s, e = bounds[index]
    near = offset if edge == "start" else offset - 1
    unit = int.from_bytes(CODE_UNITS[2 * near : 2 * near + 2], "little") if s <= near < e else None
    return [s, e - s, offset - s, unit]


def test_units_to_point_gives_every_offset_the_point_its_sentences_and_spans_say(
    world: Any, open_tab: Any
) -> None:
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    bounds = segments(world.sentences, world.spans)
    assert page.evaluate("() => document.querySelectorAll('#text .seg').length") == len(bounds)
    length = len(CODE_UNITS) // 2
    # Every offset near a segment's edge (where segments meet, sentences end, and the gaps
    # between sentences lie), the emoji's halves, a stride through the rest, and offsets off
    # the text's ends.
    offsets = {o for edge in {e for b in bounds for e in b} for o in range(edge - 2, edge + 3)}
    emoji = [units(TEXT, at) for at, character in enumerate(TEXT) if character == "🎉"]
    offsets |= {o for at in emoji for o in range(at - 1, at + 4)}
    offsets |= set(range(0, length + 1, 7)) | {-1, length, length + 1}
    answers = page.evaluate(POINTS, sorted(offsets))
    wrong = [
        (offset, edge, got, expected_point(bounds, offset, edge))
        for offset, pair in zip(sorted(offsets), answers, strict=True)
        for edge, got in zip(("start", "end"), pair, strict=True)
        if got != expected_point(bounds, offset, edge)
    ]
    assert wrong[:10] == []
    assert len(bounds) > SENTENCES + 150
    found = sum(answer is not None for pair in answers for answer in pair)
    assert found > len(offsets)  # most offsets are in the text, at both edges
