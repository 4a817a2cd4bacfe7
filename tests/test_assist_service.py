"""Suggestions as a service: training on gold, the suggestions layer, accepting a suggestion."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.errors import Invalid
from annotator.db import get_sessionmaker
from annotator.models import AssistModel, Relation, Span
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.suggesting import accept_suggestion
from annotator.services.assist.training import train_project
from tests.assist_world import build_assist_world


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_assist_world(session, make_user, make_project, make_document, assign)


def _suggested(session: Any, document: Any) -> list[tuple[str, str]]:
    from annotator.services.assist.suggesting import suggestions_layer

    layer = suggestions_layer(session, document)
    rows = session.query(Span).filter(Span.layer_id == layer.id).order_by(Span.start).all()
    return [(row.label, document.text[row.start : row.end]) for row in rows]


def test_training_learns_the_pattern_and_predicts_it_on_an_unseen_document(
    session: Any, world: Any
) -> None:
    model = train_project(session, world.project, world.reviewer)
    session.commit()
    assert model.version == 1 and model.documents == 6
    assert set(model.labels) == {"SOURCE", "CUE", "CLAIM"}
    assert model.scores["CUE"]["overlap"]["f1"] > 0.8
    report = predict_documents(session, world.project, ["unseen"])
    session.commit()
    assert report["model"] == 1 and report["documents"] == ["unseen"]
    suggested = _suggested(session, world.unseen)
    assert ("CUE", "said") in suggested
    assert any(label == "CLAIM" and "port" in text for label, text in suggested)
    row = session.query(Span).filter(Span.label == "CUE", Span.model == "1").first()
    assert 0 < row.score <= 1


def test_a_model_never_suggests_for_a_document_it_was_trained_on(session: Any, world: Any) -> None:
    train_project(session, world.project, world.reviewer)
    report = predict_documents(session, world.project)
    assert report["skipped"] == [d.external_id for d in world.gold]
    assert report["documents"] == ["unseen"]


def test_too_few_gold_documents_are_refused(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    world = build_assist_world(session, make_user, make_project, make_document, assign, 2)
    with pytest.raises(Invalid, match="at least 3 documents"):
        train_project(session, world.project, world.reviewer)


def test_the_refusal_says_gold_on_a_document_still_being_annotated_does_not_count(
    session: Any, world: Any, assign: Any
) -> None:
    # Six documents have gold spans, but four of them are still assigned: a researcher
    # told "documents with gold spans; the project has 2" would look for a bug.
    for document in world.gold[:4]:
        assign(document, world.annotator)
    with pytest.raises(Invalid, match="nobody is still annotating") as refused:
        train_project(session, world.project, world.reviewer)
    assert "the project has 2" in str(refused.value)


def test_without_a_model_the_rules_suggest_and_a_new_run_replaces_them(
    session: Any, world: Any
) -> None:
    first = predict_documents(session, world.project, ["unseen"])
    session.commit()
    assert first["model"] == "rules" and first["spans"] >= 2
    assert first["copies"] == 0
    rules = _suggested(session, world.unseen)
    assert ("CUE", "said") in rules
    again = predict_documents(session, world.project, ["unseen"])
    session.commit()
    assert _suggested(session, world.unseen) == rules  # replaced, not added to
    assert again["spans"] == first["spans"]
    train_project(session, world.project, world.reviewer)
    predict_documents(session, world.project, ["unseen"])
    session.commit()
    models = {row.model for row in session.query(Span).filter(Span.score.is_not(None))}
    assert models == {"1"}


def test_accepting_a_suggestion_copies_it_with_its_provenance(session: Any, world: Any) -> None:
    predict_documents(session, world.project, ["unseen"])
    session.commit()
    cue = session.query(Span).filter(Span.model == "rules", Span.label == "CUE").one()
    copy = accept_suggestion(session, world.annotator, cue.id)
    session.commit()
    assert (copy.label, copy.start, copy.end) == (cue.label, cue.start, cue.end)
    assert (copy.model, copy.score) == ("rules", cue.score)
    assert copy.layer_id != cue.layer_id
    gold = accept_suggestion(session, world.reviewer, cue.id, "gold")
    assert gold.source_layer == "suggestions" and gold.decided_by_id == world.reviewer.id


def test_two_trainings_at_once_store_one_version_each(app: Any, world: Any) -> None:
    import threading

    from annotator.models import Project

    maker = get_sessionmaker(app)
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)
    # SQLite: each write transaction begins IMMEDIATE, so the second waits for the first
    # (meeting at a barrier inside them would deadlock); PostgreSQL: both read the same
    # newest version, and the UNIQUE constraint sends the second to the next one.
    race = maker().bind.dialect.name != "sqlite"
    project_id = world.project.id  # read here: the test's session is not the threads'

    def run() -> None:
        try:
            with maker() as own:
                project = own.get(Project, project_id)
                from annotator.services.assist import training, training_data

                trained = training.train_gold(
                    training_data.gold_documents(own, project), training_data.span_labels(project)
                )
                if race:
                    barrier.wait(timeout=60)
                training.store_model(own, project, None, trained)
                own.commit()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with maker() as own:
        versions = sorted(own.query(AssistModel.version).all())
    assert versions == [(1,), (2,)]


def test_a_model_made_with_older_features_asks_to_be_trained_again(
    session: Any, world: Any
) -> None:
    row = train_project(session, world.project, world.reviewer)
    session.commit()
    from annotator.core.assist.features import FEATURES_VERSION

    # Another version name of the same length, so that the header's size prefix still holds.
    older = FEATURES_VERSION[:-1] + ("1" if FEATURES_VERSION.endswith("0") else "0")
    current = f'"features_version": "{FEATURES_VERSION}"'.encode()
    assert current in row.data
    row.data = row.data.replace(current, f'"features_version": "{older}"'.encode())
    session.commit()
    from annotator.services.assist import training

    training._CACHE.clear()  # as a new worker process would start
    with pytest.raises(Invalid, match="model version 1 cannot be used: .* train it again"):
        predict_documents(session, world.project, ["unseen"])


def test_a_suggestions_write_holds_a_span_once_and_counts_the_copies(
    session: Any, world: Any
) -> None:
    """A layer holds a span once, the suggestions layer too: a copy among the suggested spans
    is skipped and counted, and a relation at it goes to the span kept (once)."""
    from annotator.core.assist.suggestions import SuggestedRelation, SuggestedSpan, Suggestions
    from annotator.services.assist.predicting import write_suggestions
    from annotator.services.assist.suggesting import suggestions_layer

    project, document = world.project, world.unseen
    at = document.text.index("said")
    claim = SuggestedSpan("CLAIM", at, at + 4, 0.9)
    source = SuggestedSpan("SOURCE", 0, 3, 0.8)
    copy = SuggestedSpan("CLAIM", at, at + 4, 0.7)
    suggested = Suggestions(
        [claim, source, copy, SuggestedSpan("SOURCE", 0, 4, 0.6)],
        [SuggestedRelation("ATTRIBUTED_TO", 2, 1), SuggestedRelation("ATTRIBUTED_TO", 0, 1)],
    )
    labels = {"CUE", "SOURCE", "CLAIM"}
    written = write_suggestions(session, document, suggested, "rules", labels, project.schema)
    session.commit()
    assert written == (3, 1, 1)  # spans, relations, copies skipped
    layer = suggestions_layer(session, document)
    rows = session.query(Span).filter(Span.layer_id == layer.id).order_by(Span.id).all()
    assert [(r.label, r.start, r.end, r.score) for r in rows] == [
        ("CLAIM", at, at + 4, 0.9),
        ("SOURCE", 0, 3, 0.8),
        ("SOURCE", 0, 4, 0.6),
    ]
    relations = session.query(Relation).filter(Relation.layer_id == layer.id).all()
    assert [(r.from_span_id, r.to_span_id) for r in relations] == [(rows[0].id, rows[1].id)]


def test_a_suggestions_write_leaves_out_links_past_the_schemas_max_per_source(
    session: Any, world: Any
) -> None:
    """The rules find two sources for one quotation ("Smith said: “…,” Jones said."); the
    schema allows one ATTRIBUTED_TO per claim: the second is never suggested, since no layer
    could accept it (accepting the sentence named it as a refusal)."""
    from annotator.core.assist.attribution import pre_annotate
    from annotator.services.assist.predicting import write_suggestions
    from annotator.services.assist.suggesting import suggestions_layer

    project, document = world.project, world.unseen
    limits = {t["name"]: t.get("max_per_source") for t in project.schema["relation_types"]}
    assert limits["ATTRIBUTED_TO"] == 1
    text = "Smith said: “We will win,” Jones said."
    suggested = pre_annotate(text)
    claims = [n for n, span in enumerate(suggested.spans) if span.label == "CLAIM"]
    assert len(claims) == 1
    found = [(r.type, r.from_index) for r in suggested.relations]
    assert found.count(("ATTRIBUTED_TO", claims[0])) == 2  # what the rules find
    written = write_suggestions(
        session, document, suggested, "rules", {"CUE", "SOURCE", "CLAIM"}, project.schema
    )
    session.commit()
    layer = suggestions_layer(session, document)
    rows = {r.id: r for r in session.query(Span).filter(Span.layer_id == layer.id)}
    relations = session.query(Relation).filter(Relation.layer_id == layer.id).all()
    sources = [
        text[rows[r.to_span_id].start : rows[r.to_span_id].end]
        for r in relations
        if r.type == "ATTRIBUTED_TO"
    ]
    assert sources == ["Smith"]  # the first found is kept
    assert written[1] == len(relations)
    # CUED_BY has no limit in this schema: both cues stay linked.
    assert limits["CUED_BY"] is None
    assert sum(r.type == "CUED_BY" for r in relations) == 2
