"""Which numbers of a project's documents a caller can open, as a 404 says them: runs found
in SQL, an annotator's from her own assignments, one who reviews from every number."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from annotator.services.datasets.numbered_documents import OpenNumbers, open_numbers

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
