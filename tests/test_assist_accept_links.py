"""Accepting suggested spans one at a time: the accept of a relation's second end writes the
suggested relation too, in the same transaction, and answers it in ``relations``."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from tests.assist_world import build_assist_world
from tests.extras import need


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_assist_world(session, make_user, make_project, make_document, assign, 0)


def _shown(client: Any, world: Any, headers: dict[str, str]) -> dict[str, Any]:
    answer = client.get(f"/api/v1/documents/{world.unseen.id}/suggestions", headers=headers)
    assert answer.status_code == 200
    return answer.get_json()


def _accept(client: Any, suggestion: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    answer = client.post(f"/api/v1/suggestions/{suggestion['id']}/accept", headers=headers)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _layer(client: Any, world: Any, headers: dict[str, str]) -> dict[str, Any]:
    answer = client.get(f"/api/v1/documents/{world.unseen.id}/annotations", headers=headers)
    assert answer.status_code == 200
    return answer.get_json()


@pytest.fixture
def offered(client: Any, runner: Any, world: Any, make_token: Any) -> dict[str, Any]:
    result = runner.invoke(args=["assist", "predict", "assist"])
    assert result.exit_code == 0, result.output
    shown = _shown(client, world, make_token(world.annotator))
    by_label = {s["label"]: s for s in shown["spans"]}
    by_id = {s["id"]: s["label"] for s in shown["spans"]}
    # The rules link the claim to its source and its cue.
    links = {(r["type"], by_id[r["from"]], by_id[r["to"]]) for r in shown["relations"]}
    assert ("ATTRIBUTED_TO", "CLAIM", "SOURCE") in links
    return {"spans": by_label, "links": links}


def test_the_second_end_accepted_brings_the_suggested_relation(
    client: Any, world: Any, make_token: Any, offered: dict[str, Any]
) -> None:
    alice = make_token(world.annotator)
    spans = offered["spans"]
    source = _accept(client, spans["SOURCE"], alice)
    cue = _accept(client, spans["CUE"], alice)
    # No relation ends at the source and the cue both: nothing linked yet.
    assert (source["relations"], cue["relations"], cue["skipped"]) == ([], [], [])
    claim = _accept(client, spans["CLAIM"], alice)
    ids = {source["id"]: "SOURCE", cue["id"]: "CUE", claim["id"]: "CLAIM"}
    written = {(r["type"], ids[r["from"]], ids[r["to"]]) for r in claim["relations"]}
    assert written == offered["links"]
    assert all(r["suggested"]["model"] == "rules" for r in claim["relations"])
    layer = _layer(client, world, alice)
    assert {r["id"] for r in layer["relations"]} == {r["id"] for r in claim["relations"]}
    # The suggestions left: none of these spans or relations is offered any more.
    left = _shown(client, world, alice)
    assert (left["spans"], left["relations"]) == ([], [])


def test_the_claim_first_then_the_source_links_them_too(
    client: Any, world: Any, make_token: Any, offered: dict[str, Any]
) -> None:
    alice = make_token(world.annotator)
    claim = _accept(client, offered["spans"]["CLAIM"], alice)
    assert claim["relations"] == []
    source = _accept(client, offered["spans"]["SOURCE"], alice)
    assert [(r["type"], r["from"], r["to"]) for r in source["relations"]] == [
        ("ATTRIBUTED_TO", claim["id"], source["id"])
    ]


def test_her_own_span_over_the_other_end_is_linked(
    client: Any, session: Any, world: Any, make_token: Any, offered: dict[str, Any]
) -> None:
    alice = make_token(world.annotator)
    suggested = offered["spans"]["SOURCE"]
    layer = ensure_layer(session, world.unseen, world.annotator.id)
    # Her own source, wider than the suggestion ("Peter Brown said" is no name, but holds it).
    mine = add_span(session, layer, "SOURCE", suggested["start"], suggested["end"] + 5)
    session.commit()
    claim = _accept(client, offered["spans"]["CLAIM"], alice)
    assert [(r["type"], r["from"], r["to"]) for r in claim["relations"]] == [
        ("ATTRIBUTED_TO", claim["id"], mine.id)
    ]


def test_a_link_the_layer_refuses_is_skipped_and_the_span_still_written(
    client: Any, session: Any, world: Any, make_token: Any, offered: dict[str, Any]
) -> None:
    alice = make_token(world.annotator)
    source = _accept(client, offered["spans"]["SOURCE"], alice)
    claim = _accept(client, offered["spans"]["CLAIM"], alice)
    link = next(r for r in claim["relations"] if r["type"] == "ATTRIBUTED_TO")
    # She moves the claim's attribution to another source of hers, then takes the suggested
    # source away and accepts it again: the claim has its one ATTRIBUTED_TO already.
    layer = ensure_layer(session, world.unseen, world.annotator.id)
    text = world.unseen.text
    other = add_span(session, layer, "SOURCE", text.index("June"), text.index("June") + 4)
    session.commit()
    gone = client.delete(f"/api/v1/relations/{link['id']}", headers=alice)
    assert gone.status_code == 204
    made = client.post(
        f"/api/v1/documents/{world.unseen.id}/relations",
        headers=alice,
        json={"type": "ATTRIBUTED_TO", "from": claim["id"], "to": other.id},
    )
    assert made.status_code == 201, made.get_json()
    assert client.delete(f"/api/v1/spans/{source['id']}", headers=alice).status_code == 204
    again = _accept(client, offered["spans"]["SOURCE"], alice)
    assert again["relations"] == []
    assert [s["kind"] for s in again["skipped"]] == ["relation"]
    assert "ATTRIBUTED_TO" in again["skipped"][0]["reason"]
    spans = {s["id"] for s in _layer(client, world, alice)["spans"]}
    assert again["id"] in spans


def test_a_rejected_other_end_is_not_linked(
    client: Any, session: Any, world: Any, make_token: Any, offered: dict[str, Any]
) -> None:
    alice = make_token(world.annotator)
    cue = _accept(client, offered["spans"]["CUE"], alice)
    suggested = offered["spans"]["SOURCE"]
    rejected = client.post(f"/api/v1/suggestions/{suggested['id']}/reject", headers=alice)
    assert rejected.status_code == 201
    # She draws the source herself after all: the rejected suggestion's links stay away.
    layer = ensure_layer(session, world.unseen, world.annotator.id)
    add_span(session, layer, "SOURCE", suggested["start"], suggested["end"])
    session.commit()
    claim = _accept(client, offered["spans"]["CLAIM"], alice)
    assert [(r["type"], r["to"]) for r in claim["relations"]] == [("CUED_BY", cue["id"])]


def test_the_answer_matches_its_openapi_description(
    client: Any, world: Any, make_token: Any, offered: dict[str, Any]
) -> None:
    validators = need("openapi_schema_validator")
    alice = make_token(world.annotator)
    _accept(client, offered["spans"]["SOURCE"], alice)
    claim = _accept(client, offered["spans"]["CLAIM"], alice)
    assert claim["relations"]
    description = client.get("/api/v1/openapi.json").get_json()
    operation = description["paths"]["/suggestions/{suggestion_id}/accept"]["post"]
    schema = operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert "relations" in operation["description"]
    bundle = {**schema, "components": description["components"]}
    validators.validate(claim, bundle, cls=validators.OAS31Validator)
    # The description says what the answer holds: a span without its relations fails it.
    bare = {key: value for key, value in claim.items() if key != "relations"}
    with pytest.raises(need("jsonschema").ValidationError, match="relations"):
        validators.validate(bare, bundle, cls=validators.OAS31Validator)


def test_a_sentences_skips_name_their_spans_by_label_and_words_not_ids(
    client: Any, session: Any, world: Any, make_token: Any, offered: dict[str, Any]
) -> None:
    """Her own claim over the suggested one, attributed to another source of hers: the
    suggested ATTRIBUTED_TO would be a second one (max_per_source 1), and is skipped."""
    alice = make_token(world.annotator)
    text = world.unseen.text
    suggested = offered["spans"]["CLAIM"]
    layer = ensure_layer(session, world.unseen, world.annotator.id)
    claim = add_span(session, layer, "CLAIM", suggested["start"], suggested["end"])
    june = add_span(session, layer, "SOURCE", text.index("June"), text.index("June") + 4)
    session.commit()
    made = client.post(
        f"/api/v1/documents/{world.unseen.id}/relations",
        headers=alice,
        json={"type": "ATTRIBUTED_TO", "from": claim.id, "to": june.id},
    )
    assert made.status_code == 201, made.get_json()
    answer = client.post(
        f"/api/v1/documents/{world.unseen.id}/suggestions/accept",
        headers=alice,
        json={"sentence": 0},
    )
    assert answer.status_code == 201, answer.get_json()
    (skip,) = answer.get_json()["skipped"]
    words = text[suggested["start"] : suggested["end"]]
    source = offered["spans"]["SOURCE"]
    assert skip["kind"] == "relation"
    assert skip["reason"] == (
        f"ATTRIBUTED_TO CLAIM [{suggested['start']}, {suggested['end']}) “{words}” → "
        f"SOURCE [{source['start']}, {source['end']}) “Peter Brown”: "
        f"CLAIM [{suggested['start']}, {suggested['end']}) “{words}” already has 1 "
        "ATTRIBUTED_TO relation; the schema allows at most 1"
    )


def test_a_retried_accept_answers_the_relations_it_wrote(
    client: Any, world: Any, make_token: Any, offered: dict[str, Any]
) -> None:
    alice = make_token(world.annotator)
    spans = offered["spans"]
    _accept(client, spans["SOURCE"], alice)
    _accept(client, spans["CUE"], alice)
    keyed = {**alice, "Idempotency-Key": "claim-accept-1"}
    url = f"/api/v1/suggestions/{spans['CLAIM']['id']}/accept"
    first = client.post(url, headers=keyed)
    assert first.status_code == 201 and first.get_json()["relations"]
    again = client.post(url, headers=keyed)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    # A relation deleted since is no longer answered; the span still is.
    gone = first.get_json()["relations"][0]["id"]
    assert client.delete(f"/api/v1/relations/{gone}", headers=alice).status_code == 204
    after = client.post(url, headers=keyed).get_json()
    assert after["id"] == first.get_json()["id"]
    assert [r["id"] for r in after["relations"]] == [
        r["id"] for r in first.get_json()["relations"][1:]
    ]


def test_a_long_sentence_of_attributions_accepted_whole_links_each_claim_to_its_own_cue(
    client: Any,
    runner: Any,
    session: Any,
    world: Any,
    make_token: Any,
    make_document: Any,
    assign: Any,
) -> None:
    """Forty "X said that Y" clauses in one sentence, accepted with Shift+Enter's call: forty
    claims, each cued by its own "said" and attributed to its own speaker. (Each suggested
    claim ran to the sentence's end, over every later one; the layer held the later ones by
    the first, so all forty cues hung on that one claim, arcs stacked 38 levels high.)"""
    names = ["Maria Lopez", "John Smith", "The minister", "Officials", "Anna Berg"]
    clauses = [f"{names[k % 5]} said that the port will close by {2000 + k}" for k in range(40)]
    text = "; ".join(clauses) + "."
    document = make_document(world.project, text, "long")
    assign(document, world.annotator)
    result = runner.invoke(args=["assist", "predict", "assist", "--documents", "long"])
    assert result.exit_code == 0, result.output
    alice = make_token(world.annotator)
    answer = client.post(
        f"/api/v1/documents/{document.id}/suggestions/accept", headers=alice, json={"sentence": 0}
    )
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["skipped"] == []
    layer = client.get(f"/api/v1/documents/{document.id}/annotations", headers=alice).get_json()
    words = {s["id"]: text[s["start"] : s["end"]] for s in layer["spans"]}
    cue_at = {s["id"]: s["start"] for s in layer["spans"] if s["label"] == "CUE"}
    links: dict[str, dict[str, list[Any]]] = {}
    for r in layer["relations"]:
        to = cue_at[r["to"]] if r["type"] == "CUED_BY" else words[r["to"]]
        links.setdefault(words[r["from"]], {}).setdefault(r["type"], []).append(to)
    assert len(links) == 40
    for k, clause in enumerate(clauses):
        said = text.index(clause) + clause.index(" said") + 1
        assert links[f"the port will close by {2000 + k}"] == {
            "ATTRIBUTED_TO": [names[k % 5]],
            "CUED_BY": [said],
        }
