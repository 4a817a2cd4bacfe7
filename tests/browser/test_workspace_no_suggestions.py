"""The workspace of a document no model has made suggestions for says so in the Suggestions
panel, once. It said "0 shown · 0 in sentence 1" and listed the keys that go through
suggestions, the first thing a new annotator read beside the text."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


def test_a_document_without_suggestions_says_none(make_world: Any, open_tab: Any) -> None:
    world = make_world({"alice": "annotator"}, doc=("Officials said the talks failed.", "a.txt"))
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    assert page.locator("#suggestion-panel").is_visible()
    assert page.inner_text("#suggestion-details") == "None for this document."
    page.keyboard.press(".")  # and the key says why it does nothing
    assert page.inner_text("#notice") == "No suggestions to go to."
