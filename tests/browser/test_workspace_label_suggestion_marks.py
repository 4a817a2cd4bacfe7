"""How far a suggested label is to be trusted, and where the suggested labels are: the
field's held-out accuracy beside the score, the Suggestions panel's count of label
suggestions, and a marker on each sentence row that holds one."""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.models import AssistLabelModel
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
    assign: Any,
) -> Any:
    world = build_label_world(session, make_project, make_document)
    world.alice = make_user("alice")
    assign(world.unseen, world.alice)
    suggest_stance(runner)
    (stored,) = session.query(AssistLabelModel).all()
    world.accuracy = stored.scores["accuracy"]
    return world


def test_a_suggested_labels_score_is_shown_with_the_fields_held_out_accuracy(
    world: Any, open_tab: Any
) -> None:
    page = open_tab("alice").open(f"/projects/stance/documents/{world.unseen.id}")
    said = page.locator(HINT).inner_text()
    percent = round(world.accuracy * 100)
    assert re.match(
        rf"Suggested: FAVOR · score [01]\.\d\d · model 1 · the model was right on "
        rf"{percent}% of held-out sentences\b",
        said,
    ), said


def test_the_panel_counts_label_suggestions_and_each_sentence_holding_one_is_marked(
    world: Any, open_tab: Any
) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/stance/documents/{world.unseen.id}")
    # The rules suggest two claims, the classifier two stances: counted apart.
    assert page.locator("#suggestion-count").inner_text().startswith("2 shown")
    counted = page.locator("#suggestion-labels-count")
    assert counted.inner_text() == "2 sentence labels suggested"
    marks = page.locator(".sent .chip--suggested")
    assert marks.count() == 2
    first = page.get_by_role("note", name="Suggested stance: FAVOR, not set yet")
    assert first.count() == 1 and first.inner_text() == "stance: FAVOR?"
    border = "() => getComputedStyle(document.querySelector('.chip--suggested')).borderTopStyle"
    assert page.evaluate(border) == "dashed"

    page.keyboard.press("Enter")  # accepted: the sentence holds a value, no longer a hint
    tab.wait_saved()
    assert marks.count() == 1
    assert counted.inner_text() == "1 sentence label suggested"


def test_with_no_span_suggested_the_panel_counts_the_labels_not_none(
    world: Any, open_tab: Any, client: Any, make_token: Any
) -> None:
    headers = make_token(world.alice)
    shown = client.get(f"/api/v1/documents/{world.unseen.id}/suggestions", headers=headers)
    spans = shown.get_json()["spans"]
    assert len(spans) == 2
    for span in spans:  # rejected: no span suggestion left to show
        assert (
            client.post(f"/api/v1/suggestions/{span['id']}/reject", headers=headers).status_code
            == 201
        )
    page = open_tab("alice").open(f"/projects/stance/documents/{world.unseen.id}")
    assert page.locator("#suggestion-labels-count").inner_text() == "2 sentence labels suggested"
    assert page.locator("#suggestions-none").count() == 0
    assert page.locator(".sent .chip--suggested").count() == 2
