"""A link is said once the server has taken it, and a refused one says why, never "made".

Found in use: the workspace said "ATTRIBUTED_TO link made: …" (and "Accepted: … and its
ATTRIBUTED_TO link …") as the key was pressed, before the server had answered; a refusal
(one more than max_per_source, the layer changed in another tab) then followed as "Not
linked", contradicting it. The same for accepting a suggested relation, which said nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."
REGIONS_JS = """() => Object.fromEntries(['announce', 'notice-said', 'notice-alarm', 'notice']
  .map((id) => [id, document.getElementById(id).textContent]))"""


def regions(page: Any) -> dict[str, str]:
    return page.evaluate(REGIONS_JS)


def wait_words(page: Any, region: str, words: str) -> None:
    page.wait_for_function(
        f"(w) => document.getElementById('{region}').textContent.trim() === w",
        arg=words,
        timeout=10_000,
    )


def spans(
    api: Any, doc: int, sources: tuple[str, ...] = ("Officials", "The ministry")
) -> dict[str, int]:
    """The claim and the sources of the test's text, written through the API."""
    made = {}
    for label, words in (("CLAIM", "the border was closed"), *(("SOURCE", w) for w in sources)):
        start = TEXT.index(words)
        body = {"label": label, "start": start, "end": start + len(words)}
        made[words] = api.write("POST", f"/documents/{doc}/spans", body)["id"]
    return made


def held(page: Any, method: str, path_part: str) -> list[Any]:
    """Hold the page's requests of ``method`` to a path holding ``path_part`` until released:
    what is said meanwhile is said before the server answered."""
    routes: list[Any] = []

    def hold(route: Any) -> None:
        if route.request.method == method and path_part in route.request.url:
            routes.append(route)
        else:
            route.continue_()

    page.route("**/api/v1/**", hold)
    return routes


def link_from_claim(page: Any) -> None:
    page.locator("#text .seg--span", has_text="the border was closed").first.click()
    page.keyboard.press("l")
    page.keyboard.press("Enter")  # the nearest candidate: SOURCE "Officials"


def test_a_link_is_said_only_once_the_server_took_it(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    spans(api, world.doc.id)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    routes = held(page, "POST", "/relations")
    link_from_claim(page)
    page.wait_for_function("() => window.annotatorWorkspace.api.pending() === 1")
    assert len(routes) == 1
    assert "link made" not in regions(page)["announce"]  # drawn, but not yet said
    routes[0].continue_()
    wait_words(
        page,
        "announce",
        "ATTRIBUTED_TO link made: CLAIM “the border was closed” to SOURCE “Officials”.",
    )
    tab.wait_saved()
    assert [r["type"] for r in api.layer(world.doc.id)["relations"]] == ["ATTRIBUTED_TO"]


def test_a_refused_link_says_why_and_never_that_it_was_made(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    api = api_as(world.tokens["alice"])
    made = spans(api, world.doc.id)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    # Meanwhile, in another tab: the claim's one ATTRIBUTED_TO, to the ministry.
    api.write(
        "POST",
        f"/documents/{world.doc.id}/relations",
        {
            "type": "ATTRIBUTED_TO",
            "from": made["the border was closed"],
            "to": made["The ministry"],
        },
    )
    # Everything the polite region says from now on.
    page.evaluate(
        """() => { const box = document.getElementById('announce'); window.heardWords = [];
          new MutationObserver(() => window.heardWords.push(box.textContent))
            .observe(box, { childList: true, characterData: true, subtree: true }); }"""
    )
    link_from_claim(page)
    page.wait_for_function(
        "() => document.getElementById('notice-alarm').textContent.startsWith('Not linked: ')",
        timeout=10_000,
    )
    words = regions(page)
    assert "max_per_source" in words["notice-alarm"] or "at most" in words["notice-alarm"], words
    assert words["notice-alarm"].endswith(".") and words["notice"] == words["notice-alarm"]
    said = page.evaluate("() => window.heardWords")
    assert not any("link made" in w for w in said), said
    # The link the page drew is gone again; the layer holds the other tab's only.
    page.wait_for_function(
        "() => window.annotatorWorkspace.store.relations.size === 0", timeout=10_000
    )
    assert len(api.layer(world.doc.id)["relations"]) == 1


@pytest.fixture
def suggested(session: Any, make_world: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    predict_documents(session, world.project)  # the attribution rules' suggestions
    session.commit()
    return world


def select_claim_suggestion(page: Any) -> None:
    page.wait_for_selector("#text .seg--suggested")
    key = page.evaluate(
        "() => [...window.annotatorWorkspace.suggestions.spans.values()]"
        ".find((s) => s.label === 'CLAIM').key"
    )
    page.evaluate("(k) => window.annotatorWorkspace.selectSuggestion(k)", key)


def test_an_accepted_suggested_link_is_said_once_answered(
    suggested: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(suggested.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{suggested.doc.id}")
    select_claim_suggestion(page)
    routes = held(page, "POST", "/suggestions/relations/")
    page.click("#suggestion-panel button:text('accept with its spans') >> nth=0")
    page.wait_for_function("() => window.annotatorWorkspace.api.pending() === 1")
    assert "accepted" not in regions(page)["notice"]
    routes[0].continue_()
    wait_words(
        page,
        "notice",
        "ATTRIBUTED_TO link accepted: CLAIM “the border was closed” to SOURCE “Officials”.",
    )
    tab.wait_saved()
    assert [r["type"] for r in api.layer(suggested.doc.id)["relations"]] == ["ATTRIBUTED_TO"]


def test_a_refused_suggested_link_says_why(suggested: Any, open_tab: Any, api_as: Any) -> None:
    api = api_as(suggested.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{suggested.doc.id}")
    select_claim_suggestion(page)
    # Meanwhile, in another tab: the claim, attributed to the ministry.
    made = spans(api, suggested.doc.id)
    api.write(
        "POST",
        f"/documents/{suggested.doc.id}/relations",
        {
            "type": "ATTRIBUTED_TO",
            "from": made["the border was closed"],
            "to": made["The ministry"],
        },
    )
    page.click("#suggestion-panel button:text('accept with its spans') >> nth=0")
    page.wait_for_function(
        "() => document.getElementById('notice-alarm').textContent.startsWith('Not linked: ')",
        timeout=10_000,
    )
    assert "accepted" not in regions(page)["notice"]
    assert len(api.layer(suggested.doc.id)["relations"]) == 1


def test_a_span_accept_says_the_links_the_server_made_and_why_not_the_others(
    suggested: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(suggested.tokens["alice"])
    made = spans(api, suggested.doc.id, ("The ministry",))  # "Officials" is suggested only
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{suggested.doc.id}")
    # Meanwhile, in another tab: the claim's one ATTRIBUTED_TO, to the ministry.
    api.write(
        "POST",
        f"/documents/{suggested.doc.id}/relations",
        {
            "type": "ATTRIBUTED_TO",
            "from": made["the border was closed"],
            "to": made["The ministry"],
        },
    )
    page.wait_for_selector("#text .seg--suggested")
    key = page.evaluate(
        "() => [...window.annotatorWorkspace.suggestions.spans.values()]"
        ".find((s) => s.label === 'SOURCE' && s.start === 0).key"
    )
    page.evaluate("(k) => window.annotatorWorkspace.selectSuggestion(k)", key)
    routes = held(page, "POST", "/accept")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.annotatorWorkspace.api.pending() === 1")
    assert "Accepted" not in regions(page)["notice"]
    routes[0].continue_()
    page.wait_for_function(
        "(w) => document.getElementById('notice').textContent.startsWith(w)",
        arg="Accepted: a SOURCE span.",
        timeout=10_000,
    )
    words = regions(page)["notice"]
    assert words.startswith("Accepted: a SOURCE span. Not linked: "), words
    assert "link to" not in words
    tab.wait_saved()
    layer = api.layer(suggested.doc.id)
    assert len(layer["relations"]) == 1
