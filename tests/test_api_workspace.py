"""The workspace's API additions: Idempotency-Key replay and document notes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import IdempotencyKey, Span
from annotator.services.annotation.notes import document_notes
from tests.helpers import counted_statements

TEXT = "Officials said the border was closed. The ministry denied it."


@pytest.fixture
def world(make_world: Any) -> Any:
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "a.txt")
    )
    world.alice_h, world.bob_h, world.rita_h = world.tokens.values()
    return world


def _count(session: Any, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_retried_create_with_the_same_key_is_answered_from_the_record(
    client: Any, session: Any, world: Any
) -> None:
    headers = world.alice_h | {"Idempotency-Key": "span-1"}
    body = {"label": "CLAIM", "start": 15, "end": 36}
    first = client.post(f"/api/v1/documents/{world.doc.id}/spans", json=body, headers=headers)
    again = client.post(f"/api/v1/documents/{world.doc.id}/spans", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert _count(session, Span) == 1
    # Another key is another write: a second copy of the span, refused (409).
    other = world.alice_h | {"Idempotency-Key": "span-2"}
    copy = client.post(f"/api/v1/documents/{world.doc.id}/spans", json=body, headers=other)
    assert copy.status_code == 409
    assert _count(session, Span) == 1


def test_a_retried_patch_answers_the_span_as_it_is_now(client: Any, world: Any) -> None:
    span = client.post(
        f"/api/v1/documents/{world.doc.id}/spans",
        json={"label": "SOURCE", "start": 0, "end": 9},
        headers=world.alice_h,
    ).get_json()
    headers = world.alice_h | {"Idempotency-Key": "patch-1"}
    body = {"label": "CUE", "version": 1}
    first = client.patch(f"/api/v1/spans/{span['id']}", json=body, headers=headers)
    again = client.patch(f"/api/v1/spans/{span['id']}", json=body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.get_json() == first.get_json()
    assert again.get_json()["version"] == 2  # applied once, not refused as stale


def test_a_retried_delete_is_204_again_not_404(client: Any, session: Any, world: Any) -> None:
    span = client.post(
        f"/api/v1/documents/{world.doc.id}/spans",
        json={"label": "SOURCE", "start": 0, "end": 9},
        headers=world.alice_h,
    ).get_json()
    headers = world.alice_h | {"Idempotency-Key": "delete-1"}
    assert client.delete(f"/api/v1/spans/{span['id']}", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/spans/{span['id']}", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/spans/{span['id']}", headers=world.alice_h).status_code == 404


def test_keys_belong_to_one_user_and_one_request(client: Any, session: Any, world: Any) -> None:
    body = {"label": "CLAIM", "start": 15, "end": 36}
    path = f"/api/v1/documents/{world.doc.id}/spans"
    client.post(path, json=body, headers=world.alice_h | {"Idempotency-Key": "same"})
    # Bob's key of the same name is his own: his write happens.
    bob = client.post(path, json=body, headers=world.bob_h | {"Idempotency-Key": "same"})
    assert bob.status_code == 201 and "Idempotent-Replayed" not in bob.headers
    # The key on another request is refused, naming both.
    reused = client.delete("/api/v1/spans/1", headers=world.alice_h | {"Idempotency-Key": "same"})
    assert reused.status_code == 422
    assert "was used for 'POST" in reused.get_json()["error"]["message"]
    assert _count(session, Span) == 2


def test_a_key_reused_with_another_body_is_refused_not_replayed(
    client: Any, session: Any, world: Any
) -> None:
    path = f"/api/v1/documents/{world.doc.id}/spans"
    headers = world.alice_h | {"Idempotency-Key": "one-write"}
    first = client.post(path, json={"label": "SOURCE", "start": 0, "end": 9}, headers=headers)
    assert first.status_code == 201
    other = client.post(path, json={"label": "CLAIM", "start": 15, "end": 36}, headers=headers)
    assert other.status_code == 422
    assert "with another body" in other.get_json()["error"]["message"]
    assert "Idempotent-Replayed" not in other.headers
    assert _count(session, Span) == 1
    # The same body again is a retry: answered from the first write, nothing added.
    again = client.post(path, json={"label": "SOURCE", "start": 0, "end": 9}, headers=headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert _count(session, Span) == 1


def test_a_retry_serialising_the_same_json_otherwise_is_replayed_not_refused(
    client: Any, session: Any, world: Any
) -> None:
    path = f"/api/v1/documents/{world.doc.id}/spans"
    headers = world.alice_h | {"Idempotency-Key": "reordered", "Content-Type": "application/json"}
    first = client.post(path, data='{"label": "SOURCE", "start": 0, "end": 9}', headers=headers)
    assert first.status_code == 201
    # Keys in another order, no spaces, a letter escaped: the same JSON, so the same request.
    again = client.post(path, data='{"end":9,"start":0,"label":"SOUR\\u0043E"}', headers=headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert _count(session, Span) == 1
    # Another value is still another body, however it is spaced.
    other = client.post(path, data='{"end":10,"start":0,"label":"SOURCE"}', headers=headers)
    assert other.status_code == 422
    assert "with another body" in other.get_json()["error"]["message"]


def test_a_body_that_is_not_json_is_compared_by_its_bytes() -> None:
    from annotator.services.annotation.idempotency import body_fingerprint

    assert body_fingerprint(b'{"a": 1}', "text/plain") != body_fingerprint(b'{"a":1}', "text/plain")
    assert body_fingerprint(b'{"a": 1}', "application/json") == body_fingerprint(
        b'{"a":1}', "application/json"
    )
    assert body_fingerprint(b"{not json", "application/json") == body_fingerprint(
        b"{not json", "text/plain"
    )


def test_a_body_parsed_already_is_compared_as_its_own_parse_would_compare_it() -> None:
    """The key's check takes the parse the endpoint reads (Flask keeps it): the fingerprint
    is the one the body's bytes give; None (no parse there, or ``null``) parses the bytes."""
    from annotator.services.annotation.idempotency import body_fingerprint

    for data in (b'{"start": 0, "label": "\\u00e9", "end": 3}', b"[1, 2.5, true]", b'"x"'):
        parsed = json.loads(data)
        assert body_fingerprint(data, "application/json", parsed) == body_fingerprint(
            data, "application/json"
        )
    assert body_fingerprint(b"null", "application/json", None) == body_fingerprint(
        b" null ", "application/json"
    )
    assert body_fingerprint(b"{not json", "application/json", None) == body_fingerprint(
        b"{not json", "text/plain"
    )


def test_a_keyed_write_parses_its_body_once(
    client: Any, monkeypatch: pytest.MonkeyPatch, world: Any
) -> None:
    """The key's check and the endpoint read one parse of the body (Flask keeps it)."""
    sent = '{"label": "SOURCE", "start": 0, "end": 9}'
    parses = []
    loads = json.loads

    def counted(text: Any, *args: Any, **kwargs: Any) -> Any:
        if (text.decode() if isinstance(text, bytes) else text) == sent:
            parses.append(text)
        return loads(text, *args, **kwargs)

    monkeypatch.setattr(json, "loads", counted)
    headers = world.alice_h | {"Idempotency-Key": "parsed-once", "Content-Type": "application/json"}
    answer = client.post(f"/api/v1/documents/{world.doc.id}/spans", data=sent, headers=headers)
    assert answer.status_code == 201
    assert len(parses) == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        # Nested past what json.dumps can walk: the keyed write failed with a 500.
        (b'{"label":"CLAIM","start":0,"end":5,"x":' + b"[" * 50000 + b"]" * 50000 + b"}", 400),
        # A lone surrogate parses but cannot be encoded as UTF-8: the keyed write failed with a 500.
        (b'{"label":"CLAIM","start":0,"end":5,"note":"\\ud800"}', 422),
    ],
    ids=["nested-deep", "lone-surrogate"],
)
def test_a_key_does_not_change_how_a_bad_body_is_refused(
    client: Any, world: Any, body: bytes, status: int
) -> None:
    path = f"/api/v1/documents/{world.doc.id}/spans"
    headers = world.alice_h | {"Content-Type": "application/json"}
    plain = client.post(path, data=body, headers=headers)
    keyed = client.post(path, data=body, headers=headers | {"Idempotency-Key": "bad-body"})
    assert plain.status_code == keyed.status_code == status
    assert keyed.get_json()["error"]["message"] == plain.get_json()["error"]["message"]


def test_a_refused_write_keeps_no_key_so_a_corrected_retry_can_run(
    client: Any, session: Any, world: Any
) -> None:
    headers = world.alice_h | {"Idempotency-Key": "bad-then-good"}
    path = f"/api/v1/documents/{world.doc.id}/spans"
    refused = client.post(path, json={"label": "NOPE", "start": 0, "end": 9}, headers=headers)
    assert refused.status_code == 422
    assert _count(session, IdempotencyKey) == 0
    ok = client.post(path, json={"label": "SOURCE", "start": 0, "end": 9}, headers=headers)
    assert ok.status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 101, "tab\there"])
def test_an_unusable_key_is_a_400(client: Any, world: Any, key: str) -> None:
    response = client.post(
        f"/api/v1/documents/{world.doc.id}/spans",
        json={"label": "SOURCE", "start": 0, "end": 9},
        headers=world.alice_h | {"Idempotency-Key": key},
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.get_json()["error"]["message"]


def test_notes_are_private_to_their_writer_and_visible_to_reviewers(
    client: Any, world: Any
) -> None:
    path = f"/api/v1/documents/{world.doc.id}"
    answer = client.put(
        f"{path}/note", json={"note": "Which source?", "unsure": True}, headers=world.alice_h
    )
    assert answer.status_code == 200
    assert answer.get_json()["note"] == "Which source?" and answer.get_json()["unsure"] is True
    client.put(f"{path}/note", json={"note": "Fine."}, headers=world.bob_h)
    mine = client.get(f"{path}/notes", headers=world.alice_h).get_json()["notes"]
    assert [(n["annotator"], n["note"], n["unsure"]) for n in mine] == [
        ("alice", "Which source?", True)
    ]
    every = client.get(f"{path}/notes", headers=world.rita_h).get_json()["notes"]
    assert sorted((n["annotator"], n["unsure"]) for n in every) == [
        ("alice", True),
        ("bob", False),
    ]
    # Times read back carry their zone, on SQLite (which stores none) as on PostgreSQL.
    assert all(n["updated_at"].endswith("+00:00") for n in every), every
    # Changing it keeps one note per annotator and document.
    client.put(f"{path}/note", json={"note": "", "unsure": False}, headers=world.alice_h)
    every = client.get(f"{path}/notes", headers=world.rita_h).get_json()["notes"]
    assert len(every) == 2


def test_a_note_needs_an_assignment_and_a_proper_body(client: Any, world: Any) -> None:
    path = f"/api/v1/documents/{world.doc.id}/note"
    assert client.put(path, json={"note": "x"}, headers=world.rita_h).status_code == 403
    assert client.put(path, json={"note": 3}, headers=world.alice_h).status_code == 400
    assert (
        client.put(path, json={"note": "x", "unsure": "yes"}, headers=world.alice_h).status_code
        == 400
    )
    long = client.put(path, json={"note": "x" * 10_001}, headers=world.alice_h)
    assert long.status_code == 422
    assert client.get("/api/v1/documents/999999/notes", headers=world.alice_h).status_code == 404


def test_a_note_names_only_its_writer_and_the_list_filters_by_annotator(
    client: Any, world: Any
) -> None:
    """?annotator=someone-else on a note write is a 403, never the caller's own note."""
    path = f"/api/v1/documents/{world.doc.id}"
    client.put(f"{path}/note", json={"note": "Bob's.", "unsure": True}, headers=world.bob_h)
    for query in ("?annotator=bob", "?layer=bob", "?annotator=gold"):
        refused = client.put(f"{path}/note{query}", json={"note": "x"}, headers=world.alice_h)
        assert refused.status_code == 403, query
        assert "only your own note" in refused.get_json()["error"]["message"]
    own = client.put(f"{path}/note?annotator=alice", json={"note": "Mine."}, headers=world.alice_h)
    assert own.status_code == 200
    notes = client.get(f"{path}/notes", headers=world.rita_h).get_json()["notes"]
    assert sorted((n["annotator"], n["note"]) for n in notes) == [
        ("alice", "Mine."),
        ("bob", "Bob's."),
    ]
    # Reading: a reviewer names whose note; an annotator only themself; a stranger is a 404.
    bobs = client.get(f"{path}/notes?annotator=bob", headers=world.rita_h).get_json()["notes"]
    assert [n["annotator"] for n in bobs] == ["bob"]
    assert client.get(f"{path}/notes?annotator=bob", headers=world.alice_h).status_code == 403
    mine = client.get(f"{path}/notes?annotator=alice", headers=world.alice_h).get_json()
    assert [n["note"] for n in mine["notes"]] == ["Mine."]
    assert client.get(f"{path}/notes?annotator=nobody", headers=world.rita_h).status_code == 404


def test_reading_notes_costs_the_same_queries_for_two_writers_or_four(
    client: Any, session: Any, world: Any, make_user: Any, make_token: Any, assign: Any
) -> None:
    """The writers' names come with the notes, and ``?annotator=`` is a condition of the
    query: no query per note, and no note read only to be left out."""
    path = f"/api/v1/documents/{world.doc.id}"

    def reading(query: str = "") -> tuple[list[str], int]:
        session.expire_all()
        rita = session.get(type(world.rita), world.rita.id)
        document = session.get(type(world.doc), world.doc.id)
        with counted_statements(session.get_bind()) as seen:
            notes = document_notes(session, rita, document, query or None)
        return sorted(n["annotator"] for n in notes), len(seen)

    for headers in (world.alice_h, world.bob_h):
        client.put(f"{path}/note", json={"note": "A remark."}, headers=headers)
    two, queries = reading()
    more = [make_user(name, "annotator") for name in ("carl", "dina")]
    assign(world.doc, *more)
    for user in more:
        client.put(f"{path}/note", json={"note": "Another."}, headers=make_token(user))
    four, queries_for_four = reading()
    assert (two, four) == (["alice", "bob"], ["alice", "bob", "carl", "dina"])
    assert queries_for_four == queries
    assert reading("carl")[0] == ["carl"]
    assert reading("gold") == ([], 0)


def test_a_note_written_from_a_stale_version_is_refused_and_one_without_a_version_is_not(
    client: Any, world: Any
) -> None:
    """Two tabs: the one that read the note before the other saved it is told (409), not
    left to overwrite it; a client that sends no ``version`` writes as before."""
    path = f"/api/v1/documents/{world.doc.id}/note"
    mine = client.get(f"{path}s?annotator=alice", headers=world.alice_h).get_json()["notes"]
    assert mine == []  # no note yet: version 0 is what a first write sends
    first = client.put(path, json={"note": "Tab A.", "version": 0}, headers=world.alice_h)
    assert first.status_code == 200 and first.get_json()["version"] == 1
    # Tab B read the note before tab A saved: it sends version 0 too.
    stale = client.put(path, json={"note": "Tab B.", "version": 0}, headers=world.alice_h)
    assert stale.status_code == 409
    error = stale.get_json()["error"]
    assert "note" in error["message"] and "version 0" in error["message"], error
    assert error["details"] == {"field": "version", "version": 1}
    kept = client.get(f"{path}s?annotator=alice", headers=world.alice_h).get_json()["notes"]
    assert [(n["note"], n["version"]) for n in kept] == [("Tab A.", 1)]
    # The newest version writes, and moves the version on.
    second = client.put(path, json={"note": "Tab A again.", "version": 1}, headers=world.alice_h)
    assert second.get_json()["version"] == 2
    # No version: last writer wins, as for clients written before versions.
    blind = client.put(path, json={"note": "Script."}, headers=world.alice_h)
    assert blind.status_code == 200 and blind.get_json()["version"] == 3
    bad = client.put(path, json={"note": "x", "version": "1"}, headers=world.alice_h)
    assert bad.status_code == 400


def test_a_layer_read_through_the_api_carries_its_annotators_note_as_the_export_does(
    client: Any, world: Any
) -> None:
    """The layer answer has the shape of the export's ``annotations[]`` item (CONTRACT 4)."""
    path = f"/api/v1/documents/{world.doc.id}"
    client.put(
        f"{path}/note", json={"note": "Which source?", "unsure": True}, headers=world.alice_h
    )
    client.put(f"{path}/note", json={"note": "Bob's own."}, headers=world.bob_h)
    mine = client.get(f"{path}/annotations", headers=world.alice_h).get_json()
    assert (mine["note"], mine["unsure"]) == ("Which source?", True)
    # Bob's layer has Bob's note, never Alice's; a note that says nothing adds no key.
    bobs = client.get(f"{path}/annotations", headers=world.bob_h).get_json()
    assert bobs["note"] == "Bob's own." and "unsure" not in bobs
    # A reviewer reading Alice's layer sees her note, as in the export and GET .../notes.
    alices = client.get(f"{path}/annotations?annotator=alice", headers=world.rita_h).get_json()
    assert (alices["note"], alices["unsure"]) == ("Which source?", True)
    # An annotator may not read another's layer, so never another's note.
    refused = client.get(f"{path}/annotations?annotator=bob", headers=world.alice_h)
    assert refused.status_code == 403
    # Gold is nobody's: no note.
    gold = client.get(f"{path}/annotations?annotator=gold", headers=world.rita_h).get_json()
    assert "note" not in gold and "unsure" not in gold
