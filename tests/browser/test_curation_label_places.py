"""A curation lane draws each span's label where the span starts, as the workspace does, and
spans overlapping in one lane keep each its own label in sight.

The lanes drew the label after the text of the span's first part: a CLAIM holding the same
annotator's BIASED_WORD had its label after the words before the biased word, in the middle
of the claim, read as the label of the biased word beside it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE

pytestmark = pytest.mark.server

TEXT = "Officials said the brutal crackdown was over. Moscow denied it flatly."
CLAIM = "the brutal crackdown was over"
BIASED = "brutal"

# Each label of a lane: its text, its box, and the box of the first character of the span it
# labels (the mark it is drawn in: its text, not the label).
LABELS_JS = """(lane) => [...document.querySelectorAll(
    `.cur-lane[data-lane="${lane}"] .cur-span__label`)].map((label) => {
  const mark = label.closest('.cur-span');
  const text = [...mark.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent);
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, 1);
  const box = (r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
  const first = range.getClientRects()[0];
  return { label: label.textContent, box: box(label.getBoundingClientRect()), first: box(first),
    char: text.textContent[0] };
})"""


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """alice marks a claim and, inside it, a biased word; bob the claim alone."""
    made = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt")
    )
    claim = {
        "label": "CLAIM",
        "start": TEXT.index(CLAIM),
        "end": TEXT.index(CLAIM) + len(CLAIM),
        "attributes": {"claimer": "REPORTED"},
    }
    biased = {"label": "BIASED_WORD", "start": TEXT.index(BIASED), "end": TEXT.index(BIASED) + 6}
    for name, spans in (("alice", [claim, biased]), ("bob", [claim])):
        for body in spans:
            api_as(made.tokens[name]).write("POST", f"/documents/{made.doc.id}/spans", body)
    return made


@pytest.mark.parametrize("size", [None, PHONE], ids=["desktop", "phone"])
def test_each_label_sits_at_its_span_start_and_none_hides_another(
    world: Any, server: Any, open_tab: Any, size: dict[str, int] | None
) -> None:
    tab = open_tab("rita")
    page = tab.page
    if size:
        page.set_viewport_size(size)
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    labels = page.evaluate(LABELS_JS, "alice")
    assert [(item["label"], item["char"]) for item in labels] == [
        ("CLAIM", "t"),  # "the brutal ...": drawn on the claim's first part
        ("BIASED_WORD", "b"),
    ]
    for item in labels:
        box, first = item["box"], item["first"]
        # On the line of the span's first character, and just before it: not after a part
        # of the span's text.
        assert box["top"] < first["bottom"] and box["bottom"] > first["top"], item
        assert box["right"] <= first["left"] + 1, item
        assert first["left"] - box["right"] < 8, item
    # Neither label covers the other.
    a, b = labels[0]["box"], labels[1]["box"]
    apart = a["right"] <= b["left"] or b["right"] <= a["left"]
    assert apart or a["bottom"] <= b["top"] or b["bottom"] <= a["top"], labels
