"""Taking documents back from an annotator: unassigning and reassigning, at the service level."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import Invalid, NotFound
from annotator.models import Assignment, DocumentNote, LabelValue, Layer, Relation, Span
from annotator.services.accounts.assignment import reassign, unassign
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.notes import set_note
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(session: Any, make_world: Any, assign: Any) -> Any:
    """Four documents d0..d3 of alice and bob; carol has d3. alice marked d1 done."""
    names = ("alice", "bob", "carol")
    docs = {f"d{i}": (TEXT, f"d{i}") for i in range(4)}
    made = make_world(dict.fromkeys(names, "annotator"), slug="p", members={}, **docs)
    users = {name: getattr(made, name) for name in names}
    documents = [getattr(made, key) for key in docs]
    for doc in documents:
        assign(doc, users["alice"], users["bob"])
    assign(documents[3], users["carol"])
    _assignment(session, users["alice"], documents[1]).status = "done"
    session.commit()
    return {"project": made.project, "docs": documents, **users}


def _assignment(session: Any, user: Any, doc: Any) -> Any:
    return session.scalar(
        select(Assignment).where(Assignment.user_id == user.id, Assignment.document_id == doc.id)
    )


def _documents_of(session: Any, user: Any) -> list[int]:
    session.expire_all()
    query = select(Assignment.document_id).where(Assignment.user_id == user.id)
    return sorted(session.scalars(query))


def _count(session: Any, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _annotate(session: Any, user: Any, doc: Any) -> None:
    """Give ``user``'s layer on ``doc`` two spans, a relation and a label."""
    layer = open_layer(session, user, doc, None)
    claim = add_span(session, layer, "CLAIM", 15, 31, {"claimer": "REPORTED"})
    source = add_span(session, layer, "SOURCE", 0, 9)
    add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
    set_label(session, layer, 0, "stance", "NONE")
    session.commit()


def test_unassign_removes_the_open_documents_and_leaves_done_ones(session: Any, world: Any) -> None:
    report = unassign(session, world["project"], world["alice"])
    session.commit()
    assert report.removed == ["d0", "d2", "d3"] and report.kept == [] and report.dropped == []
    assert _documents_of(session, world["alice"]) == [world["docs"][1].id]
    assert len(_documents_of(session, world["bob"])) == 4


def test_unassign_keeps_annotated_layers_unless_forced(session: Any, world: Any) -> None:
    alice, docs = world["alice"], world["docs"]
    _annotate(session, alice, docs[0])
    set_note(session, alice, docs[2], "", unsure=True)
    session.commit()
    report = unassign(session, world["project"], alice)
    session.commit()
    assert report.removed == ["d3"] and report.kept == ["d0", "d2"]
    assert _documents_of(session, alice) == [docs[0].id, docs[1].id, docs[2].id]
    assert _count(session, Span) == 2 and _count(session, DocumentNote) == 1

    forced = unassign(session, world["project"], alice, [docs[0].id, docs[2].id], force=True)
    session.commit()
    assert forced.dropped == ["d0", "d2"] and forced.removed == [] and forced.kept == []
    assert _documents_of(session, alice) == [docs[1].id]
    for model in (Span, Relation, LabelValue, DocumentNote):
        assert _count(session, model) == 0, model
    assert session.scalar(select(Layer).where(Layer.user_id == alice.id)) is None


def test_unassign_drops_an_empty_layer_with_the_assignment(session: Any, world: Any) -> None:
    alice, doc = world["alice"], world["docs"][0]
    layer = open_layer(session, alice, doc, None)
    span = add_span(session, layer, "SOURCE", 0, 9)
    session.delete(span)
    session.commit()
    report = unassign(session, world["project"], alice, [doc.id])
    session.commit()
    assert report.removed == ["d0"]
    assert _count(session, Layer) == 0


def test_unassign_named_documents_takes_done_ones_too(session: Any, world: Any) -> None:
    docs = world["docs"]
    report = unassign(session, world["project"], world["alice"], [docs[1].id])
    session.commit()
    assert report.removed == ["d1"]
    assert _documents_of(session, world["alice"]) == [docs[0].id, docs[2].id, docs[3].id]


def test_unassign_refuses_unknown_and_unassigned_documents(
    session: Any, world: Any, make_project: Any, make_document: Any
) -> None:
    other = make_document(make_project("other"), TEXT, external_id="x")
    with pytest.raises(NotFound, match=f"no documents {other.id} in project 'p'"):
        unassign(session, world["project"], world["alice"], [other.id])
    with pytest.raises(Invalid, match="carol is not assigned documents"):
        unassign(session, world["project"], world["carol"], [world["docs"][0].id])
    session.rollback()
    assert _count(session, Assignment) == 9


def test_reassign_moves_open_documents_and_refuses_ones_the_target_has(
    session: Any, world: Any
) -> None:
    alice, carol, docs = world["alice"], world["carol"], world["docs"]
    _assignment(session, alice, docs[2]).status = "in_progress"
    session.commit()
    report = reassign(session, world["project"], alice, carol)
    session.commit()
    assert report.moved == ["d0", "d2"] and report.refused == ["d3"] and report.kept == []
    assert _documents_of(session, alice) == [docs[1].id, docs[3].id]
    assert _documents_of(session, carol) == [docs[0].id, docs[2].id, docs[3].id]
    assert _assignment(session, carol, docs[2]).status == "new"
    # Never the same annotator twice on one document.
    pairs = session.execute(select(Assignment.document_id, Assignment.user_id)).all()
    assert len(pairs) == len(set(pairs)) == 9


def test_reassign_keeps_documents_with_work(session: Any, world: Any) -> None:
    alice, carol, docs = world["alice"], world["carol"], world["docs"]
    _annotate(session, alice, docs[0])
    report = reassign(session, world["project"], alice, carol, [docs[0].id, docs[2].id])
    session.commit()
    assert report.moved == ["d2"] and report.kept == ["d0"]
    assert _count(session, Span) == 2
    assert _documents_of(session, carol) == [docs[2].id, docs[3].id]


def test_reassign_to_oneself_is_refused(session: Any, world: Any) -> None:
    with pytest.raises(Invalid, match="their own documents"):
        reassign(session, world["project"], world["alice"], world["alice"])
