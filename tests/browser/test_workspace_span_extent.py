"""Changing a span's extent in the workspace: its end or start moved by a word or a character
with the keys, or set to the words selected; the span stays the same span (id, label,
attributes, relations), undo and redo take the move back and forth, the server's refusal is
said at the span, and code-point offsets stay exact around an emoji."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

TEXT = (
    "Officials said the border was closed. "
    "The ministry denied that troops had moved. "
    "Analysts 👀 expect more talks."
)


def at(words: str) -> tuple[int, int]:
    """The code-point offsets of ``words`` in TEXT."""
    start = TEXT.index(words)
    return start, start + len(words)


def add_span(api: Any, doc: int, label: str, words: str, **more: Any) -> dict[str, Any]:
    start, end = at(words)
    body = {"label": label, "start": start, "end": end, **more}
    return api.write("POST", f"/documents/{doc}/spans", body)  # type: ignore[no-any-return]


def open_at(tab: Any, doc: int) -> Any:
    return tab.open(f"/projects/demo/documents/{doc}")


def click_span(page: Any, words: str) -> None:
    page.locator("#text .seg--span", has_text=words).first.click()


def stored(api: Any, doc: int, span_id: int) -> dict[str, Any]:
    spans = {s["id"]: s for s in api.layer(doc)["spans"]}
    return spans[span_id]  # type: ignore[no-any-return]


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))


def test_the_keys_move_the_end_by_a_word_and_undo_takes_it_back(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    source = add_span(api, doc, "SOURCE", "Officials")
    claim = add_span(api, doc, "CLAIM", "the border was", attributes={"claimer": "JOURNALIST"})
    relation = api.write(
        "POST",
        f"/documents/{doc}/relations",
        {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]},
    )
    tab = open_tab("alice")
    page = open_at(tab, doc)
    click_span(page, "the border was")
    page.keyboard.press("Control+ArrowRight")
    tab.wait_saved()
    moved = stored(api, doc, claim["id"])
    assert (moved["start"], moved["end"]) == at("the border was closed")
    assert moved["text"] == "the border was closed"
    assert (moved["label"], moved["attributes"]) == ("CLAIM", {"claimer": "JOURNALIST"})
    assert api.layer(doc)["relations"] == [relation]
    assert "the border was closed" in page.text_content("#span-details")
    assert page.text_content("#announce") == "CLAIM span now: “the border was closed”"
    # The layer's history has the move, before and after.
    changes = api.get(f"/projects/demo/documents/{doc}/history")["changes"]
    newest = changes[0]
    assert (newest["kind"], newest["action"], newest["item"]) == ("span", "update", claim["id"])
    assert (newest["before"]["end"], newest["after"]["end"]) == (
        at("the border was")[1],
        at("the border was closed")[1],
    )

    page.keyboard.press("Control+z")
    tab.wait_saved()
    back = stored(api, doc, claim["id"])
    assert (back["start"], back["end"], back["text"]) == (*at("the border was"), "the border was")
    page.keyboard.press("Control+Shift+z")
    tab.wait_saved()
    assert stored(api, doc, claim["id"])["text"] == "the border was closed"

    # The start, a word right with Shift; a character left again with Alt.
    page.keyboard.press("Control+Shift+ArrowRight")
    tab.wait_saved()
    assert stored(api, doc, claim["id"])["text"] == "border was closed"
    page.keyboard.press("Control+Shift+Alt+ArrowLeft")
    tab.wait_saved()
    # One character left, then over the space: the span never starts with one.
    assert stored(api, doc, claim["id"])["text"] == "e border was closed"
    assert api.layer(doc)["relations"] == [relation]


def test_an_emoji_keeps_the_offsets_exact(world: Any, open_tab: Any, api_as: Any) -> None:
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    span = add_span(api, doc, "SOURCE", "Analysts")
    tab = open_tab("alice")
    page = open_at(tab, doc)
    click_span(page, "Analysts")
    page.keyboard.press("Control+ArrowRight")  # the emoji is a word of its own, whole
    tab.wait_saved()
    assert stored(api, doc, span["id"])["text"] == "Analysts 👀"
    page.keyboard.press("Control+ArrowRight")  # on to "expect"
    tab.wait_saved()
    moved = stored(api, doc, span["id"])
    assert (moved["start"], moved["end"]) == at("Analysts 👀 expect")
    assert moved["text"] == "Analysts 👀 expect"
    page.keyboard.press("Control+Alt+ArrowLeft")
    tab.wait_saved()
    assert stored(api, doc, span["id"])["text"] == "Analysts 👀 expec"
    for _ in range(5):
        page.keyboard.press("Control+Alt+ArrowLeft")
    tab.wait_saved()
    # Five characters back: "expec" gone, then the space; the emoji is one character, whole.
    moved = stored(api, doc, span["id"])
    assert (moved["start"], moved["end"], moved["text"]) == (*at("Analysts 👀"), "Analysts 👀")
    page.keyboard.press("Control+Alt+ArrowLeft")
    tab.wait_saved()
    assert stored(api, doc, span["id"])["text"] == "Analysts"


def test_set_extent_to_the_words_selected(world: Any, open_tab: Any, api_as: Any) -> None:
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    span = add_span(api, doc, "SOURCE", "The ministry")
    tab = open_tab("alice")
    page = open_at(tab, doc)
    click_span(page, "The ministry")
    start, end = at("ministry denied")
    select_text(page, units(TEXT, start), units(TEXT, end))
    page.click("#set-extent")
    tab.wait_saved()
    moved = stored(api, doc, span["id"])
    assert (moved["start"], moved["end"], moved["text"]) == (start, end, "ministry denied")
    assert len(api.layer(doc)["spans"]) == 1
    assert page.locator("#text .seg--span", has_text="ministry denied").count() == 1
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert stored(api, doc, span["id"])["text"] == "The ministry"


def test_a_move_over_another_span_is_refused_and_said_at_the_span(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world(
        {"alice": "annotator"},
        schema={**SEED_SCHEMA, "allow_overlap": False},
        doc=(TEXT, "news.txt"),
    )
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    source = add_span(api, doc, "SOURCE", "Officials")
    add_span(api, doc, "CUE", "said")
    tab = open_tab("alice")
    page = open_at(tab, doc)
    click_span(page, "Officials")
    page.keyboard.press("Control+ArrowRight")
    page.wait_for_selector("#span-refusal")
    refusal = page.text_content("#span-refusal")
    assert "Not moved" in refusal and "overlap" in refusal and "CUE span “said”" in refusal
    assert page.text_content("#announce") == refusal  # screen readers hear it too
    kept = stored(api, doc, source["id"])
    assert (kept["start"], kept["end"]) == at("Officials")
    # The page shows the span where it is, still selected; nothing to undo.
    assert page.text_content("#span-details .span-text") == "Officials"
    page.keyboard.press("Control+z")
    assert page.text_content("#notice") == "Nothing to undo."


def test_a_made_and_a_removed_span_are_said_to_screen_readers(world: Any, open_tab: Any) -> None:
    tab = open_tab("alice")
    page = open_at(tab, world.doc.id)
    start, end = at("Officials said")
    select_text(page, units(TEXT, start), units(TEXT, end))
    page.keyboard.press("c")
    assert page.get_attribute("#announce", "aria-live") == "polite"
    assert page.text_content("#announce") == "CLAIM span made: “Officials said”"
    tab.wait_saved()
    page.keyboard.press("Delete")
    assert page.text_content("#announce") == "CLAIM span removed: “Officials said”"


def test_a_reviewer_moves_a_gold_span_in_the_gold_workspace(
    curation_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = curation_world
    rita = api_as(world.tokens["rita"])
    doc = world.doc.id
    text = "Officials said the talks failed yesterday.\n\nMoscow denied it flatly."
    start = text.index("the talks")
    body = {"label": "CLAIM", "start": start, "end": start + len("the talks")}
    span = rita.write("POST", f"/documents/{doc}/spans?layer=gold", body)
    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/documents/{doc}?layer=gold")
    page.locator("#text .seg--span", has_text="the talks").first.click()
    page.keyboard.press("Control+ArrowRight")
    tab.wait_saved()
    (moved,) = rita.layer(doc, "gold")["spans"]
    assert (moved["id"], moved["text"]) == (span["id"], "the talks failed")
    assert all(not rita.layer(doc, name)["spans"] for name in ("alice", "bob"))
