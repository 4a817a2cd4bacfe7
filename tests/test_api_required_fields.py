"""Marking a document done refuses a required label field left blank: API, CLI, service."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tests.api_world import World, build_world
from tests.conftest import SEED_SCHEMA


def _schema() -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["sentence_labels"][1]["required"] = True  # stance
    return schema


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(
        client, make_user, make_token, make_project, make_document, assign, schema=_schema()
    )


def _label(world: World, sentence: int | None, name: str, value: str) -> None:
    body = {"sentence": sentence, "name": name, "value": value}
    response = world.call("alice", "PUT", f"/documents/{world.doc.id}/labels", body)
    assert response.status_code == 200, response.get_json()


def _done(world: World) -> Any:
    return world.call("alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "done"})


def _status(world: World) -> str:
    documents = world.call("alice", "GET", f"/projects/{world.project.slug}/documents")
    return next(d["status"] for d in documents.get_json()["documents"] if d["id"] == world.doc.id)


def test_done_with_a_required_field_blank_is_422_naming_field_and_sentences(world: World) -> None:
    _label(world, 1, "stance", "FAVOR")
    response = _done(world)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert "'stance'" in error["message"]
    assert "sentences 1 and 3" in error["message"]
    assert error["details"]["field"] == "stance"
    assert error["details"]["sentences"] == [0, 2]
    assert error["details"]["missing"] == [
        {"field": "stance", "kind": "sentence", "sentences": [0, 2]}
    ]
    assert _status(world) == "in_progress"


def test_done_passes_once_every_sentence_has_a_value(world: World) -> None:
    for sentence in range(3):
        _label(world, sentence, "stance", "NONE")
    response = _done(world)
    assert response.status_code == 200, response.get_json()
    assert _status(world) == "done"


def test_fields_not_required_may_stay_blank_and_skipped_is_never_refused(world: World) -> None:
    status = f"/documents/{world.doc.id}/status"
    response = world.call("alice", "PUT", status, {"status": "skipped"})
    assert response.status_code == 200
    response = world.call(
        "alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "in_progress"}
    )
    assert response.status_code == 200


def test_required_document_field_is_refused_as_the_document(
    client, make_user, make_token, make_project, make_document, assign
) -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["document_labels"][0]["required"] = True
    world = build_world(
        client, make_user, make_token, make_project, make_document, assign, schema=schema
    )
    response = _done(world)
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]
    assert details["field"] == "genre"
    assert details["kind"] == "document"
    assert details["sentences"] == []
    _label(world, None, "genre", "NEWS")
    assert _done(world).status_code == 200


def test_many_blank_sentences_are_named_first_few_then_counted(
    client, make_user, make_token, make_project, make_document, assign
) -> None:
    text = " ".join(f"Sentence number {n} is here." for n in range(1, 9))
    world = build_world(
        client, make_user, make_token, make_project, make_document, assign, _schema(), text
    )
    response = _done(world)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert "sentences 1, 2, 3, 4, 5 and 3 more" in error["message"]
    assert error["details"]["sentences"] == list(range(8))


def test_cli_status_done_is_refused_with_the_same_reason(world: World, runner) -> None:
    result = runner.invoke(
        args=["documents", "status", "demo", "doc-1", "done", "--annotator", "alice"]
    )
    assert result.exit_code != 0
    assert "'stance'" in result.output
    assert "sentences 1, 2 and 3" in result.output
    assert _status(world) == "new"


def test_a_schema_with_required_is_shown_by_the_api(world: World) -> None:
    project = world.call("alice", "GET", "/projects/demo").get_json()
    stance = next(f for f in project["schema"]["sentence_labels"] if f["name"] == "stance")
    assert stance["required"] is True
    bias = next(f for f in project["schema"]["sentence_labels"] if f["name"] == "bias")
    assert "required" not in bias


def test_gold_final_with_a_required_field_blank_warns_and_marks_final(world: World) -> None:
    """Gold is warned, not refused: a reviewer may mark final where nobody gave a value, and
    clients that mark final today keep working (services/review/final_marking.py)."""
    body = {"sentence": 1, "name": "stance", "value": "AGAINST"}
    gold_labels = f"/documents/{world.doc.id}/labels?layer=gold"
    assert world.call("rita", "PUT", gold_labels, body).status_code == 200
    response = world.call(
        "rita", "PUT", f"/projects/demo/review/{world.doc.id}/status", {"status": "final"}
    )
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["gold_status"] == "final"
    assert answer["required_missing"] == [
        {"field": "stance", "kind": "sentence", "sentences": [0, 2]}
    ]
    assert (
        "In gold of #1 (doc-1), the required field 'stance' has no value on sentences 1 and 3."
        in answer["warnings"]
    )


def test_gold_other_statuses_say_nothing_of_required_fields(world: World) -> None:
    response = world.call(
        "rita", "PUT", f"/projects/demo/review/{world.doc.id}/status", {"status": "in_review"}
    )
    assert response.status_code == 200
    assert response.get_json()["required_missing"] is None


def test_cli_adjudicate_final_warns_of_required_fields(world: World, runner) -> None:
    result = runner.invoke(args=["adjudicate", "status", "demo", "doc-1", "final", "--as", "rita"])
    assert result.exit_code == 0, result.output
    assert "the required field 'stance' has no value on sentences 1, 2 and 3" in result.output


def test_the_export_header_says_which_fields_are_required(world: World) -> None:
    response = world.call("ada", "GET", "/projects/demo/export?format=jsonl")
    assert response.status_code == 200
    header = json.loads(response.headers["X-Annotator-Export"])
    assert header["label_fields"]["sentence"]["stance"]["required"] is True
    assert header["label_fields"]["sentence"]["bias"]["required"] is False
    assert header["label_fields"]["document"]["genre"]["required"] is False


def test_the_review_page_asks_before_marking_final_naming_the_blank_sentences(
    world: World, client, session, make_user
) -> None:
    from annotator.services.review.gold_status import document_gold_status
    from tests.helpers import csrf_token_from, login

    make_user("rhea", "reviewer")
    login(client, "rhea")
    page = f"/projects/demo/review/{world.doc.id}"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    posted = client.post(f"{page}/status", data={"csrf_token": token, "status": "final"})
    assert posted.status_code == 302 and "final=check" in posted.headers["Location"]
    asked = " ".join(client.get(posted.headers["Location"]).get_data(as_text=True).split())
    assert "the required field &#39;stance&#39; has no value on sentences 1, 2 and 3" in asked
    session.expire_all()
    assert document_gold_status(session, world.doc) != "final"


def test_a_done_layer_told_done_again_stays_done_after_a_field_became_required(
    client, make_user, make_token, make_project, make_document, assign, session
) -> None:
    """Only a change to done is checked: a retried request, or one after a field was made
    required since the layer was done, is not refused (and the layer stays done)."""
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    assert _done(world).status_code == 200
    schema = copy.deepcopy(world.project.schema)
    schema["sentence_labels"][1]["required"] = True
    world.project.schema = schema
    session.commit()
    again = _done(world)
    assert again.status_code == 200, again.get_json()
    assert _status(world) == "done"
    reopened = world.call(
        "alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "in_progress"}
    )
    assert reopened.status_code == 200
    assert _done(world).status_code == 422  # once reopened, done is checked again
