"""Changing a difference decided by a version in gold, over the API: take another version
instead (``POST .../review/<id>/take``) or reopen it (``DELETE .../review/<id>/taken/<key>``);
the answers say what was done to gold, in the fields the review pages' flash is said from.

alice and bob mark the same claim and attribute it to a SOURCE of different extents (alice
"Officials", bob "Officials said"), and give sentence 2 different stances. Accepting alice's
relation brings her SOURCE into gold, which decides the SOURCE's boundary difference.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api_world import World, build_world
from tests.helpers import login

OFFICIALS = "SOURCE [0, 9) “Officials”"
OFFICIALS_SAID = "SOURCE [0, 14) “Officials said”"
CLAIM = "CLAIM [15, 31) “the talks failed”"


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    world.items = {}
    for name, source_end, stance in (("alice", 9, "FAVOR"), ("bob", 14, "AGAINST")):
        claim = world.span(name, "CLAIM", 15, 31)
        source = world.span(name, "SOURCE", 0, source_end)
        relation = world.relation(name, "ATTRIBUTED_TO", claim["id"], source["id"])
        body = {"sentence": 1, "name": "stance", "value": stance}
        assert world.call(name, "PUT", f"/documents/{world.doc.id}/labels", body).status_code == 200
        world.items[name] = {"source": source, "relation": relation}
    return world


def review_path(world: World, tail: str = "") -> str:
    return f"/projects/demo/review/{world.doc.id}{tail}"


def differences(world: World) -> list[dict[str, Any]]:
    answer = world.call("rita", "GET", review_path(world))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["differences"]


def difference(world: World, kind: str) -> dict[str, Any]:
    return next(d for d in differences(world) if d["kind"] == kind)


def accept(world: World, body: dict[str, Any]) -> None:
    answer = world.call("rita", "POST", review_path(world, "/accept"), body)
    assert answer.status_code == 200, answer.get_json()


def accept_alices_relation(world: World) -> None:
    accept(world, {"kind": "relation", "id": world.items["alice"]["relation"]["id"]})


def take(world: World, body: dict[str, Any], who: str = "rita", **kwargs: Any) -> Any:
    return world.call(who, "POST", review_path(world, "/take"), body, **kwargs)


def reopen(world: World, key: str, who: str = "rita", **kwargs: Any) -> Any:
    return world.call(who, "DELETE", review_path(world, f"/taken/{key}"), **kwargs)


def gold(world: World) -> tuple[list[tuple[int, str, int, int]], list[tuple[str, int, int]]]:
    layer = world.layer("rita", "gold")
    spans = sorted((s["id"], s["label"], s["start"], s["end"]) for s in layer["spans"])
    relations = [(r["type"], r["from"], r["to"]) for r in layer["relations"]]
    return spans, relations


def test_taking_the_other_version_moves_golds_span_and_says_so(world: World) -> None:
    accept_alices_relation(world)
    boundary = difference(world, "boundary")
    assert boundary["taken"] == ["alice"]
    (source_id, *_), _ = sorted(gold(world)[0], key=lambda s: s[2])

    answer = take(world, {"difference": boundary["key"], "annotator": "bob"})

    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {
        "document": world.doc.id,
        "difference": boundary["key"],
        "replaced": [{"before": OFFICIALS, "after": OFFICIALS_SAID}],
        "added": [],
        "removed": [],
        "relations_kept": [f"ATTRIBUTED_TO {CLAIM} → {OFFICIALS_SAID}"],
        "relations_removed": [],
        "relations_repointed": [],
    }
    # The same gold span, now bob's extent; the relation still ends at it.
    spans, relations = gold(world)
    assert (source_id, "SOURCE", 0, 14) in spans
    assert [(kind, to) for kind, _, to in relations] == [("ATTRIBUTED_TO", source_id)]
    assert difference(world, "boundary")["taken"] == ["bob"]

    # And back, the version named as the differences list names it (its accept body).
    alices = next(v for v in boundary["versions"] if v["annotator"] == "alice")["accept"]
    back = take(world, {"difference": boundary["key"], **alices})
    assert back.status_code == 200, back.get_json()
    assert back.get_json()["replaced"] == [{"before": OFFICIALS_SAID, "after": OFFICIALS}]
    assert (source_id, "SOURCE", 0, 9) in gold(world)[0]
    assert difference(world, "boundary")["taken"] == ["alice"]


def test_accepting_a_span_whose_difference_gold_decided_otherwise_names_the_take(
    world: World,
) -> None:
    """Accepting bob's SOURCE where gold holds alice's (her relation brought it in) added a
    second SOURCE of one difference to gold; the pages take it instead. The API says so."""
    accept_alices_relation(world)
    before = gold(world)
    boundary = difference(world, "boundary")
    bobs = next(v for v in boundary["versions"] if v["annotator"] == "bob")["accept"]
    answer = world.call("rita", "POST", review_path(world, "/accept"), bobs)
    assert answer.status_code == 409, answer.get_json()
    error = answer.get_json()["error"]
    assert f"bob's {OFFICIALS_SAID}" in error["message"], error
    assert f"gold holds {OFFICIALS}" in error["message"], error
    assert f"POST /api/v1/projects/demo/review/{world.doc.id}/take" in error["message"], error
    assert error["details"] == {"field": "id", "difference": boundary["key"]}
    assert gold(world) == before
    # The way it names takes it: gold's one SOURCE moves onto bob's extent.
    taken = take(world, {"difference": error["details"]["difference"], **bobs})
    assert taken.status_code == 200, taken.get_json()
    assert sorted(s[1:] for s in gold(world)[0]) == [("CLAIM", 15, 31), ("SOURCE", 0, 14)]


def test_taking_a_labels_other_value_says_what_gold_held(world: World) -> None:
    label = difference(world, "sentence_label")
    alices = next(v for v in label["versions"] if v["annotator"] == "alice")["accept"]
    accept(world, alices)
    answer = take(world, {"difference": label["key"], "annotator": "bob"})
    assert answer.status_code == 200, answer.get_json()
    # The API names the sentence by its index, from 0, as its bodies do (a page says 2).
    assert answer.get_json()["replaced"] == [
        {"before": "sentence 1 stance = FAVOR", "after": "sentence 1 stance = AGAINST"}
    ]
    assert difference(world, "sentence_label")["taken"] == ["bob"]
    reopened = reopen(world, label["key"])
    assert reopened.status_code == 200, reopened.get_json()
    assert reopened.get_json()["removed"] == ["sentence 1 stance = AGAINST"]
    assert world.layer("rita", "gold")["sentence_labels"] == []


def test_the_same_take_said_for_a_page_numbers_its_sentence_from_1(
    world: World, session: Any
) -> None:
    """The service the page calls says what the API says, the sentence counted as a page
    counts it (the API's answer above says its index)."""
    from annotator.services.review.decision_changes import reopening, taking

    label = difference(world, "sentence_label")
    accept(world, next(v for v in label["versions"] if v["annotator"] == "alice")["accept"])
    session.expire_all()
    rita = world.users["rita"]
    changed = taking.take_annotators_instead(session, rita, world.doc, label["key"], "bob")
    assert changed.replaced == [("sentence 2 stance = FAVOR", "sentence 2 stance = AGAINST")]
    reopened = reopening.reopen_difference(session, rita, world.doc, label["key"])
    assert reopened.removed == ["sentence 2 stance = AGAINST"]
    session.rollback()


def test_reopening_removes_golds_span_and_names_the_relations_that_went(world: World) -> None:
    accept_alices_relation(world)
    key = difference(world, "boundary")["key"]

    answer = reopen(world, key)

    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {
        "document": world.doc.id,
        "difference": key,
        "replaced": [],
        "added": [],
        "removed": [OFFICIALS],
        "relations_kept": [],
        "relations_removed": [f"ATTRIBUTED_TO {CLAIM} → {OFFICIALS}"],
        "relations_repointed": [],
    }
    spans, relations = gold(world)
    assert [s[1:] for s in spans] == [("CLAIM", 15, 31)] and relations == []
    assert difference(world, "boundary")["decided"] is False
    # Reopened, it is not decided by a version: a second reopen, or a take, is refused.
    again = reopen(world, key)
    assert again.status_code == 409
    assert "not decided by a version" in again.get_json()["error"]["message"]
    assert take(world, {"difference": key, "annotator": "bob"}).status_code == 409
    assert gold(world) == (spans, relations)


def test_a_difference_decided_as_none_taken_is_refused_and_left_decided(world: World) -> None:
    key = difference(world, "boundary")["key"]
    none = world.call("rita", "POST", review_path(world, "/none"), {"difference": key})
    assert none.status_code == 200
    refused = reopen(world, key)
    assert refused.status_code == 409
    message = refused.get_json()["error"]["message"]
    assert "decided as none taken" in message and "reopened as such" in message
    taken = take(world, {"difference": key, "annotator": "bob"})
    assert taken.status_code == 409
    assert difference(world, "boundary")["none_taken"]["decided_by"] == "rita"
    assert gold(world) == ([], [])


def test_two_spans_of_gold_in_one_difference_are_the_gold_layers_to_change(
    world: World, assign: Any
) -> None:
    """carol marks the SOURCE shorter still; gold holds both alice's and bob's (written in
    the gold layer: an accept of the second is refused): which of them to move onto
    carol's is the reviewer's to say, in the gold workspace."""
    assign(world.doc, world.users["carol"])
    world.span("carol", "SOURCE", 0, 8)
    boundary = difference(world, "boundary")
    for end in (9, 14):
        world.span("rita", "SOURCE", 0, end, query="?layer=gold")
    before = gold(world)
    answer = take(world, {"difference": boundary["key"], "annotator": "carol"})
    assert answer.status_code == 409
    assert "gold holds 2 spans of that difference" in answer.get_json()["error"]["message"]
    assert gold(world) == before


def test_bad_bodies_are_refused_naming_the_field_and_change_nothing(world: World) -> None:
    accept_alices_relation(world)
    boundary = difference(world, "boundary")
    key = boundary["key"]
    relation = world.items["bob"]["relation"]["id"]
    before = gold(world)
    cases = [
        ({"annotator": "bob"}, 400, "difference", "'difference' is missing"),
        ({"difference": key}, 400, "annotator", "'annotator', or 'kind' and 'id'"),
        ({"difference": key, "annotator": "carol"}, 422, "annotator", "carol has no version"),
        (
            {"difference": key, "annotator": "bob", "kind": "span", "id": relation},
            400,  # the body's shape, as neither way (it was a 422)
            "annotator",
            "not both",
        ),
        ({"difference": key, "kind": "span", "id": relation}, 422, "id", "is not a version"),
        ({"difference": key, "kind": "shape", "id": relation}, 422, "kind", "kind must be one"),
        ({"difference": key, "annotator": "alice"}, 409, None, "gold holds alice's version"),
        ({"difference": "0" * 20, "annotator": "bob"}, 404, None, "no difference"),
    ]
    for body, status, field, words in cases:
        answer = take(world, body)
        assert answer.status_code == status, (body, answer.get_json())
        error = answer.get_json()["error"]
        assert words in error["message"], (body, error)
        assert (error.get("details") or {}).get("field") == field, (body, error)
    assert reopen(world, "0" * 20).status_code == 404
    assert gold(world) == before


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("carol", 404)])
def test_only_reviewers_change_a_decision(world: World, who: str, status: int) -> None:
    """An annotator of the project is refused (403); one outside it learns nothing (404)."""
    accept_alices_relation(world)
    key = difference(world, "boundary")["key"]
    before = gold(world)
    assert take(world, {"difference": key, "annotator": "bob"}, who).status_code == status
    assert reopen(world, key, who).status_code == status
    assert take(world, {"difference": key, "annotator": "bob"}, None).status_code == 401
    other = f"/projects/demo/review/{world.other.id}/taken/{key}"
    assert world.call("rita", "DELETE", other).status_code == 404
    assert gold(world) == before
    assert difference(world, "boundary")["taken"] == ["alice"]


def test_idempotency_keys_are_refused_and_session_writes_need_the_csrf_token(
    world: World, make_user: Any
) -> None:
    """Like the other review writes: the answer (what was done to gold) is not a row a key's
    record could replay; a login session's write needs ``X-CSRFToken``."""
    accept_alices_relation(world)
    key = difference(world, "boundary")["key"]
    keyed = {"headers": world.headers["rita"] | {"Idempotency-Key": "take-1"}}
    answer = world.client.post(
        f"/api/v1{review_path(world, '/take')}",
        json={"difference": key, "annotator": "bob"},
        **keyed,
    )
    assert answer.status_code == 400
    assert "takes no Idempotency-Key" in answer.get_json()["error"]["message"]
    answer = world.client.delete(f"/api/v1{review_path(world, f'/taken/{key}')}", **keyed)
    assert answer.status_code == 400
    assert difference(world, "boundary")["taken"] == ["alice"]

    make_user("reva", "reviewer")
    client = world.client
    assert login(client, "reva").status_code == 302
    url = f"/api/v1{review_path(world, '/take')}"
    body = {"difference": key, "annotator": "bob"}
    refused = client.post(url, json=body)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "csrf_failed"
    assert client.delete(f"/api/v1{review_path(world, f'/taken/{key}')}").status_code == 403
    assert difference(world, "boundary")["taken"] == ["alice"]
    token = client.get("/api/v1/csrf-token").get_json()["csrf_token"]
    assert client.post(url, json=body, headers={"X-CSRFToken": token}).status_code == 200
    assert difference(world, "boundary")["taken"] == ["bob"]


def test_taking_an_id_that_is_no_version_says_the_same_whether_the_row_exists(
    world: World,
) -> None:
    """A row that exists but is no version of the difference (here alice's relation, in the
    same layer) is answered as an id nothing has: nobody learns which ids exist by asking."""
    accept_alices_relation(world)
    key = difference(world, "boundary")["key"]
    answers = []
    for item_id in (world.items["alice"]["relation"]["id"], 500_000):
        answer = take(world, {"difference": key, "kind": "relation", "id": item_id})
        error = answer.get_json()["error"]
        answers.append((answer.status_code, error["message"].replace(str(item_id), "N")))
    assert answers[0] == answers[1] == (422, "relation N is not a version of that difference")
