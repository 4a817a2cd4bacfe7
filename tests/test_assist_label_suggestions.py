"""Suggested sentence and document labels: trained on gold, written, exported, refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.assist.label_training import LabelExample, too_few_examples, train_field
from annotator.models import AssistLabelModel, LabelValue
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import ensure_layer
from annotator.services.assist.suggesting import suggestions_layer
from tests.assist_world import mark_gold
from tests.label_suggestions_world import AGAINST, FAVOR, build_label_world


@pytest.fixture
def world(session: Any, make_project: Any, make_document: Any) -> Any:
    return build_label_world(session, make_project, make_document)


def _examples(value_sentences: dict[str, list[str]]) -> list[LabelExample]:
    return [
        LabelExample(f"doc-{n}", sentence, value)
        for value, sentences in value_sentences.items()
        for n, sentence in enumerate(sentences)
    ]


def test_a_field_learned_from_words_that_say_the_value_predicts_held_out_sentences() -> None:
    trained = train_field(_examples({"FAVOR": FAVOR, "AGAINST": AGAINST}))
    assert trained.scores["held_out"] == 12 and trained.scores["examples"] == 12
    assert trained.scores["accuracy"] >= 0.8 and trained.scores["macro_f1"] >= 0.8
    assert trained.scores["values"] == {"AGAINST": 6, "FAVOR": 6}
    assert trained.documents == [f"doc-{n}" for n in range(6)]


def test_a_field_with_one_value_or_too_few_examples_is_not_learned() -> None:
    one_value = _examples({"FAVOR": FAVOR})
    assert "at least 2 values with 3 gold examples each (gold has FAVOR 6)" in str(
        too_few_examples(one_value)
    )
    assert too_few_examples(_examples({"FAVOR": FAVOR, "AGAINST": AGAINST[:2]})) is not None
    assert "gold has none" in str(too_few_examples([]))
    with pytest.raises(ValueError, match="at least 2 values"):
        train_field(one_value)


def test_cli_trains_the_label_fields_without_span_gold_and_names_the_others(
    runner: Any, session: Any, world: Any
) -> None:
    result = runner.invoke(args=["assist", "train", "stance"])
    assert result.exit_code == 0, result.output
    assert "model version 1" in result.output
    assert "spans: no tagger trained: training needs at least 3 documents" in result.output
    line = next(row for row in result.output.splitlines() if row.startswith("sentence:stance"))
    accuracy, macro, held_out = line.split()[1:]
    assert float(accuracy) >= 0.9 and float(macro) >= 0.9 and held_out == "36"
    assert "sentence:bias: not learned: needs at least 2 values" in result.output
    assert "sentence:topics: not learned: takes several values" in result.output
    assert "document:genre: not learned" in result.output
    (row,) = session.query(AssistLabelModel).all()
    assert (row.version, row.scope, row.field) == (1, "sentence", "stance")
    assert row.documents == [f"gold-{n}" for n in range(6)]


def test_cli_predict_writes_scored_labels_and_replaces_the_older_model(
    runner: Any, session: Any, world: Any
) -> None:
    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0
    result = runner.invoke(args=["assist", "predict", "stance"])
    assert result.exit_code == 0, result.output
    assert "label model 1 suggested 2 sentence or document labels in 1 document" in result.output
    layer = suggestions_layer(session, world.unseen)
    rows = session.query(LabelValue).filter(LabelValue.layer_id == layer.id).all()
    found = {(r.sentence_index, r.name): (r.value, r.model) for r in rows}
    assert found == {(0, "stance"): ("FAVOR", "1"), (1, "stance"): ("AGAINST", "1")}
    assert all(0.5 < r.score <= 1 for r in rows)
    # Never on a document the classifier learned from.
    gold_layer = suggestions_layer(session, world.gold[0])
    assert not session.query(LabelValue).filter(LabelValue.layer_id == gold_layer.id).count()

    # A new training: version 2's suggestions replace version 1's.
    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0
    assert (
        runner.invoke(args=["assist", "predict", "stance", "--documents", "unseen"]).exit_code == 0
    )
    session.expire_all()
    rows = session.query(LabelValue).filter(LabelValue.layer_id == layer.id).all()
    assert sorted(r.model for r in rows) == ["2", "2"]


def test_export_of_the_suggestions_layer_has_each_label_with_score_and_model(
    runner: Any, world: Any
) -> None:
    runner.invoke(args=["assist", "train", "stance"])
    runner.invoke(args=["assist", "predict", "stance", "--documents", "unseen"])
    result = runner.invoke(args=["export", "stance", "--layer", "suggestions"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    (layer,) = record["annotations"]
    labels = layer["sentence_labels"]
    assert [(x["sentence"], x["name"], x["value"], x["model"]) for x in labels] == [
        (0, "stance", "FAVOR", 1),
        (1, "stance", "AGAINST", 1),
    ]
    assert all(0.5 < x["score"] <= 1 and "suggested" not in x for x in labels)


def test_no_gold_at_all_is_refused_as_before(
    runner: Any, session: Any, make_project: Any, make_document: Any
) -> None:
    from tests.label_suggestions_world import SCHEMA

    project = make_project("empty", SCHEMA)
    make_document(project, "Nothing labelled here.", "d1")
    result = runner.invoke(args=["assist", "train", "empty"])
    assert result.exit_code != 0 and "at least 3 documents" in result.output


def test_a_field_whose_gold_has_one_value_only_trains_nothing_and_says_why(
    runner: Any, session: Any, make_project: Any, make_document: Any
) -> None:
    from tests.label_suggestions_world import SCHEMA

    project = make_project("onevalue", SCHEMA)
    for n in range(3):
        document = make_document(project, " ".join(FAVOR), f"d{n}")
        layer = ensure_layer(session, document, None)
        for index in range(len(FAVOR)):
            set_label(session, layer, index, "stance", "FAVOR")
        session.commit()
        mark_gold(session, [document], "final")
    result = runner.invoke(args=["assist", "train", "onevalue"])
    assert result.exit_code != 0
    assert "at least 3 documents" in result.output
    assert "sentence:stance not learned: needs at least 2 values with 3 gold examples each" in (
        result.output
    )
    assert not session.query(AssistLabelModel).count()


def test_the_train_now_button_refuses_in_the_command_line_s_words(
    client: Any, session: Any, make_project: Any, make_document: Any, make_user: Any
) -> None:
    # The page refused with the tagger's reason alone, while the command line and the README
    # name each label field's too: one refusal, said alike.
    import re

    from tests.helpers import csrf_token_from, login
    from tests.label_suggestions_world import SCHEMA

    make_user("rita", "reviewer")
    project = make_project("onevalue", SCHEMA)
    for n in range(3):
        document = make_document(project, " ".join(FAVOR), f"d{n}")
        layer = ensure_layer(session, document, None)
        for index in range(len(FAVOR)):
            set_label(session, layer, index, "stance", "FAVOR")
        session.commit()
        mark_gold(session, [document], "final")
    login(client, "rita")
    url = "/projects/onevalue/suggestions/model"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    client.post("/projects/onevalue/suggestions/train", data={"csrf_token": token})
    said = re.search(
        r'<p class="flash flash--warning">([^<]*)</p>', client.get(url).get_data(as_text=True)
    )
    assert said is not None
    assert said.group(1).startswith("Not trained: training needs at least 3 documents")
    assert "sentence:stance not learned: needs at least 2 values with 3 gold examples each" in (
        said.group(1)
    )


def test_api_accepts_a_suggested_label_with_its_provenance_until_it_is_changed(
    client: Any, runner: Any, session: Any, world: Any, make_user: Any, make_token: Any, assign: Any
) -> None:
    alice, bob = make_user("alice"), make_user("bob")
    assign(world.unseen, alice)
    runner.invoke(args=["assist", "train", "stance"])
    runner.invoke(args=["assist", "predict", "stance", "--documents", "unseen"])
    headers = make_token(alice)
    shown = client.get(f"/api/v1/documents/{world.unseen.id}/suggestions", headers=headers)
    first = shown.get_json()["sentence_labels"][0]
    assert (first["sentence"], first["value"], first["model"]) == (0, "FAVOR", 1)

    accepted = client.post(f"/api/v1/suggestions/labels/{first['id']}/accept", headers=headers)
    assert accepted.status_code == 201, accepted.get_json()
    assert accepted.get_json() == {
        "sentence": 0,
        "name": "stance",
        "value": "FAVOR",
        "suggested": {"model": 1, "score": first["score"]},
    }
    layer = client.get(
        f"/api/v1/documents/{world.unseen.id}/annotations", headers=headers
    ).get_json()
    assert layer["sentence_labels"] == [accepted.get_json() | {"sentence": 0}]
    exported = runner.invoke(args=["export", "stance", "--layer", "alice"])
    (record,) = [json.loads(line) for line in exported.stdout.splitlines()]
    assert record["annotations"][0]["sentence_labels"][0]["suggested"]["model"] == 1

    # Changed by the annotator: their own value, no longer the suggestion's.
    changed = client.put(
        f"/api/v1/documents/{world.unseen.id}/labels",
        json={"sentence": 0, "name": "stance", "value": "NONE"},
        headers=headers,
    )
    assert changed.status_code == 200, changed.get_json()
    layer = client.get(
        f"/api/v1/documents/{world.unseen.id}/annotations", headers=headers
    ).get_json()
    assert layer["sentence_labels"] == [{"sentence": 0, "name": "stance", "value": "NONE"}]

    # Another annotator's suggestion ids are the same 404 as a missing one.
    refused = client.post(
        f"/api/v1/suggestions/labels/{first['id']}/accept", headers=make_token(bob)
    )
    assert refused.status_code == 404


def test_train_now_learns_a_project_without_span_gold_and_the_page_shows_its_fields(
    client: Any, session: Any, world: Any, make_user: Any, make_token: Any
) -> None:
    from annotator.web import training as background
    from tests.helpers import csrf_token_from, login

    rita = make_user("rita", "reviewer")
    headers = make_token(rita)
    login(client, "rita")
    url = "/projects/stance/suggestions/model"
    assert "None learned yet" in client.get(url).get_data(as_text=True)
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    answer = client.post("/projects/stance/suggestions/train", data={"csrf_token": token})
    assert answer.status_code == 303
    assert background.wait_idle(120)
    page = client.get(url).get_data(as_text=True)
    assert "Not trained" not in page and 'id="label-field-scores"' in page
    assert 'stance <span class="muted small">(sentence)</span>' in page
    (field,) = client.get("/api/v1/projects/stance/assist/model", headers=headers).get_json()[
        "label_fields"
    ]
    assert (field["scope"], field["field"], field["version"]) == ("sentence", "stance", 1)
    assert field["scores"]["examples"] == 36


def test_label_classifiers_and_suggested_labels_travel_in_a_project_file(
    runner: Any, session: Any, world: Any, make_user: Any, assign: Any
) -> None:
    """Dumped and loaded as a copy: each classifier (bytes, scores, documents) and each label
    value's score and model, in the suggestions layer and accepted in alice's."""
    import io

    from sqlalchemy import select

    from annotator.models import Document, Layer, Project
    from annotator.services.assist.suggesting import accept_label_suggestion
    from annotator.services.datasets.project_dump import dump_project
    from annotator.services.datasets.project_load import load_project

    alice = make_user("alice")
    assign(world.unseen, alice)
    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0
    assert runner.invoke(args=["assist", "predict", "stance"]).exit_code == 0
    suggested = session.scalar(
        select(LabelValue)
        .join(Layer, Layer.id == LabelValue.layer_id)
        .where(Layer.document_id == world.unseen.id, Layer.key == "suggestions")
        .order_by(LabelValue.sentence_index)
    )
    accept_label_suggestion(session, alice, suggested.id)
    session.commit()

    def stored(slug: str) -> Any:
        project = session.scalar(select(Project).where(Project.slug == slug))
        models = session.query(AssistLabelModel).filter_by(project_id=project.id).all()
        docs = select(Document.id).where(Document.project_id == project.id)
        values = (
            session.query(Layer.key, LabelValue.sentence_index, LabelValue.value, LabelValue.score)
            .join(Layer, Layer.id == LabelValue.layer_id)
            .filter(Layer.document_id.in_(docs), LabelValue.model.is_not(None))
            .order_by(Layer.key, LabelValue.sentence_index)
            .all()
        )
        shown = [(m.version, m.scope, m.field, m.data, m.scores, m.documents) for m in models]
        return shown, [(k.split(":")[0], *rest) for k, *rest in values]

    before = stored("stance")
    assert len(before[0]) == 1 and len(before[1]) == 3, before[1]
    data = b"".join(dump_project(session, world.project).chunks)
    load_project(session, io.BytesIO(data), None, slug="copy")
    session.commit()
    assert stored("copy") == before


@pytest.mark.parametrize("data", [b"", b"garbage", b"PK\x03\x04junk"])
def test_a_project_file_classifier_that_is_not_one_is_refused_naming_line_and_field(
    data: bytes,
) -> None:
    from annotator.core.formats.project_checks import check_label_model
    from annotator.core.formats.project_file import ProjectFileError

    with pytest.raises(ProjectFileError) as refused:
        check_label_model("sentence", data, 7)
    assert "line 7" in refused.value.message and "data" in refused.value.message
    with pytest.raises(ProjectFileError, match="'paragraph' is not 'sentence' or 'document'"):
        check_label_model(
            "paragraph", train_field(_examples({"A": FAVOR, "B": AGAINST})).model.to_bytes(), 3
        )


def test_a_value_or_field_the_schema_removes_goes_from_the_suggested_labels(
    runner: Any, session: Any, world: Any
) -> None:
    """Suggestions are no uses (nothing refuses the change for them), so what is removed
    goes from them with the change, as a removed span label's suggested spans do."""
    import copy

    from annotator.models import Layer
    from annotator.services.accounts.project_admin import edit_project

    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0
    assert (
        runner.invoke(args=["assist", "predict", "stance", "--documents", "unseen"]).exit_code == 0
    )
    layer = suggestions_layer(session, world.unseen)

    def suggested() -> list[tuple[int, str, str]]:
        session.expire_all()
        rows = session.query(LabelValue).filter(LabelValue.layer_id == layer.id)
        return sorted((r.sentence_index, r.name, r.value) for r in rows)

    def gold_stance(value: str | None = None) -> Any:
        gold = select(Layer.id).where(Layer.key == "gold")
        rows = session.query(LabelValue).filter(LabelValue.layer_id.in_(gold))
        return rows.filter(LabelValue.value == value) if value else rows

    assert suggested() == [(0, "stance", "FAVOR"), (1, "stance", "AGAINST")]
    # Gold no longer says FAVOR: the value may go, and its suggestions with it.
    for row in [r for r in gold_stance() if r.value == "FAVOR"]:
        session.delete(row)
    session.commit()
    schema = copy.deepcopy(world.project.schema)
    schema["sentence_labels"][0]["values"] = ["AGAINST", "NONE"]
    schema["sentence_labels"][0]["keys"] = ["a", "n"]
    edit_project(session, world.project, None, schema=schema)
    session.commit()
    assert suggested() == [(1, "stance", "AGAINST")]
    # Nor any stance at all: the field goes, and its suggestions.
    for row in gold_stance():
        session.delete(row)
    session.commit()
    schema = copy.deepcopy(schema)
    del schema["sentence_labels"][0]
    edit_project(session, world.project, None, schema=schema)
    session.commit()
    assert suggested() == []
