"""Finding people by name and role: the users and a project's members, by API and page.

``?q=`` keeps the user names holding the text, case aside (the document list's rule);
``?role=`` one role; both count and page with the one paging rule, and every change on the
pages comes back to the view it was made from.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from annotator.core.limits import SEARCH_MAX
from annotator.services.accounts import membership
from tests.helpers import csrf_token_from, login

NAMES = [("root", "admin"), ("Alice", "annotator"), ("malik", "reviewer"), ("bob", "annotator")]
NAMES += [("a_b", "annotator"), ("axb", "annotator"), ("lead", "annotator")]
NAMES += [("Élodie", "annotator"), ("Straße", "annotator")]


@pytest.fixture
def team(session: Any, make_user: Any, make_project: Any, make_token: Any) -> dict[str, Any]:
    users = {name: make_user(name, role) for name, role in NAMES}
    project = make_project("p")
    membership.set_member(session, project, users["lead"], "manager")
    for name in ("Alice", "malik", "bob", "a_b"):
        role = "reviewer" if name == "malik" else "annotator"
        membership.set_member(session, project, users[name], role)
    session.commit()
    return {"root": make_token(users["root"]), "lead": make_token(users["lead"])}


def _names(answer: Any, key: str) -> list[str]:
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return [row["username"] for row in answer.get_json()[key]]


def _listed(html: str) -> list[str]:
    return re.findall(r'<tr[^>]* data-username="([^"]+)"', html)


def _as(app: Any, name: str) -> Any:
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _query(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query)


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("q=AL", ["Alice", "malik"]),  # case aside, anywhere in the name
        ("q=_", ["a_b"]),  # a LIKE wildcard is itself
        ("q=%20li%20", ["Alice", "malik"]),  # the ends of the text do not count
        ("role=annotator", ["Alice", "Straße", "a_b", "axb", "bob", "lead", "Élodie"]),
        ("q=a&role=annotator", ["Alice", "Straße", "a_b", "axb", "lead"]),
        # capitals beyond ASCII fold on SQLite too, and a name is found as it reads
        ("q=%C3%89LO", ["Élodie"]),
        ("q=%C3%A9lodie", ["Élodie"]),
        ("q=STRASSE", ["Straße"]),
        ("q=%EF%BD%8C%EF%BD%89", ["Alice", "malik"]),  # full-width "li"
        ("q=nobody", []),
    ],
)
def test_the_users_list_keeps_names_holding_q_and_one_role(
    client: Any, team: Any, query: str, names: list[str]
) -> None:
    assert _names(client.get(f"/api/v1/users?{query}", headers=team["root"]), "users") == names


def test_a_filtered_users_list_counts_and_pages_what_it_keeps(client: Any, team: Any) -> None:
    answer = client.get("/api/v1/users?q=a&page=2&per_page=2", headers=team["root"])
    assert _names(answer, "users") == ["a_b", "axb"]
    assert answer.get_json()["total"] == 6


@pytest.mark.parametrize(
    ("path", "query", "field", "words"),
    [
        # a project role, not a global one
        ("/api/v1/users", "role=manager", "role", "role must be one of admin, reviewer"),
        ("/api/v1/projects/p/members", "role=admin", "role", "one of annotator, reviewer"),
        ("/api/v1/users", "q=" + "x" * (SEARCH_MAX + 1), "q", "the search text is"),
    ],
)
def test_a_bad_filter_is_refused_naming_it(
    client: Any, team: Any, path: str, query: str, field: str, words: str
) -> None:
    answer = client.get(f"{path}?{query}", headers=team["root"])
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error["details"]["field"] == field and words in error["message"]


def test_the_members_list_keeps_names_and_project_roles(client: Any, team: Any) -> None:
    members = "/api/v1/projects/p/members"
    assert _names(client.get(f"{members}?q=LI", headers=team["lead"]), "members") == [
        "Alice",
        "malik",
    ]
    reviewers = client.get(f"{members}?role=reviewer", headers=team["lead"])
    assert _names(reviewers, "members") == ["malik"]
    paged = client.get(f"{members}?q=a&page=1&per_page=1", headers=team["lead"])
    assert _names(paged, "members") == ["Alice"] and paged.get_json()["total"] == 4


def test_the_users_page_filters_and_its_changes_come_back_to_the_view(app: Any, team: Any) -> None:
    root = _as(app, "root")
    view = "/admin/users?q=al&role=annotator"
    page = root.get(view).get_data(as_text=True)
    assert _listed(page) == ["Alice"]
    assert re.search(r"Users <span class=\"muted\">\(1\)</span>", page)
    # The role form posts to an address that carries the view, and comes back to it.
    action = re.search(r'action="(/admin/users/Alice/role[^"]*)"', page)
    assert action and "q=al" in action.group(1)
    changed = root.post(
        action.group(1).replace("&amp;", "&"),
        data={"csrf_token": csrf_token_from(page), "role": "reviewer"},
    )
    assert changed.status_code == 302
    assert _query(changed.headers["Location"]) == {"q": ["al"], "role": ["annotator"]}
    after = root.get(changed.headers["Location"]).get_data(as_text=True)
    assert _listed(after) == [] and 'id="no-users"' in after
    assert "Alice: role is now reviewer." in after
    # Disable asks first, on the same view.
    asked = root.post("/admin/users/malik/disable?q=li", data={"csrf_token": csrf_token_from(page)})
    assert _query(asked.headers["Location"]) == {
        "q": ["li"],
        "confirm": ["disable"],
        "user": ["malik"],
    }


def test_the_users_page_pages_by_the_one_rule(app: Any, make_user: Any) -> None:
    make_user("root", "admin")
    for i in range(55):
        make_user(f"person{i:02d}")
    root = _as(app, "root")
    first = root.get("/admin/users?q=person").get_data(as_text=True)
    assert len(_listed(first)) == 50 and "Page 1 of 2" in first
    assert 'href="/admin/users?q=person&amp;page=2"' in first
    second = root.get("/admin/users?q=person&page=2").get_data(as_text=True)
    assert _listed(second) == [f"person{i}" for i in range(50, 55)]
    past = root.get("/admin/users?q=person&page=9").get_data(as_text=True)
    assert _listed(past) == [] and "past the last page" in past


def test_the_people_page_filters_and_a_removal_comes_back_to_the_view(app: Any, team: Any) -> None:
    lead = _as(app, "lead")
    page = lead.get("/projects/p/people?q=B").get_data(as_text=True)
    assert _listed(page) == ["a_b", "bob"]
    removed = lead.post(
        "/projects/p/people/bob/remove?q=B", data={"csrf_token": csrf_token_from(page)}
    )
    assert removed.status_code == 302
    assert _query(removed.headers["Location"]) == {"q": ["B"]}
    after = lead.get(removed.headers["Location"]).get_data(as_text=True)
    assert _listed(after) == ["a_b"] and "bob is no longer a member" in after
    managers = lead.get("/projects/p/people?role=manager").get_data(as_text=True)
    assert _listed(managers) == ["lead"]
    assert lead.get("/projects/p/people?role=boss").status_code == 400
