"""Suggestions through the CLI, the API and the exports; never in agreement or gold."""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotator.models import Span
from annotator.services.agreement.report import agreement_report
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from tests.assist_world import build_assist_world


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_assist_world(session, make_user, make_project, make_document, assign)


def _export(runner: Any, *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(args=["export", "assist", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_cli_predict_then_export_the_suggestions_layer(runner: Any, world: Any) -> None:
    result = runner.invoke(args=["assist", "predict", "assist", "--documents", "unseen"])
    assert result.exit_code == 0, result.output
    assert "the attribution rules suggested" in result.output
    records = _export(runner, "--layer", "suggestions")
    assert [r["id"] for r in records] == ["unseen"]
    (layer,) = records[0]["annotations"]
    assert layer["annotator"] == "suggestions" and records[0]["gold"] is None
    assert layer["spans"] and all(s["model"] == "rules" for s in layer["spans"])
    assert all(0 <= s["score"] <= 1 and "suggested" not in s for s in layer["spans"])
    assert {r["type"] for r in layer["relations"]} <= {"ATTRIBUTED_TO", "CUED_BY"}


def test_suggestions_change_neither_agreement_nor_the_all_and_gold_exports(
    runner: Any, session: Any, world: Any, make_user: Any, assign: Any
) -> None:
    bob = make_user("bob")
    assign(world.unseen, bob)
    for user in (world.annotator, bob):
        add_span(session, ensure_layer(session, world.unseen, user.id), "CUE", 12, 16)
    session.commit()

    def observed() -> tuple[Any, ...]:
        report = agreement_report(session, world.project)
        session.commit()
        strip = [{k: v for k, v in r.items()} for r in _export(runner, "--layer", "all")]
        return report["annotators"], report["spans"], strip, _export(runner, "--layer", "gold")

    before = observed()
    result = runner.invoke(args=["assist", "predict", "assist"])
    assert result.exit_code == 0, result.output
    assert session.query(Span).filter(Span.model == "rules").count() > 0
    assert observed() == before


def test_cli_train_refuses_too_little_gold(
    runner: Any, session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    build_assist_world(session, make_user, make_project, make_document, assign, 2)
    result = runner.invoke(args=["assist", "train", "assist"])
    assert result.exit_code != 0 and "at least 3 documents" in result.output


def test_api_train_is_for_reviewers_and_accept_shows_in_every_export(
    client: Any, runner: Any, session: Any, world: Any, make_token: Any
) -> None:
    alice, rita = make_token(world.annotator), make_token(world.reviewer)
    refused = client.post("/api/v1/projects/assist/assist/train", headers=alice)
    assert refused.status_code == 403
    refused = client.post("/api/v1/projects/assist/assist/predict", headers=alice, json={})
    assert refused.status_code == 403
    made = client.post(
        "/api/v1/projects/assist/assist/predict", headers=rita, json={"documents": ["unseen"]}
    )
    assert made.status_code == 200 and made.get_json()["model"] == "rules"
    layer = client.get(f"/api/v1/documents/{world.unseen.id}/suggestions", headers=alice)
    assert layer.status_code == 200
    cue = next(s for s in layer.get_json()["spans"] if s["label"] == "CUE")
    assert cue["model"] == "rules" and 0 <= cue["score"] <= 1
    accepted = client.post(f"/api/v1/suggestions/{cue['id']}/accept", headers=alice)
    assert accepted.status_code == 201, accepted.get_json()
    assert accepted.get_json()["suggested"] == {"model": "rules", "score": cue["score"]}
    not_gold = client.post(f"/api/v1/suggestions/{cue['id']}/accept?layer=gold", headers=alice)
    assert not_gold.status_code == 403
    records = _export(runner, "--layer", "all")
    unseen = next(r for r in records if r["id"] == "unseen")
    (mine,) = unseen["annotations"]
    assert mine["annotator"] == "alice"
    assert [s.get("suggested") for s in mine["spans"]] == [
        {"model": "rules", "score": cue["score"]}
    ]
    gold_spans = [s for r in records if r["gold"] for s in r["gold"]["spans"]]
    assert gold_spans and all("suggested" not in s for s in gold_spans)


@pytest.mark.parametrize("mode", ["off", "after_done"])
def test_a_blind_pass_hides_suggestions_from_annotators_not_reviewers(
    client: Any, runner: Any, session: Any, world: Any, make_token: Any, mode: str
) -> None:
    from annotator.services.accounts.project_admin import edit_project

    alice, rita = make_token(world.annotator), make_token(world.reviewer)
    assert runner.invoke(args=["assist", "predict", "assist"]).exit_code == 0
    schema = dict(world.project.schema) | {"suggestions": mode}
    edit_project(session, world.project, None, schema=schema)
    session.commit()
    path = f"/api/v1/documents/{world.unseen.id}/suggestions"

    seen = client.get(path, headers=alice).get_json()
    assert seen["spans"] == [] and seen["relations"] == [] and seen["hidden"]
    reviewed = client.get(path, headers=rita).get_json()
    assert reviewed["spans"] and reviewed["hidden"] is None
    cue = next(s for s in reviewed["spans"] if s["label"] == "CUE")
    refused = client.post(f"/api/v1/suggestions/{cue['id']}/accept", headers=alice)
    assert refused.status_code == 403 and refused.get_json()["error"]["message"] == seen["hidden"]

    done = client.put(
        f"/api/v1/documents/{world.unseen.id}/status", json={"status": "done"}, headers=alice
    )
    assert done.status_code == 200, done.get_json()
    after = client.get(path, headers=alice).get_json()
    if mode == "off":
        assert after["spans"] == [] and "turned off" in after["hidden"]
    else:  # a second pass, after an unaided first one
        assert after["spans"] and after["hidden"] is None


def test_the_suggestions_setting_is_validated(session: Any, world: Any) -> None:
    from annotator.core.errors import Invalid
    from annotator.services.accounts.project_admin import edit_project

    with pytest.raises(Invalid, match="'suggestions' must be one of on, off, after_done"):
        edit_project(
            session, world.project, None, schema=world.project.schema | {"suggestions": "sometimes"}
        )


def test_predict_names_document_ids_no_database_can_hold(
    client: Any, world: Any, make_token: Any
) -> None:
    # NUL and a lone surrogate: PostgreSQL refuses both in a query, so they must be answered
    # as ids of no document (422 naming them), never reach the database as a 500.
    rita = make_token(world.reviewer)
    for bad in ("un\x00seen", "\ud800", "unseen\ud800"):
        body = json.dumps({"documents": ["unseen", bad]}, ensure_ascii=True)
        answer = client.post(
            "/api/v1/projects/assist/assist/predict",
            headers={**rita, "Content-Type": "application/json"},
            data=body,
        )
        assert answer.status_code == 422, answer.get_json()
        assert repr(bad) in answer.get_json()["error"]["message"]
