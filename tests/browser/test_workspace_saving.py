"""Saving you can trust: the indicator, retries without duplicates, stale tabs get 409."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."

WATCH_STATES = """() => {
  window.__states = [];
  const box = document.getElementById('save-state');
  new MutationObserver(() => window.__states.push(box.dataset.state))
    .observe(box, { attributes: true, attributeFilter: ['data-state'] });
}"""


@pytest.fixture
def world(make_world: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    strict = copy.deepcopy(SEED_SCHEMA) | {"allow_overlap": False}
    world.strict_project = make_project("strict", schema=strict)
    world.strict_doc = make_document(world.strict_project, TEXT, external_id="strict.txt")
    assign(world.strict_doc, world.alice)
    return world


def span_on(page: Any, words: str, key: str) -> None:
    start = TEXT.index(words)
    select_text(page, units(TEXT, start), units(TEXT, start + len(words)))
    page.keyboard.press(key)


def test_a_write_whose_answer_is_lost_is_retried_without_a_duplicate(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.evaluate(WATCH_STATES)
    attempts: list[dict[str, Any]] = []

    def lose_first_answer(route: Any) -> None:
        request = route.request
        attempts.append({"key": request.headers.get("idempotency-key")})
        if len(attempts) == 1:
            answer = route.fetch()  # the server applies the write ...
            attempts[0]["status"] = answer.status
            route.abort("connectionreset")  # ... and the answer never arrives
        else:
            route.continue_()

    page.route("**/api/v1/documents/*/spans*", lose_first_answer)
    replays: list[str] = []
    page.on(
        "response",
        lambda r: (
            replays.append(r.headers.get("idempotent-replayed", "")) if "/spans" in r.url else None
        ),
    )
    span_on(page, "the border was closed", "c")
    tab.wait_saved()
    assert len(attempts) == 2 and attempts[0]["status"] == 201
    assert attempts[0]["key"] and attempts[0]["key"] == attempts[1]["key"]
    assert replays == ["true"]
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert [(s["label"], s["text"]) for s in spans] == [("CLAIM", "the border was closed")]
    states = page.evaluate("window.__states")
    assert "saving" in states and "retrying" in states and states[-1] == "saved"
    assert page.text_content("#save-state") == "Saved"
    # The page knows the span's id from the replayed answer: relabelling it works.
    page.keyboard.press("s")
    tab.wait_saved()
    spans = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert [s["label"] for s in spans] == ["SOURCE"]
    # The browser logs the connection reset this test made on purpose.
    tab.errors[:] = [e for e in tab.errors if "ERR_CONNECTION_RESET" not in e]


def test_a_refused_write_shows_failed_and_is_undone_on_the_page(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/strict/documents/{world.strict_doc.id}")
    span_on(page, "the border was closed", "c")
    span_on(page, "border", "q")  # this project refuses overlapping spans: 422
    tab.wait_saved()
    assert page.get_attribute("#save-state", "data-state") == "failed"
    assert "overlap" in page.text_content("#save-state")
    assert page.locator("#text .seg[data-tags]").count() == 1
    spans = api_as(world.tokens["alice"]).layer(world.strict_doc.id)["spans"]
    assert [s["text"] for s in spans] == ["the border was closed"]


def two_tabs_on_one_span(world: Any, open_tab: Any) -> tuple[Any, Any, Any, Any]:
    """Alice's two tabs on one document: A made a span, B has it selected at version 1."""
    first = open_tab("alice")
    page_a = first.open(f"/projects/demo/documents/{world.doc.id}")
    span_on(page_a, "the border was closed", "c")
    first.wait_saved()
    second = open_tab("alice")
    page_b = second.open(f"/projects/demo/documents/{world.doc.id}")
    page_b.locator("#text .seg--span").first.click()  # tab B holds version 1
    return first, page_a, second, page_b


def test_a_stale_tab_gets_409_and_reloads_that_span(world: Any, open_tab: Any, api_as: Any) -> None:
    first, page_a, second, page_b = two_tabs_on_one_span(world, open_tab)
    page_a.keyboard.press("s")  # tab A relabels it: version 2
    first.wait_saved()
    conflicts: list[int] = []
    page_b.on("response", lambda r: conflicts.append(r.status) if r.status == 409 else None)
    page_b.keyboard.press("q")  # tab B's edit is stale
    second.wait_saved()
    page_b.wait_for_function(
        "() => document.querySelector('#text .seg[data-tags]').dataset.tags === 'SOURCE'"
    )
    assert conflicts == [409]
    assert "changed elsewhere" in page_b.text_content("#notice")
    (span,) = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert (span["label"], span["version"]) == ("SOURCE", 2)


def test_a_write_refused_as_stale_stays_on_show_with_a_reload_that_recovers(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    first, page_a, second, page_b = two_tabs_on_one_span(world, open_tab)
    assert page_b.locator("#stale").is_hidden()
    page_a.keyboard.press("s")
    span_on(page_a, "The ministry", "s")  # a change tab B has not seen at all
    first.wait_saved()
    page_b.keyboard.press("q")  # refused: 409
    second.wait_saved()
    stale = page_b.locator("#stale")
    stale.wait_for(state="visible")
    # In the page's words: no span id, no versions.
    said = "Not saved: this span was changed elsewhere (another tab, or a reviewer)."
    assert said in stale.inner_text()
    assert "reload" in stale.inner_text()
    assert page_b.get_attribute("#save-state", "data-state") == "failed"
    # Unlike a passing notice it is still there a while later, until the page is reloaded.
    page_b.wait_for_timeout(9000)
    assert stale.is_visible()
    with page_b.expect_navigation():
        page_b.click("#stale-reload")
    page_b.wait_for_selector("#workspace[data-ready='true']")
    assert page_b.locator("#stale").is_hidden()
    tags = page_b.eval_on_selector_all(
        "#text .seg[data-tags]", "segs => segs.map(s => s.dataset.tags)"
    )
    assert tags == ["SOURCE", "SOURCE"]


SELECTED_SPAN = """() => {
  const w = window.annotatorWorkspace;
  const span = w.view.selected && w.store.spans.get(w.view.selected);
  return span ? { id: span.id, label: span.label, version: span.version,
                  attributes: span.attributes, count: w.store.spans.size } : null;
}"""


def test_a_span_another_tab_made_meanwhile_is_selected_not_made_twice(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """The page did not know the span (another tab made it): the server refuses the copy
    (409 naming it), and the page selects that span, as it does one it knew of."""
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    api = api_as(world.tokens["alice"])
    start = TEXT.index("the border was closed")
    body = {"label": "CLAIM", "start": start, "end": start + len("the border was closed")}
    made = api.write(
        "POST",
        f"/documents/{world.doc.id}/spans",
        body | {"attributes": {"claimer": "REPORTED"}},
    )
    conflicts: list[int] = []
    page.on("response", lambda r: conflicts.append(r.status) if r.status == 409 else None)
    span_on(page, "the border was closed", "c")
    tab.wait_saved()
    # The page selects the span at once, then reads its attributes and version from the
    # server: wait for both.
    loaded = f"s?.id === {made['id']} && s.version === 1"
    page.wait_for_function(f"() => {{ const s = ({SELECTED_SPAN})(); return {loaded}; }}")
    assert conflicts == [409]
    assert page.evaluate(SELECTED_SPAN) == {
        "id": made["id"],
        "label": "CLAIM",
        "version": 1,
        "attributes": {"claimer": "REPORTED"},
        "count": 1,
    }
    assert "already" in page.text_content("#notice")
    # Nothing was lost: no "Not saved", and the span is the page's to change.
    assert page.get_attribute("#save-state", "data-state") == "saved"
    assert page.locator("#stale").is_hidden()
    page.keyboard.press("s")
    tab.wait_saved()
    (span,) = api.layer(world.doc.id)["spans"]
    assert (span["id"], span["label"]) == (made["id"], "SOURCE")
    # Undo takes back the relabelling, not the span the other tab made.
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")
    tab.wait_saved()
    (span,) = api.layer(world.doc.id)["spans"]
    assert (span["id"], span["label"]) == (made["id"], "CLAIM")


def test_every_write_carries_the_csrf_header_and_an_idempotency_key(
    world: Any, open_tab: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    writes: list[dict[str, str]] = []
    page.on(
        "request",
        lambda r: (
            writes.append({"method": r.method, **r.headers})
            if r.method != "GET" and "/api/" in r.url
            else None
        ),
    )
    span_on(page, "Officials", "s")
    page.keyboard.press("Escape")  # the SOURCE span lets go: the digit is the sentence's
    page.keyboard.press("1")
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert len(writes) == 3
    for write in writes:
        assert write.get("x-csrftoken"), json.dumps(write)
        assert write.get("idempotency-key"), json.dumps(write)
    assert len({w["idempotency-key"] for w in writes}) == 3


def test_a_stale_tabs_edit_of_a_deleted_span_is_refused_not_made_to_a_new_span(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """Tab A deletes the span tab B shows and makes another: the new span gets a new id (on
    SQLite it got the deleted one's, version 1 matching), so B's relabel changes nothing."""
    first = open_tab("alice")
    page_a = first.open(f"/projects/demo/documents/{world.doc.id}")
    span_on(page_a, "The ministry", "s")
    first.wait_saved()
    (gone,) = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    second = open_tab("alice")
    page_b = second.open(f"/projects/demo/documents/{world.doc.id}")
    page_b.locator("#text .seg--span").first.click()  # tab B holds the SOURCE, version 1
    page_a.keyboard.press("Delete")  # tab A still has it selected
    span_on(page_a, "the border was closed", "c")
    first.wait_saved()
    (new,) = api_as(world.tokens["alice"]).layer(world.doc.id)["spans"]
    assert new["id"] != gone["id"]
    refusals: list[int] = []
    page_b.on("response", lambda r: refusals.append(r.status) if "/spans/" in r.url else None)
    page_b.keyboard.press("q")  # tab B relabels the span it still shows
    second.wait_saved()
    assert refusals and refusals[0] in (404, 409)
    assert page_b.get_attribute("#save-state", "data-state") == "failed"
    # Said in the page's words (not "no span N", an id the page never shows), with Reload.
    assert "this span was removed elsewhere" in page_b.text_content("#save-state")
    page_b.locator("#stale").wait_for(state="visible", timeout=5_000)
    assert api_as(world.tokens["alice"]).layer(world.doc.id)["spans"] == [new]
    # Tab B reloaded the layer: it shows the new CLAIM, not the SOURCE.
    page_b.wait_for_function(
        "() => [...document.querySelectorAll('#text .seg[data-tags]')]"
        ".map(s => s.dataset.tags).join() === 'CLAIM'"
    )
    # The browser logs the refused request's status.
    second.errors[:] = [e for e in second.errors if "404" not in e and "409" not in e]
