"""Suggestions follow the schema's `roles`: the rules and a model's links suggest under the
labels a project says play the claim, its source and cue, across renames and removals."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.schema_renames import Renames
from annotator.models import Relation, Span
from annotator.services.accounts.project_admin import edit_project
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.suggesting import suggestions_layer
from annotator.services.assist.training import newest_summary, train_project
from tests.assist_world import build_assist_world

TEXT = "Maria Lopez said the plan would fail. The minister claimed that taxes will rise."
OWN_NAMES: dict[str, Any] = {
    "span_labels": [{"name": "ASSERTION"}, {"name": "SPEAKER"}, {"name": "CUE"}],
    "relation_types": [{"name": "SAID_BY", "from": ["ASSERTION"], "to": ["SPEAKER"]}],
}


def _suggested(session: Any, document: Any) -> tuple[set[str], set[tuple[str, str, str]]]:
    """The labels suggested on ``document``, and its relations (type, from label, to label)."""
    layer = suggestions_layer(session, document)
    spans = {r.id: r.label for r in session.scalars(select(Span).where(Span.layer_id == layer.id))}
    relations = session.scalars(select(Relation).where(Relation.layer_id == layer.id))
    return set(spans.values()), {
        (r.type, spans[r.from_span_id], spans[r.to_span_id]) for r in relations
    }


def test_the_rules_suggest_a_claim_named_otherwise_only_when_the_roles_say_so(
    session: Any, make_project: Any, make_document: Any
) -> None:
    unmapped = make_project("unmapped", schema=copy.deepcopy(OWN_NAMES))
    mapped = make_project(
        "mapped",
        schema=copy.deepcopy(OWN_NAMES)
        | {"roles": {"CLAIM": "ASSERTION", "SOURCE": "SPEAKER", "ATTRIBUTED_TO": "SAID_BY"}},
    )
    documents = [make_document(project, TEXT, "d") for project in (unmapped, mapped)]
    for project in (unmapped, mapped):
        predict_documents(session, project)
    session.commit()

    # Without roles only CUE is named like its role; with them, CUE plays nothing.
    assert _suggested(session, documents[0]) == ({"CUE"}, set())
    labels, relations = _suggested(session, documents[1])
    assert labels == {"ASSERTION", "SPEAKER"}
    assert relations == {("SAID_BY", "ASSERTION", "SPEAKER")}


def test_a_rename_on_the_labels_keeps_the_rules_suggesting_under_the_new_names(
    session: Any, make_project: Any, make_document: Any
) -> None:
    project = make_project("renamed")
    document = make_document(project, TEXT, "d")
    renamed = {"CLAIM": "ASSERTION", "ATTRIBUTED_TO": "SAID_BY"}
    edit_project(session, project, None, renames=Renames(labels=renamed))
    session.commit()

    assert project.schema["roles"]["CLAIM"] == "ASSERTION"
    predict_documents(session, project)
    session.commit()
    labels, relations = _suggested(session, document)
    assert {"ASSERTION", "SOURCE", "CUE"} <= labels
    assert ("SAID_BY", "ASSERTION", "SOURCE") in relations


def test_removing_a_label_that_plays_a_role_removes_the_role(
    session: Any, make_project: Any
) -> None:
    project = make_project(
        "removed", schema=copy.deepcopy(OWN_NAMES) | {"roles": {"CUE": "CUE", "SOURCE": "SPEAKER"}}
    )
    schema = copy.deepcopy(project.schema)
    schema["span_labels"] = [e for e in schema["span_labels"] if e["name"] != "CUE"]
    edit_project(session, project, None, schema=schema)
    session.commit()
    assert project.schema["roles"] == {"SOURCE": "SPEAKER"}


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_assist_world(session, make_user, make_project, make_document, assign)


def test_a_models_links_follow_a_renamed_relation_type(session: Any, world: Any) -> None:
    train_project(session, world.project, world.reviewer)
    session.commit()
    edit_project(session, world.project, None, renames=Renames(labels={"ATTRIBUTED_TO": "SAID_BY"}))
    session.commit()

    predict_documents(session, world.project, ["unseen"])
    session.commit()
    _labels, relations = _suggested(session, world.unseen)
    assert ("SAID_BY", "CLAIM", "SOURCE") in relations


def test_a_label_removed_and_added_back_is_not_suggested_by_a_model_that_learned_the_old_one(
    session: Any, world: Any
) -> None:
    train_project(session, world.project, world.reviewer)
    session.commit()
    # The project gives up cues: gold loses them first, then the schema.
    for span in session.scalars(select(Span).where(Span.label == "CUE", Span.model.is_(None))):
        session.delete(span)
    session.commit()
    schema = copy.deepcopy(world.project.schema)
    schema["span_labels"] = [e for e in schema["span_labels"] if e["name"] != "CUE"]
    schema["relation_types"] = [e for e in schema["relation_types"] if e["name"] != "CUED_BY"]
    edit_project(session, world.project, None, schema=schema)
    session.commit()
    # Later a label CUE comes back, meaning whatever it means now.
    schema = copy.deepcopy(world.project.schema)
    schema["span_labels"].append({"name": "CUE", "key": "u"})
    edit_project(session, world.project, None, schema=schema)
    session.commit()

    assert "CUE" not in newest_summary(session, world.project)["labels"]
    assert "CUE" not in newest_summary(session, world.project)["scores"]
    predict_documents(session, world.project, ["unseen"])
    session.commit()
    labels, _relations = _suggested(session, world.unseen)
    assert labels == {"CLAIM", "SOURCE"}
