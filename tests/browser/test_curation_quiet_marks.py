"""The curation view marks what is still to decide quietly, each item once, and keeps the
strong colour for the difference in focus.

Every undecided span had a dashed red outline, one box per line it wrapped over: a sentence
with several differences was a wall of red, and nothing in the text said which difference in
the list a span belonged to. Now an undecided span has a dotted underline (a pattern, not a
colour alone) and one mark after its text, "?N", N being its difference's number as its card
shows it; the focused difference's spans and mark take the strong colour."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, REACHABLE_JS, statements
from tests.browser.conftest import CURATION_TEXT

pytestmark = pytest.mark.server

# Each span of the lanes' text with a difference: its lane, text, differences, computed
# outline style and text decoration style; and each mark: its lane, text, differences, focus.
MARKS_JS = """() => {
  const lane = (node) => node.closest('.cur-lane').dataset.lane;
  const spans = [...document.querySelectorAll('.cur-span[data-diffs]:not([data-diffs=""])')]
    .map((node) => {
      const style = getComputedStyle(node);
      return { lane: lane(node), text: node.firstChild.textContent, diffs: node.dataset.diffs,
        outline: style.outlineStyle, decoration: style.textDecorationStyle,
        focus: node.classList.contains('cur-span--focus') };
    });
  const flags = [...document.querySelectorAll('.cur-flag')].map((node) => ({
    lane: lane(node), text: node.querySelector('[aria-hidden]').textContent,
    diffs: node.dataset.diffs, focus: node.classList.contains('cur-flag--focus') }));
  return { spans, flags };
}"""

# The focusable arc of the relation: its line's dash pattern and width.
ARC_JS = """() => [...document.querySelectorAll('.arc[data-diffs][tabindex="0"]')].map((g) => {
  const style = getComputedStyle(g.querySelector('.arc__line'));
  return { diffs: g.dataset.diffs, dashes: style.strokeDasharray,
    width: parseFloat(style.strokeWidth) };
})"""


@pytest.fixture
def world(curation_world: Any, api_as: Any) -> Any:
    """alice marks a source only she has, and a claim bob marks one word longer; she links
    them, bob does not: three differences in the first sentence."""
    doc = curation_world.doc.id
    tokens = curation_world.tokens

    def span(who: str, label: str, words: str) -> int:
        start = CURATION_TEXT.index(words)
        body = {"label": label, "start": start, "end": start + len(words)}
        return api_as(tokens[who]).write("POST", f"/documents/{doc}/spans", body)["id"]

    source = span("alice", "SOURCE", "Officials")
    claim = span("alice", "CLAIM", "the talks failed")
    span("bob", "CLAIM", "the talks failed yesterday")
    body = {"type": "ATTRIBUTED_TO", "from": claim, "to": source}
    api_as(tokens["alice"]).write("POST", f"/documents/{doc}/relations", body)
    return curation_world


def test_each_undecided_span_is_marked_once_and_only_the_focused_one_strongly(
    world: Any, server: Any, open_tab: Any
) -> None:
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    page.wait_for_selector(".arc[data-diffs]")
    cards = {
        card.get_attribute("data-number"): card.inner_text()
        for card in page.locator(".cur-diff").all()
    }
    assert len(cards) == 3
    marks = page.evaluate(MARKS_JS)
    # One mark per undecided span, after its text: alice's source and claim, bob's claim.
    flags = sorted((f["lane"], f["diffs"]) for f in marks["flags"])
    by_lane = {(s["lane"], s["diffs"]) for s in marks["spans"]}
    assert sorted(by_lane) == flags and len(flags) == 3, (flags, by_lane)
    for flag in marks["flags"]:
        # It names its difference as the difference's card does, with a "?" (not colour alone).
        assert flag["text"] == f"?{flag['diffs']}"
        assert cards[flag["diffs"]].startswith(f"?{flag['diffs']}")
    # Undecided: a dotted underline each; the strong outline on the focused difference only.
    focused = page.locator(".cur-diff--focus").get_attribute("data-number")
    for span in marks["spans"]:
        assert span["decoration"] == "dotted", span
        if span["diffs"] == focused:
            assert span["focus"] and span["outline"] == "solid", span
        else:
            assert not span["focus"] and span["outline"] == "none", span
    assert [f["diffs"] for f in marks["flags"] if f["focus"]] == [focused]

    # The relation only alice drew: a dashed arc, thin until its difference is in focus.
    (arc,) = page.evaluate(ARC_JS)
    assert arc["dashes"] not in ("none", ""), arc
    assert (arc["width"] >= 2.5) == (arc["diffs"] == focused), (arc, focused)

    # A click on another span's mark focuses its difference, and the strong marks move there.
    other = next(f["diffs"] for f in marks["flags"] if f["diffs"] != focused)
    page.locator(f".cur-flag[data-diffs='{other}']").first.click()
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == other
    moved = page.evaluate(MARKS_JS)
    assert [f["diffs"] for f in moved["flags"] if f["focus"]] == [other] * len(
        [f for f in moved["flags"] if f["diffs"] == other]
    )
    for span in moved["spans"]:
        assert (span["outline"] == "solid") == (span["diffs"] == other), span

    # n moves on to the next difference to decide: the relation's arc takes the strong colour.
    page.keyboard.press("n")
    number = page.locator(".cur-diff--focus").get_attribute("data-number")
    (arc,) = page.evaluate(ARC_JS)
    assert (arc["width"] >= 2.5) == (arc["diffs"] == number)

    # From the focused difference, Tab reaches its links and buttons with the focus ring shown.
    page.keyboard.press("Tab")
    ring = page.evaluate(
        "() => { const b = document.activeElement; return [b.closest('.cur-diff--focus') !== null,"
        " b.tagName, getComputedStyle(b).outlineStyle]; }"
    )
    assert ring[0] and ring[1] in ("A", "BUTTON") and ring[2] != "none", ring


def test_an_undecided_arc_focused_by_the_keyboard_shows_a_solid_ring(
    world: Any, server: Any, open_tab: Any
) -> None:
    """Its label's dashed border (undecided) hid the focus ring, dashed with it."""
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    arc = page.locator(".arc.arc--open[tabindex='0']")
    arc.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # from the keyboard: :focus-visible
    ring = arc.evaluate(
        "(g) => { const s = getComputedStyle(g.querySelector('.arc__tag'));"
        " return [document.activeElement === g, s.strokeDasharray, parseFloat(s.strokeWidth)]; }"
    )
    assert ring[0] and ring[1] in ("none", "") and ring[2] >= 2, ring


def test_opening_the_view_keeps_its_heading_in_sight(
    world: Any, server: Any, open_tab: Any
) -> None:
    """The first difference's sentence is on screen but does not fit: the page stays at its
    top (its heading, the counts and the keys) instead of scrolling to the sentence's foot."""
    page = open_tab("rita").page
    page.set_viewport_size({"width": 1366, "height": 400})
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    page.wait_for_selector(".arc[data-diffs]")
    box = page.locator(".cur-sentence--focus").bounding_box()
    assert box["y"] < 400 < box["y"] + box["height"], box  # the case: it runs off the foot
    assert page.evaluate("window.scrollY") == 0


def test_a_sentence_label_to_decide_is_marked_in_each_lane(
    none_world: Any, server: Any, open_tab: Any
) -> None:
    """The second sentence's stance (alice AGAINST, bob NONE): its lanes' labels were plain
    text, the difference said only by the sentence's border and the list."""
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{none_world.doc.id}/curate")
    card = page.locator(".cur-diff", has_text="stance")
    number = card.get_attribute("data-number")
    for lane, value in (("alice", "AGAINST"), ("bob", "NONE")):
        labels = page.locator(f"#cur-s-1 .cur-lane[data-lane={lane}] .cur-lane__labels")
        assert labels.inner_text().startswith(f"stance = {value}?{number}")
        assert labels.locator(".cur-flag").get_attribute("data-diffs") == number
    assert page.locator("#cur-s-1 .cur-lane[data-lane=gold] .cur-flag").count() == 0
    page.locator("#cur-s-1 .cur-lane[data-lane=bob] .cur-flag").click()
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == number
    assert page.locator("#cur-s-1 .cur-flag.cur-flag--focus").count() == 2


def test_on_a_phone_a_tap_on_a_mark_brings_its_difference_into_view(
    make_world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    """On a narrow window the list of differences is above the text: a tap on a mark in the
    text focused a card out of sight, its Accept buttons with it."""
    text = statements(30)
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(text, "long.txt")
    )
    for name, stance in (("alice", "AGAINST"), ("bob", "NONE")):
        label = {"sentence": 25, "name": "stance", "value": stance}
        api_as(world.tokens[name]).write("PUT", f"/documents/{world.doc.id}/labels", label)
    page = open_tab("rita").page
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate?sentences=all")
    flag = page.locator("#cur-s-25 .cur-lane[data-lane=bob] .cur-flag")
    flag.scroll_into_view_if_needed()
    # Still there once the sentences around it are laid out (the page no longer opens at the
    # difference's sentence on a phone: they take their height only now, and move it).
    flag.click(trial=True)
    card = page.locator("#diff-1")
    assert not card.evaluate(REACHABLE_JS)  # the list above, off screen
    box = flag.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert "cur-diff--focus" in card.get_attribute("class").split()
    assert card.locator("form.cur-take button").first.evaluate(REACHABLE_JS)
