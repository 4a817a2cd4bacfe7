"""``annotator db copies --merge``: the copies a database stored before a layer held a span
(and a relation) once are merged, in one transaction, the lowest id kept.

The copies are inserted as rows, under the services that refuse them (as a database written
before the rule holds them); the merge is then run as a team would, on the command line.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.copies_merge import StoredRelation, StoredSpan, plan_merge
from annotator.models import AuditEntry, Layer, LayerChange, Relation, Span
from tests.api_world import World, build_world

# Spans of the world's text: "Officials said the talks failed."
SOURCE, CUE, CLAIM = ("SOURCE", 0, 9), ("CUE", 10, 14), ("CLAIM", 15, 31)


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _layer(world: World, session: Any, who: str) -> Layer:
    layer = session.scalar(
        select(Layer).where(Layer.document_id == world.doc.id, Layer.user_id == world.users[who].id)
    )
    assert layer is not None
    return layer


def _copy(session: Any, layer: Layer, place: tuple[str, int, int], **extra: Any) -> int:
    """Insert a span as a row, as a database written before the rule holds it."""
    label, start, end = place
    span = Span(layer_id=layer.id, label=label, start=start, end=end, **extra)
    session.add(span)
    session.commit()
    return span.id


def _relation(session: Any, layer: Layer, kind: str, source: int, target: int, **extra: Any) -> int:
    relation = Relation(
        layer_id=layer.id, type=kind, from_span_id=source, to_span_id=target, **extra
    )
    session.add(relation)
    session.commit()
    return relation.id


def test_merge_keeps_the_lowest_id_moves_relations_and_joins_notes(
    world: World,
    session,  # noqa: ANN001
    runner,  # noqa: ANN001
) -> None:
    claim = world.span("bob", *CLAIM, attributes={"claimer": "REPORTED"})["id"]
    source = world.span("bob", *SOURCE)["id"]
    cue = world.span("bob", *CUE)["id"]
    world.relation("bob", "CUED_BY", claim, cue)
    layer = _layer(world, session, "bob")
    session.get(Span, claim).note = "unsure"
    attributes = {"claimer": "REPORTED"}
    second = _copy(session, layer, CLAIM, attributes=attributes, note="check the source")
    third = _copy(session, layer, CLAIM, attributes=attributes)
    # The second's cue repeats the first's once moved; the third's source moves as it is.
    cued_again = _relation(session, layer, "CUED_BY", second, cue, note="the verb")
    attributed = _relation(session, layer, "ATTRIBUTED_TO", third, source)
    alice = world.span("alice", *CLAIM)["id"]  # another layer's: no copy
    changes = session.scalar(select(LayerChange.id).order_by(LayerChange.id.desc()).limit(1))

    result = runner.invoke(args=["db", "copies", "--merge", "--yes"])
    assert result.exit_code == 0, result.output
    where = f"project demo, document #{world.doc.number} (doc-1), layer bob"
    assert (
        f"{where}: 'CLAIM' at [15, 31): kept span {claim}, "
        f"removed spans {second}, {third}; notes joined" in result.output
    )
    assert f"{where}: relation {cued_again} removed: a copy of relation" in result.output
    assert f"{where}: 1 relation moved onto the spans kept" in result.output
    assert "project demo: 2 spans and 1 relation removed in 1 layer" in result.output

    spans = world.layer("bob")["spans"]
    assert sorted(s["id"] for s in spans) == sorted([claim, source, cue])
    kept = next(s for s in spans if s["id"] == claim)
    assert kept["attributes"] == attributes
    assert kept["note"] == f"span {claim}: unsure\nspan {second}: check the source"
    relations = {(r["type"], r["from"], r["to"]) for r in world.layer("bob")["relations"]}
    assert relations == {("CUED_BY", claim, cue), ("ATTRIBUTED_TO", claim, source)}
    session.expire_all()
    moved = session.get(Relation, attributed)
    assert (moved.from_span_id, moved.to_span_id) == (claim, source)
    cued = session.scalar(select(Relation).where(Relation.type == "CUED_BY"))
    assert cued.note == "the verb"  # the copy's note joined onto the one kept, which had none
    assert [s["id"] for s in world.layer("alice")["spans"]] == [alice]
    # History: each removal and change as any other, by the command line (nobody).
    written = session.scalars(select(LayerChange).where(LayerChange.id > changes)).all()
    assert {(c.kind, c.action, c.item_id) for c in written} == {
        ("span", "delete", second),
        ("span", "delete", third),
        ("span", "update", claim),
        ("relation", "delete", cued_again),
        ("relation", "update", cued.id),
    }
    assert {c.actor_id for c in written} == {None}
    # By the merge's own path: bob wrote none of it.
    assert {c.source for c in written} == {"merge"}
    assert {c.layer_key for c in written} == {f"user:{world.users['bob'].id}"}
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "copies.merge"))
    assert entry.project_slug == "demo" and entry.actor == "(command line)"
    assert entry.before["spans"] == [[claim, second, third]]

    again = runner.invoke(args=["db", "copies"])
    assert again.exit_code == 0, again.output


def test_copies_whose_attributes_differ_are_left_for_a_decision(
    world: World,
    session,  # noqa: ANN001
    runner,  # noqa: ANN001
) -> None:
    word = ("BIASED_WORD", 19, 24)
    first = world.span("bob", *word, attributes={"type": "LEXICAL"})["id"]
    bob = _layer(world, session, "bob")
    other = _copy(session, bob, word, attributes={"type": "INFORMATIONAL"})
    cue = world.span("alice", *CUE)["id"]
    alice = _layer(world, session, "alice")
    copy = _copy(session, alice, CUE, attributes={})

    result = runner.invoke(args=["db", "copies", "--merge", "--yes"])
    assert result.exit_code == 1
    said = (
        f"project demo, document #{world.doc.number} (doc-1), layer bob: 'BIASED_WORD' at "
        f"[19, 24), spans {first}, {other}: left for a person's decision: their attributes "
        f"differ (span {first}: {{'type': 'LEXICAL'}}; span {other}: {{'type': 'INFORMATIONAL'}})"
    )
    assert said in result.output
    assert f"layer alice: 'CUE' at [10, 14): kept span {cue}, removed span {copy}" in result.output
    assert "Error: 1 set of copies left for a person's decision" in result.output
    # The rest is merged all the same; the set left holds both copies.
    assert [s["id"] for s in world.layer("alice")["spans"]] == [cue]
    assert sorted(s["id"] for s in world.layer("bob")["spans"]) == [first, other]


def test_a_merge_past_max_per_source_is_left_for_a_decision(
    world: World,
    session,  # noqa: ANN001
    runner,  # noqa: ANN001
) -> None:
    claim = world.span("bob", *CLAIM)["id"]
    source = world.span("bob", *SOURCE)["id"]
    world.relation("bob", "ATTRIBUTED_TO", claim, source)
    layer = _layer(world, session, "bob")
    copy = _copy(session, layer, CLAIM, attributes={})
    other_source = _copy(session, layer, ("SOURCE", 35, 41), attributes={})
    _relation(session, layer, "ATTRIBUTED_TO", copy, other_source)

    result = runner.invoke(args=["db", "copies", "--merge", "--yes"])
    assert result.exit_code == 1
    assert (
        f"spans {claim}, {copy}: left for a person's decision: span {claim} would leave "
        "2 'ATTRIBUTED_TO' relations; the schema allows at most 1"
    ) in result.output
    assert sorted(s["id"] for s in world.layer("bob")["spans"]) == sorted(
        [claim, source, copy, other_source]
    )


def test_merge_asks_first_and_a_no_writes_nothing(
    world: World,
    session,  # noqa: ANN001
    runner,  # noqa: ANN001
) -> None:
    cue = world.span("bob", *CUE)["id"]
    copy = _copy(session, _layer(world, session, "bob"), CUE, attributes={})
    refused = runner.invoke(args=["db", "copies", "--merge"], input="n\n")
    assert refused.exit_code == 1  # aborted
    assert f"'CUE' at [10, 14): kept span {cue}, removed span {copy}" in refused.output
    assert "Merge these copies?" in refused.output
    assert sorted(s["id"] for s in world.layer("bob")["spans"]) == [cue, copy]
    taken = runner.invoke(args=["db", "copies", "--merge", "--project", "demo"], input="y\n")
    assert taken.exit_code == 0, taken.output
    assert [s["id"] for s in world.layer("bob")["spans"]] == [cue]


def test_merge_of_another_project_leaves_this_one(
    world: World,
    session,  # noqa: ANN001
    runner,  # noqa: ANN001
    make_project,  # noqa: ANN001
) -> None:
    cue = world.span("bob", *CUE)["id"]
    copy = _copy(session, _layer(world, session, "bob"), CUE, attributes={})
    make_project("elsewhere")
    result = runner.invoke(args=["db", "copies", "--merge", "--project", "elsewhere", "--yes"])
    assert result.exit_code == 0, result.output
    assert "No layer of project elsewhere holds a span or a relation more than once." in (
        result.output
    )
    assert sorted(s["id"] for s in world.layer("bob")["spans"]) == [cue, copy]


def test_db_copies_lists_relation_copies_and_the_merge_removes_them(
    world: World,
    session,  # noqa: ANN001
    runner,  # noqa: ANN001
) -> None:
    claim = world.span("bob", *CLAIM)["id"]
    cue = world.span("bob", *CUE)["id"]
    first = world.relation("bob", "CUED_BY", claim, cue)["id"]
    copy = _relation(session, _layer(world, session, "bob"), "CUED_BY", claim, cue)
    listed = runner.invoke(args=["db", "copies"])
    assert listed.exit_code == 1
    assert (
        f"project demo, document #{world.doc.number} (doc-1), layer bob: relation 'CUED_BY' "
        f"from span {claim} to span {cue} 2 times: relations {first}, {copy}"
    ) in listed.output
    assert "Error: 1 relation stored more than once in a layer" in listed.output
    merged = runner.invoke(args=["db", "copies", "--merge", "--yes"])
    assert merged.exit_code == 0, merged.output
    assert f"relation {copy} removed: a copy of relation {first}" in merged.output
    assert [r["id"] for r in world.layer("bob")["relations"]] == [first]


def test_a_relation_between_two_copies_goes_with_them() -> None:
    """Merged, its two ends would be one span: a relation needs two (core/rules.py)."""
    spans = [StoredSpan(i, "EVENT", 0, 4, {}, None) for i in (1, 2)]
    plan = plan_merge(spans, [StoredRelation(7, "SAME_AS", 1, 2, None)], {})
    assert plan.removed_spans == [2]
    assert plan.removed_relations == {7: None}
    assert plan.moved == {}
