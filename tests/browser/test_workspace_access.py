"""Who sees what in the workspace, and text that looks like markup stays text."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units
from tests.extras import need

requests = need("requests")

pytestmark = pytest.mark.server

HOSTILE = (
    'Officials said <script>window.__pwned = "script"</script> nothing. '
    "<img src=x onerror=\"window.__pwned = 'img'\"> was posted. "
    "<b onmouseover=alert(1)>Bold</b> &amp; claims."
)


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        doc=(HOSTILE, "hostile.txt", {"title": "<i>Hostile</i>"}),
    )


def post_span(server: Any, token: dict, document_id: int, words: str, label: str) -> dict:
    start = HOSTILE.index(words)
    response = requests.post(
        f"{server.url}/api/v1/documents/{document_id}/spans",
        json={"label": label, "start": start, "end": start + len(words)},
        headers=token,
        timeout=20,
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_markup_in_the_text_is_shown_as_text_and_runs_nothing(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#text script, #text img, #text b").count() == 0
    drawn = "[...document.querySelectorAll('#text .sent__text')].map(e => e.textContent).join('')"
    assert page.evaluate(drawn) == "".join(HOSTILE[s.start : s.end] for s in world.doc.sentences)
    assert page.text_content("h1") == "<i>Hostile</i>"
    # A span over the markup is stored with exactly that text.
    words = "<img src=x onerror=\"window.__pwned = 'img'\">"
    start = HOSTILE.index(words)
    select_text(page, units(HOSTILE, start), units(HOSTILE, start + len(words)))
    page.keyboard.press("c")
    tab.wait_saved()
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    assert page.evaluate("window.__pwned") is None
    (span,) = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert span["text"] == words
    csp = page.evaluate(
        "async () => (await fetch(location.href, {signal: AbortSignal.timeout(10000)}))"
        ".headers.get('content-security-policy')"
    )
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_an_annotator_cannot_reach_another_annotators_layer(
    world: Any, open_tab: Any, server: Any, api_as: Any
) -> None:
    post_span(server, world.tokens["bob"], world.doc.id, "Officials", "SOURCE")
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    # Her own page shows her (empty) layer, nothing of bob's.
    assert page.locator("#text .seg--span").count() == 0
    for query in ("?annotator=bob", "?layer=gold", "?annotator=gold"):
        response = page.goto(f"{server.url}/projects/demo/documents/{world.doc.id}{query}")
        assert response.status == 403, query
        assert "Officials" not in page.content()
    tab.open(f"/projects/demo/documents/{world.doc.id}")
    status = page.evaluate(
        """async (id) => {
          const r = await fetch(`/api/v1/documents/${id}/annotations?annotator=bob`,
            {signal: AbortSignal.timeout(10000)});
          return [r.status, await r.text()];
        }""",
        world.doc.id,
    )
    assert status[0] == 403 and "Officials" not in status[1]
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["spans"] == []


def test_reviewers_read_a_layer_read_only_and_edit_gold(
    world: Any, open_tab: Any, server: Any, api_as: Any
) -> None:
    post_span(server, world.tokens["bob"], world.doc.id, "Officials", "SOURCE")
    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}?annotator=bob")
    assert "read-only" in page.text_content(".layer-badge")
    tags = page.eval_on_selector_all("#text .seg[data-tags]", "e => e.map(x => x.dataset.tags)")
    assert tags == ["SOURCE"]
    start = HOSTILE.index("nothing")
    select_text(page, units(HOSTILE, start), units(HOSTILE, start + 7))
    page.keyboard.press("c")  # nothing happens in a read-only layer
    page.locator("#text .seg--span").first.click()
    page.keyboard.press("Delete")
    tab.wait_saved()
    rita = api_as(world.tokens["rita"])
    assert [s["text"] for s in rita.layer(world.doc.id, "bob")["spans"]] == ["Officials"]
    # The gold layer is hers to edit.
    page = tab.open(f"/projects/demo/documents/{world.doc.id}?layer=gold")
    assert "Gold layer" in page.text_content(".layer-badge")
    select_text(page, units(HOSTILE, start), units(HOSTILE, start + 7))
    page.keyboard.press("c")
    tab.wait_saved()
    assert [s["text"] for s in rita.layer(world.doc.id, "gold")["spans"]] == ["nothing"]
    assert [s["text"] for s in rita.layer(world.doc.id, "bob")["spans"]] == ["Officials"]


def test_a_note_and_the_unsure_flag_reach_the_reviewer(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    alice = open_tab("alice")
    page = alice.open(f"/projects/demo/documents/{world.doc.id}")
    page.fill("#note-text", "Is <script> a <b>source</b>?")
    page.check("#note-unsure")
    page.wait_for_selector("#note-state[data-state='saved']", timeout=10_000)
    notes = api_as(world.tokens["rita"]).get(f"/documents/{world.doc.id}/notes")["notes"]
    assert [(n["annotator"], n["note"], n["unsure"]) for n in notes] == [
        ("alice", "Is <script> a <b>source</b>?", True)
    ]
    rita = open_tab("rita")
    page = rita.open(f"/projects/demo/documents/{world.doc.id}?annotator=alice")
    page.wait_for_selector("#notes .note")
    assert page.text_content("#notes .note__text") == "Is <script> a <b>source</b>?"
    assert "unsure" in page.text_content("#notes .note")
    assert page.locator("#notes b, #notes script").count() == 0
