"""``annotator db copies --merge`` leaves for a person what it cannot merge without losing
or overstepping anything: notes that joined would pass the note limit, and a relation with a
note between two copies of one span; and a merge failing partway changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, text

from annotator.core.copies_merge import StoredRelation, StoredSpan, plan_merge
from annotator.core.span_notes import MAX_NOTE
from annotator.models import AuditEntry, LayerChange, Relation, Span
from tests.api_world import World, build_world
from tests.test_copies_merge import CLAIM, CUE, _copy, _layer, _relation

HALF = "x" * (MAX_NOTE // 2)


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _spans(notes: list[str | None]) -> list[StoredSpan]:
    return [StoredSpan(i, "EVENT", 0, 4, {}, note) for i, note in enumerate(notes, start=1)]


def test_copies_whose_joined_notes_pass_the_limit_are_left_for_a_decision() -> None:
    plan = plan_merge(_spans([HALF, HALF + "y"]), [], {})
    assert plan.merged == [] and plan.span_notes == {} and plan.removed_spans == []
    (left,) = plan.undecided
    assert left.copies.span_ids == (1, 2)
    joined = f"span 1: {HALF}\nspan 2: {HALF}y"
    assert left.reason == (
        f"their notes joined would be {len(joined):,} characters "
        f"long; at most {MAX_NOTE:,} are kept"
    )
    # Alike notes are one note, not joined: within the limit, merged.
    assert plan_merge(_spans([HALF, HALF]), [], {}).merged


def test_relation_copies_whose_joined_notes_pass_the_limit_are_left_for_a_decision() -> None:
    spans = [StoredSpan(1, "CLAIM", 0, 4, {}, None), StoredSpan(2, "CUE", 5, 9, {}, None)]
    relations = [StoredRelation(i, "CUED_BY", 1, 2, HALF + str(i)) for i in (7, 8)]
    plan = plan_merge(spans, relations, {})
    assert plan.removed_relations == {} and plan.relation_notes == {}
    (left,) = plan.undecided
    assert left.copies.said() == "relation 'CUED_BY' from span 1 to span 2"
    assert left.copies.ids_said() == "relations 7, 8"
    assert "characters long" in left.reason


def test_a_span_merge_that_would_join_relation_notes_past_the_limit_is_left() -> None:
    spans = _spans([None, None]) + [StoredSpan(3, "CUE", 5, 9, {}, None)]
    relations = [
        StoredRelation(7, "CUED_BY", 1, 3, HALF),
        StoredRelation(8, "CUED_BY", 2, 3, HALF + "y"),
    ]
    plan = plan_merge(spans, relations, {})
    assert plan.merged == [] and plan.removed_relations == {} and plan.moved == {}
    (left,) = plan.undecided
    assert left.copies.span_ids == (1, 2)
    assert "relations 7, 8" in left.reason and "characters long" in left.reason


def test_a_relation_with_a_note_between_two_copies_is_left_for_a_decision() -> None:
    """Merged, it would join the span to itself: its note would go with it, unsaid."""
    plan = plan_merge(_spans([None, None]), [StoredRelation(7, "SAME_AS", 1, 2, "same event")], {})
    assert plan.merged == [] and plan.removed_relations == {}
    (left,) = plan.undecided
    assert left.reason == (
        "relation 7 ('SAME_AS', with a note) joins span 1 to its copy 2: merged, it would "
        "join the span to itself, and a relation needs two"
    )


def test_the_command_leaves_notes_past_the_limit_and_says_so(
    world: World,
    session,  # noqa: ANN001
    runner,  # noqa: ANN001
) -> None:
    first = world.span("bob", *CLAIM, note=HALF)["id"]
    bob = _layer(world, session, "bob")
    copy = _copy(session, bob, CLAIM, attributes={}, note=HALF + "y")
    result = runner.invoke(args=["db", "copies", "--merge", "--yes"])
    assert result.exit_code == 1
    assert (
        f"layer bob: 'CLAIM' at [15, 31), spans {first}, {copy}: left for a person's decision: "
        "their notes joined would be"
    ) in result.output
    assert "Error: 1 set of copies left for a person's decision" in result.output
    notes = {s["id"]: s["note"] for s in world.layer("bob")["spans"]}
    assert notes == {first: HALF, copy: HALF + "y"}


def _counts(session: Any) -> tuple[int, ...]:
    session.expire_all()
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Span, Relation, LayerChange, AuditEntry)
    )


def test_a_merge_failing_on_its_second_layer_leaves_every_row_as_it_was(
    world: World,
    session,  # noqa: ANN001
    runner,  # noqa: ANN001
) -> None:
    cue = world.span("alice", *CUE)["id"]  # alice's layer first: merged first
    claim = world.span("bob", *CLAIM, note="unsure")["id"]
    bobs_cue = world.span("bob", *CUE)["id"]
    alice, bob = _layer(world, session, "alice"), _layer(world, session, "bob")
    _copy(session, alice, CUE, attributes={})
    copy = _copy(session, bob, CLAIM, attributes={}, note="check")
    moved = _relation(session, bob, "CUED_BY", copy, bobs_cue)
    # A real constraint that the second layer's write breaks: the note its merge joins is
    # taken already, under a unique index.
    _copy(
        session,
        alice,
        ("SOURCE", 0, 9),
        attributes={},
        note=f"span {claim}: unsure\nspan {copy}: check",
    )
    session.execute(text("CREATE UNIQUE INDEX test_one_note ON span (note)"))
    session.commit()
    try:
        before = _counts(session)
        spans = {s.id: (s.layer_id, s.note, s.version) for s in session.scalars(select(Span))}
        result = runner.invoke(args=["db", "copies", "--merge", "--yes"])
        assert result.exit_code == 1, result.output
        assert "unique" in str(result.exception).lower()  # the index refused, nothing else
        assert _counts(session) == before
        assert {
            s.id: (s.layer_id, s.note, s.version) for s in session.scalars(select(Span))
        } == spans
        assert cue in spans
        still = session.get(Relation, moved)
        assert (still.from_span_id, still.to_span_id) == (copy, bobs_cue)
    finally:
        session.rollback()
        session.execute(text("DROP INDEX test_one_note"))
        session.commit()
