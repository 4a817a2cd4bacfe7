"""Assignment rotates who works together: among annotators tied on load, a document goes to
those who have shared the fewest documents so far, so that every pair's agreement can be
measured and a team that drifts together is seen.

Six annotators with K=3 used to get fixed teams ({a, b, c} or {d, e, f}: least loaded first,
ties by the order given), and 9 of the 15 pairs never shared a document.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Assignment, User
from annotator.services.accounts.assignment import assign_documents
from tests.helpers import login

TEXT = "One sentence here. Another one there."
NAMES = ("ann", "ben", "cy", "dan", "eve", "fay")


@pytest.fixture
def world(make_world: Any) -> Any:
    """Project p with ten documents d0..d9; six annotators, ann..fay, in that order."""
    docs = {f"d{i}": (f"{TEXT} {i}", f"d{i}") for i in range(10)}
    made = make_world(dict.fromkeys(NAMES, "annotator"), slug="p", members={}, **docs)
    people = [getattr(made, name) for name in NAMES]
    return {"project": made.project, "people": people, "docs": [getattr(made, k) for k in docs]}


def _teams(session: Any) -> dict[int, frozenset[str]]:
    """Each document's annotators by name, by document id."""
    session.expire_all()
    rows = session.execute(
        select(Assignment.document_id, User.username).join(User, User.id == Assignment.user_id)
    )
    teams: dict[int, set[str]] = {}
    for document_id, username in rows:
        teams.setdefault(document_id, set()).add(username)
    return {document_id: frozenset(names) for document_id, names in teams.items()}


def _pairs_together(teams: dict[int, frozenset[str]]) -> set[tuple[str, str]]:
    return {pair for team in teams.values() for pair in combinations(sorted(team), 2)}


def _load_spread(teams: dict[int, frozenset[str]], names: tuple[str, ...]) -> int:
    loads = [sum(name in team for team in teams.values()) for name in names]
    return max(loads) - min(loads)


def _assign(session: Any, world: Any, per_document: int, docs: list[Any], people: Any) -> Any:
    report = assign_documents(
        session, world["project"], people, per_document, document_ids=[d.id for d in docs]
    )
    session.commit()
    return report


def test_ten_documents_bring_every_pair_together_with_loads_within_one(
    session: Any, world: Any
) -> None:
    _assign(session, world, 3, world["docs"], world["people"])
    teams = _teams(session)
    assert len(teams) == 10 and all(len(team) == 3 for team in teams.values())
    assert _pairs_together(teams) == set(combinations(NAMES, 2))
    assert _load_spread(teams, NAMES) <= 1


def test_six_documents_bring_at_least_twelve_of_the_fifteen_pairs_together(
    session: Any, world: Any
) -> None:
    report = _assign(session, world, 3, world["docs"][:6], world["people"])
    teams = _teams(session)
    assert len(_pairs_together(teams)) >= 12, sorted(teams.values(), key=sorted)
    assert report.loads == dict.fromkeys(NAMES, 3)


def test_a_second_run_brings_together_the_pairs_the_first_left_out(
    session: Any, world: Any
) -> None:
    first = world["docs"][:2]
    _assign(session, world, 3, first, world["people"])
    before = _teams(session)
    # Nothing shared yet: the first two documents are the two halves, as ever.
    assert set(before.values()) == {frozenset(NAMES[:3]), frozenset(NAMES[3:])}

    _assign(session, world, 3, world["docs"][:6], world["people"])
    after = _teams(session)
    assert {d: after[d] for d in before} == before  # existing assignments kept
    new_teams = [after[doc.id] for doc in world["docs"][2:6]]
    # Had the first run's pairs not been counted, the second would repeat its two teams.
    assert not set(new_teams) & set(before.values())
    assert len(_pairs_together(after)) >= 12
    assert _load_spread(after, NAMES) == 0


def test_two_per_document_rotates_four_annotators_through_all_six_pairs(
    session: Any, world: Any
) -> None:
    four = world["people"][:4]
    _assign(session, world, 2, world["docs"][:6], four)
    teams = _teams(session)
    assert _pairs_together(teams) == set(combinations(NAMES[:4], 2))
    assert _load_spread(teams, NAMES[:4]) == 0


def test_the_same_input_gives_the_same_teams(
    session: Any, make_user: Any, make_project: Any, make_document: Any, world: Any
) -> None:
    _assign(session, world, 3, world["docs"], world["people"])
    first = [sorted(_teams(session)[doc.id]) for doc in world["docs"]]
    again = {"project": make_project("q"), "people": world["people"]}
    docs = [make_document(again["project"], f"{TEXT} {i}", f"d{i}") for i in range(10)]
    session.commit()
    _assign(session, again, 3, docs, world["people"])
    teams = _teams(session)
    assert [sorted(teams[doc.id]) for doc in docs] == first


def test_the_api_rotates_pairs_too(
    client: Any, session: Any, world: Any, admin_headers: Any
) -> None:
    answer = client.post(
        "/api/v1/projects/p/assignments",
        json={"annotators": list(NAMES), "per_document": 3},
        headers=admin_headers,
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["loads"] == dict.fromkeys(NAMES, 5)
    assert _pairs_together(_teams(session)) == set(combinations(NAMES, 2))


def test_the_assignments_page_says_the_rule(app: Any, make_user: Any, world: Any) -> None:
    make_user("root", "admin")
    client = app.test_client()
    assert login(client, "root").status_code == 302
    page = client.get("/projects/p/assignments").get_data(as_text=True)
    assert "those who have shared the fewest documents" in " ".join(page.split())
