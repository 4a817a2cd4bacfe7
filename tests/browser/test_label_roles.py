"""A lead says on the labels page which label is the claim; the next suggestions use it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

pytestmark = pytest.mark.server

OWN_NAMES: dict[str, Any] = {
    "span_labels": [
        {"name": "ASSERTION", "color": "#d62728"},
        {"name": "SPEAKER", "color": "#1f77b4"},
        {"name": "CUE", "color": "#2ca02c"},
    ],
    "relation_types": [{"name": "SAID_BY", "from": ["ASSERTION"], "to": ["SPEAKER"]}],
}


def _suggested(reader: Any, document_id: int) -> set[str]:
    reader.write("POST", "/projects/demo/assist/predict", {})
    return {span["label"] for span in reader.get(f"/documents/{document_id}/suggestions")["spans"]}


def test_the_claim_chosen_on_the_labels_page_is_suggested(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world(
        {"ada": "admin"},
        schema=copy.deepcopy(OWN_NAMES),
        doc=("Maria Lopez said the plan would fail.", "d.txt"),
    )
    reader = api_as(world.tokens["ada"])
    # Without a say, only CUE is named like a role.
    assert _suggested(reader, world.doc.id) == {"CUE"}

    page = open_tab("ada").open("/projects/demo/labels")
    page.click("a[href='/projects/demo/labels/edit?label=ASSERTION']")
    role = page.get_by_label("Plays in suggestions")
    assert role.input_value() == ""
    role.select_option(label="claim")
    page.click("input[value='Save label']")
    page.wait_for_url("**/projects/demo/labels")
    page.click("a[href='/projects/demo/labels/edit?label=SPEAKER']")
    page.get_by_label("Plays in suggestions").select_option(label="source")
    page.click("input[value='Save label']")
    page.wait_for_url("**/projects/demo/labels")

    assert _suggested(reader, world.doc.id) == {"ASSERTION", "SPEAKER", "CUE"}
    row = page.locator("table.span-labels tr", has_text="ASSERTION")
    assert row.locator(".role-note").inner_text() == "in suggestions: claim"
    page.click("a[href='/projects/demo/labels/edit?label=ASSERTION']")
    assert page.get_by_label("Plays in suggestions").input_value() == "CLAIM"


def test_a_label_added_on_the_labels_page_is_given_its_role_there(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world(
        {"ada": "admin"},
        schema=copy.deepcopy(OWN_NAMES),
        doc=("Maria Lopez said the plan would fail.", "d.txt"),
    )
    reader = api_as(world.tokens["ada"])
    page = open_tab("ada").open("/projects/demo/labels")
    page.click("#add-label summary")
    form = page.locator("#add-label")
    form.get_by_label("Name").fill("STATEMENT")
    role = form.get_by_label("Plays in suggestions")
    assert role.input_value() == ""
    # The schema lists no roles yet: unchosen, a new label plays by its name, and the hint
    # says what that means.
    assert role.locator("option").all_inner_texts() == ["by its name", "claim", "source", "cue"]
    assert "a label named CLAIM, SOURCE or CUE" in form.locator(".field__hint").last.inner_text()
    role.select_option(label="claim")
    form.locator("input[type=submit]").click()
    page.wait_for_url("**/projects/demo/labels")
    row = page.locator("table.span-labels tr", has_text="STATEMENT")
    assert row.locator(".role-note").inner_text() == "in suggestions: claim"
    # Its own page reads the choice back; the next suggestions take their claims from it.
    page.click("a[href='/projects/demo/labels/edit?label=STATEMENT']")
    assert page.get_by_label("Plays in suggestions").input_value() == "CLAIM"
    assert "STATEMENT" in _suggested(reader, world.doc.id)
