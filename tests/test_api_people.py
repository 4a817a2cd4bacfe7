"""A project's members and assignments, and the audit log, over HTTP (CONTRACT section 10)."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.models import Project
from annotator.services.accounts import membership
from tests.helpers import login

TEXT = "One sentence here. Another one there."


@pytest.fixture
def world(
    session: Any, make_world: Any, make_project: Any, make_document: Any, assign: Any
) -> dict[str, Any]:
    people = {"root": "admin", "rita": "reviewer", "man": "annotator"}
    people |= dict.fromkeys(("ann", "bob", "cat"), "annotator")
    docs = {f"a{i}": (TEXT, f"a-{i}") for i in range(5)}
    made = make_world(people, slug="a", members={"man": "manager"}, **docs)
    a, users = made.project, {name: getattr(made, name) for name in people}
    documents = [getattr(made, key) for key in docs]
    assign(make_document(make_project("b"), TEXT, "b-0"), users["bob"])
    assign(documents[0], users["ann"])  # the fixture writes the row alone: the membership too
    membership.set_member(session, a, users["ann"], "annotator")
    session.commit()
    return {"heads": made.tokens, "docs": documents, "users": users}


def _entries(client: Any, heads: Any, **query: Any) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/audit", query_string=query, headers=heads["root"])
    assert answer.status_code == 200
    return answer.get_json()["entries"]


@pytest.mark.parametrize("who", ["root", "man"])
def test_an_admin_or_the_manager_lists_and_changes_members(
    client: Any, world: Any, who: str
) -> None:
    heads = world["heads"][who]
    listed = client.get("/api/v1/projects/a/members", headers=heads)
    assert listed.status_code == 200
    assert listed.get_json() == {
        "members": [
            {"username": "ann", "role": "annotator"},
            {"username": "man", "role": "manager"},
        ]
    }
    put = client.put("/api/v1/projects/a/members/cat", json={"role": "reviewer"}, headers=heads)
    assert put.status_code == 200
    assert put.get_json() == {"username": "cat", "role": "reviewer"}
    # cat now reviews project a (and only a).
    assert client.get("/api/v1/projects/a/review", headers=world["heads"]["cat"]).status_code == 200
    assert client.get("/api/v1/projects/b/review", headers=world["heads"]["cat"]).status_code == 404
    assert client.delete("/api/v1/projects/a/members/cat", headers=heads).status_code == 204
    # No longer a member, cat no longer sees a at all: 404, as for a missing project.
    assert client.get("/api/v1/projects/a/review", headers=world["heads"]["cat"]).status_code == 404
    actions = [(e["action"], e["target"], e["actor"]) for e in _entries(client, world["heads"])]
    assert actions[:2] == [("member.remove", "cat", who), ("member.set", "cat", who)]


def test_member_changes_are_checked(client: Any, world: Any) -> None:
    heads = world["heads"]["root"]
    bad = client.put("/api/v1/projects/a/members/cat", json={"role": "boss"}, headers=heads)
    assert bad.status_code == 422
    nobody = client.put("/api/v1/projects/a/members/zed", json={"role": "reviewer"}, headers=heads)
    assert nobody.status_code == 404
    # ann holds a document of a: removing her would orphan it.
    assert client.delete("/api/v1/projects/a/members/ann", headers=heads).status_code == 409
    assert client.delete("/api/v1/projects/a/members/cat", headers=heads).status_code == 404
    assert client.get("/api/v1/projects/nope/members", headers=heads).status_code == 404


@pytest.mark.parametrize("who", ["ann", "rita", "man"])
def test_others_never_see_a_projects_members(client: Any, world: Any, who: str) -> None:
    """403 where they see the project (ann and man in theirs, rita everywhere), 404 elsewhere.

    man manages a, not b; a project they may not see answers as an unknown slug does.
    """
    heads = world["heads"][who]
    slugs = ["b", "nope"] if who == "man" else ["a", "b", "nope"]
    for slug in slugs:
        seen = slug == "a" or (who == "rita" and slug != "nope")
        expected = 403 if seen else 404
        assert client.get(f"/api/v1/projects/{slug}/members", headers=heads).status_code == expected
        put = client.put(
            f"/api/v1/projects/{slug}/members/cat", json={"role": "manager"}, headers=heads
        )
        assert put.status_code == expected
        deleted = client.delete(f"/api/v1/projects/{slug}/members/ann", headers=heads)
        assert deleted.status_code == expected
        answer = client.post(
            f"/api/v1/projects/{slug}/assignments",
            json={"annotators": ["ann"], "per_document": 1},
            headers=heads,
        )
        assert answer.status_code == expected


def test_an_annotator_sees_neither_other_projects_nor_their_pages(app: Any, world: Any) -> None:
    client = app.test_client()
    heads = world["heads"]["ann"]
    listed = client.get("/api/v1/projects", headers=heads).get_json()["projects"]
    assert [p["slug"] for p in listed] == ["a"]
    assert client.get("/api/v1/projects/b", headers=heads).status_code == 404
    login(client, "ann")
    index = client.get("/").get_data(as_text=True)
    assert "/projects/a" in index and "/projects/b" not in index
    for path in ("/projects/b", "/projects/b/people"):
        assert client.get(path).status_code == 404, path
    assert client.get("/projects/a/people").status_code == 403
    assert client.get("/projects/a/assignments").status_code == 403


def test_assignment_gives_k_annotators_per_document_with_even_loads(
    client: Any, world: Any
) -> None:
    answer = client.post(
        "/api/v1/projects/a/assignments",
        json={"annotators": ["ann", "bob", "cat"], "per_document": 2},
        headers=world["heads"]["man"],
    )
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    # 5 documents x 2 = 10 assignments; ann already had one, so 9 are new.
    assert body["assigned"] == 9
    assert sorted(body["loads"].values()) == [3, 3, 4]
    assert sum(body["loads"].values()) == 10
    members = client.get("/api/v1/projects/a/members", headers=world["heads"]["man"]).get_json()
    assert {m["username"] for m in members["members"]} == {"ann", "bob", "cat", "man"}
    again = client.post(
        "/api/v1/projects/a/assignments",
        json={"annotators": ["ann", "bob", "cat"], "per_document": 2},
        headers=world["heads"]["man"],
    )
    assert again.get_json()["assigned"] == 0  # existing work is kept, nothing added twice
    entry = _entries(client, world["heads"], project="a")[0]
    assert entry["action"] == "assignment.create" and entry["actor"] == "man"
    assert entry["after"]["per_document"] == 2


@pytest.mark.parametrize("given", [{}, {"per_document": None}], ids=["absent", "null"])
@pytest.mark.parametrize(("k", "per_document"), [(3, 3), (None, 2)])
def test_assignment_without_k_takes_the_projects_then_the_default(
    client: Any,
    session: Any,
    world: Any,
    k: int | None,
    per_document: int,
    given: dict[str, Any],
) -> None:
    """No ``per_document`` (or null): the schema's ``annotators_per_document``, else 2, as
    the CLI."""
    project = session.get(Project, world["docs"][0].project_id)
    project.schema = {**project.schema, "annotators_per_document": k}
    session.commit()
    answer = client.post(
        "/api/v1/projects/a/assignments",
        json={"annotators": ["ann", "bob", "cat"], **given},
        headers=world["heads"]["root"],
    )
    assert answer.status_code == 200, answer.get_json()
    # 5 documents, K each; ann already had one of them.
    assert answer.get_json()["assigned"] == 5 * per_document - 1
    entry = _entries(client, world["heads"], project="a")[0]
    assert entry["after"]["per_document"] == per_document


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"annotators": ["ann", "bob"], "per_document": 3}, 422),
        ({"annotators": ["ann", "ann"], "per_document": 1}, 422),
        ({"annotators": [], "per_document": 1}, 400),
        ({"annotators": "ann", "per_document": 1}, 400),
        ({"annotators": ["ann"], "per_document": "1"}, 400),
        ({"annotators": ["zed"], "per_document": 1}, 404),
    ],
)
def test_assignment_requests_are_checked(client: Any, world: Any, body: Any, status: int) -> None:
    answer = client.post(
        "/api/v1/projects/a/assignments", json=body, headers=world["heads"]["root"]
    )
    assert answer.status_code == status


def test_user_changes_are_audited_without_passwords(client: Any, world: Any) -> None:
    heads = world["heads"]["root"]
    created = client.post(
        "/api/v1/users",
        json={"username": "dan", "role": "annotator", "password": "dans own passphrase"},
        headers=heads,
    )
    assert created.status_code == 201
    patched = client.patch(
        "/api/v1/users/dan",
        json={"role": "reviewer", "active": False, "password": "another long passphrase"},
        headers=heads,
    )
    assert patched.status_code == 200
    update, create = _entries(client, world["heads"])[:2]
    assert create["action"] == "user.create" and create["target"] == "dan"
    assert create["after"] == {"role": "annotator", "active": True, "password": "changed"}
    assert update["action"] == "user.update" and update["actor"] == "root"
    assert update["before"] == {"role": "annotator", "active": True, "password": None}
    assert update["after"] == {"role": "reviewer", "active": False, "password": "changed"}
    everything = str(_entries(client, world["heads"]))
    assert (
        "passphrase" not in everything and "pbkdf2" not in everything and "scrypt" not in everything
    )


def test_the_command_line_is_audited_too(runner: Any, client: Any, world: Any) -> None:
    result = runner.invoke(args=["users", "set-role", "cat", "reviewer"])
    assert result.exit_code == 0, result.output
    entry = _entries(client, world["heads"])[0]
    assert (entry["action"], entry["actor"], entry["target"]) == (
        "user.update",
        "(command line)",
        "cat",
    )
    assert (entry["before"], entry["after"]) == ({"role": "annotator"}, {"role": "reviewer"})


def test_the_audit_log_is_paged_and_filtered(client: Any, world: Any) -> None:
    heads = world["heads"]["root"]
    for name in ("ann", "bob", "cat"):
        client.put(f"/api/v1/projects/a/members/{name}", json={"role": "reviewer"}, headers=heads)
    client.put("/api/v1/projects/b/members/cat", json={"role": "manager"}, headers=heads)
    page = client.get("/api/v1/audit?project=a&page=2&per_page=2", headers=heads).get_json()
    assert (page["total"], page["page"], page["per_page"]) == (3, 2, 2)
    assert [e["target"] for e in page["entries"]] == ["ann"]
    assert client.get("/api/v1/audit?page=0", headers=heads).status_code == 400
    # Digits to str.isdigit that int() refuses ("²"), or too many for it: 400, not 500.
    for bad in ("²", "9" * 5000):
        answer = client.get(f"/api/v1/audit?per_page={bad}", headers=heads)
        assert answer.status_code == 400, answer.get_data(as_text=True)[:200]
        assert answer.get_json()["error"]["details"]["field"] == "per_page"


def test_a_manager_reads_the_audit_of_their_project_only(client: Any, world: Any) -> None:
    root, man = world["heads"]["root"], world["heads"]["man"]
    client.put("/api/v1/projects/a/members/cat", json={"role": "reviewer"}, headers=root)
    client.put("/api/v1/projects/b/members/cat", json={"role": "reviewer"}, headers=root)
    mine = client.get("/api/v1/audit?project=a", headers=man)
    assert mine.status_code == 200
    assert {e["project"] for e in mine.get_json()["entries"]} == {"a"}
    assert client.get("/api/v1/audit?project=b", headers=man).status_code == 404
    assert client.get("/api/v1/audit", headers=man).status_code == 403
    assert client.get("/api/v1/audit", headers=world["heads"]["rita"]).status_code == 403


def test_a_new_project_with_an_old_slug_shows_its_manager_only_its_own_history(
    client: Any, world: Any
) -> None:
    root, man = world["heads"]["root"], world["heads"]["man"]
    made = client.post(
        "/api/v1/projects", json={"slug": "x", "name": "X", "guidelines": "secret"}, headers=root
    )
    assert made.status_code == 201
    client.put("/api/v1/projects/x/members/cat", json={"role": "annotator"}, headers=root)
    assert client.delete("/api/v1/projects/x", headers=root).status_code == 204
    again = client.post("/api/v1/projects", json={"slug": "x", "name": "X2"}, headers=root)
    assert again.status_code == 201
    client.put("/api/v1/projects/x/members/man", json={"role": "manager"}, headers=root)
    seen = client.get("/api/v1/audit?project=x", headers=man).get_json()["entries"]
    assert seen and all("secret" not in str(e) and e["target"] != "cat" for e in seen), seen
    assert {e["action"] for e in seen} <= {"project.create", "member.set"}
    everything = client.get("/api/v1/audit?project=x", headers=root).get_json()["entries"]
    assert len(everything) > len(seen)  # an admin still reads the whole history


def test_documents_are_not_given_to_a_disabled_user(client: Any, world: Any) -> None:
    """Nobody can sign in as a disabled user: their documents would wait, counted as assigned."""
    heads = world["heads"]["root"]
    disabled = client.patch("/api/v1/users/cat", json={"active": False}, headers=heads)
    assert disabled.status_code == 200
    answer = client.post(
        "/api/v1/projects/a/assignments",
        json={"annotators": ["bob", "cat"], "per_document": 1},
        headers=heads,
    )
    assert answer.status_code == 422
    assert "cat is disabled" in answer.get_json()["error"]["message"]
    listed = client.get("/api/v1/projects/a/documents", headers=heads).get_json()["documents"]
    assert [d["progress"]["assigned"] for d in listed] == [1, 0, 0, 0, 0]  # ann's, as before


def test_documents_are_not_moved_to_a_disabled_user(runner: Any, client: Any, world: Any) -> None:
    heads = world["heads"]["root"]
    client.patch("/api/v1/users/cat", json={"active": False}, headers=heads)
    moved = runner.invoke(args=["reassign", "a", "--from", "ann", "--to", "cat"])
    assert moved.exit_code != 0 and "cat is disabled" in moved.output
    listed = client.get("/api/v1/projects/a/documents", headers=heads).get_json()["documents"]
    assert listed[0]["progress"]["assigned"] == 1
