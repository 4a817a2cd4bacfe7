"""Suggestions across a change of the label schema: a model trained under the old names
suggests under the new ones, rejections and figures follow the renames, and what the schema
no longer has is suggested no more."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.schema_renames import Renames
from annotator.db import get_sessionmaker
from annotator.models import AssistModel, Project, Relation, Span, SuggestionRejection
from annotator.services.accounts.project_admin import edit_project
from annotator.services.agreement.suggestion_rates import suggestion_rates
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from annotator.services.assist.decisions import reject_suggestion
from annotator.services.assist.jobs import run_training
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.suggesting import (
    accept_suggestion,
    read_suggestions,
    suggestions_layer,
)
from annotator.services.assist.training import newest_summary, train_gold, train_project
from annotator.services.assist.training_data import gold_documents
from tests.assist_world import build_assist_world

RENAMED = {"CLAIM": "ASSERTION", "CUE": "CUE_WORD"}


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_assist_world(session, make_user, make_project, make_document, assign)


def _suggested(session: Any, document: Any) -> list[tuple[str, str]]:
    layer = suggestions_layer(session, document)
    rows = session.scalars(select(Span).where(Span.layer_id == layer.id).order_by(Span.start))
    return [(row.label, document.text[row.start : row.end]) for row in rows]


def _suggested_relations(session: Any, document: Any) -> set[tuple[str, str, str]]:
    layer = suggestions_layer(session, document)
    labels = {
        row.id: row.label for row in session.scalars(select(Span).where(Span.layer_id == layer.id))
    }
    relations = session.scalars(select(Relation).where(Relation.layer_id == layer.id))
    return {(r.type, labels[r.from_span_id], labels[r.to_span_id]) for r in relations}


def _rename(session: Any, project: Any, **renames: Any) -> None:
    edit_project(session, project, None, renames=Renames(**renames))
    session.commit()


def _span_labels(project: Any) -> set[str]:
    return {entry["name"] for entry in project.schema["span_labels"]}


def test_a_model_trained_before_a_rename_suggests_under_the_new_names(
    session: Any, world: Any
) -> None:
    train_project(session, world.project, world.reviewer)
    session.commit()
    predict_documents(session, world.project, ["unseen"])
    session.commit()
    before = _suggested(session, world.unseen)
    _rename(session, world.project, labels=RENAMED)

    report = predict_documents(session, world.project, ["unseen"])
    session.commit()

    after = _suggested(session, world.unseen)
    # The same spans as before the rename, each under its label's new name.
    assert after == [(RENAMED.get(label, label), text) for label, text in before]
    assert {label for label, _ in after} == {"ASSERTION", "SOURCE", "CUE_WORD"}
    assert report["spans"] == len(before)
    # Linked as before: the claim (now ASSERTION) to its cue and its source.
    assert _suggested_relations(session, world.unseen) == {
        ("CUED_BY", "ASSERTION", "CUE_WORD"),
        ("ATTRIBUTED_TO", "ASSERTION", "SOURCE"),
    }
    assertion = session.scalar(select(Span).where(Span.label == "ASSERTION", Span.model == "1"))
    copy_ = accept_suggestion(session, world.annotator, assertion.id)
    assert copy_.label == "ASSERTION" and copy_.model == "1"


def test_a_suggestion_rejected_before_a_rename_stays_rejected(session: Any, world: Any) -> None:
    train_project(session, world.project, world.reviewer)
    predict_documents(session, world.project, ["unseen"])
    session.commit()
    claim = session.scalar(select(Span).where(Span.label == "CLAIM", Span.model == "1"))
    cue = session.scalar(select(Span).where(Span.label == "CUE", Span.model == "1"))
    reject_suggestion(session, world.annotator, claim.id)
    accept_suggestion(session, world.annotator, cue.id)
    session.commit()
    # The accepted cue is held now: listed only when asked for, the rejected claim never.
    shown = read_suggestions(session, world.annotator, world.unseen)
    assert {span["label"] for span in shown["spans"]} == {"SOURCE"}
    shown = read_suggestions(session, world.annotator, world.unseen, include_held=True)
    assert {span["label"] for span in shown["spans"]} == {"SOURCE", "CUE"}

    _rename(session, world.project, labels=RENAMED)
    shown = read_suggestions(session, world.annotator, world.unseen, include_held=True)
    assert {span["label"] for span in shown["spans"]} == {"SOURCE", "CUE_WORD"}
    predict_documents(session, world.project, ["unseen"])
    session.commit()
    shown = read_suggestions(session, world.annotator, world.unseen, include_held=True)
    assert {span["label"] for span in shown["spans"]} == {"SOURCE", "CUE_WORD"}
    # One count per label, under the names the schema has now.
    rates = suggestion_rates(session, world.project)["1"]
    assert set(rates) == {"ASSERTION", "CUE_WORD", "_all"}
    assert (rates["ASSERTION"]["rejected"], rates["CUE_WORD"]["accepted"]) == (1, 1)


def test_merging_two_labels_keeps_one_rejection_of_a_span_rejected_under_both(
    session: Any, world: Any
) -> None:
    predict_documents(session, world.project, ["unseen"])
    session.commit()
    cue = session.scalar(select(Span).where(Span.label == "CUE", Span.model == "rules"))
    # The suggester offered the same words as a SOURCE too; the annotator said no to both.
    source = Span(
        layer_id=cue.layer_id, label="SOURCE", start=cue.start, end=cue.end, model="rules"
    )
    session.add(source)
    session.flush()
    reject_suggestion(session, world.annotator, cue.id)
    reject_suggestion(session, world.annotator, source.id)
    session.commit()

    _rename(session, world.project, labels={"CUE": "SOURCE"})

    rejections = session.execute(select(SuggestionRejection.label, SuggestionRejection.start))
    assert sorted(rejections) == [("SOURCE", cue.start)]
    shown = read_suggestions(session, world.annotator, world.unseen)
    assert (cue.start, cue.end) not in {(span["start"], span["end"]) for span in shown["spans"]}


def test_the_model_list_names_labels_and_scores_as_the_schema_does_now(
    session: Any, world: Any
) -> None:
    train_project(session, world.project, world.reviewer)
    session.commit()
    trained = newest_summary(session, world.project)
    _rename(session, world.project, labels={"CLAIM": "ASSERTION"})
    renamed = newest_summary(session, world.project)
    assert renamed["labels"] == ["ASSERTION" if n == "CLAIM" else n for n in trained["labels"]]
    assert renamed["scores"]["ASSERTION"] == trained["scores"]["CLAIM"]
    assert set(renamed["scores"]) == {"ASSERTION", "SOURCE", "CUE"}

    _rename(session, world.project, labels={"CUE": "SOURCE"})
    merged = newest_summary(session, world.project)
    assert sorted(merged["labels"]) == ["ASSERTION", "SOURCE"]
    # A merged label's counts are its parts' summed (a span the model put under one and gold
    # under the other was no match then, and is not counted as one now).
    for matching in ("exact", "overlap"):
        parts = [trained["scores"][name][matching] for name in ("CUE", "SOURCE")]
        figures = merged["scores"]["SOURCE"][matching]
        for count in ("matched", "gold", "predicted"):
            assert figures[count] == sum(part[count] for part in parts)
        assert figures["precision"] == round(figures["matched"] / figures["predicted"], 4)
    predict_documents(session, world.project, ["unseen"])
    session.commit()
    assert {label for label, _ in _suggested(session, world.unseen)} == {"ASSERTION", "SOURCE"}


def test_a_label_only_suggestions_use_can_be_removed_and_is_suggested_no_more(
    session: Any, world: Any
) -> None:
    train_project(session, world.project, world.reviewer)
    predict_documents(session, world.project, ["unseen"])
    session.commit()
    # The project gives up cues: gold loses them (and the relations to them) first.
    for span in session.scalars(select(Span).where(Span.label == "CUE", Span.model.is_(None))):
        session.delete(span)
    session.commit()
    schema = copy.deepcopy(world.project.schema)
    schema["span_labels"] = [e for e in schema["span_labels"] if e["name"] != "CUE"]
    schema["relation_types"] = [e for e in schema["relation_types"] if e["name"] != "CUED_BY"]

    # Only suggestions use them now: no annotator can delete those, and none should have to.
    edit_project(session, world.project, None, schema=schema)
    session.commit()

    assert "CUE" not in {label for label, _ in _suggested(session, world.unseen)}
    assert {t for t, _, _ in _suggested_relations(session, world.unseen)} == {"ATTRIBUTED_TO"}
    predict_documents(session, world.project, ["unseen"])
    session.commit()
    suggested = {label for label, _ in _suggested(session, world.unseen)}
    assert suggested == {"CLAIM", "SOURCE"} and suggested <= _span_labels(world.project)


def test_field_attribute_and_value_renames_leave_suggestions_acceptable(
    session: Any, world: Any
) -> None:
    train_project(session, world.project, world.reviewer)
    session.commit()
    _rename(
        session,
        world.project,
        fields={"sentence": {"stance": "position"}},
        attributes={"CLAIM": {"claimer": "speaker"}},
        values={"CLAIM.speaker": {"REPORTED": "QUOTED"}},
    )
    predict_documents(session, world.project, ["unseen"])
    session.commit()
    claim = session.scalar(select(Span).where(Span.label == "CLAIM", Span.model == "1"))
    copy_ = accept_suggestion(session, world.annotator, claim.id, attributes={"speaker": "QUOTED"})
    assert copy_.attributes == {"speaker": "QUOTED"}


def test_a_training_across_a_schema_change_is_refused_and_says_train_again(
    app: Any, session: Any, world: Any
) -> None:
    maker = get_sessionmaker(app)
    project_id = world.project.id

    def renamed_while_training(documents: Any, labels: list[str], roles: Any) -> Any:
        with maker() as other:
            _rename(other, other.get(Project, project_id), labels=RENAMED)
        return train_gold(documents, labels, roles)

    outcome = run_training(
        maker, project_id, asked_at=world.project.created_at, trainer=renamed_while_training
    )

    assert outcome.stored is None
    assert outcome.error is not None and "train again" in outcome.error
    with maker() as own:
        assert own.scalar(select(AssistModel.id)) is None
        project = own.get(Project, project_id)
        # Trained again, the model learns the schema's names.
        assert {s.label for d in gold_documents(own, project) for s in d.spans} >= {"ASSERTION"}


def test_over_the_api_a_rename_keeps_suggestions_acceptable_and_rejections_kept(
    client: Any, world: Any, make_token: Any, admin_headers: dict[str, str]
) -> None:
    alice, rita = make_token(world.annotator), make_token(world.reviewer)
    assert client.post("/api/v1/projects/assist/assist/train", headers=rita).status_code == 201
    predict = "/api/v1/projects/assist/assist/predict"
    assert client.post(predict, headers=rita, json={"documents": ["unseen"]}).status_code == 200
    read = f"/api/v1/documents/{world.unseen.id}/suggestions"
    claim = next(
        s for s in client.get(read, headers=alice).get_json()["spans"] if s["label"] == "CLAIM"
    )
    assert (
        client.post(f"/api/v1/suggestions/{claim['id']}/reject", headers=alice).status_code == 201
    )

    renamed = client.patch(
        "/api/v1/projects/assist", json={"renames": {"labels": RENAMED}}, headers=admin_headers
    )
    assert renamed.status_code == 200, renamed.get_json()
    again = client.post(predict, headers=rita, json={"documents": ["unseen"]})
    assert again.status_code == 200 and again.get_json()["model"] == 1

    shown = client.get(read, headers=alice).get_json()["spans"]
    assert {s["label"] for s in shown} == {"SOURCE", "CUE_WORD"}  # ASSERTION: rejected
    cue = next(s for s in shown if s["label"] == "CUE_WORD")
    accepted = client.post(f"/api/v1/suggestions/{cue['id']}/accept", headers=alice)
    assert accepted.status_code == 201, accepted.get_json()
    assert accepted.get_json()["label"] == "CUE_WORD"
    model = client.get("/api/v1/projects/assist/assist/model", headers=rita).get_json()["model"]
    assert set(model["labels"]) == set(model["scores"]) == {"ASSERTION", "SOURCE", "CUE_WORD"}


def _scored(session: Any, document: Any) -> list[tuple[str, str, float]]:
    layer = suggestions_layer(session, document)
    rows = session.scalars(
        select(Span).where(Span.layer_id == layer.id).order_by(Span.start, Span.end)
    )
    return [(row.label, document.text[row.start : row.end], row.score) for row in rows]


@pytest.mark.parametrize("names", [{"SOURCE": "SPEAKER"}, {"CUE": "ZCUE", "SOURCE": "ASOURCE"}])
def test_a_label_renamed_and_trained_again_on_the_same_gold_suggests_the_same(
    session: Any, world: Any, make_document: Any, names: dict[str, str]
) -> None:
    from tests.test_assist_tagger import CLAIMS, SOURCES, corpus

    project = world.project
    for document in corpus(40, seed=1, sources=SOURCES[:8], claims=CLAIMS[:8]):
        row = make_document(project, document.text, document.id)
        layer = ensure_layer(session, row, None)
        for span in document.spans:
            claimer = {"claimer": "REPORTED"} if span.label == "CLAIM" else None
            add_span(session, layer, span.label, span.start, span.end, claimer)
        session.commit()
    # Sentences where the tagger marks a second source beside a cue ("Critics and the mayor
    # said"), which only the source role's attachment drops.
    hard = make_document(
        project,
        "Critics and the mayor said that the plant will close. The ambassador met Critics and "
        "said that taxes must rise. “Nobody was hurt,” the mayor told Critics. Anna Berg, the "
        "mayor, said that the deal is dead. The governor said the mayor warned that the vote "
        "was rigged. Maria Lopez of The company claimed that the army is ready.",
        "hard",
    )
    documents = [world.unseen, hard]
    first = train_project(session, project, world.reviewer)
    session.commit()
    predict_documents(session, project, ["unseen", "hard"])
    session.commit()
    before = [_scored(session, document) for document in documents]

    _rename(session, project, labels=names)
    # The renamed labels keep their roles, and the gold its spans under the new names.
    assert {r: project.schema["roles"][r] for r in names} == names
    second = train_project(session, project, world.reviewer)
    session.commit()
    predict_documents(session, project, ["unseen", "hard"])
    session.commit()

    after = [_scored(session, document) for document in documents]
    assert after == [
        [(names.get(label, label), text, score) for label, text, score in spans] for spans in before
    ]
    assert second.scores == {names.get(label, label): s for label, s in first.scores.items()}
