"""What `assist predict` says of the label suggestions: the model that made them and the
documents its classifiers skipped because they learned from them (CLI and API)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.label_suggestions_world import build_label_world

GOLD = [f"gold-{n}" for n in range(6)]


@pytest.fixture
def world(session: Any, make_project: Any, make_document: Any) -> Any:
    return build_label_world(session, make_project, make_document)


def test_cli_names_the_label_model_and_the_documents_it_learned_from(
    runner: Any, world: Any
) -> None:
    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0
    result = runner.invoke(args=["assist", "predict", "stance"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # No tagger: the spans are the attribution rules', not a model's.
    assert lines[0].startswith("Project stance: the attribution rules suggested ")
    assert lines[0].endswith(" relations in 7 documents")
    assert "model rules" not in result.output
    assert lines[1] == "label model 1 suggested 2 sentence or document labels in 1 document"
    assert lines[2] == (
        "sentence:stance (model 1) skipped 6 documents it learned from: " + ", ".join(GOLD)
    )


def test_api_reports_the_documents_each_label_field_skipped(
    client: Any, runner: Any, world: Any, make_user: Any, make_token: Any
) -> None:
    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0
    headers = make_token(make_user("rita", role="admin"))
    answer = client.post("/api/v1/projects/stance/assist/predict", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    report = answer.get_json()
    assert report["model"] == "rules" and report["skipped"] == []
    assert report["labels"] == 2 and report["label_models"] == {"sentence:stance": 1}
    assert report["labels_skipped"] == {"sentence:stance": GOLD}
    assert report["labels_documents"] == ["unseen"]


def test_each_suggested_label_carries_its_classifiers_held_out_accuracy(
    client: Any,
    runner: Any,
    session: Any,
    world: Any,
    make_user: Any,
    make_token: Any,
    assign: Any,
) -> None:
    from annotator.models import AssistLabelModel

    alice = make_user("alice")
    assign(world.unseen, alice)
    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0
    assert runner.invoke(args=["assist", "predict", "stance"]).exit_code == 0
    (stored,) = session.query(AssistLabelModel).all()
    shown = client.get(
        f"/api/v1/documents/{world.unseen.id}/suggestions", headers=make_token(alice)
    ).get_json()
    labels = shown["sentence_labels"]
    assert len(labels) == 2
    # What training stored with the classifier, not the (far surer) score of one value.
    assert {x["accuracy"] for x in labels} == {stored.scores["accuracy"]}
