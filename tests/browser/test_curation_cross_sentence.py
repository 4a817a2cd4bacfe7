"""The curation view draws a span that runs past its sentence's end whole: its part in each
sentence, the first marked as continuing and the next as continued, its label once (where it
starts) and its difference's mark once (after its real end).

The lanes cut every span at its sentence's end, and the next sentence, holding no difference
of its own, was not shown: the reviewer compared a shortened span and could not see where it
really ended."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, SIDEWAYS_JS

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed yesterday. Moscow denied it flatly."

# Each lane's marks in each sentence shown: the lane, the sentence, the text of the part
# (without its label or marks), the label drawn on it, whether it is marked as continuing
# into the next sentence or continued from the one before (with what the marks show and a
# screen reader says), and its differences' flags after it.
PARTS_JS = """() => [...document.querySelectorAll('.cur-span')].map((node) => {
  const lane = node.closest('.cur-lane');
  const after = (pseudo) => getComputedStyle(node, pseudo).content;
  const flag = node.nextElementSibling && node.nextElementSibling.classList.contains('cur-flag')
    ? node.nextElementSibling.querySelector('[aria-hidden]').textContent : '';
  return { lane: lane.dataset.lane, sentence: lane.dataset.sentence,
    text: [...node.childNodes].find((n) => n.nodeType === Node.TEXT_NODE).textContent,
    label: [...node.querySelectorAll('.cur-span__label')].map((l) => l.textContent).join(''),
    continues: node.classList.contains('cur-span--continues'),
    continued: node.classList.contains('cur-span--continued'),
    before: after('::before'), after: after('::after'),
    said: [...node.querySelectorAll('.visually-hidden')].map((l) => l.textContent).join(''),
    flag };
})"""


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """alice's claim runs from "the talks" into the second sentence, to "denied it"; bob's
    stops at the first sentence's "yesterday"."""
    made = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt")
    )
    start = TEXT.index("the talks")
    for name, end in (("alice", TEXT.index(" flatly")), ("bob", TEXT.index("."))):
        body = {"label": "CLAIM", "start": start, "end": end, "attributes": {"claimer": "REPORTED"}}
        api_as(made.tokens[name]).write("POST", f"/documents/{made.doc.id}/spans", body)
    return made


def test_a_span_across_sentences_is_drawn_whole_and_marked_as_continuing(
    world: Any, server: Any, open_tab: Any
) -> None:
    tab = open_tab("rita")
    page = tab.page
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    # The second sentence is shown, though its own difference count is none: alice's claim
    # ends there.
    assert page.locator("#cur-s-0").count() == 1 and page.locator("#cur-s-1").count() == 1
    number = page.locator(".cur-diff").first.get_attribute("data-number")
    parts = page.evaluate(PARTS_JS)
    alice = [p for p in parts if p["lane"] == "alice"]
    bob = [p for p in parts if p["lane"] == "bob"]
    assert [(p["sentence"], p["text"], p["label"]) for p in alice] == [
        ("0", "the talks failed yesterday.", "CLAIM"),
        ("1", "Moscow denied it", ""),  # the label once, where the span starts
    ]
    first, second = alice
    assert first["continues"] and not first["continued"], first
    assert second["continued"] and not second["continues"], second
    # The marks are drawn (an arrow out at the part's end, one in at the next part's start)
    # and said in words.
    assert first["after"] not in ("none", "normal", ""), first
    assert second["before"] not in ("none", "normal", ""), second
    assert "continues in sentence 2" in first["said"], first
    assert "continued from sentence 1" in second["said"], second
    # One mark of the difference, after the span's real end, not at the sentence's end.
    assert first["flag"] == "" and second["flag"] == f"?{number}", alice
    # bob's shorter claim: one part, in the first sentence, neither continuing nor continued.
    shape = [(p["sentence"], p["text"], p["label"], p["continues"], p["continued"]) for p in bob]
    assert shape == [("0", "the talks failed yesterday", "CLAIM", False, False)]
    assert bob[0]["flag"] == f"?{number}"
    page.set_viewport_size({"width": 1366, "height": 800})
    assert page.evaluate(SIDEWAYS_JS) == 0

    # On a phone (a touch screen) the two parts fit the window, nothing scrolls sideways.
    phone = open_tab("rita", touch=True)
    page = phone.page
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate#cur-s-0")
    assert page.evaluate(SIDEWAYS_JS) == 0
    page.locator("#cur-s-0").scroll_into_view_if_needed()
    assert tab.errors == [] and phone.errors == []
