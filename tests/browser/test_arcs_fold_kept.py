"""A crowded line's fold stays as the annotator left it, and a relation folded whole opens
its line when selected from elsewhere.

The fold's open state was kept by the page's keys of the relations it hid: a new link on
the line, or the layer read again (after a refused write: every relation gets a new key),
folded it again under the annotator's hands. It is now the line's: every relation drawn on
an open line keeps it open, known by its server id across a reading again.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import after_frames
from tests.browser.test_workspace_arcs import post

pytestmark = pytest.mark.server

WORDS = [c * 2 for c in "abcdefghijklmn"]  # "aa", "bb", ...
# One line (at 1366 px): a cue, then fourteen claims of one short word, each cued by the
# cue: fourteen nested full arcs from one point, eight levels shown, the longest folded whole.
TEXT = "He said " + " ".join(WORDS) + "."

FOLD_JS = """() => [...document.querySelectorAll('#text .arc-fold')]
  .map((g) => g.getAttribute('aria-expanded'))"""
# The relations drawn (an arc of theirs on the page), by server id.
DRAWN_JS = """() => {
  const ws = window.annotatorWorkspace;
  return [...new Set([...document.querySelectorAll('#text .arc')].map((g) => g.dataset.relation))]
    .map((key) => ws.store.relations.get(key).id).sort((a, b) => a - b);
}"""
KEY_OF_JS = """(id) => [...window.annotatorWorkspace.store.relations.values()]
  .find((r) => r.id === id).key"""


def _build(api: Any, doc: int, linked: int) -> tuple[int, list[int], list[int]]:
    """The cue, its first `linked` claims linked to it; return the cue's id, the relations'
    ids and the unlinked claims' ids."""
    cue = post(api, f"/documents/{doc}/spans", {"label": "CUE", "start": 3, "end": 7})["id"]
    relations, spare = [], []
    for n, word in enumerate(WORDS):
        start = TEXT.index(f" {word}") + 1
        body = {"label": "CLAIM", "start": start, "end": start + len(word)}
        claim = post(api, f"/documents/{doc}/spans", body)["id"]
        if n >= linked:
            spare.append(claim)
            continue
        body = {"type": "CUED_BY", "from": claim, "to": cue}
        relations.append(post(api, f"/documents/{doc}/relations", body)["id"])
    return cue, relations, spare


def _open(make_world: Any, open_tab: Any, api_as: Any, linked: int) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "crowd.txt"))
    world.api = api_as(world.tokens["alice"])
    world.cue, world.relations, world.spare = _build(world.api, world.doc.id, linked)
    world.tab = open_tab("alice")
    world.tab.page.set_viewport_size({"width": 1366, "height": 900})
    world.page = world.tab.open(f"/projects/demo/documents/{world.doc.id}")
    world.page.wait_for_selector("#text .arc-fold")
    after_frames(world.page)
    return world


def test_an_open_line_stays_open_when_it_gains_a_link_and_when_the_layer_is_read_again(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = _open(make_world, open_tab, api_as, linked=12)
    page = world.page
    assert page.evaluate(FOLD_JS) == ["false"]
    folded_drawn = page.evaluate(DRAWN_JS)
    assert len(folded_drawn) == 8
    page.locator("#text .arc-fold").click()
    page.wait_for_function(f"() => ({FOLD_JS})()[0] === 'true'", timeout=5_000)
    assert page.evaluate(DRAWN_JS) == sorted(world.relations)
    # A new link on the line (as `l` then Enter makes it): drawn, and the line stays open.
    page.evaluate(
        """([claim, cue]) => {
          const ws = window.annotatorWorkspace;
          const key = (id) => ws.store.byId.get(id);
          ws.actions.createRelation('CUED_BY', key(claim), key(cue));
        }""",
        [world.spare[0], world.cue],
    )
    world.tab.wait_saved()
    after_frames(page, 2)
    assert page.evaluate(FOLD_JS) == ["true"]
    drawn = page.evaluate(DRAWN_JS)
    assert len(drawn) == 13 and set(world.relations) < set(drawn)
    # The layer read again (as after a refused write): every relation has a new key in the
    # page, and the line is still open.
    page.evaluate("() => window.annotatorWorkspace.actions.reload()")
    after_frames(page, 2)
    assert page.evaluate(FOLD_JS) == ["true"]
    assert page.evaluate(DRAWN_JS) == drawn
    # Folded again by its control, it stays folded through a reading again.
    page.locator("#text .arc-fold").click()
    page.wait_for_function(f"() => ({FOLD_JS})()[0] === 'false'", timeout=5_000)
    after_frames(page)
    folded = page.evaluate(DRAWN_JS)
    assert len(folded) < len(drawn)
    page.evaluate("() => window.annotatorWorkspace.actions.reload()")
    after_frames(page, 2)
    assert page.evaluate(FOLD_JS) == ["false"]
    assert page.evaluate(DRAWN_JS) == folded
    assert world.tab.errors == []


def test_a_relation_folded_whole_opens_its_line_when_selected_from_elsewhere(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = _open(make_world, open_tab, api_as, linked=14)
    page = world.page
    drawn = page.evaluate(DRAWN_JS)
    hidden = sorted(set(world.relations) - set(drawn))
    assert len(hidden) >= 3  # folded whole: no arc of theirs on the page
    key = page.evaluate(KEY_OF_JS, hidden[-1])
    # Selected by the workspace, not by its arc (there is none to click).
    page.evaluate("(key) => window.annotatorWorkspace.selectRelation(key)", key)
    page.wait_for_function(f"() => ({FOLD_JS})()[0] === 'true'", timeout=5_000)
    after_frames(page)
    selected = page.locator(f"#text .arc[data-relation='{key}']")
    assert selected.count() >= 1
    assert "is-selected" in (selected.first.get_attribute("class") or "")
    assert page.locator("#relation-panel").is_visible()
    assert "CUED_BY" in page.inner_text("#relation-details")
    assert world.tab.errors == []
