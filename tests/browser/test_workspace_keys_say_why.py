"""Keys in the workspace never do nothing silently: a key that cannot act here says why.

Also the key overlay (it opens at its first key and scrolls when taller than the window),
what Shift+arrows do to the text selection, and how many spans the linking panel offers.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."
NOTICE = "#notice"


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "news.txt", {"title": "News"})
    )


def span_on(page: Any, words: str, key: str) -> None:
    start = TEXT.index(words)
    select_text(page, units(TEXT, start), units(TEXT, start + len(words)))
    page.keyboard.press(key)


def said(page: Any, key: str) -> str:
    """Press ``key`` and return what the notice says then."""
    page.evaluate("() => { document.getElementById('notice').hidden = true; }")
    page.keyboard.press(key)
    page.locator(NOTICE).wait_for(state="visible")
    return page.inner_text(NOTICE)


def test_ctrl_enter_on_gold_explains_that_gold_is_made_final_on_the_review_page(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}?layer=gold")
    assert "Gold has no done status" in said(page, "Control+Enter")
    assert "review page" in page.inner_text(NOTICE)
    # Nothing was written, and the page stayed where it was.
    assert page.evaluate("() => window.annotatorWorkspace.api.pending()") == 0
    assert page.url.endswith("?layer=gold")


def test_keys_on_a_read_only_layer_say_it_is_read_only(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api_as(world.tokens["alice"]).write(
        "POST", f"/documents/{world.doc.id}/spans", {"label": "CLAIM", "start": 15, "end": 36}
    )
    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}?annotator=alice")
    assert "Only alice can mark alice's layer done" in said(page, "Control+Enter")
    page.locator("#text .seg--span").first.click()
    for key in ("s", "Delete", "l", "1"):
        assert said(page, key).startswith("Read-only: this is alice's layer"), key
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert [(s["label"], s["start"], s["end"]) for s in spans] == [("CLAIM", 15, 36)]


def test_keys_with_nothing_to_act_on_say_what_to_do_first(world: Any, open_tab: Any) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert (
        said(page, "c")
        == "Select words first (drag, or → and Shift+→), then press c for a CLAIM span."
    )
    # With the keyboard's ways too: a span is selected by its words and its label key, a
    # relation by Tab to its arc (the mouse's click was all it said).
    removal = said(page, "Delete")
    assert removal.startswith("Nothing selected to remove"), removal
    assert "its label key" in removal and "Tab to its arc" in removal, removal
    assert said(page, "l").startswith("Select a span first")
    assert said(page, "Enter") == "No suggestions to accept."
    assert said(page, "9") == "checkworthiness has 3 values: no value 9."
    assert said(page, "k") == "This is the first sentence."
    assert said(page, "Control+z") == "Nothing to undo."
    page.keyboard.press("j")
    assert said(page, "j") == "This is the last sentence."
    span_on(page, "the border was closed", "c")
    tab.wait_saved()
    assert said(page, "c") == "The selected span is already a CLAIM span."
    page.keyboard.press("l")  # linking: nothing here can be linked to a lone claim
    assert said(page, "x").startswith("Linking: Tab for the next candidate")
    page.keyboard.press("Escape")
    # Enter on a focused button still presses it: Done marks the document done.
    page.keyboard.press("Escape")
    page.focus("#mark-done")
    page.keyboard.press("Enter")
    tab.wait_saved()
    page.wait_for_function("() => document.getElementById('doc-status').textContent === 'Done'")
    # Ctrl+Enter on the last document of the queue marks it and says why the page stays.
    page.click("#mark-reopen")
    tab.wait_saved()
    page.keyboard.press("Escape")
    notice = said(page, "Control+Enter")
    assert notice == "Marked done: no other document in your queue is still to do."
    assert page.inner_text("#doc-status") == "Done"


def test_the_key_overlay_opens_at_its_first_key_and_scrolls_in_a_short_window(
    world: Any, open_tab: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size({"width": 640, "height": 420})
    page.keyboard.press("?")
    box = page.locator(".help__box")
    sizes = box.evaluate("b => [b.scrollTop, b.scrollHeight, b.clientHeight, innerHeight]")
    top, height, shown, window = sizes
    assert height > shown and shown <= window  # taller than the window, cut to fit it
    assert top == 0  # the first keys are on show, not the end of the list
    edges = box.bounding_box()
    assert edges["x"] >= 8 and edges["x"] + edges["width"] <= 640 - 8  # a margin all round
    assert page.evaluate("() => document.activeElement.id") == "close-help"
    scrolled = "() => document.querySelector('.help__box').scrollTop"
    page.mouse.move(320, 200)
    page.mouse.wheel(0, 200)
    page.wait_for_function(f"() => ({scrolled})() > 0")
    before = page.evaluate(scrolled)
    page.keyboard.press("PageDown")
    page.wait_for_function(f"() => ({scrolled})() > {before}")
    page.keyboard.press("End")
    page.wait_for_function(
        "() => { const b = document.querySelector('.help__box');"
        " return b.scrollTop + b.clientHeight >= b.scrollHeight - 1; }"
    )
    assert page.locator("#close-help").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#help").is_hidden()


def test_the_key_overlay_keeps_the_focus_while_open_and_gives_it_back_on_closing(
    world: Any, open_tab: Any
) -> None:
    """The overlay is a modal dialog: Tab and Shift+Tab stay inside it (they went on to the
    page's links behind it, where Enter would follow one), and closing it puts the focus
    back on what opened it."""
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    focused = "() => document.activeElement.closest('#help') ? 'help' : document.activeElement.id"
    page.locator("#show-help").focus()
    page.keyboard.press("Enter")
    assert page.locator("#help").is_visible()
    for key in ("Tab", "Tab", "Shift+Tab", "Tab"):
        page.keyboard.press(key)
        assert page.evaluate(focused) == "help", key
    page.keyboard.press("Escape")
    assert page.locator("#help").is_hidden()
    assert page.evaluate(focused) == "show-help"
    page.locator("#text").focus()
    page.keyboard.press("?")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # on the overlay's own Close button
    assert page.locator("#help").is_hidden()
    assert page.evaluate(focused) == "text"


def test_shift_arrows_grow_and_shrink_the_selection_as_the_overlay_says(
    world: Any, open_tab: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    help_text = page.inner_text("#help-keys")
    assert "grows or shrinks the selection" in help_text
    assert "A label key then makes it a span" in help_text
    selection = "() => window.getSelection().toString()"
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate(selection).strip() == "Officials said"
    page.keyboard.press("Shift+ArrowLeft")
    assert page.evaluate(selection).strip() == "Officials"
    page.keyboard.press("s")
    tab.wait_saved()
    assert page.locator("#text .seg[data-tags='SOURCE']").inner_text() == "Officials"


def test_the_linking_panel_counts_only_the_spans_a_link_may_go_to(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    span_on(page, "the border was closed", "c")
    span_on(page, "Officials", "s")
    span_on(page, "said", "q")
    span_on(page, "The ministry", "s")
    tab.wait_saved()
    page.keyboard.press("Escape")
    claim = units(TEXT, TEXT.index("the border"))
    page.click(f"#text .seg--span[data-s='{claim}']")
    page.keyboard.press("l")
    assert page.inner_text("#link-details").startswith("3 spans can be linked to this one")
    assert "CUED_BY: CUE “said”" in page.inner_text("#link-details")  # the nearest first
    plain = units(TEXT, TEXT.index(" denied"))
    page.click(f"#text .seg[data-s='{plain}']")  # no span there: says what a click should hit
    assert page.inner_text(NOTICE).startswith("Linking: click one of the spans marked green")
    page.keyboard.press("Enter")
    tab.wait_saved()
    page.click(f"#text .seg--span[data-s='{claim}']")
    page.keyboard.press("l")
    assert page.inner_text("#link-details").startswith("2 spans can be linked to this one")
    assert "ATTRIBUTED_TO: SOURCE “Officials”" in page.inner_text("#link-details")
    page.keyboard.press("Enter")
    tab.wait_saved()
    # ATTRIBUTED_TO allows one source per claim: once drawn, the other source is no
    # candidate (the server would refuse it with a 409).
    page.click(f"#text .seg--span[data-s='{claim}']")
    page.keyboard.press("l")
    assert page.inner_text("#link-details").startswith("No span in this document can be linked")
    relations = api_as(world.tokens["alice"]).layer(world.doc.id)["relations"]
    assert sorted(r["type"] for r in relations) == ["ATTRIBUTED_TO", "CUED_BY"]
    assert page.get_attribute("#save-state", "data-state") == "saved"


def test_what_a_key_says_is_on_screen_however_far_the_text_is_scrolled(
    make_world: Any, open_tab: Any
) -> None:
    text = " ".join(f"Sentence number {n} is about the talks." for n in range(1, 81))
    world = make_world({"alice": "annotator"}, doc=(text, "long.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size({"width": 1000, "height": 600})
    for _ in range(60):
        page.keyboard.press("j")
    assert page.evaluate("() => scrollY") > 1000
    said(page, "c")
    box = page.locator(NOTICE).bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 600


def test_undo_and_redo_say_what_they_did(world: Any, open_tab: Any, api_as: Any) -> None:
    """They changed the layer without a word, and a notice of the step before stayed up: an
    undone label of a sentence scrolled out of sight looked like a key that did nothing."""
    reader = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.keyboard.press("j")
    page.keyboard.press("a")  # the second sentence's stance
    tab.wait_saved()
    assert said(page, "Control+z") == (
        "Undone: stance AGAINST on sentence 2 (Ctrl+Shift+Z redoes it)."
    )
    tab.wait_saved()
    assert reader.layer(world.doc.id)["sentence_labels"] == []
    assert said(page, "Control+Shift+z") == (
        "Redone: stance AGAINST on sentence 2 (Ctrl+Z undoes it again)."
    )
    tab.wait_saved()
    labels = reader.layer(world.doc.id)["sentence_labels"]
    assert [(x["sentence"], x["value"]) for x in labels] == [(1, "AGAINST")]
