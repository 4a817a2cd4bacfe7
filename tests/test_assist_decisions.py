"""Answers to suggestions: rejecting, accepting a relation with its spans, a whole sentence."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.models import SuggestionRejection
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from tests.assist_world import attribution_text, build_assist_world


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_assist_world(session, make_user, make_project, make_document, assign, 0)


def _predict(runner: Any) -> None:
    result = runner.invoke(args=["assist", "predict", "assist"])
    assert result.exit_code == 0, result.output


def _shown(client: Any, world: Any, headers: dict[str, str]) -> dict[str, Any]:
    answer = client.get(f"/api/v1/documents/{world.unseen.id}/suggestions", headers=headers)
    assert answer.status_code == 200
    return answer.get_json()


def _by_label(layer: dict[str, Any], label: str) -> dict[str, Any]:
    return next(s for s in layer["spans"] if s["label"] == label)


def test_a_rejected_suggestion_is_hidden_from_its_annotator_only_and_stays_hidden(
    client: Any, runner: Any, session: Any, world: Any, make_user: Any, make_token: Any, assign: Any
) -> None:
    bob = make_user("bob")
    assign(world.unseen, bob)
    alice, bobs = make_token(world.annotator), make_token(bob)
    _predict(runner)
    before = _shown(client, world, alice)
    source = _by_label(before, "SOURCE")
    answer = client.post(f"/api/v1/suggestions/{source['id']}/reject", headers=alice)
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json() == {
        "suggestion": source["id"],
        "label": "SOURCE",
        "start": source["start"],
        "end": source["end"],
        "model": "rules",
        "score": source["score"],
    }
    after = _shown(client, world, alice)
    assert "SOURCE" not in {s["label"] for s in after["spans"]}
    assert all(source["id"] not in (r["from"], r["to"]) for r in after["relations"])
    assert len(after["relations"]) == len(before["relations"]) - 1
    assert _by_label(_shown(client, world, bobs), "SOURCE")  # bob has not rejected it

    # A second rejection changes nothing; a new prediction does not bring it back.
    again = client.post(f"/api/v1/suggestions/{source['id']}/reject", headers=alice)
    assert again.status_code == 201
    _predict(runner)
    assert "SOURCE" not in {s["label"] for s in _shown(client, world, alice)["spans"]}
    rows = session.query(SuggestionRejection).all()
    assert [(r.user_id, r.label, r.model, r.score) for r in rows] == [
        (world.annotator.id, "SOURCE", "rules", source["score"])
    ]


def test_rejecting_is_refused_for_what_is_no_suggestion_or_not_the_callers(
    client: Any, runner: Any, session: Any, world: Any, make_user: Any, make_token: Any
) -> None:
    _predict(runner)
    cue = _by_label(_shown(client, world, make_token(world.annotator)), "CUE")
    mine = add_span(session, ensure_layer(session, world.unseen, world.annotator.id), "CUE", 12, 16)
    session.commit()
    alice = make_token(world.annotator)
    refused = client.post(f"/api/v1/suggestions/{mine.id}/reject", headers=alice)
    assert refused.status_code == 404
    assert refused.get_json()["error"]["message"] == f"no suggestion {mine.id}"
    # A suggestion on a document not theirs is answered as a missing one.
    stranger = make_token(make_user("carol"))
    hidden = client.post(f"/api/v1/suggestions/{cue['id']}/reject", headers=stranger)
    missing = client.post("/api/v1/suggestions/999999/reject", headers=alice)
    assert (hidden.status_code, missing.status_code) == (404, 404)
    assert missing.get_json()["error"]["message"] == "no suggestion 999999"
    assert session.query(SuggestionRejection).count() == 0


def test_a_rejection_taken_back_shows_the_suggestion_again(
    client: Any, runner: Any, session: Any, world: Any, make_user: Any, make_token: Any
) -> None:
    _predict(runner)
    alice = make_token(world.annotator)
    before = _shown(client, world, alice)
    source = _by_label(before, "SOURCE")
    path = f"/api/v1/suggestions/{source['id']}/reject"
    assert client.post(path, headers=alice).status_code == 201
    taken_back = client.delete(path, headers=alice)
    assert taken_back.status_code == 204, taken_back.get_json()
    assert _shown(client, world, alice) == before  # the span and its relations again
    assert session.query(SuggestionRejection).count() == 0
    # Nothing to take back is no error (a repeated undo); another's is never theirs to take.
    assert client.delete(path, headers=alice).status_code == 204
    stranger = make_token(make_user("carol"))
    assert client.delete(path, headers=stranger).status_code == 404
    assert client.delete("/api/v1/suggestions/999999/reject", headers=alice).status_code == 404


def test_a_blind_project_refuses_rejections_too(
    client: Any, runner: Any, session: Any, world: Any, make_token: Any
) -> None:
    from annotator.services.accounts.project_admin import edit_project

    _predict(runner)
    cue = _by_label(_shown(client, world, make_token(world.reviewer)), "CUE")
    edit_project(
        session, world.project, None, schema=dict(world.project.schema) | {"suggestions": "off"}
    )
    session.commit()
    refused = client.post(
        f"/api/v1/suggestions/{cue['id']}/reject", headers=make_token(world.annotator)
    )
    assert refused.status_code == 403 and "turned off" in refused.get_json()["error"]["message"]


def test_accepting_a_suggested_relation_brings_its_spans_with_their_provenance(
    client: Any, runner: Any, session: Any, world: Any, make_token: Any
) -> None:
    alice = make_token(world.annotator)
    _predict(runner)
    layer = _shown(client, world, alice)
    claim, source = _by_label(layer, "CLAIM"), _by_label(layer, "SOURCE")
    relation = next(r for r in layer["relations"] if r["type"] == "ATTRIBUTED_TO")
    assert (relation["from"], relation["to"]) == (claim["id"], source["id"])
    # The claim is already in alice's layer: it is used as it is, not copied again.
    kept = add_span(
        session,
        ensure_layer(session, world.unseen, world.annotator.id),
        "CLAIM",
        claim["start"],
        claim["end"],
    )
    session.commit()
    answer = client.post(f"/api/v1/suggestions/relations/{relation['id']}/accept", headers=alice)
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert [s["id"] for s in body["kept"]] == [kept.id]
    (new_source,) = body["spans"]
    assert new_source["label"] == "SOURCE" and new_source["suggested"] == {
        "model": "rules",
        "score": source["score"],
    }
    (made,) = body["relations"]
    assert (made["type"], made["from"], made["to"]) == ("ATTRIBUTED_TO", kept.id, new_source["id"])
    assert made["suggested"] == {"model": "rules", "score": None}
    mine = client.get(f"/api/v1/documents/{world.unseen.id}/annotations", headers=alice).get_json()
    assert sorted(s["label"] for s in mine["spans"]) == ["CLAIM", "SOURCE"]
    assert [(r["from"], r["to"]) for r in mine["relations"]] == [(kept.id, new_source["id"])]
    twice = client.post(f"/api/v1/suggestions/relations/{relation['id']}/accept", headers=alice)
    assert twice.status_code == 409
    not_one = client.post(f"/api/v1/suggestions/relations/{made['id']}/accept", headers=alice)
    assert not_one.status_code == 404


def test_accepting_a_sentence_takes_its_suggestions_and_their_relations_only(
    client: Any,
    runner: Any,
    session: Any,
    world: Any,
    make_document: Any,
    assign: Any,
    make_token: Any,
) -> None:
    text, _ = attribution_text(
        [
            ("Maria Lopez", "said", "the plan would fail"),
            ("John Smith", "warned", "taxes will rise"),
        ]
    )
    document = make_document(world.project, text, "two")
    assign(document, world.annotator)
    alice = make_token(world.annotator)
    _predict(runner)
    path = f"/api/v1/documents/{document.id}/suggestions"
    shown = client.get(path, headers=alice).get_json()
    first = [s for s in shown["spans"] if s["sentence"] == 0]
    rejected = next(s for s in first if s["label"] == "CUE")
    assert (
        client.post(f"/api/v1/suggestions/{rejected['id']}/reject", headers=alice).status_code
        == 201
    )

    answer = client.post(f"{path}/accept", json={"sentence": 0}, headers=alice)
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert sorted(s["label"] for s in body["spans"]) == ["CLAIM", "SOURCE"]
    assert all(s["sentence"] == 0 and s["suggested"]["model"] == "rules" for s in body["spans"])
    assert [r["type"] for r in body["relations"]] == ["ATTRIBUTED_TO"]  # the cue was rejected
    assert body["relations"][0]["suggested"] == {"model": "rules", "score": None}
    assert body["skipped"] == []
    mine = client.get(f"/api/v1/documents/{document.id}/annotations", headers=alice).get_json()
    assert sorted((s["label"], s["sentence"]) for s in mine["spans"]) == [
        ("CLAIM", 0),
        ("SOURCE", 0),
    ]

    # Again: the same spans are in the layer already, so nothing new is written.
    again = client.post(f"{path}/accept", json={"sentence": 0}, headers=alice).get_json()
    assert again["spans"] == [] and again["relations"] == []
    for bad, status in (({"sentence": "0"}, 400), ({}, 400), ({"sentence": 7}, 404)):
        refused = client.post(f"{path}/accept", json=bad, headers=alice)
        assert refused.status_code == status, (bad, refused.get_json())


def test_after_done_keeps_suggestions_on_show_when_the_document_is_reopened(
    client: Any, runner: Any, session: Any, world: Any, make_token: Any
) -> None:
    from annotator.services.accounts.project_admin import edit_project

    alice = make_token(world.annotator)
    _predict(runner)
    edit_project(
        session,
        world.project,
        None,
        schema=dict(world.project.schema) | {"suggestions": "after_done"},
    )
    session.commit()
    status = f"/api/v1/documents/{world.unseen.id}/status"
    assert _shown(client, world, alice)["hidden"]
    assert client.put(status, json={"status": "done"}, headers=alice).status_code == 200
    assert client.put(status, json={"status": "in_progress"}, headers=alice).status_code == 200
    reopened = _shown(client, world, alice)
    assert reopened["hidden"] is None and reopened["spans"]


def test_a_retried_accept_is_answered_once_not_applied_twice(
    client: Any, runner: Any, session: Any, world: Any, make_token: Any
) -> None:
    alice = make_token(world.annotator) | {"Idempotency-Key": "accept-cue-1"}
    _predict(runner)
    cue = _by_label(_shown(client, world, alice), "CUE")
    first = client.post(f"/api/v1/suggestions/{cue['id']}/accept", headers=alice)
    again = client.post(f"/api/v1/suggestions/{cue['id']}/accept", headers=alice)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    mine = client.get(f"/api/v1/documents/{world.unseen.id}/annotations", headers=alice).get_json()
    assert [s["label"] for s in mine["spans"]] == ["CUE"]
    keyed = client.post(f"/api/v1/suggestions/{cue['id']}/reject", headers=alice)
    assert keyed.status_code == 400 and "Idempotency-Key" in keyed.get_json()["error"]["message"]


def test_accepting_a_suggestion_the_layer_already_holds_adds_no_second_copy(
    client: Any, runner: Any, session: Any, world: Any, make_token: Any
) -> None:
    """The same label and offsets are the same span, as accepting a relation or a sentence
    and the workspace (which no longer shows such a suggestion) take them to be."""
    alice = make_token(world.annotator)
    _predict(runner)
    cue = _by_label(_shown(client, world, alice), "CUE")
    marked = client.post(
        f"/api/v1/documents/{world.unseen.id}/spans",
        json={"label": "CUE", "start": cue["start"], "end": cue["end"]},
        headers=alice,
    )
    assert marked.status_code == 201
    again = client.post(f"/api/v1/suggestions/{cue['id']}/accept", headers=alice)
    assert again.status_code == 409, again.get_json()
    error = again.get_json()["error"]
    # In the words and details of every span write's refusal of a copy.
    assert error["details"] == {"span": marked.get_json()["id"]}
    assert f"already has a 'CUE' span at [{cue['start']}, {cue['end']})" in error["message"]
    mine = client.get(f"/api/v1/documents/{world.unseen.id}/annotations", headers=alice).get_json()
    assert [(s["label"], s["start"]) for s in mine["spans"]] == [("CUE", cue["start"])]


def test_accepting_a_sentence_leaves_a_suggestion_its_annotator_answered_with_a_span_over_it(
    client: Any, runner: Any, world: Any, make_document: Any, assign: Any, make_token: Any
) -> None:
    """The page does not offer a suggestion over a span of its label that the layer has (the
    annotator drew "Dr. Maria Lopez" for the rules' "Maria Lopez"), and counts it out of the
    sentence's; accepting the sentence wrote it all the same, an overlapping second SOURCE.
    The annotator's span stands for it, and the suggested relation goes to it."""
    text, _ = attribution_text([("Dr. Maria Lopez", "said", "the plan would fail")])
    document = make_document(world.project, text, "answered")
    assign(document, world.annotator)
    alice = make_token(world.annotator)
    _predict(runner)
    path = f"/api/v1/documents/{document.id}/suggestions"
    suggested = _by_label(client.get(path, headers=alice).get_json(), "SOURCE")
    start = text.index("Dr. Maria Lopez")
    wider = {"label": "SOURCE", "start": start, "end": start + len("Dr. Maria Lopez")}
    assert (suggested["start"], suggested["end"]) != (wider["start"], wider["end"])
    assert suggested["start"] < wider["end"] and wider["start"] < suggested["end"]
    mine = client.post(f"/api/v1/documents/{document.id}/spans", json=wider, headers=alice)
    assert mine.status_code == 201, mine.get_json()

    answer = client.post(f"{path}/accept", json={"sentence": 0}, headers=alice)
    assert answer.status_code == 201, answer.get_json()
    layer = client.get(f"/api/v1/documents/{document.id}/annotations", headers=alice).get_json()
    sources = [(s["start"], s["end"]) for s in layer["spans"] if s["label"] == "SOURCE"]
    assert sources == [(wider["start"], wider["end"])]
    (attributed,) = [r for r in layer["relations"] if r["type"] == "ATTRIBUTED_TO"]
    assert attributed["to"] == mine.get_json()["id"]
