"""Editing in the workspace by keyboard: labels, attributes, relations, sentence and document
labels, undo and redo, status; and the five-gesture claim-source-link-stance path."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units

pytestmark = pytest.mark.server

TEXT = (
    "Officials said the border was closed. "
    "The ministry denied that troops had moved. "
    "Analysts 👀 expect more talks."
)


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator"},
        doc=(TEXT, "news.txt", {"title": "News"}),
        other=("Second document. It is short.", "b.txt"),
    )


def span_on(page: Any, words: str, key: str, text: str = TEXT) -> None:
    start = text.index(words)
    select_text(page, units(text, start), units(text, start + len(words)))
    page.keyboard.press(key)


def click_span(page: Any, words: str) -> None:
    page.locator("#text .seg--span", has_text=words).first.click()


def test_relabel_attributes_and_delete_by_keys(world: Any, open_tab: Any, api_as: Any) -> None:
    tab = open_tab("alice")
    api = api_as(world.tokens["alice"])
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    span_on(page, "the border was closed", "s")
    page.keyboard.press("c")  # the new span is selected: another label key relabels it
    page.keyboard.press("2")  # CLAIM's second attribute value: claimer JOURNALIST
    tab.wait_saved()
    (span,) = api.layer(world.doc.id)["spans"]
    assert (span["label"], span["attributes"]) == ("CLAIM", {"claimer": "JOURNALIST"})
    assert span["version"] == 3
    page.keyboard.press("1")  # switch to REPORTED
    tab.wait_saved()
    assert api.layer(world.doc.id)["spans"][0]["attributes"] == {"claimer": "REPORTED"}
    page.keyboard.press("1")  # pressing the chosen value again keeps it
    tab.wait_saved()
    assert api.layer(world.doc.id)["spans"][0]["attributes"] == {"claimer": "REPORTED"}
    page.get_by_role("button", name="Take claimer REPORTED off the CLAIM span").click()
    tab.wait_saved()
    assert api.layer(world.doc.id)["spans"][0]["attributes"] == {}
    page.keyboard.press("Escape")
    click_span(page, "the border was closed")
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert api.layer(world.doc.id)["spans"] == []
    assert page.locator("#text .seg--span").count() == 0


def test_relation_by_link_key_and_tab_through_candidates(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    api = api_as(world.tokens["alice"])
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    span_on(page, "Officials", "s")
    span_on(page, "The ministry", "s")
    span_on(page, "said", "q")
    span_on(page, "the border was closed", "c")
    page.keyboard.press("l")
    # Candidates from a CLAIM: both SOURCEs (ATTRIBUTED_TO) and the CUE (CUED_BY), nearest first.
    assert page.locator("#text .seg.is-candidate, #text .seg.is-target").count() == 3
    assert "said" in page.text_content("#link-details")
    page.keyboard.press("Tab")
    target = page.text_content("#link-details")
    assert "ATTRIBUTED_TO" in target and "Officials" in target
    page.keyboard.press("Enter")
    tab.wait_saved()
    layer = api.layer(world.doc.id)
    ids = {s["text"]: s["id"] for s in layer["spans"]}
    assert [(r["type"], r["from"], r["to"]) for r in layer["relations"]] == [
        ("ATTRIBUTED_TO", ids["the border was closed"], ids["Officials"])
    ]
    # Linking by a click: from the CUE's claim to the CUE.
    click_span(page, "the border was closed")
    page.keyboard.press("l")
    click_span(page, "said")
    tab.wait_saved()
    relations = api.layer(world.doc.id)["relations"]
    assert sorted((r["type"], r["to"]) for r in relations) == [
        ("ATTRIBUTED_TO", ids["Officials"]),
        ("CUED_BY", ids["said"]),
    ]


def test_sentence_labels_by_j_k_and_digits_and_document_labels_in_the_panel(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    api = api_as(world.tokens["alice"])
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.keyboard.press("3")  # checkworthiness (the first field): CHECK_WORTHY_FACTUAL
    page.keyboard.press("j")
    page.keyboard.press("0")  # the next field is active: stance
    page.keyboard.press("2")  # AGAINST
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("1")  # back on sentence 1: stance FAVOR replaces AGAINST
    page.select_option("#doc-label-genre", "OPINION")
    tab.wait_saved()
    layer = api.layer(world.doc.id)
    assert sorted((s["sentence"], s["name"], s["value"]) for s in layer["sentence_labels"]) == [
        (0, "checkworthiness", "CHECK_WORTHY_FACTUAL"),
        (1, "stance", "FAVOR"),
    ]
    assert layer["document_labels"] == [{"name": "genre", "value": "OPINION"}]
    assert page.locator(".sent[data-i='1'] .chip").inner_text() == "stance: FAVOR"


def test_undo_and_redo_go_through_the_api(world: Any, open_tab: Any, api_as: Any) -> None:
    tab = open_tab("alice")
    api = api_as(world.tokens["alice"])
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    span_on(page, "the border was closed", "c")
    span_on(page, "Officials", "s")
    page.keyboard.press("l")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")  # the linked span lets go: the digit is the sentence's
    page.keyboard.press("1")  # sentence 0, checkworthiness NON_FACTUAL
    tab.wait_saved()
    assert len(api.layer(world.doc.id)["relations"]) == 1
    page.keyboard.press("Control+z")  # the label
    page.keyboard.press("Control+z")  # the relation
    tab.wait_saved()
    layer = api.layer(world.doc.id)
    assert layer["relations"] == [] and layer["sentence_labels"] == []
    assert len(layer["spans"]) == 2
    page.keyboard.press("Control+z")  # the SOURCE span
    tab.wait_saved()
    assert [s["text"] for s in api.layer(world.doc.id)["spans"]] == ["the border was closed"]
    page.keyboard.press("Control+Shift+z")  # the SOURCE again (a new row, same offsets)
    page.keyboard.press("Control+Shift+z")  # the relation again, to the re-created span
    page.keyboard.press("Control+y")  # the label again
    tab.wait_saved()
    layer = api.layer(world.doc.id)
    ids = {s["text"]: s["id"] for s in layer["spans"]}
    assert set(ids) == {"the border was closed", "Officials"}
    assert [(r["from"], r["to"]) for r in layer["relations"]] == [
        (ids["the border was closed"], ids["Officials"])
    ]
    assert layer["sentence_labels"] == [
        {"sentence": 0, "name": "checkworthiness", "value": "NON_FACTUAL"}
    ]
    # Deleting a span with a relation, then undoing, brings both back.
    click_span(page, "Officials")
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert api.layer(world.doc.id)["relations"] == []
    page.keyboard.press("Control+z")
    tab.wait_saved()
    layer = api.layer(world.doc.id)
    assert len(layer["spans"]) == 2 and len(layer["relations"]) == 1


def test_done_marks_the_assignment_and_progress_counts_it(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    api = api_as(world.tokens["alice"])
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert page.text_content("#my-progress .progress__text").strip() == "0 of your 2 done"
    with page.expect_navigation():  # Done opens the next document still to do
        page.click("#mark-done")
    page.wait_for_selector("#workspace[data-ready='true']")
    assert page.url.endswith(f"/documents/{world.other.id}")
    statuses = {d["id"]: d["status"] for d in api.get("/projects/demo/documents")["documents"]}
    assert statuses[world.doc.id] == "done"
    assert page.text_content("#my-progress .progress__text").strip() == "1 of your 2 done"
    # The last one still to do stays open when done: the count follows at once, and
    # follows an undo back.
    page.click("#mark-done")
    tab.wait_saved()
    assert page.text_content("#my-progress .progress__text").strip() == "2 of your 2 done"
    assert page.get_attribute("#my-progress progress", "value") == "2"
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert page.text_content("#my-progress .progress__text").strip() == "1 of your 2 done"
    page.click("#mark-skip")
    tab.wait_saved()
    statuses = {d["id"]: d["status"] for d in api.get("/projects/demo/documents")["documents"]}
    assert statuses[world.other.id] == "skipped"


def test_claim_source_link_and_stance_in_five_gestures(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """A gesture is one key press or one click; a text selection with the label key that
    follows it counts as one (the selection alone does nothing). From a cold start: a new
    browser, where the active sentence field is the schema's first (checkworthiness), so the
    stance goes in by the key the seed schema gives its value."""
    tab = open_tab("alice")
    api = api_as(world.tokens["alice"])
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    # A cold start: no active field kept from an earlier visit (the page does note the
    # schema version it saw, to tell of a later change).
    assert page.evaluate("localStorage.getItem('annotator:field:demo')") is None
    gestures = 0

    def gesture(action: Any, *args: Any) -> None:
        nonlocal gestures
        gestures += 1
        action(*args)

    gesture(span_on, page, "the border was closed", "c")  # 1: the claim
    gesture(span_on, page, "Officials", "s")  # 2: its source
    gesture(page.keyboard.press, "l")  # 3: link ...
    gesture(page.keyboard.press, "Enter")  # 4: ... to the nearest allowed span, the claim
    gesture(page.keyboard.press, "a")  # 5: the sentence's stance: AGAINST
    tab.wait_saved()
    assert gestures <= 5
    layer = api.layer(world.doc.id)
    ids = {s["label"]: s["id"] for s in layer["spans"]}
    assert {s["label"]: s["text"] for s in layer["spans"]} == {
        "CLAIM": "the border was closed",
        "SOURCE": "Officials",
    }
    assert [(r["type"], r["from"], r["to"]) for r in layer["relations"]] == [
        ("ATTRIBUTED_TO", ids["CLAIM"], ids["SOURCE"])
    ]
    assert layer["sentence_labels"] == [{"sentence": 0, "name": "stance", "value": "AGAINST"}]


def test_the_help_overlay_lists_every_key(world: Any, open_tab: Any) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.keyboard.press("?")
    assert page.is_visible("#help")
    keys = page.eval_on_selector_all("#help-keys kbd", "els => els.map(e => e.textContent)")
    for key in ("c", "s", "q", "b", "f", "a", "n", "l", "Delete", "0", "1–9", "?", "Esc"):
        assert key in keys
    page.keyboard.press("Escape")
    assert not page.is_visible("#help")
