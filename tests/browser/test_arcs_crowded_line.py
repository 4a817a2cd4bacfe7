"""A line crowded with arcs: arcs that do not overlap share a level, a line shows at most
eight levels and folds the rest behind a "+N more links" control that the keyboard opens and
folds again, and every relation keeps an arc that focus or a click selects; in the workspace
and in the curation view's lanes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import after_frames, shot
from tests.browser.test_workspace_arcs import post

pytestmark = pytest.mark.server

NAMES = ["Maria Lopez", "John Smith", "The minister", "Officials", "Anna Berg", "The mayor"]
CLAIMS = ["the plan would fail", "taxes will rise", "the bridge is unsafe", "prices fell"]
# One sentence of forty "X said Y" clauses (3,161 characters), without a sentence break.
CLAUSES = [
    f"{NAMES[k % 6]} said that {CLAIMS[k % 4]} after the meeting about ports number {k}"
    for k in range(40)
]
TEXT = "; ".join(CLAUSES) + "."

# What the arcs of the first sentence take: the room above each line (px, the highest first),
# the levels of the most crowded line, the row's height, the folds and the relations with an
# arc that takes focus.
MEASURE_JS = """(row) => {
  const sent = document.querySelector(row);
  const rooms = [...sent.querySelectorAll('.arc-room')]
    .map((b) => parseFloat(b.style.verticalAlign)).sort((a, b) => b - a);
  const tags = [...sent.querySelectorAll('.arc .arc__tag')];
  const folds = [...sent.querySelectorAll('.arc-fold')].map((g) => ({
    text: g.textContent, expanded: g.getAttribute('aria-expanded'),
    label: g.getAttribute('aria-label') }));
  const focusable = [...new Set([...sent.querySelectorAll('.arc[role="button"]')]
    .map((g) => g.dataset.relation))];
  return { rooms, height: sent.getBoundingClientRect().height, folds, focusable,
    arcs: tags.length };
}"""


# The most room a line may take above it: eight levels and the fold's (arc-geometry.js
# roomFor(9)), plus the half line height the room's box rises from (arc-room.js).
MOST_ROOM = 13 + 8 * 15 + 8 + 25

# The fold in the middle of the window, for a screenshot.
SHOW_FOLD_JS = """(within) => document.querySelector(within + ' .arc-fold')
  .scrollIntoView({ block: 'center' })"""


def build(api: Any, doc: int) -> int:
    """Mark each clause's source, cue and claim, attribute each claim to its source, and cue
    every claim by the first cue (as the rules' suggestions, accepted whole, did while each
    claim ran on to the end of the sentence): forty links from one span to lines far below it.
    Return how many relations there are."""
    first_cue = None
    count = 0
    for clause in CLAUSES:
        base = TEXT.index(clause)
        ids = {}
        for label, words in (("SOURCE", clause.split(" said")[0]), ("CUE", "said")):
            start = base + clause.index(words)
            body = {"label": label, "start": start, "end": start + len(words)}
            ids[label] = post(api, f"/documents/{doc}/spans", body)["id"]
        start = base + clause.index("that ") + 5
        body = {"label": "CLAIM", "start": start, "end": base + len(clause)}
        ids["CLAIM"] = post(api, f"/documents/{doc}/spans", body)["id"]
        first_cue = first_cue or ids["CUE"]
        for kind, to in (("ATTRIBUTED_TO", ids["SOURCE"]), ("CUED_BY", first_cue)):
            post(api, f"/documents/{doc}/relations", {"type": kind, "from": ids["CLAIM"], "to": to})
            count += 1
    return count


@pytest.mark.parametrize("width", [1366, 390])
def test_a_crowded_line_folds_above_eight_levels_and_the_keyboard_opens_it(
    make_world: Any, open_tab: Any, api_as: Any, width: int
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "long.txt"))
    api = api_as(world.tokens["alice"])
    total = build(api, world.doc.id)
    tab = open_tab("alice")
    tab.page.set_viewport_size({"width": width, "height": 900})
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector("#text .arc-fold")
    after_frames(page)
    folded = page.evaluate(MEASURE_JS, "#text .sent")
    page.evaluate(SHOW_FOLD_JS, "#text")
    page.screenshot(path=shot(f"arcs39-workspace-{width}-folded.png"))
    # The first cue's line: eight levels and the fold's, not one a relation (about 640 px).
    assert folded["rooms"][0] <= MOST_ROOM, folded["rooms"]
    [fold] = folded["folds"]
    hidden = int(fold["text"].split()[0].lstrip("+"))
    assert fold["text"] == f"+{hidden} more links" and hidden >= 25, fold
    assert fold["expanded"] == "false"
    # Every relation still has an arc that takes focus: a folded half's other half.
    keys = page.evaluate("() => [...window.annotatorWorkspace.store.relations.keys()]")
    assert len(keys) == total
    assert sorted(folded["focusable"]) == sorted(keys)
    # A click on such a half selects its relation.
    half = page.locator("#text .arc.arc--left[role='button']").last
    half.locator(".arc__tag").click()
    relation = half.get_attribute("data-relation")
    assert page.evaluate("() => window.annotatorWorkspace.arcs.selected") == relation
    # The keyboard: the arrows go from arc to arc and reach the fold, after its line's arcs
    # (here the halves at the cue, which do not take focus: the fold may come first); Enter
    # opens it (every level shown), Space folds it again, the fold keeping the focus.
    page.locator("#text .arc[role='button']").first.focus()
    for key in ["ArrowLeft"] * 3 + ["ArrowRight"] * 60:
        if page.evaluate("() => document.activeElement.classList.contains('arc-fold')"):
            break
        page.keyboard.press(key)
    else:
        pytest.fail("the arrows never reached the fold")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.activeElement.getAttribute('aria-expanded') === 'true'", timeout=5_000
    )
    opened = page.evaluate(MEASURE_JS, "#text .sent")
    page.evaluate(SHOW_FOLD_JS, "#text")
    page.screenshot(path=shot(f"arcs39-workspace-{width}-open.png"))
    assert opened["folds"][0]["text"] == f"fold {hidden} links"
    assert opened["rooms"][0] > folded["rooms"][0] + (hidden - 1) * 15
    assert opened["arcs"] == folded["arcs"] + hidden
    page.keyboard.press(" ")
    page.wait_for_function(
        "() => document.activeElement.getAttribute('aria-expanded') === 'false'", timeout=5_000
    )
    assert page.evaluate(MEASURE_JS, "#text .sent")["rooms"] == folded["rooms"]
    assert tab.errors == []


def test_arcs_that_do_not_overlap_share_a_level(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """Forty short links, one a clause, on a sentence that wraps: no line needs more than two
    levels (a label wider than its arc may overlap its neighbour's)."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "long.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    for clause in CLAUSES:
        base = TEXT.index(clause)
        ids = []
        for label, words in (("CUE", "said"), ("CLAIM", clause.split("that ")[1])):
            start = base + clause.index(words)
            body = {"label": label, "start": start, "end": start + len(words)}
            ids.append(post(api, f"/documents/{doc}/spans", body)["id"])
        post(api, f"/documents/{doc}/relations", {"type": "CUED_BY", "from": ids[1], "to": ids[0]})
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    page.wait_for_function("() => document.querySelectorAll('#text .arc').length === 40")
    measured = page.evaluate(MEASURE_JS, "#text .sent")
    assert measured["folds"] == []
    assert max(measured["rooms"]) <= 13 + 15 + 8 + 25, measured["rooms"]


def test_a_curation_lane_folds_a_crowded_line_too(
    make_world: Any, open_tab: Any, api_as: Any, server: Any
) -> None:
    """alice's layer has the forty links; bob's one source, so the sentence differs and is
    shown."""
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "long.txt")
    )
    build(api_as(world.tokens["alice"]), world.doc.id)
    body = {"label": "SOURCE", "start": 0, "end": len(NAMES[0])}
    post(api_as(world.tokens["bob"]), f"/documents/{world.doc.id}/spans", body)
    page = open_tab("rita").page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    lane = '#cur-s-0 .cur-lane[data-lane="alice"]'
    page.wait_for_selector(f"{lane} .arc-fold")
    after_frames(page)
    folded = page.evaluate(MEASURE_JS, lane)
    page.evaluate(SHOW_FOLD_JS, lane)
    page.screenshot(path=shot("arcs39-curation-1366-folded.png"))
    assert folded["rooms"][0] <= MOST_ROOM, folded["rooms"]
    [fold] = folded["folds"]
    assert fold["text"].startswith("+") and fold["expanded"] == "false"
    # Each arc and the fold are stops of their own here: Tab reaches the fold, Enter opens it.
    page.locator(f"{lane} .arc-fold").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.activeElement.getAttribute('aria-expanded') === 'true'", timeout=5_000
    )
    assert page.evaluate(MEASURE_JS, lane)["rooms"][0] > folded["rooms"][0] + 100
