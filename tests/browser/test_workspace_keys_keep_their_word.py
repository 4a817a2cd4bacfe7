"""The workspace's keys do what its help says (a keyboard annotator's review):

- with a span selected, Tab from the text reaches that span's note box (the help's "Tab to
  the box in its panel"), not the first link's arc, which let go of the span and its box;
  what is then typed is the note, not shortcuts;
- Enter with words selected inside a span selects that span (Ctrl+Shift+← had only "Select
  a span first (click it)" to say);
- Ctrl+Enter in the document's note box saves it and goes back to the text, as in a span's;
- Ctrl+Enter on a document marked done says why it does nothing;
- the next document, opened by Mark done, says which one was marked done, once.
Real key presses only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, select_text, units

pytestmark = pytest.mark.server

TEXT = (
    "Officials said the border was closed. "
    "The ministry denied that troops had moved. "
    "Analysts expect more talks."
)

#: What has the focus, in words: the text, a note box, an arc or another element.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (el.id === 'text') return 'text';
  if (el.closest('#text .arc')) return 'arc';
  return el.tagName + '#' + el.id;
}"""


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator"},
        doc=(TEXT, "news.txt", {"title": "News"}),
        other=(TEXT, "more.txt", {"title": "More news"}),
    )


def linked(api: Any, doc: int) -> dict[str, int]:
    """A claim attributed to its source in the first sentence: the span ids by label."""
    ids = {}
    for label, words in (("SOURCE", "Officials"), ("CLAIM", "the border was closed")):
        start = TEXT.index(words)
        ids[label] = api.write(
            "POST",
            f"/documents/{doc}/spans",
            {"label": label, "start": start, "end": start + len(words)},
        )["id"]
    api.write(
        "POST",
        f"/documents/{doc}/relations",
        {"type": "ATTRIBUTED_TO", "from": ids["CLAIM"], "to": ids["SOURCE"]},
    )
    return ids


def focus(page: Any) -> str:
    return str(page.evaluate(FOCUS_JS))


@pytest.mark.parametrize("touch", [False, True], ids=["desktop", "phone"])
def test_tab_from_the_text_reaches_the_selected_spans_note_box(
    world: Any, open_tab: Any, api_as: Any, touch: bool
) -> None:
    api = api_as(world.tokens["alice"])
    linked(api, world.doc.id)
    tab = open_tab("alice", touch=touch)
    if touch:
        tab.page.set_viewport_size(PHONE)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector("#text .arc[role='button']", timeout=10_000)
    claim = page.locator("#text .seg--span", has_text="border")
    claim.tap() if touch else claim.click()
    page.locator("#span-note-text").wait_for(timeout=5_000)
    page.focus("#text")  # a tap focuses nothing; a keyboard on a tablet starts at the text
    page.keyboard.press("Tab")
    assert focus(page) == "TEXTAREA#span-note-text"
    assert page.locator("#span-panel").is_visible()
    assert page.locator("#text .seg.is-selected").inner_text() == "the border was closed"
    # What is typed is the note: n is a letter, not the stance's NONE.
    page.keyboard.type("not sure")
    assert page.input_value("#span-note-text") == "not sure"
    page.keyboard.press("Control+Enter")
    assert focus(page) == "text"
    page.wait_for_function(
        "() => document.getElementById('span-note-state')?.dataset.state === 'saved'",
        timeout=10_000,
    )
    tab.wait_saved()
    layer = api.layer(world.doc.id)
    assert [s.get("note") for s in layer["spans"] if s["label"] == "CLAIM"] == ["not sure"]
    assert layer["sentence_labels"] == []  # no stance set or cleared
    # The span stays selected: Tab again is its box, and the next goes on through its panel.
    page.keyboard.press("Tab")
    assert focus(page) == "TEXTAREA#span-note-text"
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => document.getElementById('span-panel').contains(document.activeElement)"
    )
    # With no span selected, the arcs keep their stop.
    page.keyboard.press("Escape")
    page.focus("#text")
    page.keyboard.press("Tab")
    assert focus(page) == "arc"


def test_enter_with_words_inside_a_span_selects_the_span(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    linked(api_as(world.tokens["alice"]), world.doc.id)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("Control+Shift+ArrowRight")  # no span selected: says how to select one
    assert "select a word of it with → / ← and press Enter" in page.inner_text("#notice")
    start = TEXT.index("border")
    select_text(page, units(TEXT, start), units(TEXT, start + len("border")))
    page.focus("#text")
    page.keyboard.press("Enter")
    assert page.locator("#text .seg.is-selected").inner_text() == "the border was closed"
    assert page.locator("#span-panel").is_visible()
    # Now the span's keys act on it: its start moves a word right.
    page.keyboard.press("Control+Shift+ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('#text .seg.is-selected')?.innerText === 'border was closed'",
        timeout=5_000,
    )
    tab.wait_saved()  # the move is the server's before the test's tables are emptied
    # Words inside no span: Enter says what it needs.
    start = TEXT.index("Analysts")
    select_text(page, units(TEXT, start), units(TEXT, start + len("Analysts")))
    page.evaluate("() => { document.getElementById('notice').hidden = true; }")
    page.keyboard.press("Enter")
    assert page.locator("#text .seg.is-selected").inner_text() == "border was closed"
    assert page.inner_text("#notice") == "No suggestions to accept."


def test_ctrl_enter_in_the_document_note_box_saves_it_and_goes_back_to_the_text(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    page.click("#note-text")
    page.keyboard.type("ask about the ministry")
    page.keyboard.press("Control+Enter")
    assert focus(page) == "text"
    # Saved at once (the saver's second of quiet is not waited for) and the page stayed.
    page.wait_for_function(
        "() => document.getElementById('note-state').dataset.state === 'saved'", timeout=900
    )
    assert page.url.endswith(f"/documents/{world.doc.id}")
    notes = api_as(world.tokens["alice"]).get(f"/documents/{world.doc.id}/notes")["notes"]
    assert [n["note"] for n in notes] == ["ask about the ministry"]
    # Esc too, as in a span's note box.
    page.click("#note-text")
    page.keyboard.type(" again")
    page.keyboard.press("Escape")
    assert focus(page) == "text"
    page.wait_for_function(
        "() => document.getElementById('note-state').dataset.state === 'saved'", timeout=900
    )


def test_ctrl_enter_on_a_done_document_says_why_it_does_nothing(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api_as(world.tokens["alice"]).write(
        "PUT", f"/documents/{world.doc.id}/status", {"status": "done"}
    )
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("Control+Enter")
    page.locator("#notice").wait_for(state="visible", timeout=5_000)
    assert page.inner_text("#notice") == "Already done: press Reopen to change it."
    assert page.url.endswith(f"/documents/{world.doc.id}")
    assert page.evaluate("() => window.annotatorWorkspace.api.pending()") == 0


def test_the_next_document_says_the_previous_one_was_marked_done_once(
    world: Any, open_tab: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"**/documents/{world.other.id}", timeout=10_000)
    page.wait_for_selector("#workspace[data-ready='true']", timeout=10_000)
    page.locator("#notice").wait_for(state="visible", timeout=5_000)
    assert page.inner_text("#notice") == "Marked done: News"
    # Polite: said, not an interruption.
    assert page.inner_text("[role=status]#notice-said") == "Marked done: News"
    assert page.inner_text("[role=alert]#notice-alarm") == ""
    # Once: a reload says nothing of it.
    tab.open(f"/projects/demo/documents/{world.other.id}")
    assert page.locator("#notice").is_hidden()
