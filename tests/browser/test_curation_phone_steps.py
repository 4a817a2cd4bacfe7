"""On a phone the curation view's list of differences is above the text: n and p bring the
card of the difference they move to into view, with its buttons, not its sentence far below
it; the card's link still finds the sentence.

They scrolled the page to the sentence: the card, and the buttons that decide it, were off
screen above."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, REACHABLE_JS, statements

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    """alice and bob differ on the stance of sentences 5, 15 and 25 (from 0) of a long
    article: three differences, the second and third far down the text."""
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        doc=(statements(30), "long.txt"),
    )
    for sentence in (5, 15, 25):
        for name, stance in (("alice", "AGAINST"), ("bob", "NONE")):
            label = {"sentence": sentence, "name": "stance", "value": stance}
            api_as(world.tokens[name]).write("PUT", f"/documents/{world.doc.id}/labels", label)
    return world


def test_n_and_p_bring_the_card_into_view_on_a_phone(
    world: Any, server: Any, open_tab: Any
) -> None:
    page = open_tab("rita", touch=True).page
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate?sentences=all")
    # Opening on the first difference: its card is on screen, not its sentence.
    first = page.locator("#diff-1")
    assert "cur-diff--focus" in first.get_attribute("class").split()
    assert first.locator("form.cur-take button").first.evaluate(REACHABLE_JS)
    for key, number in (("n", 2), ("n", 3), ("p", 2)):
        page.keyboard.press(key)
        card = page.locator(f"#diff-{number}")
        assert "cur-diff--focus" in card.get_attribute("class").split()
        assert card.locator("form.cur-take button").first.evaluate(REACHABLE_JS), (key, number)
    # The sentence is found from the card: its link takes the page there.
    sentence = page.locator("#cur-s-15")
    assert "cur-sentence--focus" in sentence.get_attribute("class").split()
    assert not sentence.evaluate(REACHABLE_JS)
    page.locator("#diff-2 a[href='#cur-s-15']").tap()
    page.wait_for_function(
        "() => { const b = document.getElementById('cur-s-15').getBoundingClientRect();"
        " return b.top > -1 && b.top < innerHeight / 2; }"
    )


def test_on_a_wide_window_n_still_shows_the_sentence(
    world: Any, server: Any, open_tab: Any
) -> None:
    """Beside the text the list scrolls in its own box: n shows the sentence as before."""
    page = open_tab("rita").page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate?sentences=all")
    page.keyboard.press("n")
    assert page.locator("#cur-s-15").evaluate(REACHABLE_JS)
    assert page.locator("#diff-2").evaluate(REACHABLE_JS)


@pytest.mark.parametrize("touch", [True, False])
def test_the_keys_are_named_for_keyboards_only(
    world: Any, server: Any, open_tab: Any, touch: bool
) -> None:
    """On a touch screen the line of keys over the list (four lines on a phone, above the
    differences) and the keys on the Accept and None buttons are left out, as the
    workspace leaves its own out."""
    page = open_tab("rita", touch=touch).page
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    assert page.get_by_text("next / previous undecided difference").is_visible() == (not touch)
    assert page.locator("#diff-1 button.cur-none kbd").is_visible() == (not touch)
    assert page.locator("#diff-1 button.cur-none").is_visible()
    assert page.locator("#undecided-count").is_visible()
