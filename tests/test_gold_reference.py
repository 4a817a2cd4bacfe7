"""Which gold counts: training and its held-out scores, "Against gold" and the model's scores
read gold marked final, and gold still in review only when asked for (CLI, API, service)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotator.models import AssistModel
from annotator.services.agreement.model import model_against_gold
from annotator.services.agreement.report import agreement_report
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from annotator.services.assist.predicting import predict_documents
from tests.assist_world import build_assist_world, build_half_reviewed

#: Each gold document of the world holds nine spans of each label.
PER_DOCUMENT = 9


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    """Six gold documents: four marked final, two still in review."""
    return build_assist_world(session, make_user, make_project, make_document, assign, final=4)


def _newest(session: Any, project: Any) -> Any:
    session.expire_all()
    return (
        session.query(AssistModel)
        .filter_by(project_id=project.id)
        .order_by(AssistModel.version.desc())
        .first()
    )


def test_cli_train_learns_from_final_gold_only_and_says_what_it_left_out(
    runner: Any, session: Any, world: Any
) -> None:
    result = runner.invoke(args=["assist", "train", "assist"])
    assert result.exit_code == 0, result.output
    assert "trained on 4 documents (gold marked final)" in result.output
    assert "left out 2 documents whose gold is still in review" in result.output
    assert "--include-in-review" in result.output
    model = _newest(session, world.project)
    assert model.documents == 4
    # The held-out scores are measured over the same documents: their gold spans alone.
    assert model.scores["CLAIM"]["exact"]["gold"] == 4 * PER_DOCUMENT
    # The model remembers what it learned from: the in-review documents get suggestions.
    predicted = runner.invoke(args=["assist", "predict", "assist"])
    assert predicted.exit_code == 0, predicted.output
    skipped = predicted.output.split("the model was trained on: ")[1].splitlines()[0].split()
    assert sorted(name.strip(",") for name in skipped) == [f"gold-{n}" for n in range(4)]


def test_cli_train_include_in_review_learns_from_every_reviewed_gold(
    runner: Any, session: Any, world: Any
) -> None:
    result = runner.invoke(args=["assist", "train", "assist", "--include-in-review"])
    assert result.exit_code == 0, result.output
    assert "trained on 6 documents (gold marked final or in review)" in result.output
    assert "left out" not in result.output
    model = _newest(session, world.project)
    assert model.documents == 6
    assert model.scores["CLAIM"]["exact"]["gold"] == 6 * PER_DOCUMENT


def test_cli_train_refuses_without_final_gold_naming_the_way_in(
    runner: Any, session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    world = build_assist_world(session, make_user, make_project, make_document, assign, final=0)
    result = runner.invoke(args=["assist", "train", "assist"])
    assert result.exit_code != 0
    assert "at least 3 documents" in result.output and "the project has 0" in result.output
    assert "6 documents whose gold is still in review" in result.output
    assert "--include-in-review" in result.output
    assert _newest(session, world.project) is None


def test_api_train_takes_include_in_review_and_says_what_it_left_out(
    client: Any, session: Any, world: Any, make_token: Any
) -> None:
    rita = make_token(world.reviewer)
    url = "/api/v1/projects/assist/assist/train"
    answer = client.post(url, headers=rita)
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["documents"] == 4 and body["include_in_review"] is False
    assert body["gold_left_out"] == {"in_review": 2, "unreviewed": 0}
    answer = client.post(url, headers=rita, json={"include_in_review": True})
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["documents"] == 6 and body["include_in_review"] is True
    assert body["gold_left_out"] == {"in_review": 0, "unreviewed": 0}
    wrong = client.post(url, headers=rita, json={"include_in_review": "yes"})
    assert wrong.status_code == 400 and "include_in_review" in wrong.get_json()["error"]["message"]


# Against gold ------------------------------------------------------------------------------


@pytest.fixture
def half_reviewed(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> Any:
    return build_half_reviewed(session, make_user, make_project, make_document, assign)


def test_against_gold_scores_final_gold_only_unless_asked(session: Any, half_reviewed: Any) -> None:
    project, _ = half_reviewed
    report = agreement_report(session, project)
    gold = report["gold"]
    assert gold["documents"] == 1 and gold["in_review"] == 1
    assert gold["include_in_review"] is False
    assert gold["annotators"]["alice"]["documents"] == 1
    assert gold["annotators"]["alice"]["spans"]["_all"]["precision"] == 1.0
    report = agreement_report(session, project, include_in_review=True)
    gold = report["gold"]
    assert gold["documents"] == 2 and gold["in_review"] == 0 and gold["include_in_review"]
    # Against half-reviewed gold alice's spans "overshoot": 9 of her 12 are in gold.
    assert gold["annotators"]["alice"]["spans"]["_all"]["precision"] == pytest.approx(9 / 12)


def test_the_model_against_gold_reads_the_same_gold(session: Any, half_reviewed: Any) -> None:
    project, _ = half_reviewed
    predict_documents(session, project, ["doc-0", "doc-1"])  # the attribution rules
    session.commit()
    model = model_against_gold(session, project)
    assert model is not None and model["documents"] == 1 and model["in_review"] == 1
    model = model_against_gold(session, project, include_in_review=True)
    assert model is not None and model["documents"] == 2 and model["in_review"] == 0


def test_cli_and_api_agreement_take_include_in_review(
    runner: Any, client: Any, session: Any, half_reviewed: Any, make_token: Any
) -> None:
    from annotator.models import User

    result = runner.invoke(args=["agreement", "half", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["gold"]["documents"] == 1
    result = runner.invoke(args=["agreement", "half", "--json", "--include-in-review"])
    assert json.loads(result.output)["gold"]["documents"] == 2
    csv_rows = runner.invoke(args=["agreement", "half", "--csv"]).output
    assert "gold,documents,,in_review,1" in csv_rows
    rita = make_token(session.query(User).filter_by(username="rita").one())
    url = "/api/v1/projects/half/agreement"
    assert client.get(url, headers=rita).get_json()["gold"]["in_review"] == 1
    asked = client.get(f"{url}?include_in_review=1", headers=rita).get_json()
    assert asked["gold"]["documents"] == 2
    assert client.get(f"{url}?include_in_review=maybe", headers=rita).status_code == 400


def test_an_annotator_sharing_no_document_is_named_unpaired(
    session: Any, half_reviewed: Any, make_user: Any, make_document: Any, assign: Any
) -> None:
    project, _ = half_reviewed
    carol = make_user("carol")
    alone = make_document(project, "Carol alone said so.", "alone")
    assign(alone, carol)
    add_span(session, ensure_layer(session, alone, carol.id), "CUE", 12, 16, None)
    session.commit()
    report = agreement_report(session, project)
    assert report["annotators"] == ["alice", "bob", "carol"]
    assert report["unpaired"] == ["carol"]
    assert list(report["spans"]["_all"]["pairs"]) == ["alice|bob"]
