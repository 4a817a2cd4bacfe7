"""On a phone, a suggestion's tag stays on the line of the words it suggests."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents
from tests.browser.browser_helpers import PHONE

pytestmark = pytest.mark.server

NAMES = ["Officials", "The ministry", "Mr Alvarez", "Analysts", "A spokeswoman", "Dr Okonkwo-Smith"]
TEXT = " ".join(
    f"{'In ' + 'x' * (k % 7) + ' ' if k % 3 else ''}{NAMES[k % len(NAMES)]} said the border"
    f" {'number ' * (k % 4)}was closed."
    for k in range(24)
)

# For each tag a suggestion shows: the tag's box (the ::before text, measured as the box of
# its element before its own text) and the first line box of the words it is drawn before.
TAGS_JS = """() => {
  const out = [];
  const lineBox = (node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    return rects.length ? rects[0] : null;
  };
  for (const el of document.querySelectorAll('#text .seg[data-sug-tags], #text .sug-tag')) {
    const words = el.classList.contains('sug-tag') ? el.nextElementSibling : el;
    const first = lineBox(words.firstChild);
    const boxes = [...el.getClientRects()].filter((r) => r.width > 0);
    if (!first || !boxes.length) continue;
    out.push({ tag: el.dataset.sugTags, words: words.textContent, tagTop: boxes[0].top,
      tagBottom: boxes[0].bottom, tagRight: boxes[0].left + 1, wordsTop: first.top,
      wordsBottom: first.bottom, wordsLeft: first.left });
  }
  return out;
}"""


@pytest.fixture
def world(session: Any, make_world: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))
    predict_documents(session, world.project)
    session.commit()
    return world


@pytest.mark.parametrize("width", [390, 360, 414])
def test_a_suggestions_tag_is_on_the_first_line_of_its_words(
    world: Any, open_tab: Any, api_as: Any, width: int
) -> None:
    # In every other sentence a span of the layer starts where the suggested cue does: the
    # suggestion's tag is then an element of its own before the span's (render.js). Of
    # another label: a span of the cue's own label over it answers the suggestion, which is
    # then not offered (suggestions.js).
    api = api_as(world.tokens["alice"])
    starts = [k for k in range(len(TEXT)) if TEXT.startswith("said the", k)]
    for at in starts[::2]:
        body = {"label": "BIASED_WORD", "start": at, "end": at + len("said the")}
        api.write("POST", f"/documents/{world.doc.id}/spans", body)
    tab = open_tab("alice")
    tab.page.set_viewport_size({"width": width, "height": PHONE["height"]})
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector("#text .seg[data-sug-tags]")
    tags = page.evaluate(TAGS_JS)
    assert len(tags) > 20
    assert page.locator("#text .sug-tag").count() >= 10
    apart = [
        t for t in tags if not (t["tagTop"] < t["wordsBottom"] and t["wordsTop"] < t["tagBottom"])
    ]
    assert apart == [], apart
