"""Accepting a whole sentence's suggestions without a keyboard.

Shift+Enter was the only way: at 390 px with touch, a tap on a dashed outline opened the
Suggestions panel with Accept, Reject and "accept with its spans", and nothing for the
sentence. The panel's "Accept all N in sentence K" button does what Shift+Enter does (N the
suggestions shown in that sentence), and one Ctrl+Z takes it all back.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents
from tests.browser.browser_helpers import PHONE, REACHABLE_JS, units
from tests.browser.test_workspace_suggestions import SHOWN, TEXT, by_text, suggestions

pytestmark = pytest.mark.server

DESKTOP = {"width": 1366, "height": 768}
BUTTON = "#accept-sentence"


@pytest.fixture
def world(session: Any, make_world: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))
    predict_documents(session, world.project)  # the attribution rules suggest
    session.commit()
    return world


def _in_sentence(offered: dict[str, Any], index: int) -> tuple[list[str], list[str]]:
    """The texts of the suggestions of sentence ``index`` and the types of the suggested
    relations between them, sorted: what accepting the sentence should write."""
    spans = [s for s in offered["spans"] if s["sentence"] == index]
    ids = {s["id"] for s in spans}
    relations = [r for r in offered["relations"] if r["from"] in ids and r["to"] in ids]
    return sorted(s["text"] for s in spans), sorted(r["type"] for r in relations)


def _written(api: Any, world: Any) -> tuple[list[str], list[str]]:
    layer = api.layer(world.doc.id)
    return sorted(s["text"] for s in layer["spans"]), sorted(r["type"] for r in layer["relations"])


def _outline(text: str, offered: dict[str, Any]) -> str:
    return f"#text .seg--suggested[data-s='{units(TEXT, by_text(offered, text)['start'])}']"


def test_a_phone_accepts_a_sentences_suggestions_with_the_button_and_ctrl_z_takes_them_back(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    offered = suggestions(api, world)
    texts, relations = _in_sentence(offered, 1)  # "Officials said the border was closed."
    assert len(texts) == 3 and relations == ["ATTRIBUTED_TO", "CUED_BY"]
    tab = open_tab("alice", touch=True)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(PHONE)
    page.wait_for_selector(SHOWN)
    page.locator(_outline("Officials", offered)).tap()
    button = page.locator(BUTTON)
    # In touch's words: the key beside it is not shown on a touch screen.
    assert button.inner_text().strip() == "Accept all 3 in sentence 2"
    assert page.evaluate(REACHABLE_JS, button.element_handle())
    button.tap()
    tab.wait_saved()
    assert _written(api, world) == (texts, relations)
    page.keyboard.press("Control+z")  # one undo, as for Shift+Enter
    tab.wait_saved()
    assert _written(api, world) == ([], [])
    page.wait_for_selector(_outline("Officials", offered))
    assert tab.errors == []


def test_the_mouse_accepts_a_sentence_with_the_button_shown_while_it_has_two_or_more(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    offered = suggestions(api, world)
    texts, relations = _in_sentence(offered, 2)  # "The ministry denied that troops had moved."
    assert len(texts) >= 2 and "ATTRIBUTED_TO" in relations
    assert _in_sentence(offered, 0) == ([], [])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.set_viewport_size(DESKTOP)
    page.wait_for_selector(SHOWN)
    # The first sentence, current at the start, has no suggestion: nothing to accept.
    assert page.locator(BUTTON).count() == 0
    page.click(_outline("The ministry", offered))
    button = page.locator(BUTTON)
    assert button.inner_text().split() == [
        "Shift+Enter",
        "Accept",
        "all",
        str(len(texts)),
        "in",
        "sentence",
        "3",
    ]
    assert page.evaluate(REACHABLE_JS, button.element_handle())
    button.click()
    tab.wait_saved()
    assert _written(api, world) == (texts, relations)
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert _written(api, world) == ([], [])
    # N is what is shown: each rejection lowers it, and with one left the button goes (the
    # suggestion's own Accept does the same).
    page.click(_outline("Officials", offered))
    assert page.inner_text(BUTTON).endswith("Accept all 3 in sentence 2")
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert page.inner_text(BUTTON).endswith("Accept all 2 in sentence 2")
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert page.locator(BUTTON).count() == 0
    # The keys overlay names the button beside Shift+Enter.
    page.keyboard.press("?")
    row = page.locator("#help-keys tr", has=page.locator("kbd", has_text="Shift+Enter"))
    assert "Accept all N in sentence K" in row.inner_text()
    assert tab.errors == []
