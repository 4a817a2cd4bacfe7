"""The workspace on a phone: the document's labels are in the sheet at the window's foot, as
the current sentence's are, and the sheet's folds stay as the annotator left them.

The document's label fields (genre in the seed schema) came after the whole text, so an
annotator scrolled through the article to reach them; and the sentence's Labels fold was shut
again on every document opened, however often it had been opened on the one before."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, REACHABLE_JS, statements

pytestmark = pytest.mark.server

TEXT = statements(30)


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator"},
        doc=(TEXT, "long.txt", {"title": "One"}),
        other=(TEXT.replace("border", "port"), "other.txt", {"title": "Two"}),
    )


def _phone(tab: Any, document_id: int) -> Any:
    page = tab.open(f"/projects/demo/documents/{document_id}")
    page.set_viewport_size(PHONE)
    return page


def test_the_documents_labels_are_set_from_the_foot_of_the_window(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = _phone(tab, world.doc.id)
    toggle = page.locator("#document-toggle")
    assert toggle.evaluate(REACHABLE_JS)
    assert toggle.get_attribute("aria-expanded") == "false"
    # Folded, the fields take no room above the span labels.
    assert not page.locator("#document-fields").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    genre = page.locator("#doc-label-genre")
    assert genre.evaluate(REACHABLE_JS)
    assert page.evaluate("window.scrollY") == 0  # no scrolling through the text to get there
    assert page.locator("#palette button").first.evaluate(REACHABLE_JS)  # the labels too
    assert page.locator("#sentence-toggle").evaluate(REACHABLE_JS)
    genre.select_option("NEWS")
    tab.wait_saved()
    assert api.layer(world.doc.id)["document_labels"] == [{"name": "genre", "value": "NEWS"}]
    # Wide again, the document's labels are the side's, unfolded, with no fold button.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert toggle.is_hidden()
    side = page.locator(".ws-side").bounding_box()
    fields = page.locator("#document-fields").bounding_box()
    assert fields["x"] >= side["x"]


@pytest.mark.parametrize("fold", ["sentence", "document"])
def test_a_fold_stays_as_left_from_one_document_to_the_next(
    world: Any, open_tab: Any, fold: str
) -> None:
    tab = open_tab("alice")
    page = _phone(tab, world.doc.id)
    toggle = page.locator(f"#{fold}-toggle")
    fields = page.locator(f"#{fold}-fields")
    toggle.click()
    assert fields.is_visible()
    page = _phone(tab, world.other.id)
    assert toggle.get_attribute("aria-expanded") == "true"
    assert fields.is_visible()
    toggle.click()  # folded here, folded on the next one opened
    assert not fields.is_visible()
    page = _phone(tab, world.doc.id)
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not fields.is_visible()


def test_one_fold_opens_at_a_time_and_shows_what_it_opened(world: Any, open_tab: Any) -> None:
    """Both open, the sheet ran past half the window and scrolled from its foot: the document's
    labels, opened last, were above its top, out of sight, as if the button did nothing."""
    tab = open_tab("alice")
    page = _phone(tab, world.doc.id)
    page.click("#sentence-toggle")
    page.click("#document-toggle")
    assert page.locator("#doc-label-genre").evaluate(REACHABLE_JS)
    assert page.locator("#sentence-toggle").get_attribute("aria-expanded") == "false"
    assert not page.locator("#sentence-fields").is_visible()
    page.click("#sentence-toggle")
    assert page.locator("#document-toggle").get_attribute("aria-expanded") == "false"
    favor = page.locator("#sentence-fields [data-field='stance'] .value", has_text="FAVOR")
    assert favor.evaluate(REACHABLE_JS)
    # As left: the sentence's fold open, the document's shut, on the next document too.
    page = _phone(tab, world.other.id)
    assert page.locator("#sentence-fields").is_visible()
    assert not page.locator("#document-fields").is_visible()
