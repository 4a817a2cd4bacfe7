"""The count of "accept every unanimous item" asked before accepting: exactly what the accept
then writes, made by reading alone (on SQLite a page view must not wait for the write lock)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select, text

from annotator.core.unanimous_scope import UnanimousScope
from annotator.models import LabelValue, Layer, Relation, Span
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import ensure_layer, open_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from annotator.services.review import gold_status, unanimous
from tests.helpers import login, review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    project = make_project("demo")
    docs = [make_document(project, TEXT, external_id=f"d{n}") for n in (1, 2, 3)]
    users = review_team(make_user, assign, *docs)
    return {"project": project, "docs": docs, "users": users}


def _both(session, world, doc) -> list[Layer]:
    return [open_layer(session, world["users"][n], doc, None) for n in ("alice", "bob")]


def _unanimous(session, world, doc) -> None:
    """Spans, a relation between unanimous ends, a sentence and a document label, all alike."""
    for layer, claimer in zip(_both(session, world, doc), ("REPORTED", "JOURNALIST"), strict=True):
        claim = add_span(session, layer, "CLAIM", 15, 31, {"claimer": claimer})
        source = add_span(session, layer, "SOURCE", 0, 9)
        add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
        set_label(session, layer, 0, "stance", "AGAINST")
        set_label(session, layer, None, "genre", "NEWS")


def _split(session, world, doc) -> None:
    """Only the source alike: the claims' boundaries, so the relations, and the labels differ."""
    alice, bob = _both(session, world, doc)
    claim = add_span(session, alice, "CLAIM", 15, 31)
    add_relation(
        session, alice, "ATTRIBUTED_TO", claim.id, add_span(session, alice, "SOURCE", 0, 9).id
    )
    claim = add_span(session, bob, "CLAIM", 19, 31)
    add_relation(session, bob, "ATTRIBUTED_TO", claim.id, add_span(session, bob, "SOURCE", 0, 9).id)
    set_label(session, alice, 1, "stance", "NONE")
    set_label(session, bob, 1, "stance", "FAVOR")


def _partly_in_gold(session, world, doc) -> None:
    """Alike, but gold has the source, the relation's other end's twin and a label already
    (another value: gold keeps it)."""
    _unanimous(session, world, doc)
    gold = ensure_layer(session, doc, None)
    add_span(session, gold, "SOURCE", 0, 9)
    set_label(session, gold, 0, "stance", "FAVOR")


def _relation_already_in_gold(session, world, doc) -> None:
    _unanimous(session, world, doc)
    gold = ensure_layer(session, doc, None)
    claim = add_span(session, gold, "CLAIM", 15, 31)
    add_relation(
        session, gold, "ATTRIBUTED_TO", claim.id, add_span(session, gold, "SOURCE", 0, 9).id
    )


def _relations_with_ends_not_alike(session, world, doc) -> None:
    """The sources and cues agree, the claims (a relation's ends) do not; a second relation
    is only alice's although both of its ends are alike."""
    alice, bob = _both(session, world, doc)
    for layer, end in ((alice, 31), (bob, 28)):
        claim = add_span(session, layer, "CLAIM", 15, end)
        source = add_span(session, layer, "SOURCE", 0, 9)
        add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
        add_span(session, layer, "CUE", 10, 14)
    claim = add_span(session, alice, "CLAIM", 34, 40)
    add_span(session, bob, "CLAIM", 34, 40)
    cue = session.scalars(select(Span).where(Span.layer_id == alice.id, Span.label == "CUE")).one()
    add_relation(session, alice, "CUED_BY", claim.id, cue.id)


CASES: dict[str, tuple[Callable[..., None], tuple[int, int, int]]] = {
    "unanimous": (_unanimous, (2, 1, 2)),
    "split": (_split, (1, 0, 0)),
    "partly in gold": (_partly_in_gold, (1, 1, 1)),
    "relation already in gold": (_relation_already_in_gold, (0, 0, 2)),
    "relation ends not alike": (_relations_with_ends_not_alike, (3, 0, 0)),
}


def _gold_rows(session) -> tuple[int, int, int]:
    gold = select(Layer.id).where(Layer.user_id.is_(None)).scalar_subquery()
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(model).where(model.layer_id.in_(gold)))
        for model in (Span, Relation, LabelValue)
    )


@pytest.mark.parametrize("case", list(CASES))
def test_the_count_is_what_the_accept_writes(session, world, case: str) -> None:
    make, expected = CASES[case]
    doc = world["docs"][0]
    make(session, world, doc)
    session.commit()
    rita = world["users"]["rita"]
    before = _gold_rows(session)
    count = unanimous.preview_unanimous(session, rita, doc)
    assert (count.spans, count.relations, count.labels) == expected
    assert _gold_rows(session) == before  # counting wrote nothing
    accepted = unanimous.accept_unanimous(session, rita, doc)
    session.commit()
    written = tuple(after - was for after, was in zip(_gold_rows(session), before, strict=True))
    assert written == expected
    assert (accepted.spans, accepted.relations, accepted.labels) == expected
    assert (accepted.documents, count.documents) == ((1, 1) if sum(expected) else (0, 0))
    assert unanimous.preview_unanimous(session, rita, doc).total == 0  # nothing left to accept


def test_the_projects_count_is_what_its_accept_writes(session, world) -> None:
    """Over the project: documents marked final are left out of both, as are documents only
    one annotator has."""
    first, second, third = world["docs"]
    _unanimous(session, world, first)
    _partly_in_gold(session, world, second)
    _unanimous(session, world, third)
    session.commit()
    rita = world["users"]["rita"]
    gold_status.set_gold_status(session, rita, third, "final")
    session.commit()
    before = _gold_rows(session)
    # Its annotators have not marked the documents done: taken all the same when asked.
    everything = UnanimousScope(include_unfinished=True)
    count = unanimous.preview_unanimous_in(session, rita, world["project"], everything)
    assert (count.spans, count.relations, count.labels, count.documents) == (3, 2, 3, 2)
    accepted = unanimous.accept_unanimous_in(session, rita, world["project"], everything)
    session.commit()
    written = tuple(after - was for after, was in zip(_gold_rows(session), before, strict=True))
    assert written == (3, 2, 3)
    assert (accepted.spans, accepted.relations, accepted.labels, accepted.documents) == (
        3,
        2,
        3,
        2,
    )


def _ask(client, path: str, answers: list[Any]) -> None:
    answers.append(client.get(path))


@pytest.mark.parametrize("where", ["{doc}", "{doc}/curate", ""])
def test_asking_does_not_wait_for_a_writer(app, client, session, world, where: str) -> None:
    """The question's page is a read: on SQLite it is served while another connection holds
    the write lock (the count made by writing in a savepoint waited for it, 30 s by default)."""
    if session.bind.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    doc = world["docs"][0]
    _unanimous(session, world, doc)
    session.commit()
    login(client, "rita")
    path = "/projects/demo/review/" + where.format(doc=doc.id)
    path = path.rstrip("/") + "?unanimous=check&include_unfinished=1"
    writer = sqlite3.connect(session.bind.url.database, timeout=1)
    writer.execute("BEGIN IMMEDIATE")
    answers: list[Any] = []
    asking = threading.Thread(target=_ask, args=(client, path, answers))
    try:
        asking.start()
        asking.join(10)
        served_while_locked = not asking.is_alive()
    finally:
        writer.rollback()
        asking.join()
        writer.close()
    assert served_while_locked
    assert answers[0].status_code == 200
    assert "Accepting writes 5 items into gold" in answers[0].get_data(as_text=True)


def test_asking_draws_no_id_from_a_sequence(client, session, world) -> None:
    """On PostgreSQL a row inserted and rolled back still draws its id: the count writes no
    row at all, so the next span's id is the one after the last."""
    if session.bind.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's sequences")
    doc = world["docs"][0]
    _unanimous(session, world, doc)
    session.commit()
    sequence = "SELECT last_value FROM span_id_seq"
    before = session.scalar(text(sequence))
    login(client, "rita")
    answer = client.get(f"/projects/demo/review/{doc.id}?unanimous=check")
    assert "Accepting writes 5 items into gold" in answer.get_data(as_text=True)
    assert session.scalar(text(sequence)) == before
