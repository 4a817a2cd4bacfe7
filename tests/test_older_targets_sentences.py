"""A reviewer's split or merge of sentences moves a label value to another sentence; it is no
answer, so a value given toward an older target stays marked as given toward it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from annotator.services.accounts.project_admin import edit_project
from tests.api_world import World, build_world

TEXT = (
    "Officials said the talks failed. Moscow denied it; the envoy left early. "
    "A third one here. The fourth ends it."
)
NEW_TARGET = "Fuel subsidies"


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(
        client, make_user, make_token, make_project, make_document, assign, text=TEXT
    )


def _marked(world: World) -> dict[int, Any]:
    layer = world.call("alice", "GET", f"/documents/{world.doc.id}/annotations").get_json()
    return {
        item["sentence"]: item.get("given_toward", {}).get("target")
        for item in layer["sentence_labels"]
        if item["name"] == "stance"
    }


def test_a_value_moved_by_a_split_or_a_merge_stays_given_toward_the_old_target(
    world: World, session: Any
) -> None:
    for sentence, value in ((1, "AGAINST"), (2, "FAVOR")):
        body = {"sentence": sentence, "name": "stance", "value": value}
        put = world.call("alice", "PUT", f"/documents/{world.doc.id}/labels", body)
        assert put.status_code == 200, put.get_json()
    schema = copy.deepcopy(world.project.schema)
    stance = next(f for f in schema["sentence_labels"] if f["name"] == "stance")
    old, stance["target"] = stance["target"], NEW_TARGET
    edit_project(session, world.project, None, schema=schema, confirm_meaning=True)
    session.commit()
    assert _marked(world) == {1: old, 2: old}

    at = TEXT.index("the envoy")
    split = world.call("rita", "POST", f"/projects/demo/review/{world.doc.id}/sentences/1/split",
                       {"at": at})  # fmt: skip
    assert split.status_code == 200, split.get_json()
    assert _marked(world) == {1: old, 3: old}  # sentence 2's value moved to 3

    merge = world.call("rita", "POST", f"/projects/demo/review/{world.doc.id}/sentences/0/merge")
    assert merge.status_code == 200, merge.get_json()
    # Sentence 1's value joined sentence 0; sentence 3's moved to 2.
    assert _marked(world) == {0: old, 2: old}
