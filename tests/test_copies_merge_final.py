"""``annotator db copies --merge`` leaves the gold of a document marked final as it is (final
gold takes no change: services/gold/lock.py), counts such documents and says so; the other
layers are merged as before, in the same one transaction."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import AuditEntry, Layer, LayerChange, Span
from tests.api_world import World, build_world

CUE, CLAIM = ("CUE", 10, 14), ("CLAIM", 15, 31)
LEFT_OUT = (
    "Left out 1 document whose gold is marked final: its copies stay until a reviewer sets "
    "it back to in review (then merge again)"
)


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _copy(session: Any, world: World, key: str, place: tuple[str, int, int]) -> int:
    """Insert a span as a row, as a database written before the rule holds it."""
    layer = session.scalar(select(Layer).where(Layer.document_id == world.doc.id, Layer.key == key))
    label, start, end = place
    span = Span(layer_id=layer.id, label=label, start=start, end=end, attributes={})
    session.add(span)
    session.commit()
    return span.id


def _set_gold(world: World, status: str) -> None:
    path = f"/projects/demo/review/{world.doc.id}/status"
    answer = world.call("rita", "PUT", path, {"status": status, "unanimous": "leave"})
    assert answer.status_code == 200, answer.get_json()


@pytest.fixture
def copies(world: World, session: Any) -> dict[str, list[int]]:
    """A copy in gold (then marked final) and one in bob's layer."""
    gold = world.span("rita", *CLAIM, query="?layer=gold")["id"]
    gold_copy = _copy(session, world, "gold", CLAIM)
    cue = world.span("bob", *CUE)["id"]
    bobs_copy = _copy(session, world, f"user:{world.users['bob'].id}", CUE)
    _set_gold(world, "final")
    return {"gold": [gold, gold_copy], "bob": [cue, bobs_copy]}


def test_merge_leaves_final_gold_as_it_is_and_says_so(
    world: World, session: Any, runner: Any, copies: dict[str, list[int]]
) -> None:
    changes = session.scalar(select(LayerChange.id).order_by(LayerChange.id.desc()).limit(1))
    result = runner.invoke(args=["db", "copies", "--merge", "--yes"])
    assert result.exit_code == 0, result.output
    where = f"project demo, document #{world.doc.number} (doc-1), layer"
    gold, bob = copies["gold"], copies["bob"]
    assert (
        f"{where} gold: its gold is marked final: 'CLAIM' at [15, 31), spans {gold[0]}, "
        f"{gold[1]}: left as it is"
    ) in result.output
    assert f"{where} bob: 'CUE' at [10, 14): kept span {bob[0]}, removed span {bob[1]}" in (
        result.output
    )
    assert "project demo: 1 span and 0 relations removed in 1 layer" in result.output
    assert LEFT_OUT in result.output
    assert sorted(s["id"] for s in world.layer("rita", "gold")["spans"]) == gold
    assert [s["id"] for s in world.layer("bob")["spans"]] == [bob[0]]
    # Gold's history and the audit log name nothing of gold's.
    written = session.scalars(select(LayerChange).where(LayerChange.id > changes)).all()
    assert {c.layer_key for c in written} == {f"user:{world.users['bob'].id}"}
    audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "copies.merge"))
    assert [entry.target for entry in audited] == ["document doc-1 layer bob"]


def test_the_question_before_the_merge_says_final_gold_is_left_out(
    world: World, runner: Any, copies: dict[str, list[int]]
) -> None:
    refused = runner.invoke(args=["db", "copies", "--merge"], input="n\n")
    assert refused.exit_code == 1  # aborted
    assert "its gold is marked final" in refused.output and LEFT_OUT in refused.output
    assert "Merge these copies?" in refused.output


def test_only_final_gold_holding_copies_merges_nothing_and_asks_nothing(
    world: World, session: Any, runner: Any
) -> None:
    gold = world.span("rita", *CLAIM, query="?layer=gold")["id"]
    gold_copy = _copy(session, world, "gold", CLAIM)
    _set_gold(world, "final")
    result = runner.invoke(args=["db", "copies", "--merge"])
    assert result.exit_code == 0, result.output
    assert "Merge these copies?" not in result.output
    assert LEFT_OUT in result.output
    assert sorted(s["id"] for s in world.layer("rita", "gold")["spans"]) == [gold, gold_copy]
    # Set back to in review, the same merge takes them.
    _set_gold(world, "in_review")
    again = runner.invoke(args=["db", "copies", "--merge", "--yes"])
    assert again.exit_code == 0, again.output
    assert "Left out" not in again.output
    assert [s["id"] for s in world.layer("rita", "gold")["spans"]] == [gold]


def test_the_merge_holds_its_gold_documents_in_one_statement(
    app: Any, world: World, session: Any, runner: Any
) -> None:
    """Before: one ``FOR KEY SHARE`` statement a gold layer's document (2 for 2); now one
    for them all, ordered by id (services/gold/lock.py, gold_finals with hold)."""
    from annotator.engine import get_engine
    from annotator.services.annotation.copies_merge import merge_copies
    from annotator.services.annotation.layers import ensure_layer
    from tests.helpers import counted_statements

    if get_engine(app).dialect.name != "postgresql":
        pytest.skip("SQLite's write transactions begin IMMEDIATE: nothing is held")
    for doc in (world.doc, world.other):
        layer = ensure_layer(session, doc, None)
        twice = (
            Span(layer_id=layer.id, label="CLAIM", start=0, end=5, attributes={}) for _ in "ab"
        )
        session.add_all(twice)
    session.commit()
    with counted_statements(get_engine(app)) as seen:
        merged = merge_copies(session)
    session.commit()
    assert sorted(merge.document for merge in merged if merge.writes()) == ["doc-1", "doc-2"]
    held = [s for s in seen if "FOR KEY SHARE" in s]
    assert len(held) == 1, held
    assert "ORDER BY" in held[0]
