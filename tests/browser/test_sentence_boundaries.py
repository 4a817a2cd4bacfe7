"""A reviewer fixes sentence boundaries on the review page: a click chooses where to split,
a button merges; spans stay on their text and a sentence label moves with its sentence."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import units

pytestmark = pytest.mark.server

# The emoji (two UTF-16 units, one code point) sits before the cut, so that the page must
# convert the click's offset to code points.
TEXT = "Officials said the talks failed. Moscow 😀 denied it; the envoy left early. A third one."


def _click_at(page: Any, index: int, caret: int) -> None:
    """Put the caret ``caret`` UTF-16 units into sentence ``index``'s text, as a click does."""
    page.evaluate(
        """([index, caret]) => {
          const text = document.querySelector(`#sentence-${index} .sentence-row__text`);
          const range = document.createRange();
          range.setStart(text.firstChild, caret);
          range.collapse(true);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          text.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        [index, caret],
    )


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt"))


def test_a_reviewer_splits_and_merges_sentences_by_clicking(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    envoy = TEXT.index("the envoy")
    alice = world.tokens["alice"]
    for label, start, end in (("SOURCE", 33, 39), ("CLAIM", envoy, envoy + 20)):
        api_as(alice).write(
            "POST",
            f"/documents/{doc}/spans",
            {"label": label, "start": start, "end": end},
        )
    # A label on the last sentence, which the split moves from position 2 to 3.
    body = {"sentence": 2, "name": "stance", "value": "AGAINST"}
    api_as(alice).write("PUT", f"/documents/{doc}/labels", body)
    reader = api_as(world.tokens["rita"])
    before = reader.get(f"/documents/{doc}")["sentences"]
    assert len(before) == 3

    tab = open_tab("rita")
    page = tab.page
    page.goto(f"{server.url}/projects/demo/review/{doc}")
    row = page.locator("#sentence-1")
    # A click in the text: the caret lands before "the envoy" (counted in UTF-16 units).
    caret = units(TEXT, envoy) - units(TEXT, before[1]["start"])
    _click_at(page, 1, caret)
    assert row.locator("input[name=at]").input_value() == str(envoy)
    assert "the envoy" in row.locator(".sentence-split button").inner_text()
    row.locator(".sentence-split button").click()
    page.wait_for_selector("text=Split sentence 2 in two.")

    after = reader.get(f"/documents/{doc}")["sentences"]
    assert [TEXT[s["start"] : s["end"]] for s in after] == [
        "Officials said the talks failed.",
        "Moscow 😀 denied it;",
        "the envoy left early.",
        "A third one.",
    ]
    layer = reader.layer(doc, "alice")
    assert all(s["text"] == TEXT[s["start"] : s["end"]] for s in layer["spans"])
    assert [(lv["sentence"], lv["value"]) for lv in layer["sentence_labels"]] == [(3, "AGAINST")]
    # The page now numbers four sentences, from 1.
    assert page.locator("#sentences > li").count() == 4

    # Merge sentences 2 and 3 back with the button (it shows when the sentence is pointed at).
    page.hover("#sentence-1 .sentence-row__text")
    page.locator("#sentence-1 .sentence-merge button").click()
    page.wait_for_selector("text=Merged sentences 2 and 3.")
    assert reader.get(f"/documents/{doc}")["sentences"] == before
    layer = reader.layer(doc, "alice")
    assert [(lv["sentence"], lv["value"]) for lv in layer["sentence_labels"]] == [(2, "AGAINST")]
    assert all(s["text"] == TEXT[s["start"] : s["end"]] for s in layer["spans"])


def test_a_split_through_spans_asks_first_naming_them_and_their_layers(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    doc = world.doc.id
    envoy = TEXT.index("the envoy")
    denied = TEXT.index("denied")
    alice, rita = api_as(world.tokens["alice"]), api_as(world.tokens["rita"])
    claim = {"label": "CLAIM", "start": denied, "end": envoy + 9}
    alice.write("POST", f"/documents/{doc}/spans", claim)
    source = {"label": "SOURCE", "start": TEXT.index("it;"), "end": envoy + 3}
    rita.write("POST", f"/documents/{doc}/spans?layer=gold", source)
    before = rita.get(f"/documents/{doc}")["sentences"]

    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}")
    _click_at(page, 1, units(TEXT, envoy) - units(TEXT, before[1]["start"]))
    page.locator("#sentence-1 .sentence-split button").click()
    warning = page.locator("#sentence-1 .split-confirm")
    warning.wait_for()
    words = warning.inner_text()
    assert "cuts through 2 spans" in words and "Nothing is split yet" in words
    # The notice at the top is a warning, not the green of a change made.
    # The sentence numbered from 1, as the page shows it (its index is 1).
    said = "Not split yet: the split of sentence 2 cuts through spans."
    assert said in page.locator(".flash--warning").inner_text()
    cut = warning.locator(".split-confirm__span")
    assert cut.count() == 2
    assert cut.nth(0).inner_text().startswith("alice: CLAIM “denied it; the envoy”")
    assert cut.nth(1).inner_text().startswith("gold: SOURCE “it; the”")
    assert rita.get(f"/documents/{doc}")["sentences"] == before

    # Cancel leaves everything as it was; asked again, "Split anyway" splits.
    warning.locator("a", has_text="Cancel").click()
    page.wait_for_load_state()
    assert page.locator(".split-confirm").count() == 0
    _click_at(page, 1, units(TEXT, envoy) - units(TEXT, before[1]["start"]))
    page.locator("#sentence-1 .sentence-split button").click()
    page.locator("#sentence-1 .split-confirm button", has_text="Split anyway").click()
    page.wait_for_selector("text=Split sentence 2 in two; 2 spans now cross into sentence 3.")
    after = rita.get(f"/documents/{doc}")["sentences"]
    assert [TEXT[s["start"] : s["end"]] for s in after][1:3] == [
        "Moscow 😀 denied it;",
        "the envoy left early.",
    ]
    (span,) = rita.layer(doc, "alice")["spans"]
    assert (span["start"], span["end"], span["sentence"]) == (denied, envoy + 9, 1)
    assert span["text"] == TEXT[denied : envoy + 9]


def test_a_long_documents_sentences_get_their_tools_when_pointed_at(
    make_world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    """Each sentence's split and merge forms are made when the reviewer points at the
    sentence or tabs to it, not for every sentence up front: with 1,800 sentences the page's
    3,600 forms took Chromium about 20 seconds to load. They work as before."""
    text = " ".join(f"Sentence number {n} is here." for n in range(400))
    world = make_world({"alice": "annotator", "rita": "reviewer"}, doc=(text, "long.txt"))
    doc = world.doc.id
    reader = api_as(world.tokens["rita"])
    sentences = reader.get(f"/documents/{doc}")["sentences"]
    assert len(sentences) == 400
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{doc}")
    controls = "#sentences select, #sentences input, #sentences button"
    assert page.locator(controls).count() == 0

    page.hover("#sentence-250 .sentence-row__text")
    assert page.locator("#sentence-250 select[name=keep]").count() == 1
    assert page.locator("#sentence-250 input[name=at]").get_attribute("max") == str(
        sentences[250]["end"] - 1
    )
    assert "keep sentence 252’s" in page.inner_text("#sentence-250 select[name=keep]")
    page.locator("#sentence-399 .sentence-row__text").focus()  # the keyboard reaches it too
    assert page.locator("#sentence-399 .sentence-split").count() == 1
    assert page.locator("#sentence-399 .sentence-merge").count() == 0  # the last has no next

    cut = sentences[250]["start"] + len("Sentence number 250 ")
    _click_at(page, 250, len("Sentence number 250 "))
    assert page.locator("#sentence-250 input[name=at]").input_value() == str(cut)
    page.locator("#sentence-250 .sentence-split button").click()
    page.wait_for_selector("text=Split sentence 251 in two.")
    # The page's script gives a sentence its tools on mouseover: pointed at before the script
    # ran (the flash shows first on a loaded machine), the row never got them.
    page.wait_for_load_state()
    page.hover("#sentence-250 .sentence-row__text")
    page.locator("#sentence-250 .sentence-merge button").click()
    page.wait_for_selector("text=Merged sentences 251 and 252.")
    assert reader.get(f"/documents/{doc}")["sentences"] == sentences
