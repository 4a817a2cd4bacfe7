"""Suggested sentence and document labels in the workspace: shown as suggestions with their
score where the annotator has no value, accepted by Enter or a click (with the model's
provenance, read back over the API), taken back with Ctrl+Z, ignored by choosing another."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.label_suggestions_world import build_label_world, suggest_stance

pytestmark = pytest.mark.server

HINT = ".label-suggestion[data-field='stance']"


@pytest.fixture
def world(
    session: Any,
    runner: Any,
    make_project: Any,
    make_document: Any,
    make_user: Any,
    make_token: Any,
    assign: Any,
) -> Any:
    world = build_label_world(session, make_project, make_document)
    world.alice = make_user("alice")
    assign(world.unseen, world.alice)
    world.token = make_token(world.alice)
    suggest_stance(runner)
    return world


def test_a_suggested_stance_is_shown_accepted_by_key_and_click_and_read_back(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.token)
    tab = open_tab("alice")
    page = tab.open(f"/projects/stance/documents/{world.unseen.id}")
    hint = page.locator(HINT)
    assert re.match(r"Suggested: FAVOR · score [01]\.\d\d · model 1\b", hint.inner_text())
    favor = page.locator("#sentence-fields .value.is-suggested")
    assert favor.inner_text().strip().endswith("FAVOR?")
    border = "() => getComputedStyle(document.querySelector('.value.is-suggested')).borderTopStyle"
    assert page.evaluate(border) == "dashed"

    page.keyboard.press("Enter")  # no span suggestion selected: the active field's value
    tab.wait_saved()
    assert page.locator(HINT).count() == 0
    assert page.locator("#sentence-fields .value.is-on").inner_text().strip().endswith("FAVOR")
    (label,) = api.layer(world.unseen.id)["sentence_labels"]
    assert (label["sentence"], label["value"], label["suggested"]["model"]) == (0, "FAVOR", 1)
    assert 0.5 < label["suggested"]["score"] <= 1

    page.keyboard.press("j")  # the second sentence: against, accepted by a click
    assert page.locator(HINT).inner_text().startswith("Suggested: AGAINST")
    page.locator(f"{HINT} button").click()
    tab.wait_saved()
    second = api.layer(world.unseen.id)["sentence_labels"][1]
    assert (second["sentence"], second["value"], second["suggested"]["model"]) == (1, "AGAINST", 1)

    page.keyboard.press("Control+z")  # taken back: the value goes, the suggestion is back
    tab.wait_saved()
    assert [x["sentence"] for x in api.layer(world.unseen.id)["sentence_labels"]] == [0]
    assert page.locator(HINT).inner_text().startswith("Suggested: AGAINST")

    page.keyboard.press("n")  # ignored: the annotator's own value, no provenance
    tab.wait_saved()
    assert page.locator(HINT).count() == 0
    second = api.layer(world.unseen.id)["sentence_labels"][1]
    assert second == {"sentence": 1, "name": "stance", "value": "NONE"}


def test_a_stale_tabs_accept_overwrites_nothing_and_shows_the_value_stored(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """The accept sends the value the page shows (none): NONE set meanwhile in another tab
    stays, and this tab says so and shows NONE, as a stale label key does."""
    api = api_as(world.token)
    tab = open_tab("alice")
    page = tab.open(f"/projects/stance/documents/{world.unseen.id}")
    assert page.locator(HINT).inner_text().startswith("Suggested: FAVOR")
    body = {"sentence": 0, "name": "stance", "value": "NONE"}
    api.write("PUT", f"/documents/{world.unseen.id}/labels", body)  # another tab
    page.keyboard.press("Enter")
    tab.wait_saved()
    (label,) = api.layer(world.unseen.id)["sentence_labels"]
    assert label == {"sentence": 0, "name": "stance", "value": "NONE"}
    shown = "() => window.annotatorWorkspace.store.sentenceLabels.get('0|stance') ?? null"
    page.wait_for_function(f"() => ({shown})() === 'NONE'")
    assert "it is now NONE" in page.inner_text("#stale-reason")
    assert [e for e in tab.errors if "409" not in e] == []
