"""``POST /api/v1/suggestions/labels/<id>/accept``: what it writes, and what it refuses.

alice and bob annotate the unseen document of the stance world; a classifier trained on its
gold suggests a stance for each sentence. Accepting a suggestion claims its provenance (the
``suggested`` model and score) only for a value it set: a value alice had already chosen
herself stays hers. It is refused on a layer marked done (409), while the project hides
suggestions from her (403), and for the id of a label that is no suggestion (404).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import LabelValue, Layer
from tests.label_suggestions_world import build_label_world, suggest_stance


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
    suggest_stance(runner)
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


def test_refused_on_a_layer_marked_done(client, world) -> None:
    done = client.put(
        f"/api/v1/documents/{world['document']}/status",
        json={"status": "done"},
        headers=world["headers"]["alice"],
    )
    assert done.status_code == 200, done.get_json()
    refused = _accept(client, world, 0)
    assert refused.status_code == 409, refused.get_json()
    assert refused.get_json()["error"]["code"] == "layer_done"
    assert _labels(client, world) == []


def test_refused_while_the_project_hides_suggestions(client, session, world) -> None:
    from annotator.services.accounts.project_admin import edit_project

    project = world["built"].project
    schema = dict(project.schema) | {"suggestions": "after_done"}
    edit_project(session, project, None, schema=schema)
    session.commit()
    refused = _accept(client, world, 0)
    assert refused.status_code == 403, refused.get_json()
    assert "once you have marked the document done" in refused.get_json()["error"]["message"]
    assert _labels(client, world) == []


def test_an_ordinary_labels_id_is_no_suggestion(client, session, world) -> None:
    _set(client, world, 0, "FAVOR", who="bob")
    _set(client, world, 1, "AGAINST")

    def label_of(who: str) -> int:
        key = Layer.key_for(world["users"][who].id)
        label = session.scalar(
            select(LabelValue.id)
            .join(Layer, Layer.id == LabelValue.layer_id)
            .where(Layer.document_id == world["document"], Layer.key == key)
        )
        assert label is not None
        return label

    for label in (label_of("bob"), label_of("alice")):  # another's, and alice's own
        refused = client.post(
            f"/api/v1/suggestions/labels/{label}/accept", headers=world["headers"]["alice"]
        )
        assert refused.status_code == 404, refused.get_json()
    assert _labels(client, world) == [{"sentence": 1, "name": "stance", "value": "AGAINST"}]
    assert _labels(client, world, "bob") == [{"sentence": 0, "name": "stance", "value": "FAVOR"}]


def test_a_stale_tabs_accept_sending_previous_is_409_and_overwrites_nothing(client, world) -> None:
    """The workspace sends the value it shows: a value set in another tab since is not
    overwritten by the suggestion."""
    suggested = world["suggested"][0]["value"]
    mine = _other(suggested)
    _set(client, world, 0, mine)  # another tab, after this one read the layer (no value)
    suggestion = world["suggested"][0]["id"]
    stale = client.post(
        f"/api/v1/suggestions/labels/{suggestion}/accept",
        json={"previous": None},
        headers=world["headers"]["alice"],
    )
    assert stale.status_code == 409
    error = stale.get_json()["error"]
    assert error["details"] == {
        "reason": "label_changed",
        "sentence": 0,
        "name": "stance",
        "value": mine,
    }
    # The API counts sentences from 0 in its words, as in `details.sentence`.
    assert error["message"] == (
        "'stance' on sentence 0 was changed elsewhere (another tab, or a reviewer): "
        f"it is now {mine}"
    )
    assert [x["value"] for x in _labels(client, world) if x["sentence"] == 0] == [mine]
    # Knowing the value, the accept goes through and claims the suggestion's provenance.
    fresh = client.post(
        f"/api/v1/suggestions/labels/{suggestion}/accept",
        json={"previous": mine},
        headers=world["headers"]["alice"],
    )
    assert fresh.status_code == 201, fresh.get_json()
    assert fresh.get_json()["value"] == suggested
    assert "suggested" in fresh.get_json()
