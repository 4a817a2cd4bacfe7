"""A span of the layer inside a suggestion: each drawn in its own style, neither garbling the
other (the span's underline clear of the suggestion's outline, each tag in its own style)."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied that troops had moved."

# The suggested claim's outline, piece by piece: its bottom edge on screen, the space between
# it and the lowest underline drawn inside it, and the tag each piece shows.
OUTLINE_JS = """(start) => {
  const pieces = [...document.querySelectorAll('#text .sent[data-i="0"] .seg--suggested')]
    .filter((el) => el.classList.contains('sug-tag') || Number(el.dataset.s) >= start);
  return pieces.map((el) => {
    const style = getComputedStyle(el);
    const gaps = style.backgroundImage === 'none' ? [] : style.backgroundPositionY.split(',')
      .map((y) => { const m = y.match(/100% - ([0-9.]+)px/); return m ? Number(m[1]) : 0; });
    const tag = getComputedStyle(el, '::before');
    return {
      tagOnly: el.classList.contains('sug-tag'), text: el.textContent,
      bottom: Math.round(el.getBoundingClientRect().bottom),
      borderBottom: style.borderBottomStyle, borderLeft: style.borderLeftStyle,
      gap: gaps.length ? Math.min(...gaps) : null,
      // What is drawn: after a "/" come the words a screen reader reads instead.
      tagText: tag.content.split(' / ')[0], tagStyle: tag.fontStyle,
    };
  });
}"""


@pytest.fixture
def world(session: Any, make_world: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))
    predict_documents(session, world.project)  # the rules suggest the claim and its source
    session.commit()
    return world


def test_a_cue_inside_a_suggested_claim_keeps_its_underline_and_tag_apart(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    offered = api.get(f"/documents/{world.doc.id}/suggestions")["spans"]
    claim = next(s for s in offered if s["text"] == "the border was closed")
    cue = {"label": "CUE", "start": claim["start"], "end": claim["start"] + len("the border")}
    api.write("POST", f"/documents/{world.doc.id}/spans", cue)
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector("#text .seg--suggested.seg--span")
    tag, underlined, plain = page.evaluate(OUTLINE_JS, claim["start"])
    # The claim's tag opens its outline and reads as a suggestion; the cue's is the layer's own.
    assert (tag["tagOnly"], tag["text"], tag["borderLeft"]) == (True, "", "dashed")
    # (The word joiner after the "?" keeps the tag on its words' line: workspace.css.)
    assert (tag["tagText"], tag["tagStyle"]) == ('"CLAIM?\u2060"', "italic")
    assert underlined["text"] == "the border" and plain["text"] == " was closed"
    assert underlined["tagText"] == '"CUE"' and underlined["tagStyle"] == "normal"
    assert underlined["borderLeft"] == "none"
    # The outline runs level under the whole claim, below the cue's dotted underline, not on it.
    assert tag["bottom"] == underlined["bottom"] == plain["bottom"]
    assert all(piece["borderBottom"] == "dashed" for piece in (tag, underlined, plain))
    assert underlined["gap"] >= 2
