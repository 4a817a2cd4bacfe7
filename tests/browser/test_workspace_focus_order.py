"""The workspace's order for Tab: skip links first, then the text, its relations as one stop,
then the span labels; arrows go from relation to relation. Real key presses only."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = (
    "Officials said the border was closed. "
    "The ministry denied that troops had moved. "
    "Analysts expect more talks."
)

# What has the focus: its arc's name, its skip link's text, or the label button it is.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (el.closest('#text .arc')) return 'arc: ' + el.getAttribute('aria-label');
  if (el.id === 'text') return 'text';
  if (el.classList.contains('skip-link')) return 'skip: ' + el.textContent.trim();
  if (el.id === 'span-labels') return 'span labels';
  if (el.closest('#palette')) return 'label: ' + el.querySelector('.palette__name').textContent;
  return el.tagName + '#' + el.id;
}"""


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))


def relate(api: Any, doc: int) -> list[str]:
    """Three claims each attributed to its sentence's first word: three arcs, in text order."""
    names = []
    for source, claim in (
        ("Officials", "the border was closed"),
        ("The ministry", "troops had moved"),
        ("Analysts", "more talks"),
    ):
        ids = []
        for label, words in (("SOURCE", source), ("CLAIM", claim)):
            start = TEXT.index(words)
            body = {"label": label, "start": start, "end": start + len(words)}
            answer = api.http.post(
                f"{api.server.url}/api/v1/documents/{doc}/spans", json=body, timeout=20
            )
            assert answer.status_code == 201, answer.text
            ids.append(answer.json()["id"])
        body = {"type": "ATTRIBUTED_TO", "from": ids[1], "to": ids[0]}
        answer = api.http.post(
            f"{api.server.url}/api/v1/documents/{doc}/relations", json=body, timeout=20
        )
        assert answer.status_code == 201, answer.text
        names.append(f"arc: ATTRIBUTED_TO: '{claim}' → '{source}'")
    return names


def focus(page: Any) -> str:
    return page.evaluate(FOCUS_JS)


def open_with_arcs(world: Any, open_tab: Any, api_as: Any) -> tuple[Any, list[str]]:
    names = relate(api_as(world.tokens["alice"]), world.doc.id)
    page = open_tab("alice").open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_function(
        "() => document.querySelectorAll('#text .arc[role=\"button\"]').length === 3",
        timeout=10_000,
    )
    return page, names


def test_one_tab_from_the_text_passes_every_relation_to_the_span_labels(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    page, names = open_with_arcs(world, open_tab, api_as)
    page.focus("#text")
    page.keyboard.press("Tab")
    assert focus(page) == names[0]  # the relations: one stop, at the first
    page.keyboard.press("Tab")
    assert focus(page) == "label: CLAIM"  # not the next relation
    page.keyboard.press("Shift+Tab")
    assert focus(page) == names[0]
    page.keyboard.press("Shift+Tab")
    assert focus(page) == "text"


def test_arrows_on_an_arc_go_from_relation_to_relation_and_tab_comes_back_to_the_last(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    page, names = open_with_arcs(world, open_tab, api_as)
    page.focus("#text")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    assert focus(page) == names[1]
    assert page.locator("#text .arc.is-selected").get_attribute("aria-label") == names[1][5:]
    page.keyboard.press("ArrowRight")
    assert focus(page) == names[2]
    page.keyboard.press("ArrowRight")  # the last: stays, and says so
    assert focus(page) == names[2]
    assert page.inner_text("#notice") == "This is the last relation drawn here."
    page.keyboard.press("ArrowLeft")
    assert focus(page) == names[1]
    # Out to the labels and back: the relation last visited is the stop.
    page.keyboard.press("Tab")
    assert focus(page) == "label: CLAIM"
    page.keyboard.press("Shift+Tab")
    assert focus(page) == names[1]
    assert page.locator("#text .arc[tabindex='0']").count() == 1


def test_skip_links_are_the_first_stops_and_a_span_is_labelled_by_its_button(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    page, _ = open_with_arcs(world, open_tab, api_as)
    # The text has the focus on load (its keys at once); from the page's start (the focus let
    # go, as on coming from the address bar) the skip links come first.
    assert focus(page) == "text"
    page.evaluate(
        "() => { document.body.tabIndex = -1; document.body.focus();"
        " document.body.removeAttribute('tabindex'); }"
    )
    page.keyboard.press("Tab")
    assert focus(page) == "skip: Skip to the text"
    box = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
    assert box["left"] >= 0 and box["top"] >= 0 and box["width"] > 0  # seen when focused
    page.keyboard.press("Tab")
    assert focus(page) == "skip: Skip to span labels"
    page.keyboard.press("Enter")
    assert focus(page) == "span labels"
    page.keyboard.press("Tab")
    assert focus(page) == "label: CLAIM"


def test_words_selected_by_keyboard_get_a_label_from_its_button_past_the_relations(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    page, _ = open_with_arcs(world, open_tab, api_as)
    page.focus("#text")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # The document opens at its newest change, the third sentence: its second word.
    assert page.evaluate("String(window.getSelection())") == "expect"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focus(page) == "label: CLAIM"
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.annotatorWorkspace.api.pending() === 0", timeout=10_000)
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert ("CLAIM", "expect") in {(s["label"], s["text"]) for s in spans}
