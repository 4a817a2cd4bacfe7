"""A schema rename reaches final gold too (a rename keeps meaning: services/accounts/
schema_final_gold.py), but says so: the change counts the final documents it renamed in, and
each one's gold history records what was renamed, by whom."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.accounts.schema_final_gold import renamed_words
from tests.api_world import World, build_world
from tests.helpers import login

RENAMES = {"labels": {"CLAIM": "ASSERTION"}, "values": {"stance": {"AGAINST": "OPPOSE"}}}
SAID = "renamed in the final gold of 1 document too (its gold history records each item)"


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    for document, (start, end) in ((world.doc, (15, 31)), (world.other, (0, 6))):
        gold = f"/documents/{document.id}"
        attributes = {"claimer": "REPORTED"}
        claim = {"label": "CLAIM", "start": start, "end": end, "attributes": attributes}
        assert world.call("rita", "POST", f"{gold}/spans?layer=gold", claim).status_code == 201
        stance = {"sentence": 0, "name": "stance", "value": "AGAINST"}
        assert world.call("rita", "PUT", f"{gold}/labels?layer=gold", stance).status_code == 200
    path = f"/projects/demo/review/{world.doc.id}/status"
    final = {"status": "final", "unanimous": "leave"}
    assert world.call("rita", "PUT", path, final).status_code == 200
    return world


def _gold_history(world: World, document: Any) -> list[dict[str, Any]]:
    path = f"/projects/demo/documents/{document.id}/history?annotator=gold"
    answer = world.call("rita", "GET", path)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["changes"]


def test_a_rename_reaches_final_gold_counts_it_and_records_it_in_its_history(
    world: World,
) -> None:
    others_before = len(_gold_history(world, world.other))
    answer = world.call("ada", "PATCH", "/projects/demo", {"renames": RENAMES})
    assert answer.status_code == 200, answer.get_json()
    assert SAID in answer.get_json()["schema_change"]
    gold = world.layer("rita", "gold")
    assert [s["label"] for s in gold["spans"]] == ["ASSERTION"]
    assert [v["value"] for v in gold["sentence_labels"]] == ["OPPOSE"]
    status = world.call("rita", "GET", f"/projects/demo/review/{world.doc.id}").get_json()
    assert status["gold_status"] == "final"  # renamed, still final
    renamed = [c for c in _gold_history(world, world.doc) if c["kind"] in ("span", "label")][:2]
    said = {(c["kind"], c["action"], c["actor"]) for c in renamed}
    assert said == {("span", "update", "ada"), ("label", "update", "ada")}
    span = next(c for c in renamed if c["kind"] == "span")
    assert (span["before"]["label"], span["after"]["label"]) == ("CLAIM", "ASSERTION")
    assert span["after"]["attributes"] == {"claimer": "REPORTED"}
    label = next(c for c in renamed if c["kind"] == "label")
    assert (label["before"]["value"], label["after"]["value"]) == ("AGAINST", "OPPOSE")
    # The item's source stays the one it had: a rename decides nothing.
    assert span["item_source"] == {"how": "written", "of": None, "annotators": []}
    # Gold not final is renamed as every layer is, with no row of history.
    assert len(_gold_history(world, world.other)) == others_before
    assert [s["label"] for s in world.layer("rita", "gold", world.other)["spans"]] == ["ASSERTION"]


def test_a_change_that_renames_nothing_final_says_nothing_of_it(world: World) -> None:
    renames = {"values": {"genre": {"NEWS": "REPORT"}}}  # final gold has no genre
    answer = world.call("ada", "PATCH", "/projects/demo", {"renames": renames})
    assert answer.status_code == 200, answer.get_json()
    assert "final gold" not in answer.get_json()["schema_change"]


def test_the_settings_page_lists_the_count_with_the_version(
    world: World, client: Any, make_user: Any
) -> None:
    assert world.call("ada", "PATCH", "/projects/demo", {"renames": RENAMES}).status_code == 200
    make_user("adam", "admin")  # with a password, to sign in to the pages
    login(client, "adam")
    page = client.get("/projects/demo/settings").get_data(as_text=True)
    assert SAID in " ".join(page.split())


def test_the_words_count_the_documents() -> None:
    assert renamed_words(0) == ""
    assert renamed_words(2) == (
        "renamed in the final gold of 2 documents too (each one's gold history records each item)"
    )
