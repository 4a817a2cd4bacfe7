"""With a span selected, the keys act on the span: a digit sets its attribute or says why it
does not (a span whose label has no attributes), never the sentence's value unseen; and the
keyboard's focus follows the selection to the text, so that Delete takes off what is seen
focused.

Found by a review: with a SOURCE span selected (no attributes), 1 set the sentence's
checkworthiness; a value's button kept the focus after → and a label key made a span, and
Delete then removed the span while the value looked focused.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, shot

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."
FOCUSED = "() => document.activeElement.id || document.activeElement.dataset.focus || ''"


def _layer(api: Any, doc: int) -> tuple[list[str], list[tuple[int, str, Any]]]:
    layer = api.layer(doc)
    spans = sorted(f"{s['label']} {s['text']}" for s in layer["spans"])
    labels = sorted((x["sentence"], x["name"], x["value"]) for x in layer["sentence_labels"])
    return spans, labels


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """alice's SOURCE span on "Officials"."""
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    body = {"label": "SOURCE", "start": 0, "end": len("Officials")}
    api_as(world.tokens["alice"]).write("POST", f"/documents/{world.doc.id}/spans", body)
    return world


@pytest.mark.parametrize("size", [None, PHONE], ids=["1366", "390"])
def test_a_digit_on_a_span_without_attributes_says_why_and_leaves_the_sentence(
    world: Any, open_tab: Any, api_as: Any, size: dict[str, int] | None
) -> None:
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    tab.page.set_viewport_size(size or {"width": 1366, "height": 900})
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.locator("#text .seg--span", has_text="Officials").click()
    page.keyboard.press("1")
    said = "SOURCE has no attributes; press Esc to act on the sentence."
    page.wait_for_function(
        "(said) => document.getElementById('notice-said').textContent.trim() === said", arg=said
    )
    assert page.inner_text("#notice") == said
    assert page.evaluate("() => window.annotatorWorkspace.api.pending()") == 0
    assert _layer(api, world.doc.id) == (["SOURCE Officials"], [])
    page.screenshot(path=shot(f"keys39-digit-on-source-{(size or {'width': 1366})['width']}.png"))
    # Esc lets the span go: the digit is the sentence's again, as the help says.
    page.keyboard.press("Escape")
    page.keyboard.press("1")
    tab.wait_saved()
    assert _layer(api, world.doc.id) == (
        ["SOURCE Officials"],
        [(0, "checkworthiness", "NON_FACTUAL")],
    )
    page.keyboard.press("?")
    assert (
        "or on a span whose label has no attributes, does nothing and says why"
        in page.inner_text("#help-keys")
    )


def test_a_span_made_from_a_values_button_takes_the_focus_and_delete_removes_it(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    value = "#sentence-fields button.value[data-focus='value:stance:AGAINST']"
    page.focus(value)
    page.keyboard.press("Enter")  # stance AGAINST on sentence 1, the focus kept on its button
    tab.wait_saved()
    assert page.evaluate(FOCUSED) == "value:stance:AGAINST"
    # → selects a word in the text: the focus goes there with it, and c makes it a CLAIM.
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED) == "text"
    page.focus(value)
    page.keyboard.press("ArrowRight")  # the second word, "said"
    page.focus(value)  # back on the value's button, the words still selected
    page.keyboard.press("q")
    tab.wait_saved()
    assert page.evaluate(FOCUSED) == "text"  # the new span is selected: the focus is the text's
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert _layer(api, world.doc.id) == (["SOURCE Officials"], [(0, "stance", "AGAINST")])
    # A click on a span, from a value's button: the focus is on the text too.
    page.focus(value)
    page.locator("#text .seg--span", has_text="Officials").click()
    assert page.evaluate(FOCUSED) == "text"
    # Gone to a value's button with the span selected, Delete takes that value, as it shows.
    page.focus(value)
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert _layer(api, world.doc.id) == (["SOURCE Officials"], [])
    assert page.text_content("#announce") == "stance AGAINST taken off sentence 1."
    assert page.evaluate(FOCUSED) == "text"
    page.keyboard.press("Delete")  # the span, still selected, from the text
    tab.wait_saved()
    assert _layer(api, world.doc.id) == ([], [])


def test_a_value_letter_with_a_span_selected_sets_the_sentence_and_names_it(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """A letter means nothing to a span (its attributes take digits): with a span selected,
    as after a link, `f` sets the current sentence's stance, and the notice names the
    sentence, so the value set behind the span's panel is said, not unseen."""
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.locator("#text .seg--span", has_text="Officials").click()
    page.keyboard.press("f")
    tab.wait_saved()
    assert _layer(api, world.doc.id) == (["SOURCE Officials"], [(0, "stance", "FAVOR")])
    notice = page.inner_text("#notice")
    assert "stance FAVOR" in notice and "sentence 1" in notice, notice
    assert page.evaluate("() => window.annotatorWorkspace.view.selected") is not None
    page.keyboard.press("?")
    assert "stance: FAVOR on the current sentence (again: kept, and said so; with a span" in (
        page.inner_text("#help-keys")
    )
    assert tab.errors == []
