"""The workspace for a screen reader and the keyboard: where the keys are is said, the text
reads as words with its spans marked, and its keys reach the page.

Found by an analyst working by keyboard: j / k, 0, → and . said nothing, so a screen reader
user could not tell which sentence or field a key would act on; the accessibility tree read
"The BIASED_WORDold CUE?joke CLAIM?about"; the text was a document in which a reader's browse
mode ate j, k, f, a, n; an undo did not say what it undid; the active field was a "pressed"
button and the values were not grouped under their field's name.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents
from tests.browser.browser_helpers import select_text, units
from tests.browser.workspace_keys import CLAIMED, TEXT, announced, notice, open_workspace

pytestmark = pytest.mark.server

#: The two sentences of :data:`TEXT`.
FIRST = "Officials said the border was closed."
SECOND = "The ministry denied it."


def current_rows(page: Any) -> list[str]:
    """Return the numbers of the rows marked as the current sentence."""
    return page.eval_on_selector_all(
        "#text .sent[aria-current='true']", "(rows) => rows.map((r) => r.dataset.i)"
    )


def test_the_text_has_the_focus_and_says_where_its_keys_are(make_world: Any, open_tab: Any) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    # On load the focus is the text's, an application region of its own keys, so that a
    # screen reader in browse mode does not take j, k, f, a, n as its own.
    assert page.evaluate("document.activeElement.id") == "text"
    assert page.get_attribute("#text", "role") == "application"
    assert page.get_attribute("#text", "aria-roledescription") == "annotated text"
    described = page.get_attribute("#text", "aria-describedby")
    assert "question mark: every key" in page.text_content(f"#{described}")
    assert current_rows(page) == ["0"]
    page.keyboard.press("j")  # a key at once, without a click or Tab first
    assert current_rows(page) == ["1"]


def test_moving_between_sentences_and_fields_is_said(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as)
    page = ws.page
    ws.press("a")  # stance AGAINST on sentence 1
    ws.press("j")
    assert current_rows(page) == ["1"]
    assert announced(page).startswith(f"Sentence 2 of 2: “{SECOND}”; checkworthiness not set,")
    ws.press("k")
    assert current_rows(page) == ["0"]
    said = announced(page)
    assert said.startswith("Sentence 1 of 2: “Officials said the border was closed.”;")
    assert "stance AGAINST, bias not set" in said

    # 0: the next field, said with its value here and what 1-9 set.
    ws.press("0")
    assert announced(page) == (
        "Active field stance, 2 of 4: AGAINST on sentence 1. 1 FAVOR, 2 AGAINST, 3 NONE."
    )
    # The active field is the current one, not a pressed button; its values are a group
    # named by it.
    names = page.locator("#sentence-fields .field-row__name")
    assert names.nth(1).get_attribute("aria-current") == "true"
    assert names.nth(0).get_attribute("aria-current") is None
    assert names.nth(1).get_attribute("aria-pressed") is None
    tree = page.locator("#sentence-fields").aria_snapshot()
    assert re.search(r'- group "stance[^"]*":\n\s+- button "stance', tree), tree
    assert re.search(r'- button "[^"]*AGAINST" \[pressed\]', tree), tree


def test_words_selected_and_a_span_selected_are_said(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    ws = open_workspace(make_world, open_tab, api_as, claim=True)
    page = ws.page
    ws.press("ArrowRight")
    assert announced(page) == "Selected: “Officials”."
    ws.press("Shift+ArrowRight")
    assert announced(page) == "Selected: “Officials said”."
    # Words inside a span say so, and Enter selects that span, said with its keys; the hint
    # said before (a key that could not act) is not left beside it.
    page.keyboard.press("l")
    assert page.text_content("#notice-said").startswith("Select a span first")
    start = TEXT.index("border")
    select_text(page, units(TEXT, start), units(TEXT, start + len("border")))
    ws.press("Shift+ArrowRight")
    assert announced(page) == (f"Selected: “border was”, in CLAIM “{CLAIMED}” (Enter selects it).")
    ws.press("Enter")
    assert announced(page) == (
        f"Span CLAIM “{CLAIMED}”: Delete removes, l links, 1-9 set its attributes,"
        " Tab goes to its note, Esc lets go."
    )
    assert page.text_content("#notice-said") == ""
    assert page.is_visible("#span-panel")


def test_an_undo_says_what_it_undid(make_world: Any, open_tab: Any, api_as: Any) -> None:
    ws = open_workspace(make_world, open_tab, api_as)
    ws.press("f")
    assert page_undo_name(ws.page) == "Undo: stance FAVOR on sentence 1"
    ws.press("Control+z")
    assert notice(ws.page) == "Undone: stance FAVOR on sentence 1 (Ctrl+Shift+Z redoes it)."
    ws.press("Control+Shift+z")
    assert notice(ws.page) == "Redone: stance FAVOR on sentence 1 (Ctrl+Z undoes it again)."
    assert ws.values() == [(0, "stance", "FAVOR")]


def page_undo_name(page: Any) -> str:
    """Return the Undo button's name."""
    return page.get_attribute("#undo", "aria-label")


TEXT2 = "Officials said the border was closed. The ministry denied it, an old joke about NATO."


def test_spans_and_suggestions_read_as_words_marked(
    session: Any, make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT2, "news.txt"))
    predict_documents(session, world.project)
    session.commit()
    api = api_as(world.tokens["alice"])
    at = TEXT2.index("old joke")
    for label, end in (("CLAIM", at + len("old joke")), ("BIASED_WORD", at + len("old"))):
        api.write(
            "POST", f"/documents/{world.doc.id}/spans", {"label": label, "start": at, "end": end}
        )
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    tree = page.locator("#text").aria_snapshot()
    # A span opens with its label and ends with its name; nested, the inner ends first.
    assert "an [CLAIM: [BIASED_WORD: old end BIASED_WORD] end suggested SOURCE]" in tree, tree
    assert "joke end CLAIM]" in tree, tree
    # A suggestion says it is one.
    assert "[suggested CUE: said end suggested CUE]" in tree, tree
    assert "BIASED_WORDold" not in tree and "CUE?" not in tree, tree
    # Read only: the text on the page, its selection and its offsets hold the text alone.
    texts = page.eval_on_selector_all(
        "#text .sent__text", "(rows) => rows.map((r) => r.textContent)"
    )
    assert texts == [TEXT2[: TEXT2.index(" The")], TEXT2[TEXT2.index("The") :]]
    # Seen as before: the tag over the span's first word, no word after its end.
    drawn = page.evaluate(
        """() => {
          const seg = [...document.querySelectorAll('#text .seg[data-tags]')]
            .find((s) => s.textContent === 'old');
          const content = (part) => getComputedStyle(seg, part).content;
          return [content('::before'), content('::after'), seg.getBoundingClientRect().width > 0];
        }"""
    )
    # (What is drawn comes before the "/", what is read after it.)
    assert drawn == [
        '"CLAIM · BIASED_WORD" / "[CLAIM: [BIASED_WORD: "',
        '"" / " end BIASED_WORD] end suggested SOURCE]"',
        True,
    ]

    # . goes to the next suggestion (the page opened at sentence 2, the layer's last change)
    # and says which, of how many.
    page.focus("#text")
    page.keyboard.press(".")
    # Which one and how many are the model's: read from the page's own list.
    at, count, label, words = page.evaluate(
        """() => { const s = window.annotatorWorkspace.suggestions;
          const all = s.ordered(); const at = all.findIndex((x) => x.key === s.selected);
          const text = window.annotatorWorkspace.store.text;
          return [at + 1, all.length, all[at].label, text.slice(all[at].start, all[at].end)]; }"""
    )
    assert announced(page) == (
        f"Suggestion {at} of {count}: {label} “{words}” in sentence 2."
        " Enter accepts, Delete rejects."
    )
    assert 1 < at <= count  # sentence 2's first: not the text's
    assert tab.errors == []


FIVE = " ".join(f"Sentence {n} says the border was closed." for n in range(1, 6))


def test_rapid_sentence_keys_say_only_where_they_rest(make_world: Any, open_tab: Any) -> None:
    world = make_world({"alice": "annotator"}, doc=(FIVE, "five.txt"))
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    # Every text the region is given, as a screen reader would be handed it.
    page.evaluate(
        """() => {
          window.saidAll = [];
          const box = document.getElementById("announce");
          new MutationObserver(() => window.saidAll.push(box.textContent))
            .observe(box, { childList: true, characterData: true, subtree: true });
        }"""
    )
    for _ in range(3):
        page.keyboard.press("j")
    assert current_rows(page) == ["3"]
    said = announced(page)
    assert said.startswith("Sentence 4 of 5: “Sentence 4 says the border was closed.”")
    page.wait_for_timeout(300)
    sentences = [text for text in page.evaluate("window.saidAll") if text.startswith("Sentence")]
    # Not the second and third sentence passed on the way, read in full each.
    assert sentences == [said]
    # A key pressed before the sentence is said is said instead of it.
    page.keyboard.press("k")
    page.keyboard.press("f")
    assert announced(page).startswith("stance FAVOR")
    page.wait_for_timeout(300)
    assert announced(page).startswith("stance FAVOR")


def test_the_keys_overlay_says_what_a_screen_reader_hears(make_world: Any, open_tab: Any) -> None:
    world = make_world({"alice": "annotator"}, doc=(FIVE, "five.txt"))
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    page.keyboard.press("?")
    part = page.locator("#help-said")
    assert part.is_visible()
    assert page.inner_text("#help-said-title") == "What a screen reader hears"
    words = part.inner_text()
    assert "only the sentence where the keys rest is said" in words
    assert "[CLAIM: its words end CLAIM]" in words
    # Reached from the dialog's own name: the part is in the dialog read by a reader.
    assert page.locator("#help[role='dialog'] #help-said-list li").count() == 5
