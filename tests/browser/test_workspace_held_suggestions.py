"""The workspace hides exactly the suggestions the server says the layer holds, and offers
one again when the span that held it is deleted on the page.

"Held" is the server's rule (services/assist/held.py); the page applies it again to the layer
as it changes without a reload (static/js/suggestions.js). These tests hold the two together.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.assist.predicting import predict_documents

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied that troops had moved."
SHOWN_JS = """() => {
  const s = window.annotatorWorkspace.suggestions;
  return [...s.spans.values()].filter((span) => s.visible(span.key))
    .map((span) => span.id).sort((a, b) => a - b);
}"""
DRAWN = "#text .seg--suggested"


@pytest.fixture
def world(session: Any, make_world: Any) -> Any:
    world = make_world(
        {"alice": "annotator", "rita": "reviewer"}, doc=(TEXT, "news.txt", {"title": "News"})
    )
    predict_documents(session, world.project)  # the rules: the claims, their sources and cues
    session.commit()
    return world


def _listed(api: Any, world: Any, **query: Any) -> dict[str, Any]:
    return api.get(f"/documents/{world.doc.id}/suggestions", **query)


def _hold(api: Any, world: Any, layer: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
    """Draw, by the API, the rules' SOURCE "Officials" as it is and a CLAIM over part of
    "the border was closed": each holds its suggestion. Return the two suggestions."""
    offered = _listed(api, world)["spans"]
    source = next(s for s in offered if s["text"] == "Officials")
    claim = next(s for s in offered if s["text"] == "the border was closed")
    path = f"/documents/{world.doc.id}/spans" + (f"?layer={layer}" if layer else "")
    api.write("POST", path, {"label": "SOURCE", "start": source["start"], "end": source["end"]})
    border = TEXT.index("border")
    api.write("POST", path, {"label": "CLAIM", "start": border, "end": border + len("border")})
    return source, claim


def _not_held(api: Any, world: Any, **query: Any) -> list[int]:
    everything = _listed(api, world, include_held=1, **query)
    return sorted(s["id"] for s in everything["spans"] if not s["held"])


def test_the_page_hides_what_the_server_says_you_hold_and_offers_it_again_once_deleted(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    source, claim = _hold(api, world)
    listed = _listed(api, world)
    assert listed["held"]["spans"] == 2
    shown_by_server = sorted(s["id"] for s in listed["spans"])
    assert shown_by_server == _not_held(api, world)
    assert source["id"] not in shown_by_server and claim["id"] not in shown_by_server

    tab = open_tab("alice")
    asked: list[str] = []
    path = f"/api/v1/documents/{world.doc.id}/suggestions"
    tab.page.on("request", lambda r: asked.append(r.url.split(path)[1]) if path in r.url else None)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector(DRAWN)
    assert page.evaluate(SHOWN_JS) == shown_by_server
    # Read once, every one with the held: the page's preload is the address it reads.
    assert asked == ["?include_held=1"]
    drawn = set(page.locator(DRAWN).all_inner_texts())
    assert "Officials" not in drawn and "the border was closed" not in drawn

    # Deleting alice's SOURCE on the page offers the rules' again, with no reload: the page
    # read the held suggestions too.
    key = page.evaluate(
        "() => [...window.annotatorWorkspace.store.spans.values()]"
        ".find((span) => span.label === 'SOURCE').key"
    )
    page.evaluate("(key) => window.annotatorWorkspace.select(key)", key)
    page.keyboard.press("Delete")
    tab.wait_saved()
    page.wait_for_selector(f"{DRAWN}:has-text('Officials')")
    assert (
        page.evaluate(SHOWN_JS) == _not_held(api, world) == sorted([*shown_by_server, source["id"]])
    )


def test_gold_hides_what_gold_holds(world: Any, open_tab: Any, api_as: Any) -> None:
    rita = api_as(world.tokens["rita"])
    _hold(rita, world, layer="gold")
    shown_by_server = _not_held(rita, world, layer="gold")
    assert sorted(s["id"] for s in _listed(rita, world, layer="gold")["spans"]) == shown_by_server
    assert len(shown_by_server) == len(_listed(rita, world)["spans"]) - 2  # rita's own: none held
    page = open_tab("rita").open(f"/projects/demo/documents/{world.doc.id}?layer=gold")
    page.wait_for_selector(DRAWN)
    assert page.evaluate(SHOWN_JS) == shown_by_server
