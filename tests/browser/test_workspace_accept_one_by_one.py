"""Suggestions accepted one at a time by key: each accept is said (and heard) with where the
next suggestion is, and the accept of a suggested relation's second end links the two."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents
from tests.browser.browser_helpers import units

pytestmark = pytest.mark.server

TEXT = (
    "Analysts 👀 expect more talks. "
    "Officials said the border was closed. "
    "The ministry denied that troops had moved."
)
SHOWN = "#text .seg--suggested"
ARCS = "() => document.querySelectorAll('#text .arc[role=\"button\"]').length"


@pytest.fixture
def world(session: Any, make_world: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))
    predict_documents(session, world.project)  # the attribution rules' suggestions
    session.commit()
    return world


def _open(open_tab: Any, world: Any) -> tuple[Any, Any]:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector(SHOWN)
    return tab, page


def _selected(page: Any) -> str | None:
    return page.evaluate("() => window.annotatorWorkspace.suggestions.selected")


def test_enter_three_times_accepts_source_cue_and_claim_with_their_links(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    tab, page = _open(open_tab, world)
    page.keyboard.press(".")  # the first suggestion: "Officials"
    said = []
    for label in ("SOURCE", "CUE", "CLAIM"):
        page.keyboard.press("Enter")
        # Said once the server has answered, with the links it made.
        page.wait_for_function(
            "(w) => document.getElementById('notice-said').textContent.startsWith(w)",
            arg=f"Accepted: a {label} span",
            timeout=10_000,
        )
        said.append(page.inner_text("#notice-said"))
    tab.wait_saved()
    layer = api.layer(world.doc.id)
    by_id = {s["id"]: s["text"] for s in layer["spans"]}
    assert sorted(by_id.values()) == ["Officials", "said", "the border was closed"]
    links = {(r["type"], by_id[r["from"]], by_id[r["to"]]) for r in layer["relations"]}
    assert links == {
        ("ATTRIBUTED_TO", "the border was closed", "Officials"),
        ("CUED_BY", "the border was closed", "said"),
    }
    assert all(r["suggested"]["model"] == "rules" for r in layer["relations"])
    # Drawn as arcs of the layer at once, without a reload.
    page.wait_for_function(f"{ARCS} === 2", timeout=10_000)
    # Each accept said, in the live region: the last names its links, and where the next
    # suggestion is (the selection moved on to the next sentence).
    assert said[0] == "Accepted: a SOURCE span."
    assert said[1] == "Accepted: a CUE span."
    assert said[2] == (
        "Accepted: a CLAIM span, and its ATTRIBUTED_TO link to SOURCE “Officials” and its "
        "CUED_BY link to CUE “said”. The next suggestion is in sentence 3."
    )
    assert page.inner_text("#notice") == said[2]
    ministry = page.evaluate(
        "() => [...window.annotatorWorkspace.suggestions.spans.values()]"
        ".find((s) => s.label === 'SOURCE' && s.start > 40).key"
    )
    assert _selected(page) == ministry
    # One Ctrl+Z takes the claim back, and its links with it (the server removes them too).
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert api.layer(world.doc.id)["relations"] == []
    page.wait_for_function(f"{ARCS} === 0", timeout=10_000)


def test_the_last_accept_says_there_are_no_more(world: Any, open_tab: Any) -> None:
    tab, page = _open(open_tab, world)
    page.keyboard.press(",")  # the last suggestion in reading order
    page.keyboard.press("Enter")
    tab.wait_saved()
    assert page.inner_text("#notice-said").endswith(" No more suggestions.")


def test_an_unlinked_suggested_relation_between_layer_spans_is_offered_on_the_span(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """Both ends accepted, the link removed: the span's panel still offers the suggested
    link, and its button writes only the relation."""
    api = api_as(world.tokens["alice"])
    tab, page = _open(open_tab, world)
    page.keyboard.press(".")
    page.keyboard.press("Enter")  # SOURCE "Officials"
    page.keyboard.press("Delete")  # the CUE rejected
    page.keyboard.press("Enter")  # CLAIM "the border was closed", linked to its source
    tab.wait_saved()
    (link,) = api.layer(world.doc.id)["relations"]
    claim = next(s for s in api.layer(world.doc.id)["spans"] if s["label"] == "CLAIM")
    page.keyboard.press("Escape")
    page.click(f"#text .seg--span[data-s='{units(TEXT, claim['start'])}']")
    assert page.locator("#suggested-links").count() == 0  # linked: nothing more to offer
    page.click("#span-details button:has-text('Remove link')")
    tab.wait_saved()
    assert api.layer(world.doc.id)["relations"] == []
    offer = page.locator("#suggested-links button")
    offer.wait_for()
    # <q> draws the quotation marks; innerText leaves them out.
    assert page.inner_text("#suggested-links").startswith("ATTRIBUTED_TO → SOURCE Officials")
    offer.click()
    tab.wait_saved()
    (again,) = api.layer(world.doc.id)["relations"]
    assert (again["type"], again["from"], again["to"]) == (link["type"], link["from"], link["to"])
    assert len(api.layer(world.doc.id)["spans"]) == 2  # no span copied again
    page.wait_for_selector("#suggested-links", state="detached")


def test_a_skip_in_shift_enter_is_said_as_information_naming_spans_by_words(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """Her own claim over the suggested one is attributed to another source of hers: the
    suggested ATTRIBUTED_TO would be a second (max_per_source 1). The rest is accepted; the
    skip is no failure (not the red alarm) and names the spans by label and words."""
    api = api_as(world.tokens["alice"])
    offered = api.get(f"/documents/{world.doc.id}/suggestions")
    suggested = next(s for s in offered["spans"] if s["text"] == "the border was closed")
    claim = api.write(
        "POST",
        f"/documents/{world.doc.id}/spans",
        {"label": "CLAIM", "start": suggested["start"], "end": suggested["end"]},
    )
    analysts = api.write(
        "POST", f"/documents/{world.doc.id}/spans", {"label": "SOURCE", "start": 0, "end": 8}
    )
    api.write(
        "POST",
        f"/documents/{world.doc.id}/relations",
        {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": analysts["id"]},
    )
    tab, page = _open(open_tab, world)
    officials = next(s for s in offered["spans"] if s["text"] == "Officials")
    # Its sentence, "Officials said the border was closed.", is the current one then.
    page.click(f"#text .seg--suggested[data-s='{units(TEXT, officials['start'])}']")
    page.keyboard.press("Shift+Enter")
    tab.wait_saved()
    notice = page.locator("#notice")
    said = notice.inner_text()
    assert said.startswith("Accepted 2 spans and 1 relation; 1 left as suggestions")
    assert "SOURCE" in said and "“Officials”" in said and "“the border was closed”" in said
    assert "span " not in said.replace("spans", "")  # no "span 773"
    assert notice.get_attribute("data-kind") == "info"
    assert page.inner_text("#notice-said") == said
    assert page.inner_text("#notice-alarm") == ""
