"""Each span label's underline has its own pattern, so labels differ without colour, and none
is dashed: a suggestion's outline is, and a label underlined in dashes was taken for one."""

from __future__ import annotations

from typing import Any

TEXT = "The minister said the border was closed, according to biased state media."

PATTERN_JS = """() => Object.fromEntries([...document.querySelectorAll('#text .seg--span')]
  .map((seg) => [seg.textContent, seg.style.backgroundImage]))"""


def test_the_default_labels_underlines_differ_and_none_looks_like_a_suggestion(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))
    labels = [label["name"] for label in world.project.schema["span_labels"]]
    assert len(labels) == 4  # the default scheme's claim, source, cue and biased word
    pieces = ["The minister", "the border was closed", "according to", "biased"]
    api = api_as(world.tokens["alice"])
    for label, text in zip(labels, pieces, strict=True):
        start = TEXT.index(text)
        api.write(
            "POST",
            f"/documents/{world.doc.id}/spans",
            {"label": label, "start": start, "end": start + len(text)},
        )
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector("#text .seg--span")
    images = page.evaluate(PATTERN_JS)
    drawn = [images[text] for text in pieces]
    # A dashed underline was a gradient of 6px dashes and 3px gaps.
    assert not any("6px" in image for image in drawn), drawn
    assert len(set(drawn)) == 4, drawn
