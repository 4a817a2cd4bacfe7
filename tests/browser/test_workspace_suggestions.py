"""Suggestions in the workspace: drawn apart from the layer, accepted and rejected by key,
accepted a sentence at a time, and hidden where the project says so."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from annotator.models import SuggestionRejection
from annotator.services.accounts.project_admin import edit_project
from annotator.services.assist.predicting import predict_documents
from tests.browser.browser_helpers import select_text, units

pytestmark = pytest.mark.server

# An emoji first, so that code points and the page's code units differ from the start.
TEXT = (
    "Analysts 👀 expect more talks. "
    "Officials said the border was closed. "
    "The ministry denied that troops had moved."
)
SHOWN = "#text .seg--suggested"
# Each suggestion drawn: its outline's style, its tag and its hover text, per segment.
SEGMENTS_JS = """() => [...document.querySelectorAll('#text .seg--suggested')].map((seg) => ({
  s: Number(seg.dataset.s), text: seg.textContent, ids: seg.dataset.suggestions,
  top: getComputedStyle(seg).borderTopStyle, left: getComputedStyle(seg).borderLeftStyle,
  tag: seg.dataset.sugTags || null, title: seg.title,
  underlined: seg.classList.contains('seg--span'),
}))"""


@pytest.fixture
def world(session: Any, make_world: Any) -> Any:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt", {"title": "News"}))
    # The real path: the attribution rules write the suggestions layer (no model trained).
    predict_documents(session, world.project)
    session.commit()
    return world


def suggestions(api: Any, world: Any) -> dict[str, Any]:
    return api.get(f"/documents/{world.doc.id}/suggestions")


def by_text(layer: dict[str, Any], text: str) -> dict[str, Any]:
    return next(s for s in layer["spans"] if s["text"] == text)


def selected(page: Any) -> str | None:
    return page.evaluate("() => window.annotatorWorkspace.suggestions.selected")


def test_suggestions_are_drawn_apart_dashed_with_their_score_on_hover(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    offered = suggestions(api, world)
    assert {s["text"] for s in offered["spans"]} >= {"Officials", "said", "the border was closed"}
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector(SHOWN)
    drawn = page.evaluate(SEGMENTS_JS)
    assert {d["text"] for d in drawn} == {s["text"] for s in offered["spans"]}
    assert all(d["top"] == "dashed" and not d["underlined"] for d in drawn)
    officials = by_text(offered, "Officials")
    segment = next(d for d in drawn if d["text"] == "Officials")
    # Offsets on the page are code units: after the emoji they are one more than code points.
    assert segment["s"] == units(TEXT, officials["start"]) == officials["start"] + 1
    assert segment["left"] == "dashed" and segment["tag"] == "SOURCE"
    score = f"{officials['score']:.2f}"
    assert segment["title"] == f"Suggested SOURCE · score {score} · model rules"
    page.hover(f"#text .seg--suggested[data-s='{segment['s']}']")
    assert page.get_attribute(f"#text .seg[data-s='{segment['s']}']", "title").endswith(
        "model rules"
    )
    # Never part of the annotator's layer: nothing is saved, the page's layer is empty.
    assert api.layer(world.doc.id)["spans"] == []
    assert page.evaluate("() => window.annotatorWorkspace.store.spans.size") == 0
    assert page.inner_text("#suggestion-count").startswith(f"{len(offered['spans'])} shown")


def test_a_suggestion_accepted_by_key_is_a_span_that_remembers_its_provenance(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    offered = suggestions(api, world)
    first = min(offered["spans"], key=lambda s: (s["start"], -s["end"]))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector(SHOWN)
    page.keyboard.press(".")  # the first suggestion in reading order
    assert selected(page) == f"g{first['id']}"
    assert page.inner_text("#suggestion-details").count(first["label"]) >= 1
    page.keyboard.press("Enter")
    tab.wait_saved()
    (span,) = api.layer(world.doc.id)["spans"]
    assert (span["label"], span["start"], span["end"]) == (
        first["label"],
        first["start"],
        first["end"],
    )
    assert span["suggested"] == {"model": "rules", "score": first["score"]}
    # Drawn as a span of the layer now, its suggestion no longer; the next one is selected.
    start = units(TEXT, first["start"])
    assert page.locator(f"#text .seg--span[data-s='{start}']").count() == 1
    assert page.locator(f"#text .seg--suggested[data-s='{start}']").count() == 0
    assert selected(page) not in (None, f"g{first['id']}")
    # Undo takes the span away again, and the suggestion is back on offer.
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert api.layer(world.doc.id)["spans"] == []
    page.wait_for_selector(f"#text .seg--suggested[data-s='{start}']")


def test_a_suggestion_rejected_by_key_is_gone_for_good_and_recorded(
    world: Any, session: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    claim = by_text(suggestions(api, world), "the border was closed")
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector(SHOWN)
    start = units(TEXT, claim["start"])
    page.click(f"#text .seg--suggested[data-s='{start}']")
    assert selected(page) == f"g{claim['id']}"
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert page.locator(f"#text .seg--suggested[data-s='{start}']").count() == 0
    # Said, with the way back: the suggestion only disappears from the text.
    said = page.inner_text("#notice-said")
    assert "Rejected the CLAIM suggestion (Ctrl+Z brings it back)" in said
    assert "the border was closed" not in {s["text"] for s in suggestions(api, world)["spans"]}
    assert api.layer(world.doc.id)["spans"] == []
    session.rollback()  # end the test's read transaction: see what the server committed
    (row,) = session.query(SuggestionRejection).all()
    assert (row.user_id, row.label, row.start, row.model) == (
        world.alice.id,
        "CLAIM",
        claim["start"],
        "rules",
    )
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    page.wait_for_selector(SHOWN)
    assert page.locator(f"#text .seg--suggested[data-s='{start}']").count() == 0


def test_a_rejection_is_undone_by_ctrl_z_and_redone_by_ctrl_shift_z(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """A Delete pressed by mistake on a suggestion: Ctrl+Z brings it back, on the page and
    on the server, rather than undoing the edit before it (here: an accepted suggestion)."""
    api = api_as(world.tokens["alice"])
    offered = suggestions(api, world)
    claim = by_text(offered, "the border was closed")
    officials = by_text(offered, "Officials")
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector(SHOWN)
    page.click(f"#text .seg--suggested[data-s='{units(TEXT, officials['start'])}']")
    page.keyboard.press("Enter")  # an edit before the rejection
    tab.wait_saved()
    start = units(TEXT, claim["start"])
    page.click(f"#text .seg--suggested[data-s='{start}']")
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert page.locator(f"#text .seg--suggested[data-s='{start}']").count() == 0
    page.keyboard.press("Control+z")
    tab.wait_saved()
    assert selected(page) == f"g{claim['id']}"
    assert page.locator(f"#text .seg--suggested[data-s='{start}']").count() == 1
    shown = suggestions(api, world)
    assert by_text(shown, "the border was closed")["id"] == claim["id"]
    assert len(shown["relations"]) == len(offered["relations"])  # its relations came back too
    assert [s["text"] for s in api.layer(world.doc.id)["spans"]] == ["Officials"]  # kept
    page.keyboard.press("Control+Shift+z")
    tab.wait_saved()
    assert page.locator(f"#text .seg--suggested[data-s='{start}']").count() == 0
    assert "the border was closed" not in {s["text"] for s in suggestions(api, world)["spans"]}


def test_shift_enter_accepts_the_sentences_suggestions_with_their_relations(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    offered = suggestions(api, world)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector(SHOWN)
    page.keyboard.press("j")  # the sentence "Officials said the border was closed."
    page.keyboard.press("Shift+Enter")
    tab.wait_saved()
    layer = api.layer(world.doc.id)
    texts = sorted(s["text"] for s in layer["spans"])
    assert texts == ["Officials", "said", "the border was closed"]
    assert all(s["sentence"] == 1 and s["suggested"]["model"] == "rules" for s in layer["spans"])
    assert sorted(r["type"] for r in layer["relations"]) == ["ATTRIBUTED_TO", "CUED_BY"]
    # The relations are arcs like any other; the other sentence's suggestions stay on offer.
    page.wait_for_function(
        "() => document.querySelectorAll('#text .arc[role=\"button\"]').length === 2",
        timeout=10_000,
    )
    left = {d["text"] for d in page.evaluate(SEGMENTS_JS)}
    assert left == {s["text"] for s in offered["spans"] if s["sentence"] == 2}
    assert "Accepted 3 spans and 2 relations" in page.inner_text("#notice")


@dataclass(frozen=True)
class AcceptedRelation:
    """Alice's workspace just after she accepted a suggested relation from its claim's panel."""

    api: Any
    tab: Any
    page: Any
    claim: dict[str, Any]
    relation: dict[str, Any]


@pytest.fixture
def accepted_relation(world: Any, open_tab: Any, api_as: Any) -> AcceptedRelation:
    """Select the suggested claim "troops had moved" and accept, from its panel, the
    suggested relation to its source "The ministry"; wait until it is saved."""
    api = api_as(world.tokens["alice"])
    offered = suggestions(api, world)
    claim = by_text(offered, "troops had moved")
    source = by_text(offered, "The ministry")
    relation = next(
        r for r in offered["relations"] if (r["from"], r["to"]) == (claim["id"], source["id"])
    )
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector(SHOWN)
    page.click(f"#text .seg--suggested[data-s='{units(TEXT, claim['start'])}']")
    assert selected(page) == f"g{claim['id']}"
    page.click(f"#suggestion-details button[data-relation='{relation['id']}']")
    tab.wait_saved()
    return AcceptedRelation(api, tab, page, claim, relation)


def test_a_suggested_relation_is_accepted_from_the_panel_with_its_spans(
    world: Any, accepted_relation: AcceptedRelation
) -> None:
    api, page = accepted_relation.api, accepted_relation.page
    layer = api.layer(world.doc.id)
    assert sorted(s["text"] for s in layer["spans"]) == ["The ministry", "troops had moved"]
    assert all(s["suggested"]["model"] == "rules" for s in layer["spans"])
    assert [r["type"] for r in layer["relations"]] == ["ATTRIBUTED_TO"]
    page.wait_for_function(
        "() => document.querySelectorAll('#text .arc[role=\"button\"]').length === 1",
        timeout=10_000,
    )
    page.keyboard.press("Control+z")  # one undo takes the relation and both spans back
    accepted_relation.tab.wait_saved()
    assert api.layer(world.doc.id)["spans"] == []


def test_after_a_relation_is_accepted_its_spans_are_no_longer_offered_as_selected(
    world: Any, accepted_relation: AcceptedRelation
) -> None:
    """The suggestion selected when its relation was accepted is a span of the layer now: it
    is no longer selected, and Enter no longer offers to accept it again (it answered "the
    layer already has this span" and the panel kept its Accept and Reject buttons)."""
    api, page, claim = accepted_relation.api, accepted_relation.page, accepted_relation.claim
    assert len(api.layer(world.doc.id)["relations"]) == 1
    page.wait_for_function(
        f"() => window.annotatorWorkspace.suggestions.selected !== 'g{claim['id']}'"
    )
    now = selected(page)
    assert now is None or page.evaluate(
        f"() => window.annotatorWorkspace.suggestions.visible({now!r})"
    )
    before = len(api.layer(world.doc.id)["spans"])
    page.keyboard.press("Enter")
    accepted_relation.tab.wait_saved()
    assert "already has" not in page.inner_text("#notice")
    assert len(api.layer(world.doc.id)["spans"]) == before + (1 if now else 0)


@pytest.mark.parametrize("mode", ["off", "after_done"])
def test_suggestions_are_hidden_where_the_project_says_so(
    world: Any, session: Any, open_tab: Any, api_as: Any, mode: str
) -> None:
    edit_project(
        session, world.project, None, schema=dict(world.project.schema) | {"suggestions": mode}
    )
    session.commit()
    api = api_as(world.tokens["alice"])
    assert suggestions(api, world)["hidden"]
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    hidden = page.inner_text("#suggestions-hidden")
    assert hidden.startswith("Hidden:")
    assert page.locator(SHOWN).count() == 0
    page.keyboard.press(".")
    page.keyboard.press("Shift+Enter")
    tab.wait_saved()
    assert page.locator(SHOWN).count() == 0 and api.layer(world.doc.id)["spans"] == []
    page.click("#mark-done")
    tab.wait_saved()
    if mode == "after_done":  # a second pass, after an unaided first one: once reopened
        page.wait_for_selector("#suggestions-paused")
        assert page.locator(SHOWN).count() == 0
        assert page.locator("#suggestions-hidden").count() == 0
        page.click("#mark-reopen")
        tab.wait_saved()
        page.wait_for_selector(SHOWN)
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    if mode == "off":
        assert page.locator(SHOWN).count() == 0
        assert "turned off" in page.inner_text("#suggestions-hidden")
    else:
        page.wait_for_selector(SHOWN)
        assert page.locator("#suggestions-hidden").count() == 0


def test_the_span_panel_says_which_model_suggested_an_accepted_span_and_how_sure_it_was(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    first = min(suggestions(api, world)["spans"], key=lambda s: (s["start"], -s["end"]))
    said = f"From an accepted suggestion: score {first['score']:.2f} · model rules"
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector(SHOWN)
    page.keyboard.press(".")
    page.keyboard.press("Enter")
    tab.wait_saved()
    start = units(TEXT, first["start"])
    page.keyboard.press("Escape")
    page.click(f"#text .seg--span[data-s='{start}']")
    assert page.inner_text("#span-provenance") == said
    # After a reload the page knows it from the server's answer alone.
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.click(f"#text .seg--span[data-s='{start}']")
    assert page.inner_text("#span-provenance") == said
    # A span drawn by hand says nothing of the kind.
    page.keyboard.press("Escape")
    words = "the ministry denied"
    at = TEXT.lower().index(words)
    select_text(page, units(TEXT, at), units(TEXT, at + len(words)))
    page.keyboard.press("c")
    tab.wait_saved()
    assert page.locator("#span-details").is_visible()
    assert page.locator("#span-provenance").count() == 0


def test_a_suggestion_overlapping_a_span_of_its_label_is_not_offered(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """The annotator marked the claim with its full stop: the rules' claim without it is the
    same claim, and offering it (Enter made a second, overlapping CLAIM) only invites a copy.
    A suggestion of another label inside it is still offered."""
    api = api_as(world.tokens["alice"])
    offered = suggestions(api, world)
    claim, source = by_text(offered, "the border was closed"), by_text(offered, "Officials")
    mine = {"label": "CLAIM", "start": claim["start"], "end": claim["end"] + 1}
    api.write("POST", f"/documents/{world.doc.id}/spans", mine)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.wait_for_selector(SHOWN)
    keys = page.evaluate("() => window.annotatorWorkspace.suggestions.ordered().map((s) => s.key)")
    assert f"g{claim['id']}" not in keys and f"g{source['id']}" in keys
    drawn = {segment["ids"] for segment in page.evaluate(SEGMENTS_JS)}
    assert not any(str(claim["id"]) in (ids or "").split() for ids in drawn)
    # Deleting the annotator's claim offers the suggestion again.
    (span,) = [s for s in api.layer(world.doc.id)["spans"] if s["label"] == "CLAIM"]
    gone = api.http.delete(f"{api.server.url}/api/v1/spans/{span['id']}", timeout=20)
    assert gone.status_code == 204, gone.text
    page.reload()
    page.wait_for_selector("#workspace[data-ready='true']")
    keys = page.evaluate("() => window.annotatorWorkspace.suggestions.ordered().map((s) => s.key)")
    assert f"g{claim['id']}" in keys
