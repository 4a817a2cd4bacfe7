"""A project of sentence and document labels alone in the learning loop: its label gold counts
as documents to learn from, so that it trains by itself (``train_every``) and the model page
counts it."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.label_schema import validate_schema
from annotator.db import get_sessionmaker
from annotator.models import AssistJob, AssistLabelModel
from annotator.services.assist import jobs
from annotator.services.assist.training_data import training_document_count
from annotator.web import training as background
from tests.assist_world import mark_gold
from tests.helpers import login
from tests.label_suggestions_world import AGAINST_WORDS, FAVOR_WORDS, build_label_world, sentences


@pytest.fixture
def world(session: Any, make_project: Any, make_document: Any) -> Any:
    return build_label_world(session, make_project, make_document)


def _label_versions(app: Any, project_id: int) -> list[int]:
    with get_sessionmaker(app)() as own:
        return sorted(
            own.scalars(
                AssistLabelModel.__table__.select()
                .with_only_columns(AssistLabelModel.version)
                .where(AssistLabelModel.project_id == project_id)
            )
        )


def test_label_gold_counts_as_documents_to_learn_from_on_the_model_page(
    client: Any, session: Any, world: Any, make_user: Any
) -> None:
    """Six documents with stance gold and no span: six to learn from, as the training reads."""
    assert training_document_count(session, world.project) == 6
    make_user("rita", "reviewer")
    login(client, "rita")
    page = " ".join(client.get("/projects/stance/suggestions/model").text.split())
    assert "6 such documents now (training needs 3)" in page


def test_a_labels_only_project_trains_by_itself_after_train_every_new_label_gold_documents(
    app: Any,
    client: Any,
    runner: Any,
    session: Any,
    world: Any,
    make_document: Any,
    make_user: Any,
    make_token: Any,
) -> None:
    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0  # version 1, on 6
    project = world.project
    project.schema = validate_schema({**project.schema, "train_every": 2})
    session.commit()
    rita = make_token(make_user("rita", "reviewer"))
    new = [
        make_document(project, " ".join(sentences(words, 2, n)), f"new-{n}")
        for n, words in enumerate((FAVOR_WORDS, AGAINST_WORDS))
    ]

    def gold_label(document: Any, sentence: int, value: str) -> Any:
        return client.put(
            f"/api/v1/documents/{document.id}/labels?layer=gold",
            headers=rita,
            json={"sentence": sentence, "name": "stance", "value": value},
        )

    def mark_final(document: Any) -> Any:
        return client.put(
            f"/api/v1/projects/stance/review/{document.id}/status",
            headers=rita,
            json={"status": "final"},
        )

    assert gold_label(new[0], 0, "FAVOR").status_code == 200
    assert mark_final(new[0]).status_code == 200
    assert background.wait_idle(60)
    assert _label_versions(app, project.id) == [1]  # one new document: not yet due
    assert gold_label(new[1], 0, "AGAINST").status_code == 200
    assert background.wait_idle(60)
    assert _label_versions(app, project.id) == [1]  # in review: not learned from yet
    assert mark_final(new[1]).status_code == 200
    assert background.wait_idle(120)
    assert _label_versions(app, project.id) == [1, 2]
    with get_sessionmaker(app)() as own:
        assert own.get(AssistJob, project.id).last_version == 2
    # Gold written where it is not final asks nothing new.
    assert gold_label(world.unseen, 1, "AGAINST").status_code == 200
    assert background.wait_idle(60)
    assert _label_versions(app, project.id) == [1, 2]


def test_a_reviewer_asked_before_a_labels_only_model_was_stored_gets_that_one(
    app: Any, runner: Any, world: Any
) -> None:
    """The second look after claiming sees a training that stored label classifiers alone:
    two asked together store one version between them."""
    from annotator.models import utcnow

    asked = utcnow()
    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0
    outcome = jobs.run_training(get_sessionmaker(app), world.project.id, asked_at=asked)
    assert outcome.not_due and _label_versions(app, world.project.id) == [1]


def test_label_gold_nothing_can_be_learned_from_is_not_due(
    session: Any, make_project: Any, make_document: Any
) -> None:
    """Three documents of stance gold, one value only, no span: nothing to learn, so not due
    (it was due after every gold write, and every such training failed)."""
    from annotator.services.annotation.labels import set_label
    from annotator.services.annotation.layers import ensure_layer
    from tests.label_suggestions_world import SCHEMA

    project = make_project("onevalue", validate_schema({**SCHEMA, "train_every": 1}))
    for n in range(3):
        document = make_document(project, " ".join(sentences(FAVOR_WORDS, 2, n)), f"d{n}")
        set_label(session, ensure_layer(session, document, None), 0, "stance", "FAVOR")
        session.commit()
        mark_gold(session, [document], "final")
    assert training_document_count(session, project) == 3
    assert not jobs.training_due(session, project)
