"""Annotation services below the API: layer creation races and the cost of reading a layer."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.db import get_sessionmaker
from annotator.engine import get_engine
from annotator.models import Layer, Span
from annotator.services.annotation import labels, relations, spans
from annotator.services.annotation.layers import ensure_layer, find_layer
from annotator.services.annotation.payloads import layer_payload
from annotator.services.annotation.span_deletion import delete_span
from tests.helpers import counted_statements


def test_second_first_write_reuses_the_layer_a_concurrent_writer_created(
    app: Any, session: Any, make_project: Any, make_document: Any
) -> None:
    """Two first writes to gold at once: one layer row, both writes land in it."""
    document = make_document(make_project(), "Officials said the talks failed.")
    document_id = document.id
    maker = get_sessionmaker(app)
    winner, loser = maker(), maker()
    try:
        won = Layer(document_id=document_id, user_id=None, key=Layer.key_for(None))
        winner.add(won)
        winner.flush()  # inserted, not committed: the loser cannot see it yet
        result: dict[str, Any] = {}

        def second_writer() -> None:
            try:
                doc = loser.get(type(document), document_id)
                result["layer"] = ensure_layer(loser, doc, None)
                loser.commit()
            except Exception as exc:  # reported by the assertion below
                result["error"] = exc

        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.5)  # let the loser reach its insert (PostgreSQL) or its BEGIN (SQLite)
        winner.commit()
        thread.join(timeout=30)
        assert "error" not in result, result.get("error")
        assert result["layer"].id == won.id
    finally:
        winner.close()
        loser.close()
    session.rollback()  # end the test's own read transaction: see what the writers committed
    assert session.scalar(select(func.count()).select_from(Layer)) == 1


def test_layer_payload_takes_a_fixed_number_of_queries(
    app: Any, session: Any, make_project: Any, make_document: Any
) -> None:
    text = " ".join(f"Sentence number {i} says something." for i in range(30))
    document = make_document(make_project(), text)
    layer = ensure_layer(session, document, None)
    claims = [spans.add_span(session, layer, "CLAIM", i * 10, i * 10 + 8) for i in range(30)]
    sources = [spans.add_span(session, layer, "SOURCE", i * 10 + 1, i * 10 + 5) for i in range(30)]
    for claim, source in zip(claims, sources, strict=True):
        relations.add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
    for i in range(20):
        labels.set_label(session, layer, i, "stance", "NONE")
    labels.set_label(session, layer, None, "genre", "NEWS")
    session.commit()
    session.expire_all()
    document = session.get(type(document), document.id)
    layer = find_layer(session, document, None)
    starts = [s.start for s in document.sentences]
    with counted_statements(get_engine(app)) as statements:
        payload = layer_payload(
            session, document, layer, annotator="gold", status=None, starts=starts
        )
    assert len(payload["spans"]) == 60
    assert len(payload["relations"]) == 30
    assert len(payload["sentence_labels"]) == 20
    assert payload["document_labels"] == [{"name": "genre", "value": "NEWS"}]
    assert len(statements) <= 3, statements
    for span in payload["spans"]:
        assert span["text"] == text[span["start"] : span["end"]]
        assert "version" not in span  # the export shape


def test_deleting_a_span_through_the_service_takes_its_relations(
    session: Any, make_project: Any, make_document: Any
) -> None:
    document = make_document(make_project(), "Officials said the talks failed.")
    layer = ensure_layer(session, document, None)
    claim = spans.add_span(session, layer, "CLAIM", 15, 31)
    source = spans.add_span(session, layer, "SOURCE", 0, 9)
    relations.add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
    delete_span(session, source)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Span)) == 1
    payload = layer_payload(session, document, layer, annotator="gold", status=None)
    assert payload["relations"] == []


def test_two_tabs_saving_a_note_from_one_version_at_once_give_one_a_conflict(
    app: Any, session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    """Two saves sent with the same version: the second waits for the first and is refused
    (on PostgreSQL both read the row before either wrote, and the second overwrote the first)."""
    from annotator.core.errors import Conflict
    from annotator.models import Document, DocumentNote, User
    from annotator.services.annotation.notes import set_note

    alice = make_user("alice")
    document = make_document(make_project(), "Officials said the talks failed.")
    assign(document, alice)
    set_note(session, alice, document, "first", False)  # version 1
    session.commit()
    ids = (alice.id, document.id)
    maker = get_sessionmaker(app)
    winner, loser = maker(), maker()
    try:
        set_note(winner, winner.get(User, ids[0]), winner.get(Document, ids[1]), "tab A", False, 1)
        result: dict[str, Any] = {}

        def second_tab() -> None:
            try:
                user, doc = loser.get(User, ids[0]), loser.get(Document, ids[1])
                set_note(loser, user, doc, "tab B", False, 1)
                loser.commit()
            except Exception as exc:  # the refusal, checked below
                result["error"] = exc
                loser.rollback()

        thread = threading.Thread(target=second_tab)
        thread.start()
        time.sleep(0.5)  # let tab B reach the note (PostgreSQL) or its BEGIN (SQLite)
        winner.commit()
        thread.join(timeout=30)
        assert isinstance(result.get("error"), Conflict), result
    finally:
        winner.close()
        loser.close()
    session.rollback()
    row = session.scalar(select(DocumentNote))
    assert (row.note, row.version) == ("tab A", 2)


def test_a_delete_of_a_version_a_change_left_after_the_span_was_read_is_refused(
    session: Any, make_project: Any, make_document: Any
) -> None:
    """The span read at version 1 (as the API's DELETE opens it), then changed before the
    delete runs (another tab's PATCH at that moment): the delete of version 1 finds no row
    at it, and is refused naming the version stored; the span and its relation stay."""
    from annotator.core.errors import Conflict
    from annotator.services.annotation.write_target import StoredSpan

    document = make_document(make_project(), "Officials said the talks failed.")
    layer = ensure_layer(session, document, None)
    claim = spans.add_span(session, layer, "CLAIM", 15, 31)
    source = spans.add_span(session, layer, "SOURCE", 0, 9)
    relations.add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
    session.commit()
    read = StoredSpan(claim.id, layer.id, "CLAIM", 15, 31, None, claim.version)
    spans.update_span(session, claim, end=24)  # the change between the read and the delete
    session.commit()

    with pytest.raises(Conflict) as refused:
        delete_span(session, read, version=1)
    session.rollback()

    assert refused.value.message == f"span {claim.id} is stale: you sent version 1, it is at 2"
    assert refused.value.details == {"version": 2}
    stored = session.get(Span, claim.id)
    assert (stored.end, stored.version) == (24, 2)
    payload = layer_payload(session, document, layer, annotator="gold", status=None)
    assert len(payload["relations"]) == 1


def test_a_delete_of_a_span_removed_after_it_was_read_is_a_404_naming_it(
    session: Any, make_project: Any, make_document: Any
) -> None:
    from annotator.core.errors import NotFound
    from annotator.services.annotation.write_target import StoredSpan

    document = make_document(make_project(), "Officials said the talks failed.")
    layer = ensure_layer(session, document, None)
    claim = spans.add_span(session, layer, "CLAIM", 15, 31)
    session.commit()
    read = StoredSpan(claim.id, layer.id, "CLAIM", 15, 31, None, claim.version)
    delete_span(session, claim)  # another tab's removal, between the read and the delete
    session.commit()

    with pytest.raises(NotFound) as refused:
        delete_span(session, read, version=1)
    session.rollback()

    assert refused.value.message == f"no span {read.id}"
