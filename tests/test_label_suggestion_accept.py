"""``POST /api/v1/suggestions/labels/<id>/accept``: what it writes, and what it refuses.

alice and bob annotate the unseen document of the stance world; a classifier trained on its
gold suggests a stance for each sentence. Accepting a suggestion claims its provenance (the
``suggested`` model and score) only for a value it set: a value alice had already chosen
herself stays hers.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.label_suggestions_world import build_label_world


@pytest.fixture
def world(
    client: Any,
    runner: Any,
    session: Any,
    make_project: Any,
    make_document: Any,
    make_user: Any,
    make_token: Any,
    assign: Any,
) -> dict[str, Any]:
    built = build_label_world(session, make_project, make_document)
    alice, bob = make_user("alice"), make_user("bob")
    assign(built.unseen, alice, bob)
    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0
    predicted = runner.invoke(args=["assist", "predict", "stance", "--documents", "unseen"])
    assert predicted.exit_code == 0, predicted.output
    headers = {"alice": make_token(alice), "bob": make_token(bob)}
    document = built.unseen.id
    shown = client.get(f"/api/v1/documents/{document}/suggestions", headers=headers["alice"])
    return {
        "built": built,
        "users": {"alice": alice, "bob": bob},
        "document": document,
        "headers": headers,
        "suggested": {label["sentence"]: label for label in shown.get_json()["sentence_labels"]},
    }


def _accept(client: Any, world: dict[str, Any], sentence: int, who: str = "alice") -> Any:
    suggestion = world["suggested"][sentence]["id"]
    return client.post(
        f"/api/v1/suggestions/labels/{suggestion}/accept", headers=world["headers"][who]
    )


def _set(client: Any, world: dict[str, Any], sentence: int, value: str, who: str = "alice") -> None:
    answer = client.put(
        f"/api/v1/documents/{world['document']}/labels",
        json={"sentence": sentence, "name": "stance", "value": value},
        headers=world["headers"][who],
    )
    assert answer.status_code == 200, answer.get_json()


def _labels(client: Any, world: dict[str, Any], who: str = "alice") -> list[dict[str, Any]]:
    layer = client.get(
        f"/api/v1/documents/{world['document']}/annotations", headers=world["headers"][who]
    )
    return sorted(layer.get_json()["sentence_labels"], key=lambda label: label["sentence"])


def _other(value: str) -> str:
    return "NONE" if value != "NONE" else "FAVOR"


def test_accepting_the_value_already_chosen_claims_no_provenance(client, world) -> None:
    own = world["suggested"][0]["value"]
    _set(client, world, 0, own)
    accepted = _accept(client, world, 0)
    assert accepted.status_code == 201, accepted.get_json()
    assert accepted.get_json() == {"sentence": 0, "name": "stance", "value": own}
    assert _labels(client, world) == [{"sentence": 0, "name": "stance", "value": own}]


def test_accepting_a_value_that_changes_the_layer_claims_the_suggestions(client, world) -> None:
    suggestion = world["suggested"][1]
    _set(client, world, 1, _other(suggestion["value"]))
    accepted = _accept(client, world, 1)
    assert accepted.status_code == 201, accepted.get_json()
    suggested = {"model": suggestion["model"], "score": suggestion["score"]}
    expected = {"sentence": 1, "name": "stance", "value": suggestion["value"]}
    assert accepted.get_json() == expected | {"suggested": suggested}
    # Accepted again: the value and its provenance as they were.
    again = _accept(client, world, 1)
    assert again.status_code == 201 and again.get_json() == accepted.get_json()
    assert _labels(client, world) == [expected | {"suggested": suggested}]
