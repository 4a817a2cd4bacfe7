"""A layer's history: every write path records its change, reviewers read it and restore from it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import Layer, LayerChange, Span
from tests.api_world import TEXT, World, build_world


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _history(world: World, who: str, query: str = "", doc: Any = None) -> Any:
    doc = doc or world.doc
    return world.call(who, "GET", f"/projects/demo/documents/{doc.id}/history{query}")


def _changes(world: World, query: str = "") -> list[dict[str, Any]]:
    response = _history(world, "rita", query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["changes"]


def _restore(world: World, who: str, change_id: int) -> Any:
    path = f"/projects/demo/documents/{world.doc.id}/history/{change_id}/restore"
    return world.call(who, "POST", path)


def test_an_annotators_span_writes_are_recorded_with_who_when_before_and_after(
    world: World,
) -> None:
    span = world.span("alice", "CLAIM", 0, 9, attributes={"claimer": "REPORTED"})
    assert world.call("alice", "PATCH", f"/spans/{span['id']}", {"end": 14}).status_code == 200
    assert world.call("alice", "DELETE", f"/spans/{span['id']}").status_code == 204
    changes = _changes(world, "?annotator=alice")
    spans = [c for c in changes if c["kind"] == "span"]
    assert [c["action"] for c in spans] == ["delete", "update", "create"]  # newest first
    assert {c["actor"] for c in spans} == {"alice"}
    assert {c["source"] for c in spans} == {"annotator"}
    assert {c["layer"] for c in spans} == {"alice"}
    created = {"label": "CLAIM", "start": 0, "end": 9, "attributes": {"claimer": "REPORTED"}}
    assert spans[2]["before"] is None and spans[2]["after"] == created
    assert spans[1]["before"] == created and spans[1]["after"]["end"] == 14
    assert spans[0]["before"]["end"] == 14 and spans[0]["after"] is None
    # Its sentence by index, from 0, as the API counts (the page says "sentence 1").
    assert spans[0]["summary"]["before"] == (
        "CLAIM [0, 14) \u201cOfficials said\u201d (sentence 0) [claimer=REPORTED]"
    )
    # The first write started the assignment: new -> in_progress is in the history too.
    statuses = [c for c in changes if c["kind"] == "status"]
    assert [(c["before"], c["after"]) for c in statuses] == [
        ({"status": "new"}, {"status": "in_progress"})
    ]


def test_relations_labels_and_status_are_recorded(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    doc = world.doc.id
    relation = world.call(
        "alice",
        "POST",
        f"/documents/{doc}/relations",
        {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]},
    ).get_json()
    for value in ("NEWS", "OPINION", None):
        body = {"sentence": None, "name": "genre", "value": value}
        assert world.call("alice", "PUT", f"/documents/{doc}/labels", body).status_code == 200
    assert world.call("alice", "DELETE", f"/relations/{relation['id']}").status_code == 204
    body = {"status": "done"}
    assert world.call("alice", "PUT", f"/documents/{doc}/status", body).status_code == 200
    changes = _changes(world, "?annotator=alice")
    kinds = [(c["kind"], c["action"]) for c in changes]
    assert kinds[:6] == [
        ("status", "update"),
        ("relation", "delete"),
        ("label", "delete"),
        ("label", "update"),
        ("label", "create"),
        ("relation", "create"),
    ]
    assert changes[0]["before"] == {"status": "in_progress"}
    assert changes[0]["after"] == {"status": "done"}
    ends = {
        "type": "ATTRIBUTED_TO",
        "from": {"label": "CLAIM", "start": 15, "end": 31},
        "to": {"label": "SOURCE", "start": 0, "end": 9},
    }
    assert changes[1]["before"] == ends and changes[5]["after"] == ends
    assert changes[3]["before"]["value"] == "NEWS" and changes[3]["after"]["value"] == "OPINION"
    assert changes[2]["summary"]["before"] == "genre = OPINION (document)"


def test_a_status_change_is_said_as_the_project_page_says_the_status(world: World) -> None:
    """The history said "in_progress" and "done" where every other page says "In progress"
    and "Done"."""
    world.span("alice", "CLAIM", 15, 31)
    body = {"status": "done"}
    assert world.call("alice", "PUT", f"/documents/{world.doc.id}/status", body).status_code == 200
    statuses = [c for c in _changes(world, "?annotator=alice") if c["kind"] == "status"]
    # ``path``: the path it came by in words (alice's own).
    assert [c["summary"] for c in statuses] == [
        {"before": "In progress", "after": "Done", "path": "annotator"},
        {"before": "Not started", "after": "In progress", "path": "annotator"},
    ]


def test_gold_writes_record_the_reviewer(world: World) -> None:
    world.span("rita", "CLAIM", 15, 31, query="?layer=gold")
    body = {"status": "final"}
    path = f"/projects/demo/review/{world.doc.id}/status"
    assert world.call("rita", "PUT", path, body).status_code == 200
    changes = _changes(world, "?annotator=gold")
    assert [(c["kind"], c["action"], c["actor"], c["source"]) for c in changes] == [
        ("status", "update", "rita", "reviewer"),
        ("span", "create", "rita", "reviewer"),
    ]
    assert changes[0]["after"] == {"status": "final"}


def test_adjudication_records_the_reviewer_in_gold(world: World) -> None:
    span = world.span("alice", "CLAIM", 15, 31)
    path = f"/projects/demo/review/{world.doc.id}/accept"
    response = world.call("rita", "POST", path, {"kind": "span", "id": span["id"]})
    assert response.status_code == 200, response.get_json()
    gold = _changes(world, "?annotator=gold")
    assert [(c["kind"], c["action"], c["actor"], c["source"]) for c in gold] == [
        ("status", "update", "rita", "reviewer"),
        ("span", "create", "rita", "reviewer"),
    ]


def test_accepting_what_gold_already_holds_records_no_change(world: World) -> None:
    """Accepting a relation whose spans gold holds already (accepted one by one before) adds
    the relation and nothing else: the spans' history showed a "span changed" each, with the
    same before and after, and their versions moved on, so an open gold editor went stale."""
    claim = world.span("alice", "CLAIM", 15, 31, attributes={"claimer": "REPORTED"})
    source = world.span("alice", "SOURCE", 0, 9)
    relation = world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    path = f"/projects/demo/review/{world.doc.id}/accept"
    for kind, row in (("span", claim), ("span", source), ("relation", relation)):
        response = world.call("rita", "POST", path, {"kind": kind, "id": row["id"]})
        assert response.status_code == 200, response.get_json()
    response = world.call("rita", "POST", path, {"kind": "span", "id": claim["id"]})
    assert response.status_code == 200, response.get_json()
    gold = [c for c in _changes(world, "?annotator=gold") if c["kind"] != "status"]
    assert [(c["kind"], c["action"]) for c in gold] == [
        ("relation", "create"),
        ("span", "create"),
        ("span", "create"),
    ]
    assert {s["version"] for s in world.layer("rita", "gold")["spans"]} == {1}


def test_unanimous_items_are_recorded_as_the_reviewers(world: World) -> None:
    world.span("alice", "CLAIM", 15, 31)
    world.span("bob", "CLAIM", 15, 31)
    path = f"/projects/demo/review/{world.doc.id}/unanimous"
    assert world.call("rita", "POST", path).get_json()["spans"] == 1
    gold = [c for c in _changes(world, "?annotator=gold") if c["kind"] == "span"]
    assert [(c["action"], c["actor"], c["source"]) for c in gold] == [
        ("create", "rita", "reviewer")
    ]


def test_an_accepted_suggestion_is_recorded_as_a_suggestion(world: World, session) -> None:  # noqa: ANN001
    from annotator.core.vocabulary import SUGGESTIONS
    from annotator.services.annotation.spans import add_span

    suggested = Layer(document_id=world.doc.id, user_id=None, key=SUGGESTIONS)
    session.add(suggested)
    session.flush()
    suggestion = add_span(session, suggested, "CLAIM", 15, 31)
    session.commit()
    # The suggestions layer, replaced by every prediction, keeps no history.
    count = (
        select(func.count()).select_from(LayerChange).where(LayerChange.layer_key == SUGGESTIONS)
    )
    assert session.scalar(count) == 0
    response = world.call("alice", "POST", f"/suggestions/{suggestion.id}/accept")
    assert response.status_code in (200, 201), response.get_json()
    spans = [c for c in _changes(world, "?annotator=alice") if c["kind"] == "span"]
    assert [(c["action"], c["actor"], c["source"]) for c in spans] == [
        ("create", "alice", "suggestion")
    ]


def test_an_import_records_its_items_in_bulk_as_the_importers(world: World) -> None:
    record = {
        "id": "imported-1",
        "text": TEXT,
        "annotations": [
            {
                "annotator": "alice",
                "status": "done",
                "spans": [{"id": 1, "label": "CLAIM", "start": 15, "end": 31}],
                "relations": [],
                "sentence_labels": [{"sentence": 1, "name": "stance", "value": "AGAINST"}],
                "document_labels": [],
            }
        ],
    }
    response = world.call(
        "ada",
        "POST",
        "/projects/demo/documents",
        data=json.dumps([record]),
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.get_json()
    listed = world.call("ada", "GET", "/projects/demo/documents").get_json()["documents"]
    imported = next(d for d in listed if d["external_id"] == "imported-1")
    response = world.call(
        "rita", "GET", f"/projects/demo/documents/{imported['id']}/history?annotator=alice"
    )
    changes = response.get_json()["changes"]
    assert sorted((c["kind"], c["action"], c["actor"], c["source"]) for c in changes) == [
        ("label", "create", "ada", "import"),
        ("span", "create", "ada", "import"),
    ]
    assert next(c for c in changes if c["kind"] == "label")["after"] == {
        "sentence": 1,
        "name": "stance",
        "value": "AGAINST",
    }


def test_a_reviewer_restores_a_deleted_span_with_its_relations(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31, attributes={"claimer": "REPORTED"})
    source = world.span("alice", "SOURCE", 0, 9)
    world.call(
        "alice",
        "POST",
        f"/documents/{world.doc.id}/relations",
        {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]},
    )
    assert world.call("alice", "DELETE", f"/spans/{claim['id']}").status_code == 204
    assert world.layer("alice")["relations"] == []
    deleted = next(c for c in _changes(world) if c["action"] == "delete")
    assert deleted["before"]["relations"][0]["type"] == "ATTRIBUTED_TO"
    response = _restore(world, "rita", deleted["id"])
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["relations"] == 1 and answer["skipped"] == []
    layer = world.layer("rita", "alice")
    back = next(s for s in layer["spans"] if s["id"] == answer["item"])
    assert (back["label"], back["start"], back["end"]) == ("CLAIM", 15, 31)
    assert back["attributes"] == {"claimer": "REPORTED"}
    assert back["text"] == TEXT[15:31]
    assert layer["relations"][0]["from"] == back["id"]
    assert layer["relations"][0]["to"] == source["id"]
    newest = _changes(world, "?annotator=alice")
    assert (newest[0]["kind"], newest[0]["action"], newest[0]["actor"]) == (
        "relation",
        "restore",
        "rita",
    )
    assert (newest[1]["kind"], newest[1]["action"], newest[1]["source"]) == (
        "span",
        "restore",
        "restore",
    )


def test_a_reviewer_restores_an_earlier_label_value_and_span_value(world: World) -> None:
    doc = world.doc.id
    for value in ("FAVOR", "AGAINST"):
        body = {"sentence": 1, "name": "stance", "value": value}
        assert world.call("alice", "PUT", f"/documents/{doc}/labels", body).status_code == 200
    span = world.span("alice", "CLAIM", 0, 9)
    world.call("alice", "PATCH", f"/spans/{span['id']}", {"label": "SOURCE"})
    changes = _changes(world, "?annotator=alice")
    relabelled = next(c for c in changes if c["kind"] == "span" and c["action"] == "update")
    assert _restore(world, "rita", relabelled["id"]).status_code == 200
    label_update = next(c for c in changes if c["kind"] == "label" and c["action"] == "update")
    assert _restore(world, "rita", label_update["id"]).status_code == 200
    layer = world.layer("rita", "alice")
    assert layer["sentence_labels"] == [{"sentence": 1, "name": "stance", "value": "FAVOR"}]
    assert [(s["id"], s["label"]) for s in layer["spans"]] == [(span["id"], "CLAIM")]


def test_a_restore_that_cannot_apply_is_a_409_that_changes_nothing(
    client,
    make_user,
    make_token,
    make_project,
    make_document,
    assign,
    session,  # noqa: ANN001
) -> None:
    from tests.conftest import SEED_SCHEMA

    schema = dict(SEED_SCHEMA, allow_overlap=False)
    world = build_world(client, make_user, make_token, make_project, make_document, assign, schema)
    span = world.span("alice", "CLAIM", 0, 9)
    assert world.call("alice", "DELETE", f"/spans/{span['id']}").status_code == 204
    world.span("alice", "SOURCE", 5, 14)  # now where the deleted span would overlap it
    changes = _changes(world, "?annotator=alice")
    deleted = next(c for c in changes if c["action"] == "delete")
    before = session.scalar(select(func.count()).select_from(LayerChange))
    response = _restore(world, "rita", deleted["id"])
    assert response.status_code == 409
    assert "overlap" in response.get_json()["error"]["message"]
    assert [s["label"] for s in world.layer("rita", "alice")["spans"]] == ["SOURCE"]
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(LayerChange)) == before
    # A change that created its item has no earlier value.
    created = next(c for c in changes if c["kind"] == "span" and c["action"] == "create")
    response = _restore(world, "rita", created["id"])
    assert response.status_code == 409
    assert "no earlier value" in response.get_json()["error"]["message"]


def test_a_label_restore_after_the_sentences_were_edited_is_refused(world: World) -> None:
    doc = world.doc.id
    for value in ("FAVOR", "AGAINST"):
        body = {"sentence": 2, "name": "stance", "value": value}
        world.call("alice", "PUT", f"/documents/{doc}/labels", body)
    update = next(c for c in _changes(world) if c["kind"] == "label" and c["action"] == "update")
    split = world.call("rita", "POST", f"/projects/demo/review/{doc}/sentences/1/split", {"at": 42})
    assert split.status_code == 200, split.get_json()
    response = _restore(world, "rita", update["id"])
    assert response.status_code == 409
    assert "split or merged" in response.get_json()["error"]["message"]
    labels = world.layer("rita", "alice")["sentence_labels"]
    assert labels == [{"sentence": 3, "name": "stance", "value": "AGAINST"}]


def test_an_annotator_reads_only_their_own_layers_history(world: World) -> None:
    world.span("alice", "CLAIM", 0, 9)
    world.span("bob", "SOURCE", 0, 9)
    own = _history(world, "alice").get_json()
    assert {c["layer"] for c in own["changes"]} == {"alice"}
    assert own["layers"] == ["alice"]
    # Another's layer on a document the annotator has: visible, not allowed (as its layer).
    assert _history(world, "alice", "?annotator=bob").status_code == 403
    # A document not theirs: the 404 of a missing one.
    hidden = _history(world, "carol")
    assert hidden.status_code == 404
    missing = world.call("carol", "GET", "/projects/demo/documents/987654/history")
    assert missing.status_code == 404
    assert hidden.get_json()["error"]["code"] == missing.get_json()["error"]["code"]
    # An annotator restores their own layer's items (tests/test_note_restore.py), not its
    # status (set with Done and Reopen), nor another's layer (a 404, as a missing change:
    # tests/test_history_hidden_changes.py).
    status = next(c["id"] for c in own["changes"] if c["kind"] == "status")
    assert _restore(world, "alice", status).status_code == 403
    bobs = _history(world, "bob").get_json()["changes"][0]["id"]
    assert _restore(world, "alice", bobs).status_code == 404
    assert _restore(world, "carol", status).status_code == 404


def test_history_pages_newest_first(world: World) -> None:
    for start in range(5):
        world.span("alice", "CUE", start, start + 1)
    first = _history(world, "rita", "?annotator=alice&per_page=2").get_json()
    second = _history(world, "rita", "?annotator=alice&per_page=2&page=2").get_json()
    assert first["total"] == 6  # five spans and the assignment's start
    assert [c["after"]["start"] for c in first["changes"]] == [4, 3]
    assert [c["after"]["start"] for c in second["changes"]] == [2, 1]
    assert _history(world, "rita", "?page=0").status_code == 400
    assert _history(world, "rita", "?per_page=501").status_code == 400


def test_a_failed_write_leaves_no_history(world: World, session) -> None:  # noqa: ANN001
    before = session.scalar(select(func.count()).select_from(LayerChange))
    response = world.call(
        "alice", "POST", f"/documents/{world.doc.id}/spans", {"label": "NOPE", "start": 0, "end": 3}
    )
    assert response.status_code == 422
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(LayerChange)) == before
    assert session.scalar(select(func.count()).select_from(Span)) == 0


def test_the_history_page_shows_each_layer_and_restores_with_csrf_only(
    app,
    client,
    make_user,
    make_project,
    make_document,
    assign,
    session,  # noqa: ANN001
) -> None:
    from annotator.services.annotation.layers import ensure_layer
    from annotator.services.annotation.span_deletion import delete_span
    from annotator.services.annotation.spans import add_span
    from tests.helpers import csrf_token_from, login

    alice = make_user("alice", "annotator")
    bob = make_user("bob", "annotator")
    make_user("rita", "reviewer")
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="doc-1")
    assign(doc, alice, bob)
    span = add_span(session, ensure_layer(session, doc, alice.id), "CLAIM", 0, 9)
    delete_span(session, span)
    add_span(session, ensure_layer(session, doc, bob.id), "SOURCE", 15, 18)
    session.commit()
    page = f"/projects/demo/review/{doc.id}/history"

    assert login(client, "alice").status_code == 302
    own = client.get(page)
    assert own.status_code == 200
    text = own.get_data(as_text=True)
    assert 'data-layer="alice"' in text and 'data-layer="bob"' not in text
    # Annotators restore their own layer's items while it is open, as reviewers restore.
    assert "Restore the span" in text
    assert client.get(page + "?annotator=bob").status_code == 403
    client.get("/auth/logout")

    rita = app.test_client()
    assert login(rita, "rita").status_code == 302
    shown = rita.get(page).get_data(as_text=True)
    assert 'data-layer="alice"' in shown and 'data-layer="bob"' in shown
    assert "CLAIM [0, 9) \u201cOfficials\u201d (sentence 1)" in shown  # offsets as in the API
    change = session.scalar(
        select(LayerChange.id).where(LayerChange.action == "delete", LayerChange.kind == "span")
    )
    restore = f"/projects/demo/review/{doc.id}/history/{change}/restore"
    assert rita.post(restore).status_code in (400, 403)  # no CSRF token: nothing restored
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Span)) == 1
    answer = rita.post(restore, data={"csrf_token": csrf_token_from(shown)})
    assert answer.status_code == 302
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Span)) == 2
    assert '<p class="flash">Restored the span' in rita.get(page).get_data(as_text=True)
    # The same restore again: refused, as a warning, and nothing added.
    again = rita.post(restore, data={"csrf_token": csrf_token_from(shown)})
    assert again.status_code == 302
    said = rita.get(page).get_data(as_text=True)
    refused = '<p class="flash flash--warning">Not restored: the span this change deleted is in the'
    assert refused + " layer again" in said
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Span)) == 2


def test_a_reviewer_restores_an_earlier_status_and_a_deleted_relation(world: World) -> None:
    doc = world.doc.id
    world.call("alice", "PUT", f"/documents/{doc}/status", {"status": "done"})
    changes = _changes(world, "?annotator=alice")
    done = next(c for c in changes if c["kind"] == "status" and c["after"] == {"status": "done"})
    assert _restore(world, "rita", done["id"]).status_code == 200
    assert done["before"] == {"status": "new"}
    listed = world.call("alice", "GET", "/projects/demo/documents").get_json()
    assert next(d for d in listed["documents"] if d["id"] == doc)["status"] == "new"
    # Open again (a done layer takes no write): alice draws a relation and deletes it.
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    relation = world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    world.call("alice", "DELETE", f"/relations/{relation['id']}")
    changes = _changes(world, "?annotator=alice")
    gone = next(c for c in changes if c["kind"] == "relation" and c["action"] == "delete")
    assert _restore(world, "rita", gone["id"]).status_code == 200
    (back,) = world.layer("rita", "alice")["relations"]
    assert (back["type"], back["from"], back["to"]) == ("ATTRIBUTED_TO", claim["id"], source["id"])
    # Its "from" span deleted since: the relation cannot come back, and nothing changes.
    world.call("alice", "DELETE", f"/spans/{claim['id']}")
    response = _restore(world, "rita", gone["id"])
    assert response.status_code == 409
    assert "'from' span" in response.get_json()["error"]["message"]


def test_restoring_one_deletion_twice_is_refused_and_adds_nothing(world: World) -> None:
    """A second restore of a deleted span or relation is a 409 naming what is there."""
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    relation = world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    world.call("alice", "DELETE", f"/relations/{relation['id']}")
    gone = next(c for c in _changes(world) if c["kind"] == "relation" and c["action"] == "delete")
    assert _restore(world, "rita", gone["id"]).status_code == 200
    again = _restore(world, "rita", gone["id"])
    assert again.status_code == 409
    (back,) = world.layer("rita", "alice")["relations"]
    error = again.get_json()["error"]
    assert f"(relation {back['id']}): it was restored already" in error["message"]
    assert error["details"] == {"relation": back["id"]}

    world.call("alice", "DELETE", f"/spans/{source['id']}")
    deleted = next(c for c in _changes(world) if c["kind"] == "span" and c["action"] == "delete")
    first = _restore(world, "rita", deleted["id"])
    assert first.status_code == 200
    twice = _restore(world, "rita", deleted["id"])
    assert twice.status_code == 409
    assert twice.get_json()["error"]["details"] == {"span": first.get_json()["item"]}
    spans = [(s["label"], s["start"], s["end"]) for s in world.layer("rita", "alice")["spans"]]
    assert sorted(spans) == [("CLAIM", 15, 31), ("SOURCE", 0, 9)]


def test_restoring_an_earlier_value_twice_is_refused_saying_it_is_there(world: World) -> None:
    """A label, a span's earlier offsets or a status put back once: the second restore is a
    409 saying the value is there already, and adds no history."""
    doc = world.doc.id
    for value in ("FAVOR", "AGAINST"):
        world.call(
            "alice",
            "PUT",
            f"/documents/{doc}/labels",
            {"sentence": 1, "name": "stance", "value": value},
        )
    span = world.span("alice", "CLAIM", 0, 9)
    world.call("alice", "PATCH", f"/spans/{span['id']}", {"end": 14})
    world.call("alice", "PUT", f"/documents/{doc}/status", {"status": "done"})
    changes = _changes(world, "?annotator=alice")
    chosen = {
        "label": next(c for c in changes if c["kind"] == "label" and c["action"] == "update"),
        "span": next(c for c in changes if c["kind"] == "span" and c["action"] == "update"),
        "status": next(c for c in changes if c["after"] == {"status": "done"}),
    }
    said = {
        "label": "sentence 1 holds stance = 'FAVOR' already",  # its index, from 0
        "span": f"span {span['id']} is as this change found it already",
        "status": "the annotator's status is in_progress already",
    }
    for kind, change in chosen.items():
        assert _restore(world, "rita", change["id"]).status_code == 200, kind
        count = len(_changes(world))
        again = _restore(world, "rita", change["id"])
        assert again.status_code == 409, kind
        assert said[kind] in again.get_json()["error"]["message"]
        assert len(_changes(world)) == count, kind
    layer = world.layer("rita", "alice")
    assert layer["sentence_labels"] == [{"sentence": 1, "name": "stance", "value": "FAVOR"}]
    assert [(s["start"], s["end"]) for s in layer["spans"]] == [(0, 9)]


def test_a_change_is_restorable_until_restoring_it_would_be_refused(world: World) -> None:
    """``restorable`` asks the restore's own check: true before a first restore, false after
    it, and false wherever a restore is refused (409)."""
    doc = world.doc.id
    for value in ("FAVOR", "AGAINST"):
        body = {"sentence": 1, "name": "stance", "value": value}
        assert world.call("alice", "PUT", f"/documents/{doc}/labels", body).status_code == 200
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    cue = world.span("alice", "CUE", 10, 14)
    relation = world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])
    world.call("alice", "DELETE", f"/relations/{relation['id']}")
    world.call("alice", "DELETE", f"/spans/{cue['id']}")
    moved = world.span("alice", "CLAIM", 35, 41)
    world.call("alice", "PATCH", f"/spans/{moved['id']}", {"end": 48})
    world.call("alice", "PUT", f"/documents/{doc}/status", {"status": "done"})
    changes = _changes(world, "?annotator=alice")
    chosen = [
        next(c for c in changes if c["kind"] == kind and c["action"] == action)
        for kind, action in (
            ("label", "update"),
            ("span", "update"),
            ("span", "delete"),
            ("relation", "delete"),
        )
    ] + [next(c for c in changes if c["after"] == {"status": "done"})]
    assert [c["restorable"] for c in chosen] == [True] * len(chosen)
    assert not any(c["restorable"] for c in changes if c["action"] == "create")
    for change in chosen:
        assert _restore(world, "rita", change["id"]).status_code == 200, change
        now = {c["id"]: c for c in _changes(world, "?annotator=alice")}
        assert now[change["id"]]["restorable"] is False, change
    for change in _changes(world, "?annotator=alice"):
        if not change["restorable"]:
            assert _restore(world, "rita", change["id"]).status_code == 409, change


def test_a_new_spans_history_row_has_the_spans_own_time(world: World, session) -> None:  # noqa: ANN001
    # One moment for the span and the change that made it, whichever a reader looks at.
    span = world.span("alice", "CLAIM", 0, 9)
    created = session.scalar(select(Span.created_at).where(Span.id == span["id"]))
    recorded = session.scalar(
        select(LayerChange.at).where(LayerChange.kind == "span", LayerChange.item_id == span["id"])
    )
    assert created is not None and created == recorded
