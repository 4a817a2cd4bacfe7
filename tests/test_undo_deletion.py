"""Putting back a deleted span or relation with its id: the workspace's undo of a removal.

``POST /documents/<id>/spans/<span_id>/restore`` and ``.../relations/<relation_id>/restore``
restore the item's latest deletion through the history's restore, so that the span keeps its
id (and its note, attributes and the relations removed with it, with theirs) and every
earlier row of its history stays restorable.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.history import decode
from annotator.models import (
    Document,
    LabelValue,
    Layer,
    LayerChange,
    Project,
    Relation,
    Span,
    utcnow,
)
from annotator.services.datasets.project_dump import dump_project
from annotator.services.datasets.project_load import load_project
from annotator.services.review import adjudication
from tests.api_world import World, build_world
from tests.helpers import login
from tests.project_world import records_of


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _changes(world: World, layer: str = "alice") -> list[dict[str, Any]]:
    path = f"/projects/demo/documents/{world.doc.id}/history?annotator={layer}"
    response = world.call("rita", "GET", path)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["changes"]


def _put_back(world: World, who: str, kind: str, item: int, query: str = "") -> Any:
    path = f"/documents/{world.doc.id}/{kind}/{item}/restore{query}"
    return world.call(who, "POST", path)


def _claim_with_links(world: World) -> tuple[dict[str, Any], dict[str, Any], list[int]]:
    """A CLAIM with a note, attributes and two relations, changed once, then deleted."""
    claim = world.span("alice", "CLAIM", 15, 31, attributes={"claimer": "REPORTED"}, note="why")
    source = world.span("alice", "SOURCE", 0, 9)
    cue = world.span("alice", "CUE", 10, 14)
    links = [
        world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])["id"],
        world.relation("alice", "CUED_BY", claim["id"], cue["id"])["id"],
    ]
    patched = world.call("alice", "PATCH", f"/spans/{claim['id']}", {"end": 24})
    assert patched.status_code == 200, patched.get_json()
    version = patched.get_json()["version"]
    gone = world.call("alice", "DELETE", f"/spans/{claim['id']}?version={version}")
    assert gone.status_code == 204, gone.get_json()
    return {**claim, "end": 24, "version": version}, source, links


def test_a_deleted_span_comes_back_with_its_id_note_attributes_and_relations(
    world: World,
) -> None:
    claim, source, links = _claim_with_links(world)
    response = _put_back(world, "alice", "spans", claim["id"])
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["id"] == claim["id"]
    assert (answer["label"], answer["start"], answer["end"]) == ("CLAIM", 15, 24)
    assert answer["attributes"] == {"claimer": "REPORTED"} and answer["note"] == "why"
    # Not the version it had: a tab that read the span before it went is told it is stale.
    assert answer["version"] > claim["version"]
    assert sorted(r["id"] for r in answer["relations"]) == sorted(links)
    assert answer["skipped"] == []
    layer = world.layer("alice")
    back = next(s for s in layer["spans"] if s["id"] == claim["id"])
    assert back["note"] == "why" and back["end"] == 24
    assert sorted((r["id"], r["from"]) for r in layer["relations"]) == sorted(
        (link, claim["id"]) for link in links
    )
    stale = world.call("alice", "DELETE", f"/spans/{claim['id']}?version={claim['version']}")
    assert stale.status_code == 409 and "stale" in stale.get_json()["error"]["message"]


def test_after_the_undo_every_earlier_row_of_the_span_is_restorable(world: World) -> None:
    claim, _source, _links = _claim_with_links(world)
    assert _put_back(world, "alice", "spans", claim["id"]).status_code == 200
    rows = [c for c in _changes(world) if c["kind"] == "span" and c["item"] == claim["id"]]
    assert [c["action"] for c in rows] == ["restore", "delete", "update", "create"]
    # The deletion is undone (restoring it again is refused); the update before it is
    # restorable again, as it was before the span was deleted.
    assert rows[1]["restorable"] is False
    assert rows[2]["restorable"] is True, rows[2]["not_restorable"]
    path = f"/projects/demo/documents/{world.doc.id}/history/{rows[2]['id']}/restore"
    restored = world.call("rita", "POST", path)
    assert restored.status_code == 200, restored.get_json()
    assert restored.get_json()["item"] == claim["id"]
    back = next(s for s in world.layer("alice")["spans"] if s["id"] == claim["id"])
    assert back["end"] == 31


def test_the_history_pages_restore_of_a_deletion_keeps_the_id_too(world: World) -> None:
    claim, _source, links = _claim_with_links(world)
    deleted = next(c for c in _changes(world) if c["action"] == "delete")
    path = f"/projects/demo/documents/{world.doc.id}/history/{deleted['id']}/restore"
    response = world.call("rita", "POST", path)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["item"] == claim["id"]
    assert sorted(r["id"] for r in world.layer("alice")["relations"]) == sorted(links)


def test_a_span_made_again_in_its_place_is_a_409_that_changes_nothing(world: World) -> None:
    claim, _source, _links = _claim_with_links(world)
    again = world.span("alice", "CLAIM", 15, 24)  # another tab made it meanwhile
    before = world.layer("alice")
    response = _put_back(world, "alice", "spans", claim["id"])
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert f"in the layer again (span {again['id']})" in error["message"]
    assert error["details"] == {"span": again["id"]}
    assert world.layer("alice") == before


def test_a_second_undo_of_one_deletion_is_a_409_naming_the_span(world: World) -> None:
    claim, _source, _links = _claim_with_links(world)
    assert _put_back(world, "alice", "spans", claim["id"]).status_code == 200
    moved = world.call("alice", "PATCH", f"/spans/{claim['id']}", {"start": 17})
    assert moved.status_code == 200
    # Moved since it came back: not found by its place, but by its id.
    response = _put_back(world, "alice", "spans", claim["id"])
    assert response.status_code == 409
    assert response.get_json()["error"]["details"] == {"span": claim["id"]}


def test_a_deleted_relation_comes_back_with_its_id_and_note(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"], "note": "p. 3"}
    made = world.call("alice", "POST", f"/documents/{world.doc.id}/relations", body).get_json()
    assert world.call("alice", "DELETE", f"/relations/{made['id']}").status_code == 204
    response = _put_back(world, "alice", "relations", made["id"])
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert (answer["id"], answer["from"], answer["to"]) == (made["id"], claim["id"], source["id"])
    assert answer["note"] == "p. 3"
    assert world.layer("alice")["relations"][0]["id"] == made["id"]
    twice = _put_back(world, "alice", "relations", made["id"])
    assert twice.status_code == 409
    assert twice.get_json()["error"]["details"] == {"relation": made["id"]}


def test_only_the_layers_writer_puts_back_its_deletions(world: World) -> None:
    claim, _source, _links = _claim_with_links(world)
    # Another annotator is told there is no such span.
    assert _put_back(world, "bob", "spans", claim["id"]).status_code == 404
    # A reviewer asking gold's deletion of it: gold has none.
    assert _put_back(world, "rita", "spans", claim["id"], "?layer=gold").status_code == 404
    assert _put_back(world, None, "spans", claim["id"]).status_code == 401
    never = world.span("alice", "SOURCE", 35, 41)
    missing = _put_back(world, "alice", "spans", never["id"])  # there, never deleted
    assert missing.status_code == 404
    assert _put_back(world, "alice", "spans", 999_999).status_code == 404
    assert all(s["id"] != claim["id"] for s in world.layer("alice")["spans"])
    world.call("alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
    closed = _put_back(world, "alice", "spans", claim["id"])
    assert closed.status_code == 409 and closed.get_json()["error"]["code"] == "layer_done"


def test_a_gold_deletion_is_put_back_by_a_reviewer(world: World) -> None:
    span = world.span("rita", "CLAIM", 15, 31, query="?layer=gold")
    assert world.call("rita", "DELETE", f"/spans/{span['id']}?layer=gold").status_code == 204
    assert _put_back(world, "alice", "spans", span["id"]).status_code == 404
    response = _put_back(world, "rita", "spans", span["id"], "?layer=gold")
    assert response.status_code == 200, response.get_json()
    assert world.layer("rita", "gold")["spans"][0]["id"] == span["id"]


def test_a_session_put_back_needs_the_csrf_token_and_takes_no_idempotency_key(
    world: World, make_user: Any, assign: Any
) -> None:
    assign(world.doc, make_user("dora", "annotator"))
    client = world.client
    assert login(client, "dora").status_code == 302
    token = {"X-CSRFToken": client.get("/api/v1/csrf-token").get_json()["csrf_token"]}
    body = {"label": "CLAIM", "start": 15, "end": 31}
    span = client.post(f"/api/v1/documents/{world.doc.id}/spans", json=body, headers=token)
    span_id = span.get_json()["id"]
    assert client.delete(f"/api/v1/spans/{span_id}", headers=token).status_code == 204
    path = f"/api/v1/documents/{world.doc.id}/spans/{span_id}/restore"
    refused = client.post(path)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "csrf_failed"
    keyed = client.post(path, headers=token | {"Idempotency-Key": "undo-1"})
    assert keyed.status_code == 400
    assert client.get(f"/api/v1/documents/{world.doc.id}/annotations").get_json()["spans"] == []
    back = client.post(path, headers=token)
    assert back.status_code == 200, back.get_json()
    assert back.get_json()["id"] == span_id


def test_an_undone_label_clear_leaves_the_labels_earlier_rows_restorable(world: World) -> None:
    """A label value has no id to lose: the workspace's undo of a clear sets the value again,
    and the history's rows of that label, found by its sentence and name, stay restorable."""
    doc = world.doc.id
    for value in ("FAVOR", "AGAINST", None, "AGAINST"):  # the last: Ctrl+Z of the clear
        body = {"sentence": 1, "name": "stance", "value": value}
        assert world.call("alice", "PUT", f"/documents/{doc}/labels", body).status_code == 200
    rows = [c for c in _changes(world) if c["kind"] == "label"]
    assert [c["action"] for c in rows] == ["create", "delete", "update", "create"]
    assert rows[2]["restorable"] is True, rows[2]["not_restorable"]
    assert rows[1]["restorable"] is False  # the clear's AGAINST is there again


# What comes back is the item itself: a gold item with who decided it and where it came
# from (its source, in its row and in the restore's history row), as its change found it.


def _accepted_claim(world: World, session: Any) -> Span:
    """alice and bob mark the same CLAIM; rita takes alice's into gold (chosen, both named)."""
    claim = world.span("alice", "CLAIM", 15, 31, attributes={"claimer": "REPORTED"})
    world.span("bob", "CLAIM", 15, 31, attributes={"claimer": "REPORTED"})
    gold = adjudication.accept_span(session, world.users["rita"], claim["id"])
    session.commit()
    assert _origin(gold) == ("chosen", None, "alice,bob", world.users["rita"].id)
    return gold


def _origin(row: Any) -> tuple[Any, ...]:
    return (row.source_how, row.source_of, row.source_layer, row.decided_by_id)


def _gold_row(session: Any, model: Any, item: int) -> Any:
    session.expire_all()
    row = session.get(model, item)
    assert row is not None
    return row


def test_an_undone_gold_deletion_keeps_the_spans_source_and_decider(
    world: World, session: Any
) -> None:
    gold = _accepted_claim(world, session)
    span_id, kept = gold.id, _origin(gold)
    assert world.call("rita", "DELETE", f"/spans/{span_id}?layer=gold").status_code == 204
    response = _put_back(world, "rita", "spans", span_id, "?layer=gold")
    assert response.status_code == 200, response.get_json()
    assert _origin(_gold_row(session, Span, span_id)) == kept
    restore = _changes(world, "gold")[0]
    assert (restore["action"], restore["item"]) == ("restore", span_id)
    assert restore["item_source"] == {"how": "chosen", "of": None, "annotators": ["alice", "bob"]}
    # The snapshot's source is the restore's own: no names in what the history shows.
    deletion = _changes(world, "gold")[1]
    assert deletion["action"] == "delete" and "alice" not in str(deletion["before"])


def test_a_restored_gold_update_takes_the_source_its_snapshot_held(
    world: World, session: Any
) -> None:
    gold = _accepted_claim(world, session)
    span_id, kept = gold.id, _origin(gold)
    changed = world.call("rita", "PATCH", f"/spans/{span_id}?layer=gold", {"end": 24})
    assert changed.status_code == 200, changed.get_json()
    assert _gold_row(session, Span, span_id).source_how == "written"
    update = _changes(world, "gold")[0]
    assert update["action"] == "update"
    path = f"/projects/demo/documents/{world.doc.id}/history/{update['id']}/restore"
    assert world.call("rita", "POST", path).status_code == 200
    back = _gold_row(session, Span, span_id)
    assert (back.end, _origin(back)) == (31, kept)
    assert _changes(world, "gold")[0]["item_source"]["how"] == "chosen"


def test_a_restored_gold_label_keeps_its_source(world: World, session: Any) -> None:
    doc = world.doc.id
    body = {"sentence": 1, "name": "stance", "value": "FAVOR"}
    for who in ("alice", "bob"):
        assert world.call(who, "PUT", f"/documents/{doc}/labels", body).status_code == 200
    alices = session.scalars(
        select(LabelValue).join(Layer).where(Layer.user_id == world.users["alice"].id)
    ).one()
    gold = adjudication.accept_label(session, world.users["rita"], alices.id)
    session.commit()
    label_id, kept = gold.id, _origin(gold)
    assert kept[0] == "chosen"
    cleared = {**body, "value": None}
    gold_labels = f"/documents/{doc}/labels?layer=gold"
    assert world.call("rita", "PUT", gold_labels, cleared).status_code == 200
    clear = _changes(world, "gold")[0]
    assert clear["action"] == "delete"
    path = f"/projects/demo/documents/{doc}/history/{clear['id']}/restore"
    assert world.call("rita", "POST", path).status_code == 200, "restore of the clear"
    session.expire_all()
    back = session.scalars(
        select(LabelValue).join(Layer).where(Layer.user_id.is_(None), Layer.document_id == doc)
    ).one()
    assert (back.value, _origin(back)) == ("FAVOR", kept)
    assert label_id  # a label value has no id to keep: its place and name are what it is
    assert _changes(world, "gold")[0]["item_source"]["annotators"] == ["alice", "bob"]


def test_a_restore_asks_the_deletion_in_the_layer_it_names(world: World, session: Any) -> None:
    """rita's gold span and a later deletion of another layer's item with the same id: the
    undo of gold's finds gold's deletion, not the latest of any layer."""
    gold = world.span("rita", "CLAIM", 15, 31, query="?layer=gold")
    assert world.call("rita", "DELETE", f"/spans/{gold['id']}?layer=gold").status_code == 204
    # Another layer's deletion that names the same item id, later (as a project load's
    # history may hold one).
    session.add(
        LayerChange(
            document_id=world.doc.id,
            layer_key=f"user:{world.users['alice'].id}",
            actor_id=world.users["alice"].id,
            kind="span",
            action="delete",
            source="annotator",
            item_id=gold["id"],
            at=utcnow(),
            before='{"attributes":{},"end":9,"label":"SOURCE","start":0}',
            after=None,
        )
    )
    session.commit()
    response = _put_back(world, "rita", "spans", gold["id"], "?layer=gold")
    assert response.status_code == 200, response.get_json()
    assert world.layer("rita", "gold")["spans"][0]["id"] == gold["id"]


def test_a_gold_links_source_comes_back_with_its_span(world: World, session: Any) -> None:
    """A link removed with its span comes back with its own source, not the span's."""
    links = {}
    for who in ("alice", "bob"):
        claim = world.span(who, "CLAIM", 15, 31, attributes={"claimer": "REPORTED"})
        source = world.span(who, "SOURCE", 0, 9)
        links[who] = world.relation(who, "ATTRIBUTED_TO", claim["id"], source["id"])["id"]
    rita = world.users["rita"]
    relation = adjudication.accept_relation(session, rita, links["alice"])
    gold_claim = session.get(Span, relation.from_span_id)
    assert gold_claim is not None
    claim_id, relation_id = gold_claim.id, relation.id
    # The span is then written by hand in gold: a source of its own, the link's unchanged.
    session.commit()
    changed = world.call("rita", "PATCH", f"/spans/{claim_id}?layer=gold", {"note": "checked"})
    assert changed.status_code == 200, changed.get_json()
    kept = _origin(_gold_row(session, Relation, relation_id))
    assert kept == ("chosen", None, "alice,bob", rita.id)
    assert world.call("rita", "DELETE", f"/spans/{claim_id}?layer=gold").status_code == 204
    response = _put_back(world, "rita", "spans", claim_id, "?layer=gold")
    assert response.status_code == 200, response.get_json()
    assert [r["id"] for r in response.get_json()["relations"]] == [relation_id]
    assert _origin(_gold_row(session, Relation, relation_id)) == kept
    assert _gold_row(session, Span, claim_id).source_how == "written"
    rows = _changes(world, "gold")
    made = {c["kind"]: c for c in rows if c["action"] == "restore"}
    assert made["relation"]["item_source"]["annotators"] == ["alice", "bob"]
    assert made["span"]["item_source"]["how"] == "written"


def test_a_project_file_names_a_snapshots_decider_and_a_load_numbers_it_again(
    world: World, session: Any
) -> None:
    """A user's id differs from database to database: the file names the decider."""
    gold = _accepted_claim(world, session)
    span_id = gold.id
    assert world.call("rita", "DELETE", f"/spans/{span_id}?layer=gold").status_code == 204
    session.expire_all()
    data = b"".join(dump_project(session, world.project).chunks)
    changes = [c for r in records_of(data) if r["record"] == "document" for c in r["changes"]]
    deletion = next(c for c in changes if c["action"] == "delete" and c["layer"] == "gold")
    assert deletion["before"]["origin"]["decided_by"] == "rita"
    assert "decided_by_id" not in deletion["before"]["origin"]
    load_project(session, io.BytesIO(data), None, slug="copy")
    session.commit()
    copy = session.scalar(select(Document).join(Project).where(Project.slug == "copy"))
    loaded = session.scalars(
        select(LayerChange).where(
            LayerChange.document_id == copy.id,
            LayerChange.layer_key == "gold",
            LayerChange.action == "delete",
        )
    ).one()
    assert decode(loaded.before)["origin"]["decided_by_id"] == world.users["rita"].id


def test_a_deletion_kept_before_origins_were_comes_back_without_one(
    world: World, session: Any
) -> None:
    world.span("rita", "SOURCE", 0, 9, query="?layer=gold")  # gold's layer is there
    session.add(
        LayerChange(
            document_id=world.doc.id,
            layer_key="gold",
            actor_id=world.users["rita"].id,
            kind="span",
            action="delete",
            source="reviewer",
            item_id=4242,
            at=utcnow(),
            before='{"attributes":{"claimer":"REPORTED"},"end":31,"label":"CLAIM","start":15}',
            after=None,
        )
    )
    session.commit()
    response = _put_back(world, "rita", "spans", 4242, "?layer=gold")
    assert response.status_code == 200, response.get_json()
    assert _origin(_gold_row(session, Span, 4242)) == (None, None, None, None)
    assert _changes(world, "gold")[0]["item_source"] is None
