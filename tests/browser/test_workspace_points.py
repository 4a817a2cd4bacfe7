"""The workspace finds the DOM point of a text offset (for every selection it sets: a mouse
drag grown to words, the keyboard) by bisecting the segments; on a long document cut into
many segments it gives the points the walk over every segment gave."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

SENTENCES = 1200
TEXT = "\n\n".join(
    f"Sentence {n} 🎉 of the report says the talks failed again."
    if n % 97 == 5
    else f"Sentence {n} of the report says the talks failed again."
    for n in range(SENTENCES)
)

# The walk unitsToPoint did before, over the segments read once, as the reference; then the
# view's own answer for the same offsets, both edges. Nodes compare by identity.
COMPARE = """(offsets) => {
  const view = window.annotatorWorkspace.view;
  const segs = [...document.querySelectorAll('#text .seg')].map(
    (seg) => [Number(seg.dataset.s), seg.textContent.length, seg.firstChild]);
  const walk = (units, edge) => {
    for (const [s, length, node] of segs) {
      if (units >= s && (units < s + length || (edge === 'end' && units === s + length))) {
        return [node, units - s];
      }
    }
    return null;
  };
  const differences = [];
  let found = 0;
  for (const units of offsets) {
    for (const edge of ['start', 'end']) {
      const expected = walk(units, edge);
      const got = view.unitsToPoint(units, edge);
      const same = expected === null ? got === null
        : got !== null && got[0] === expected[0] && got[1] === expected[1];
      if (!same) differences.push([units, edge]);
      if (expected) found += 1;
    }
  }
  return { segments: segs.length, found, differences: differences.slice(0, 10) };
}"""


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "report.txt"))
    api = api_as(world.tokens["alice"])
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
    return world


def test_units_to_point_bisects_to_the_points_of_a_walk_over_every_segment(
    world: Any, open_tab: Any
) -> None:
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    edges = page.evaluate(
        """() => [...document.querySelectorAll('#text .seg')].flatMap((seg) => {
          const s = Number(seg.dataset.s);
          return [s, s + seg.textContent.length];
        })"""
    )
    length = page.evaluate("() => window.annotatorWorkspace.store.text.length")
    # Every offset near a segment's edge (where the edges meet, and the gaps between
    # sentences), a stride through the rest, and offsets off the text's ends.
    offsets = {o for edge in edges for o in range(edge - 2, edge + 3)}
    offsets |= set(range(0, length + 1, 7)) | {-1, length, length + 1}
    answer = page.evaluate(COMPARE, sorted(offsets))
    assert answer["segments"] > SENTENCES + 150
    assert answer["differences"] == []
    assert answer["found"] > len(offsets)  # most offsets are in the text, at both edges
