"""A suggestion that runs past its sentence's end belongs to the sentence it starts in.

"Accept all N in sentence K" counted every suggestion drawn in sentence K, one running into it
from the sentence before as well, while accepting the sentence (the button, Shift+Enter)
accepts only those that start in it: the button promised one more than it wrote. The count
and what is accepted are now one set, the suggestions that start in the sentence, as a span
belongs to the sentence its start is in in the export.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.annotation.spans import add_span
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.suggesting import suggestions_layer
from tests.browser.test_workspace_suggestions import TEXT, suggestions

pytestmark = pytest.mark.server

DESKTOP = {"width": 1366, "height": 768}
BUTTON = "#accept-sentence"
# From the second sentence's end into the third: "closed. The ministry".
CROSSING = "closed. The ministry"


@pytest.fixture
def world(session: Any, make_world: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))
    predict_documents(session, world.project)  # the attribution rules suggest
    layer = suggestions_layer(session, world.doc)
    assert layer is not None
    start = TEXT.index(CROSSING)
    add_span(session, layer, "BIASED_WORD", start, start + len(CROSSING))
    session.commit()
    return world


def _texts(spans: list[dict[str, Any]]) -> list[str]:
    return sorted(s["text"] for s in spans)


def test_a_suggestion_crossing_into_a_sentence_is_neither_counted_nor_accepted_there(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    offered = suggestions(api, world)["spans"]
    crossing = next(s for s in offered if s["text"] == CROSSING)
    assert crossing["sentence"] == 1  # where it starts
    third = _texts([s for s in offered if s["sentence"] == 2])
    second = _texts([s for s in offered if s["sentence"] == 1])
    assert CROSSING not in third and CROSSING in second and len(third) >= 2
    tab = open_tab("alice")
    tab.page.set_viewport_size(DESKTOP)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.keyboard.press("j")
    page.keyboard.press("j")  # the third sentence, which the crossing suggestion runs into
    assert page.inner_text("#suggestion-count").endswith(f"{len(third)} in sentence 3")
    assert page.inner_text(BUTTON).endswith(f"Accept all {len(third)} in sentence 3")
    page.click(BUTTON)
    tab.wait_saved()
    assert _texts(api.layer(world.doc.id)["spans"]) == third
    # Still drawn over the third sentence's start, it is not the third sentence's to accept.
    assert page.locator(BUTTON).count() == 0
    page.keyboard.press("Shift+Enter")
    assert page.text_content("#notice") == (
        "No suggestion starts in this sentence: the one running into it is sentence 2's"
        " (accept it there)."
    )
    assert _texts(api.layer(world.doc.id)["spans"]) == third
    # The sentence it starts in counts it, and accepting that sentence writes it.
    page.keyboard.press("k")
    assert page.inner_text(BUTTON).endswith(f"Accept all {len(second)} in sentence 2")
    page.keyboard.press("Shift+Enter")
    tab.wait_saved()
    assert _texts(api.layer(world.doc.id)["spans"]) == sorted(third + second)
    assert tab.errors == []
