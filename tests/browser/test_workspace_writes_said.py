"""Every write of the workspace says what it did, in the region screen readers hear
(#announce, polite), and no other region keeps older words beside it.

Found by a review: after a link, a label value, a document label or a note, the region still
said the write before ("SOURCE span made: ..."), so it never confirmed a link; the notices'
region kept a passing hint as well.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import SHOTS, select_text, units

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."

#: What each live region of the workspace says now, by its id.
REGIONS_JS = """() => Object.fromEntries(['announce', 'notice-said', 'notice-alarm']
  .map((id) => [id, document.getElementById(id).textContent]))"""


def said(page: Any) -> str:
    """The words of the write just made, checked to be the only ones any region holds."""
    regions = page.evaluate(REGIONS_JS)
    assert regions["notice-said"] == "" and regions["notice-alarm"] == "", regions
    assert page.get_attribute("#announce", "aria-live") == "polite"
    return regions["announce"]


def span_on(page: Any, words: str, key: str) -> None:
    start = TEXT.index(words)
    select_text(page, units(TEXT, start), units(TEXT, start + len(words)))
    page.keyboard.press(key)


def test_each_kind_of_write_says_what_it_did(make_world: Any, open_tab: Any, api_as: Any) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("l")  # nothing selected: a passing hint, heard from #notice-said
    assert page.text_content("#notice-said").startswith("Select a span first")

    span_on(page, "the border was closed", "c")
    assert said(page) == "CLAIM span made: “the border was closed”"
    span_on(page, "Officials", "s")
    assert said(page) == "SOURCE span made: “Officials”"

    # A link, from the CLAIM: select it, then l and Enter (the nearest SOURCE).
    page.locator("#text .seg--span", has_text="the border was closed").first.click()
    page.keyboard.press("l")
    page.keyboard.press("Enter")
    # Said once the server has taken it (a refusal says "Not linked: …" instead).
    page.wait_for_function(
        "() => document.getElementById('announce').textContent.includes('link made')",
        timeout=10_000,
    )
    assert said(page) == (
        "ATTRIBUTED_TO link made: CLAIM “the border was closed” to SOURCE “Officials”."
    )

    page.keyboard.press("1")  # the selected span's attribute: claimer REPORTED
    assert said(page) == "claimer REPORTED set on the CLAIM span."
    page.keyboard.press("Escape")

    page.keyboard.press("a")  # a sentence value, by its key
    assert said(page) == "stance AGAINST set on sentence 1."

    page.select_option("#doc-label-genre", "NEWS")  # a document label
    assert said(page) == "genre NEWS set on the document."
    page.select_option("#doc-label-genre", "")
    assert said(page) == "genre cleared on the document."

    page.fill("#note-text", "Check the ministry's statement.")  # the document's note
    page.wait_for_function(
        "() => document.getElementById('announce').textContent"
        " === 'Your note on this document saved.'",
        timeout=10_000,
    )
    assert said(page) == "Your note on this document saved."
    tab.wait_saved()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "writes-said.png"))

    layer = api.layer(world.doc.id)
    assert [r["type"] for r in layer["relations"]] == ["ATTRIBUTED_TO"]
    assert [(x["name"], x["value"]) for x in layer["sentence_labels"]] == [("stance", "AGAINST")]
    assert layer["document_labels"] == []

    # A passing notice after a write: the write's words are no longer there beside it.
    page.focus("#text")
    page.keyboard.press("k")
    regions = page.evaluate(REGIONS_JS)
    assert regions == {
        "announce": "",
        "notice-said": "This is the first sentence.",
        "notice-alarm": "",
    }


def test_marking_the_document_done_says_so(make_world: Any, open_tab: Any) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.click("#mark-done")
    tab.wait_saved()
    # Said at once, then what came of it: no next document to open (a passing notice, which
    # takes the region's place).
    page.wait_for_function("() => document.getElementById('notice-said').textContent !== ''")
    regions = page.evaluate(REGIONS_JS)
    assert regions["announce"] == ""
    assert regions["notice-said"].startswith("Marked done: no other document")
    page.click("#mark-reopen")
    tab.wait_saved()
    assert said(page) == "This document: In progress."
