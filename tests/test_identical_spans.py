"""A layer holds a span once: a second span of the same label and offsets is refused.

Two identical spans hid each other from the review (no difference shown, or two with one
key, deciding both at once) and the unanimous accept copied whichever was made first, without
the attributes the annotators gave. Every writer refuses the copy with 409 naming the span
that is there (``details.span``), writing nothing; a database that holds copies from before
is still read, reviewed and exported.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import Layer, LayerChange, Span
from tests.api_world import World, build_world


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _post(world: World, who: str, body: dict[str, Any], query: str = "", key: str = "") -> Any:
    path = f"/api/v1/documents/{world.doc.id}/spans{query}"
    headers = world.headers[who] | ({"Idempotency-Key": key} if key else {})
    return world.client.post(path, json=body, headers=headers)


def _refused_as_copy_of(response: Any, span_id: int) -> str:
    assert response.status_code == 409, response.get_json()
    error = response.get_json()["error"]
    assert error["details"] == {"span": span_id}
    message: str = error["message"]
    assert f"span {span_id}" in message
    return message


def _rows(session: Any, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_second_identical_span_is_refused_naming_the_first(world: World, session) -> None:  # noqa: ANN001
    body = {"label": "BIASED_WORD", "start": 10, "end": 13, "attributes": {"type": "LEXICAL"}}
    first = world.span("bob", **body)
    changes = _rows(session, LayerChange)
    # Whatever the attributes: a second copy is refused, not a second version.
    for attributes in ({"type": "INFORMATIONAL"}, {"type": "LEXICAL"}, {}):
        again = _post(world, "bob", {**body, "attributes": attributes})
        message = _refused_as_copy_of(again, first["id"])
        assert "a 'BIASED_WORD' span at [10, 13)" in message
    assert [s["id"] for s in world.layer("bob")["spans"]] == [first["id"]]
    assert _rows(session, LayerChange) == changes
    # Another annotator's layer, another label or other offsets are other spans.
    world.span("alice", **body)
    world.span("bob", "CUE", 10, 13)
    world.span("bob", "BIASED_WORD", 10, 14)


def test_gold_takes_a_span_once(world: World) -> None:
    first = world.span("rita", "SOURCE", 0, 9, query="?layer=gold")
    again = _post(world, "rita", {"label": "SOURCE", "start": 0, "end": 9}, "?layer=gold")
    _refused_as_copy_of(again, first["id"])


def test_a_retried_create_is_replayed_not_refused(world: World) -> None:
    body = {"label": "CLAIM", "start": 15, "end": 31}
    first = _post(world, "alice", body, key="claim-1")
    again = _post(world, "alice", body, key="claim-1")
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    # Another key is another write: the second copy, refused.
    _refused_as_copy_of(_post(world, "alice", body, key="claim-2"), first.get_json()["id"])


def test_moving_or_relabelling_onto_an_identical_span_is_refused(world: World, session) -> None:  # noqa: ANN001
    there = world.span("alice", "CLAIM", 0, 9)
    longer = world.span("alice", "CLAIM", 0, 14)
    source = world.span("alice", "SOURCE", 0, 9)
    before = world.layer("alice")["spans"]
    moved = world.call("alice", "PATCH", f"/spans/{longer['id']}", {"end": 9})
    _refused_as_copy_of(moved, there["id"])
    relabelled = world.call("alice", "PATCH", f"/spans/{source['id']}", {"label": "CLAIM"})
    _refused_as_copy_of(relabelled, there["id"])
    assert world.layer("alice")["spans"] == before
    # A change that leaves a span where it is does not find it a copy of itself.
    kept = world.call(
        "alice",
        "PATCH",
        f"/spans/{there['id']}",
        {"start": 0, "attributes": {"claimer": "REPORTED"}},
    )
    assert kept.status_code == 200, kept.get_json()


def test_copies_stored_before_the_rule_are_still_read_reviewed_and_exported(
    world: World,
    session,  # noqa: ANN001
) -> None:
    alice = world.span("alice", "BIASED_WORD", 10, 13, attributes={"type": "LEXICAL"})
    world.span("bob", "BIASED_WORD", 10, 13, attributes={"type": "INFORMATIONAL"})
    layer = session.scalar(
        select(Layer).where(
            Layer.document_id == world.doc.id, Layer.user_id == world.users["bob"].id
        )
    )
    session.add(
        Span(
            layer_id=layer.id, label="BIASED_WORD", start=10, end=13, attributes={"type": "LEXICAL"}
        )
    )
    session.commit()
    assert len(world.layer("bob")["spans"]) == 2
    doc = world.doc.id
    assert world.call("rita", "GET", f"/projects/demo/review/{doc}").status_code == 200
    accepted = world.call("rita", "POST", f"/projects/demo/review/{doc}/unanimous")
    assert accepted.status_code == 200, accepted.get_json()
    gold = world.layer("rita", "gold")["spans"]
    assert [(s["label"], s["start"], s["end"]) for s in gold] == [("BIASED_WORD", 10, 13)]
    # Accepting alice's version again sets gold's one span to it; it makes no second.
    body = {"kind": "span", "id": alice["id"]}
    assert (
        world.call("rita", "POST", f"/projects/demo/review/{doc}/accept", body).status_code == 200
    )
    assert len(world.layer("rita", "gold")["spans"]) == 1
    exported = world.call("rita", "GET", "/projects/demo/export")
    assert exported.status_code == 200
    assert exported.get_data(as_text=True).count('"BIASED_WORD"') >= 3


def test_db_copies_lists_the_layers_holding_a_span_twice(
    world: World,
    session,  # noqa: ANN001
    runner,  # noqa: ANN001
) -> None:
    clean = runner.invoke(args=["db", "copies"])
    assert clean.exit_code == 0, clean.output
    assert "No layer holds a span more than once." in clean.output
    first = world.span("bob", "CUE", 10, 13)
    world.span("alice", "CUE", 10, 13)  # another layer's: no copy
    layer = session.scalar(
        select(Layer).where(
            Layer.document_id == world.doc.id, Layer.user_id == world.users["bob"].id
        )
    )
    copies = [Span(layer_id=layer.id, label="CUE", start=10, end=13) for _ in range(2)]
    session.add_all(copies)
    session.commit()
    found = runner.invoke(args=["db", "copies"])
    assert found.exit_code == 1
    ids = ", ".join(str(i) for i in (first["id"], copies[0].id, copies[1].id))
    assert found.output.splitlines()[0] == (
        f"project demo, document #{world.doc.number} ({world.doc.external_id}), layer bob: "
        f"'CUE' at [10, 13) 3 times: spans {ids}"
    )
    assert "Error: 1 span stored more than once in a layer" in found.output
