"""Which numbers of a project's documents a caller can open, as a 404 says them: runs found
in SQL, an annotator's from her own assignments, one who reviews from the project's numbers
read only as far as the message needs, on the indexes meant for them."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Document
from annotator.services.datasets.numbered_documents import OpenNumbers, open_numbers
from tests.helpers import counted_statements

#: Alice's numbers: five runs, one more than are said one by one.
ALICES = [1, 2, 3, 5, 7, 8, 9, 12, 14, 15]


def test_runs_of_numbers_are_found_for_each_caller(
    session: Session, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    alice = make_user("alice", "annotator")
    carol = make_user("carol", "annotator")
    rita = make_user("rita", "reviewer")
    other = make_project("other")
    assign(make_document(other, "Elsewhere.", external_id="e.txt"), alice)  # not news's
    news = make_project("news")
    for n in range(1, 17):  # #16 nobody's
        document = make_document(news, f"Text {n}.", external_id=f"d{n}.txt")
        if n < 16:
            assign(document, alice if n in ALICES else carol)
    session.commit()

    mine = open_numbers(session, alice, news)
    assert mine == OpenNumbers([(1, 3), (5, 5), (7, 9), (12, 12), (14, 15)], 10, 15)
    assert mine.said() == (
        "this project has 10 documents you can open, numbered from 1 to 15 with gaps "
        "(the project page lists them)"
    )
    carols = open_numbers(session, carol, news)
    assert carols == OpenNumbers([(4, 4), (6, 6), (10, 11), (13, 13)], 5, 13)
    assert carols.said() == "this project has documents 4, 6, 10, 11 and 13 you can open"
    assert open_numbers(session, rita, news) == OpenNumbers([(1, 16)], 16, 16)
    assert open_numbers(session, alice, other) == OpenNumbers([(1, 1)], 1, 1)
    assert open_numbers(session, carol, other) == OpenNumbers([], 0, 0)


def test_the_queries_keep_their_indexes_on_sqlite(
    session: Session, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    """SQLite keeps no statistics: the plans rest on the queries' form. An annotator's numbers
    start from her assignments (``project_id + 0`` keeps SQLite from walking the project's
    every number instead); one who reviews reads the count and seeks the first and last, and
    with gaps looks up each number less one, all in the index of the project's numbers."""
    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plans")
    alice = make_user("alice", "annotator")
    rita = make_user("rita", "reviewer")
    news = make_project("news")
    for n in range(1, 5):
        document = make_document(news, f"Text {n}.", external_id=f"d{n}.txt")
        if n != 2:
            assign(document, alice)
    session.commit()
    session.delete(session.scalars(select(Document).where(Document.number == 2)).one())
    session.commit()  # a gap: every query of one who reviews runs

    with counted_statements(engine) as hers:
        assert open_numbers(session, alice, news) == OpenNumbers([(1, 1), (3, 4)], 3, 4)
    with counted_statements(engine) as ritas:
        assert open_numbers(session, rita, news) == OpenNumbers([(1, 1), (3, 4)], 3, 4)

    # The project's row and the caller's role are read too: only the numbers' queries count.
    hers, ritas = ([s for s in seen if "document.number" in s] for seen in (hers, ritas))
    assert len(hers) == 2, hers  # the runs; the count and last
    for statement in hers:
        searches = _searches(session, statement)
        assert searches[:2] == [
            "SEARCH assignment USING INDEX ix_assignment_user_id (user_id=?)",
            "SEARCH document USING INTEGER PRIMARY KEY (rowid=?)",
        ], searches
    assert len(ritas) == 3, ritas  # the count, first and last; the starts; one run's end
    plans = [_searches(session, statement) for statement in ritas]
    covering = tuple(f"SEARCH {name} USING COVERING INDEX " for name in ("document", "document_1"))
    for searches in plans:  # never the table, never a sort: an index of the project's
        assert all(step.startswith(covering) and "(project_id=?" in step for step in searches), (
            searches
        )
    assert any("(project_id=? AND number=?)" in step for step in plans[1]), plans[1]
    assert any("(project_id=? AND number<?)" in step for step in plans[2]), plans[2]


def _searches(session: Session, statement: str) -> list[str]:
    """The steps of SQLite's plan for ``statement`` that read a table or an index, its
    parameters left unbound (null); a sort is one too (``USE TEMP B-TREE``)."""
    steps = _plan(session, statement)
    reads = ("SEARCH", "SCAN", "USE TEMP")
    return [step for step in steps if step.startswith(reads) and step != "SCAN CONSTANT ROW"]


def _plan(session: Session, statement: str) -> list[str]:
    """The steps of SQLite's plan for ``statement``, its parameters left unbound (null)."""
    connection = session.connection()
    rows = connection.exec_driver_sql(
        f"EXPLAIN QUERY PLAN {statement}", (None,) * statement.count("?")
    ).all()
    return [str(row[-1]) for row in rows]


def test_one_who_reviews_is_told_the_runs_around_deleted_numbers(
    session: Session, make_user: Any, make_project: Any, make_document: Any
) -> None:
    rita = make_user("rita", "reviewer")
    news = make_project("news")
    for n in range(1, 13):
        make_document(news, f"Text {n}.", external_id=f"d{n}.txt")
    session.commit()

    def delete(*numbers: int) -> OpenNumbers:
        for document in session.scalars(select(Document).where(Document.number.in_(numbers))):
            session.delete(document)
        session.commit()
        return open_numbers(session, rita, news)

    assert open_numbers(session, rita, news) == OpenNumbers([(1, 12)], 12, 12)
    assert delete(1, 12) == OpenNumbers([(2, 11)], 10, 11)  # still no gap
    assert delete(5) == OpenNumbers([(2, 4), (6, 11)], 9, 11)
    assert delete(7, 9) == OpenNumbers([(2, 4), (6, 6), (8, 8), (10, 11)], 7, 11)
    assert delete(3) == OpenNumbers([(2, 2), (4, 4), (6, 6), (8, 8), (10, 11)], 6, 11)
    assert delete(11) == OpenNumbers([(2, 2), (4, 4), (6, 6), (8, 8), (10, 10)], 5, 10)
    assert delete(10) == OpenNumbers([(2, 2), (4, 4), (6, 6), (8, 8)], 4, 8)
    assert delete(4) == OpenNumbers([(2, 2), (6, 6), (8, 8)], 3, 8)
    assert delete(2, 6, 8) == OpenNumbers([], 0, 0)
    wire = make_project("wire")
    for n in range(1, 15):
        make_document(wire, f"Wire {n}.", external_id=f"w{n}.txt")
    session.commit()
    for document in session.scalars(select(Document).where(Document.number.in_(range(2, 13, 2)))):
        if document.project_id == wire.id:
            session.delete(document)
    session.commit()
    # 1, 3, 5, 7, 9, 11 and 13 to 14: the first five runs, the count and the last.
    runs = [(1, 1), (3, 3), (5, 5), (7, 7), (9, 9)]
    assert open_numbers(session, rita, wire) == OpenNumbers(runs, 8, 14)
