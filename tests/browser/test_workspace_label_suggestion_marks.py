"""How far a suggested label is to be trusted, and where the suggested labels are: the
field's held-out accuracy beside the score, the Suggestions panel's count of label
suggestions, and a marker on each sentence row that holds one."""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.models import AssistLabelModel
from tests.label_suggestions_world import build_label_world

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
    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0
    predicted = runner.invoke(args=["assist", "predict", "stance", "--documents", "unseen"])
    assert predicted.exit_code == 0, predicted.output
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
