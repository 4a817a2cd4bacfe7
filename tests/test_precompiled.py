"""Statements compiled once per dialect and run on the driver (annotator.precompiled).

On the run's database (SQLite or PostgreSQL): the driver must get the same SQL, parameters
and type conversions that SQLAlchemy's own execution would give it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import DateTime, Integer, String, bindparam, func, insert, select, text
from sqlalchemy.orm import Session

from annotator.models import Layer, Span
from annotator.precompiled import Precompiled, PrecompiledInsert


@pytest.fixture
def layer(session: Session, make_project: Any, make_document: Any) -> Layer:
    document = make_document(make_project(), "One sentence here. Another one there.")
    layer = Layer(document_id=document.id, user_id=None, key=Layer.key_for(None))
    session.add(layer)
    session.commit()
    return layer


def _span_values(layer: Layer, **values: Any) -> dict[str, Any]:
    now = datetime(2026, 12, 2, 7, 30, 15, 123456, tzinfo=UTC)
    return {
        "layer_id": layer.id, "label": "CLAIM", "start": 0, "end": 3,
        "attributes": {"claimer": "JOURNALIST", "note": "ünïcode ✓"}, "version": 1,
        "decided_by_id": None, "source_layer": None, "score": None, "model": None, "note": None,
        "source_how": None, "source_of": None, "created_at": now, "updated_at": now,
    } | values  # fmt: skip


COLUMNS = [column.name for column in Span.__table__.columns if column.name != "id"]
INSERT = Precompiled(insert(Span.__table__).returning(Span.id), column_keys=COLUMNS)


def test_an_insert_stores_what_the_orm_reads_back(session: Session, layer: Layer) -> None:
    values = _span_values(layer)
    assert set(values) == set(COLUMNS)  # the helper gives every column, as the app must
    (span_id,) = INSERT.first(session, values) or ()
    session.commit()
    span = session.get(Span, span_id)
    assert span is not None
    # JSON and DateTime went through their types' bind processors, as SQLAlchemy would send them.
    assert span.attributes == values["attributes"]
    stored = span.created_at  # naive from SQLite, aware from PostgreSQL
    assert (stored if stored.tzinfo else stored.replace(tzinfo=UTC)) == values["created_at"]
    assert (span.layer_id, span.label, span.start, span.end) == (layer.id, "CLAIM", 0, 3)


def test_the_statement_runs_in_the_sessions_transaction(session: Session, layer: Layer) -> None:
    (span_id,) = INSERT.first(session, _span_values(layer)) or ()
    assert session.scalar(select(Span.id).where(Span.id == span_id)) == span_id
    session.rollback()
    assert session.get(Span, span_id) is None


def test_parameters_go_to_their_placeholders_whatever_their_order(
    session: Session, layer: Layer
) -> None:
    for start, end, label in [(0, 3, "CLAIM"), (4, 12, "SOURCE"), (4, 9, "CLAIM")]:
        INSERT.execute(session, _span_values(layer, start=start, end=end, label=label))
    # A literal bound in the statement ("CLAIM") beside named parameters given out of order.
    query = Precompiled(
        select(Span.start, Span.end)
        .where(
            Span.label == "CLAIM",
            Span.end <= bindparam("most", type_=Integer),
            Span.layer_id == bindparam("layer", type_=Integer),
            Span.source_layer.is_(None),
            Span.label != bindparam("other", type_=String),
        )
        .order_by(Span.start)
    )
    rows = query.execute(session, {"other": "CUE", "layer": layer.id, "most": 9}).fetchall()
    assert [tuple(row) for row in rows] == [(0, 3), (4, 9)]
    same = session.execute(query.statement, {"other": "CUE", "layer": layer.id, "most": 9})
    assert [tuple(row) for row in same] == [tuple(row) for row in rows]


def test_a_missing_or_unknown_parameter_is_named(session: Session, layer: Layer) -> None:
    values = _span_values(layer)
    del values["label"]
    with pytest.raises(KeyError, match="missing: label; not in the statement: none"):
        INSERT.execute(session, values)
    # A value the statement has no place for would be lost: refused, not dropped.
    with pytest.raises(KeyError, match="missing: none; not in the statement: colour"):
        INSERT.execute(session, _span_values(layer, colour="red"))


def test_an_expanding_in_parameter_is_refused(session: Session, layer: Layer) -> None:
    query = Precompiled(select(Span.id).where(Span.id.in_(bindparam("ids", expanding=True))))
    with pytest.raises(ValueError, match="expanding"):
        query.execute(session, {"ids": [1, 2]})


def test_no_row_is_none(session: Session, layer: Layer) -> None:
    query = Precompiled(select(Span.id).where(Span.layer_id == bindparam("layer", type_=Integer)))
    assert query.first(session, {"layer": layer.id}) is None


SPAN_INSERT = PrecompiledInsert(Span.__table__, column_keys=COLUMNS)


def test_an_insert_returns_the_id_of_the_row_it_made(session: Session, layer: Layer) -> None:
    # SQLite reads it from the driver's lastrowid, PostgreSQL from RETURNING: the same id.
    first = SPAN_INSERT.insert(session, _span_values(layer, label="CLAIM"))
    second = SPAN_INSERT.insert(session, _span_values(layer, label="SOURCE", start=4, end=9))
    session.commit()
    assert first != second
    assert session.scalar(select(Span.label).where(Span.id == first)) == "CLAIM"
    assert session.scalar(select(Span.label).where(Span.id == second)) == "SOURCE"


def test_each_transaction_runs_on_its_own_connection(session: Session, layer: Layer) -> None:
    # The connection is remembered per transaction: after a rollback or a commit the session's
    # next transaction may hold another one, and the statements must follow it.
    layer_id = layer.id
    SPAN_INSERT.insert(session, _span_values(layer))  # start 0: rolled back
    session.rollback()
    kept = SPAN_INSERT.insert(session, _span_values(layer, start=4, end=9))
    with session.begin_nested():  # a savepoint keeps the transaction's connection
        inner = SPAN_INSERT.insert(session, _span_values(layer, start=10, end=12))
    session.commit()
    session.close()
    layer = session.get(Layer, layer_id)
    assert layer is not None
    later = SPAN_INSERT.insert(session, _span_values(layer, start=13, end=15))
    session.commit()
    stored = session.execute(select(Span.id, Span.start).where(Span.layer_id == layer.id))
    assert sorted(tuple(row) for row in stored) == sorted([(kept, 4), (inner, 10), (later, 13)])


def test_each_row_stores_its_own_times(session: Session, layer: Layer) -> None:
    """A time bound twice (created_at and updated_at), then the same instant in another zone
    (SQLite stores the wall clock, zone dropped) and other times."""
    first = datetime(2026, 12, 4, 16, 0, 1, 250000, tzinfo=UTC)
    same_instant = first.astimezone(timezone(timedelta(hours=-5)))
    later = datetime(2026, 12, 4, 16, 0, 2, 7, tzinfo=UTC)
    runs = [(first, first), (same_instant, later), (later, first), (first, same_instant)]
    ids = [
        (INSERT.first(session, _span_values(layer, created_at=made, updated_at=changed)) or ())[0]
        for made, changed in runs
    ]
    session.commit()
    for span_id, written in zip(ids, runs, strict=True):
        span = session.get(Span, span_id)
        assert span is not None
        for stored, time in zip((span.created_at, span.updated_at), written, strict=True):
            # Naive from SQLite (the wall clock as written), aware from PostgreSQL.
            assert stored == (time if stored.tzinfo else time.replace(tzinfo=None))


@pytest.mark.parametrize(
    "time",
    [
        datetime(2026, 12, 4, 16, 0, 1, 250000, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        datetime(2026, 12, 31, 23, 59, 59, 999999),
        datetime(1000, 1, 1, 0, 0, 0, 1),
        datetime(987, 6, 5, 4, 3, 2, 10),
        datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ],
)
def test_a_time_is_written_as_sqlalchemy_writes_it(
    session: Session, layer: Layer, time: datetime
) -> None:
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        pytest.skip("SQLite's text of a time")
    row = INSERT.first(session, _span_values(layer, created_at=time, updated_at=time))
    assert row is not None
    written = session.execute(text("SELECT created_at FROM span WHERE id = :id"), {"id": row[0]})
    process = DateTime().dialect_impl(dialect).bind_processor(dialect)
    assert process is not None
    assert written.scalar_one() == process(time)


def test_a_none_is_bound_as_null(session: Session, layer: Layer) -> None:
    # pysqlite's adapter for None (annotator.engine) binds NULL, in a query and in a row.
    nothing = bindparam("nothing", type_=Integer)
    found = Precompiled(select(nothing.is_(None), func.coalesce(nothing, 7))).first(
        session, {"nothing": None}
    )
    assert found is not None and bool(found[0]) and found[1] == 7
    row = INSERT.first(session, _span_values(layer, score=None, model=None))
    assert row is not None
    stored = session.execute(select(Span.score, Span.model).where(Span.id == row[0])).one()
    assert tuple(stored) == (None, None)


def test_a_parameter_may_take_several_placeholders_or_none(session: Session, layer: Layer) -> None:
    # Positional drivers get a value per placeholder: a name used twice is given twice, a
    # single one is still a sequence, and a statement with none runs with none.
    first = SPAN_INSERT.insert(session, _span_values(layer, start=2, end=5))
    twice = bindparam("at", type_=Integer)
    query = Precompiled(select(Span.id).where(Span.start <= twice, Span.end > twice))
    assert query.all(session, {"at": 3}) == [(first,)]
    assert query.all(session, {"at": 6}) == []
    once = Precompiled(select(Span.id).where(Span.start == bindparam("start", type_=Integer)))
    assert once.first(session, {"start": 2}) == (first,)
    assert Precompiled(select(func.count(Span.id))).first(session, {}) == (1,)
    with pytest.raises(KeyError, match="missing: none; not in the statement: end"):
        once.first(session, {"start": 2, "end": 5})
