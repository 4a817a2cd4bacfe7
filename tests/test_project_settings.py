"""A project's settings read from its stored schema, each default in one place."""

from __future__ import annotations

from typing import Any

from annotator.core.project_settings import (
    annotators_per_document,
    settings_summary,
    suggestions_mode,
    train_every,
    trains_by_itself,
)
from annotator.services.accounts.assignment import DEFAULT_PER_DOCUMENT, per_document_of
from annotator.services.assist.jobs import training_projects
from tests.conftest import SEED_SCHEMA


def test_a_schema_stored_before_a_setting_existed_reads_as_its_default() -> None:
    # Suggestions were shown before the setting existed: a schema without it shows them.
    assert suggestions_mode({}) == suggestions_mode(None) == "on"
    assert suggestions_mode({"suggestions": "after_done"}) == "after_done"
    assert (train_every({}), train_every({"train_every": 5})) == (0, 5)
    assert not trains_by_itself({"train_every": 0}) and trains_by_itself({"train_every": 1})
    assert annotators_per_document({}) is None
    assert annotators_per_document({"annotators_per_document": 3}) == 3
    assert settings_summary(None) == {
        "guidelines": "",
        "annotators_per_document": None,
        "license": "",
    }


def test_per_document_and_the_projects_that_train_by_themselves(
    session: Any, make_project: Any, make_document: Any
) -> None:
    plain = make_project("plain")
    trained = make_project("trained", {**SEED_SCHEMA, "train_every": 3})
    counted = make_project("counted", {**SEED_SCHEMA, "annotators_per_document": 3})
    assert per_document_of(plain) == DEFAULT_PER_DOCUMENT
    assert per_document_of(counted) == 3
    documents = {
        make_document(project, f"Text of {project.slug}.").id
        for project in (plain, trained, trained, counted)
    }
    assert training_projects(session, documents) == [trained.id]
    assert training_projects(session, set()) == []
