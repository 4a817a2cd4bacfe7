"""A gold relation's source when one of its ends moves: it names only those whose own relation
is exactly what gold holds now, through a take, a hand edit in the gold layer, a take that
re-points a relation, and a restore; the exports say it, the history keeps the span's change
and the relation's own (its source before and after), and a restore of the span's extent
gives the relation back the source it had there.

alice and bob mark the claim and attribute it to "Officials" [0, 9); carol attributes the same
claim to "Officials said" [0, 14). The majority accept takes alice's and bob's SOURCE and
relation into gold.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import update

from annotator.core.history import moved_end, span_end
from annotator.models import LayerChange
from tests.api_world import World, build_world

MAJORITY = {"how": "majority", "of": 3, "annotators": ["alice", "bob"]}
CAROLS = {"how": "chosen", "of": None, "annotators": ["carol"]}
WRITTEN = {"how": "written", "of": None, "annotators": []}


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    assign(world.doc, world.users["carol"])
    for name, source_end in (("alice", 9), ("bob", 9), ("carol", 14)):
        claim = world.span(name, "CLAIM", 15, 31)
        source = world.span(name, "SOURCE", 0, source_end)
        world.relation(name, "ATTRIBUTED_TO", claim["id"], source["id"])
    answer = world.call(
        "rita", "POST", f"/projects/demo/review/{world.doc.id}/unanimous", {"quorum": "majority"}
    )
    assert answer.status_code == 200, answer.get_json()
    return world


def gold_record(world: World) -> dict[str, Any]:
    """The document's gold as the jsonl export gives it."""
    answer = world.call("rita", "GET", "/projects/demo/export?format=jsonl&layer=gold")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    line = next(
        json.loads(line)
        for line in answer.get_data(as_text=True).splitlines()
        if json.loads(line)["id"] == "doc-1"
    )
    return line["gold"]


def relation_source(world: World) -> dict[str, Any]:
    (relation,) = gold_record(world)["relations"]
    return relation["source"]


def gold_source_span(world: World) -> dict[str, Any]:
    return next(s for s in gold_record(world)["spans"] if s["label"] == "SOURCE")


def boundary(world: World) -> dict[str, Any]:
    answer = world.call("rita", "GET", f"/projects/demo/review/{world.doc.id}")
    assert answer.status_code == 200, answer.get_json()
    return next(d for d in answer.get_json()["differences"] if d["kind"] == "boundary")


def take(world: World, annotator: str) -> dict[str, Any]:
    body = {"difference": boundary(world)["key"], "annotator": annotator}
    answer = world.call("rita", "POST", f"/projects/demo/review/{world.doc.id}/take", body)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def edit_gold_span(world: World, span_id: int, **body: Any) -> None:
    answer = world.call("rita", "PATCH", f"/spans/{span_id}?layer=gold", body)
    assert answer.status_code == 200, answer.get_json()


def gold_history(world: World) -> list[dict[str, Any]]:
    path = f"/projects/demo/documents/{world.doc.id}/history?annotator=gold"
    answer = world.call("rita", "GET", path)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["changes"]


def relation_changes(world: World) -> list[dict[str, Any]]:
    """The gold relation's change rows, oldest first."""
    return sorted(
        (c for c in gold_history(world) if c["kind"] == "relation"), key=lambda c: c["id"]
    )


def ends(snapshot: dict[str, Any]) -> tuple[Any, ...]:
    return snapshot["type"], snapshot["from"]["end"], snapshot["to"]["end"]


def test_taking_an_ends_other_version_names_who_gives_the_relation_now(world: World) -> None:
    assert relation_source(world) == MAJORITY

    answer = take(world, "carol")

    assert answer["relations_kept"] == [
        "ATTRIBUTED_TO CLAIM [15, 31) “the talks failed” → SOURCE [0, 14) “Officials said”"
    ]
    assert gold_source_span(world)["source"] == CAROLS
    # Only carol's relation ends at [0, 14): alice's and bob's end at [0, 9).
    assert relation_source(world) == CAROLS
    # And back: alice's and bob's relation again, chosen this time (the majority button
    # took the other one).
    take(world, "alice")
    assert relation_source(world) == {
        "how": "chosen",
        "of": None,
        "annotators": ["alice", "bob"],
    }
    # The history keeps each take of the span with the source it gave it.
    takes = [
        change["item_source"]
        for change in gold_history(world)
        if change["kind"] == "span" and change["action"] == "update"
    ]
    assert CAROLS in takes, takes
    # The relation has a row of its own for each change of its source: from the majority to
    # carol (its end moving from 9 to 14), then to alice's and bob's choice (back to 9).
    *earlier, to_carol, to_chosen = relation_changes(world)
    assert earlier[-1]["item_source"] == MAJORITY
    assert (to_carol["action"], to_carol["item"]) == ("update", earlier[-1]["item"])
    assert (ends(to_carol["before"]), ends(to_carol["after"])) == (
        ("ATTRIBUTED_TO", 31, 9),
        ("ATTRIBUTED_TO", 31, 14),
    )
    assert to_carol["item_source"] == CAROLS
    assert to_carol["summary"]["source"] == "chosen by a reviewer (carol)"
    assert to_carol["actor"] == "rita"
    assert ends(to_chosen["after"]) == ("ATTRIBUTED_TO", 31, 9)
    assert to_chosen["item_source"]["annotators"] == ["alice", "bob"]


def test_a_hand_edit_of_an_end_names_who_gives_the_relation_or_nobody(world: World) -> None:
    source = gold_source_span(world)
    assert relation_source(world) == MAJORITY

    edit_gold_span(world, source["id"], end=14)  # carol's extent, by hand
    assert gold_source_span(world)["source"] == WRITTEN
    assert relation_source(world) == CAROLS

    edit_gold_span(world, source["id"], end=12)  # nobody's
    assert relation_source(world) == WRITTEN
    # Written it stays: whom a hand-written item matches it does not name.
    edit_gold_span(world, source["id"], end=9)
    assert relation_source(world) == WRITTEN
    latest = max(gold_history(world), key=lambda change: change["id"])
    assert (latest["kind"], latest["item_source"]) == ("span", WRITTEN)
    # Two changes of the relation's source, two rows; the last edit changed none.
    assert [c["item_source"] for c in relation_changes(world)][-2:] == [CAROLS, WRITTEN]
    assert [ends(c["after"]) for c in relation_changes(world)][-2:] == [
        ("ATTRIBUTED_TO", 31, 14),
        ("ATTRIBUTED_TO", 31, 12),
    ]


def test_an_attribute_edit_leaves_the_relations_source(world: World) -> None:
    claim = next(s for s in gold_record(world)["spans"] if s["label"] == "CLAIM")
    rows = len(relation_changes(world))
    edit_gold_span(world, claim["id"], attributes={"claimer": "REPORTED"})
    assert relation_source(world) == MAJORITY
    assert len(relation_changes(world)) == rows


def test_a_restore_of_the_spans_extent_gives_the_relation_its_source_back(world: World) -> None:
    take(world, "carol")
    assert relation_source(world) == CAROLS
    change = max(
        (c for c in gold_history(world) if c["kind"] == "span" and c["action"] == "update"),
        key=lambda c: c["id"],
    )
    path = f"/projects/demo/documents/{world.doc.id}/history/{change['id']}/restore"
    answer = world.call("rita", "POST", path)
    assert answer.status_code == 200, answer.get_json()
    assert gold_source_span(world)["end"] == 9
    # Back where the majority put it, and still alice's and bob's: their majority again,
    # the source the relation's own row kept when the take moved it away.
    assert relation_source(world) == MAJORITY
    back = relation_changes(world)[-1]
    assert (back["action"], back["item_source"]) == ("restore", MAJORITY)
    assert ends(back["after"]) == ("ATTRIBUTED_TO", 31, 9)


def test_a_restore_to_where_others_give_the_relation_now_names_them(world: World) -> None:
    """The kept majority comes back only while alice and bob still give it exactly."""
    take(world, "carol")
    change = max(
        (c for c in gold_history(world) if c["kind"] == "span" and c["action"] == "update"),
        key=lambda c: c["id"],
    )
    bobs = next(s for s in world.layer("bob")["spans"] if s["label"] == "SOURCE")
    answer = world.call("bob", "PATCH", f"/spans/{bobs['id']}", {"end": 12})
    assert answer.status_code == 200, answer.get_json()
    path = f"/projects/demo/documents/{world.doc.id}/history/{change['id']}/restore"
    answer = world.call("rita", "POST", path)
    assert answer.status_code == 200, answer.get_json()
    assert relation_source(world) == {"how": "chosen", "of": None, "annotators": ["alice"]}


def span_changes(world: World) -> list[dict[str, Any]]:
    """The gold SOURCE span's updates (and restores), oldest first."""
    return sorted(
        (c for c in gold_history(world) if c["kind"] == "span" and c["action"] != "create"),
        key=lambda c: c["id"],
    )


def restore(world: World, change_id: int) -> None:
    path = f"/projects/demo/documents/{world.doc.id}/history/{change_id}/restore"
    answer = world.call("rita", "POST", path)
    assert answer.status_code == 200, answer.get_json()


def test_a_relations_row_says_its_source_before_and_after_its_end_moved(world: World) -> None:
    take(world, "carol")

    *earlier, to_carol = relation_changes(world)
    assert to_carol["item_source_before"] == MAJORITY
    assert to_carol["item_source"] == CAROLS
    # The span change it followed.
    assert to_carol["caused_by"] == span_changes(world)[-1]["id"]
    assert to_carol["summary"]["source_before"] == "accepted: majority of 3 (alice, bob)"
    assert to_carol["summary"]["source"] == "chosen by a reviewer (carol)"
    # A relation the majority added had no source before it: nothing to say.
    made = earlier[-1]
    assert (made["action"], made["item_source_before"]) == ("create", None)
    assert "source_before" not in made["summary"]


def test_a_relation_row_made_by_its_end_moving_says_so_when_asked_to_restore(
    world: World,
) -> None:
    take(world, "carol")
    (moved,) = span_changes(world)
    to_carol = relation_changes(world)[-1]

    assert to_carol["restorable"] is False
    said = to_carol["not_restorable"]
    assert "followed its end span SOURCE [0, 9) to [0, 14)" in said, said
    assert "restore the span's change to move the span back" in said, said
    assert to_carol["caused_by"] == moved["id"]
    # Asked all the same, the restore answers the same words.
    path = f"/projects/demo/documents/{world.doc.id}/history/{to_carol['id']}/restore"
    answer = world.call("rita", "POST", path)
    assert answer.status_code == 409
    assert answer.get_json()["error"]["message"] == said
    # Once the span is restored, the relation's row says the same (not "as this change found
    # it already", which reads as if it had been restored by itself).
    restore(world, moved["id"])
    again = next(c for c in relation_changes(world) if c["id"] == to_carol["id"])
    assert "found it already" not in again["not_restorable"]
    assert "followed its end span" in again["not_restorable"]


def test_a_restore_gives_the_relation_the_source_it_had_at_that_change_not_a_later_ones(
    world: World,
) -> None:
    """A span change that left its relation's source as it was (written stays written) has no
    relation row of its own: restoring it must not take the source a later move of the
    relation away from the same place kept."""
    source = gold_source_span(world)["id"]
    edit_gold_span(world, source, end=12)  # nobody's: written (its row keeps the majority)
    edit_gold_span(world, source, end=14)  # written stays written: no relation row
    edit_gold_span(world, source, end=12)  # found it at 14, written: no relation row
    first, _second, third = span_changes(world)
    restore(world, first["id"])  # back to 9: the majority the first move's row kept
    assert relation_source(world) == MAJORITY
    edit_gold_span(world, source, end=14)  # carol's relation now
    edit_gold_span(world, source, end=12)  # written; its row keeps carol's at 14
    assert relation_source(world) == WRITTEN

    restore(world, third["id"])  # back to 14, as the third change found it

    assert gold_source_span(world)["end"] == 14
    # Written, as the relation was when that change found it: not carol's, which a later
    # move's row kept at the same place.
    assert relation_source(world) == WRITTEN


def test_a_relation_row_kept_before_the_link_is_read_by_its_place_as_before(
    world: World, session: Any
) -> None:
    """Rows kept before the link (or loaded from a project file, which names no change by
    id) name no cause: the restore finds the relation's kept source by its place, and the
    row still says why it is not restored by itself."""
    take(world, "carol")
    session.execute(update(LayerChange).values(caused_by_id=None))
    session.commit()
    (moved,) = span_changes(world)
    to_carol = relation_changes(world)[-1]
    assert to_carol["caused_by"] is None
    assert "restore the span's change to move the span back" in to_carol["not_restorable"]

    restore(world, moved["id"])

    assert relation_source(world) == MAJORITY


def test_only_a_relation_row_whose_end_moved_under_the_same_type_followed_a_span() -> None:
    """A schema rename of a relation type renames its ends' labels in the same row: that
    row followed no span (its Restore, if refused, is refused for its own reasons)."""
    was = {
        "type": "ATTRIBUTED_TO",
        "from": span_end("CLAIM", 15, 31),
        "to": span_end("SOURCE", 0, 9),
    }
    moved = {**was, "to": span_end("SOURCE", 0, 14)}
    renamed = {**was, "type": "SAID_BY", "from": span_end("CLAIM2", 15, 31)}
    assert moved_end("relation", was, moved) == "to"
    assert moved_end("relation", was, renamed) is None
    assert moved_end("relation", was, {**was, "note": "unsure"}) is None
    assert moved_end("relation", None, moved) is None
