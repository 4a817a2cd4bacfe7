"""Loading a project file without its assignments (members kept or not), and the name warned of.

A copy loaded on the server it came from brought its members and assignments: each
annotator saw two projects of one name, both with the same work "(yours)". The page, the
command line and the API now choose what of the people comes (``people``: all, members,
none); the documents, gold and suggestions come whatever is chosen, and a name another
project here has already is said.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from annotator.models import Assignment, Document, DocumentNote, Layer, ProjectMember
from annotator.models import SuggestionRejection as Rejection
from annotator.services.accounts.projects import get_project
from tests.helpers import csrf_token_from, login
from tests.project_world import build_movable_world, jsonl_export, load_on_the_page


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_movable_world(session, make_user, make_project, make_document, assign)


def _held(session: Any, slug: str) -> dict[str, Any]:
    """What of the people project ``slug`` holds: members, assignments, layers by kind,
    notes and rejected suggestions."""
    session.commit()
    project = get_project(session, slug)
    docs = select(Document.id).where(Document.project_id == project.id)
    members = select(func.count()).where(ProjectMember.project_id == project.id)
    layers = session.scalars(select(Layer.key).where(Layer.document_id.in_(docs))).all()

    def count(model: Any) -> int:
        return session.scalar(select(func.count()).where(model.document_id.in_(docs))) or 0

    return {
        "members": session.scalar(members),
        "assignments": count(Assignment),
        "annotator layers": sum(key.startswith("user:") for key in layers),
        "gold layers": layers.count("gold"),
        "suggestions layers": layers.count("suggestions"),
        "notes": count(DocumentNote),
        "rejections": count(Rejection),
    }


def _load(client: Any, data: bytes, headers: dict[str, str], query: str) -> Any:
    return client.post(
        f"/api/v1/project-files?{query}",
        data=data,
        headers=headers | {"Content-Type": "application/gzip"},
    )


@pytest.mark.parametrize("people", ["members", "none"])
def test_a_copy_without_assignments_keeps_documents_gold_and_suggestions(
    client: Any, session: Any, world: Any, make_token: Any, people: str
) -> None:
    ada = make_token(world.users["ada"])
    data = client.get("/api/v1/projects/src/dump", headers=ada).get_data()
    original = _held(session, "src")
    assert original["assignments"] and original["annotator layers"]
    assert original["notes"] and original["rejections"]  # the world holds every kind

    answer = _load(client, data, ada, f"slug=copy&people={people}")
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["people"] == people and body["documents"] == 4
    copy = _held(session, "copy")
    assert copy == original | {
        "members": original["members"] if people == "members" else 0,
        "assignments": 0,
        "annotator layers": 0,
        "notes": 0,
        "rejections": 0,
    }
    # Gold is the original's, item for item.
    src, loaded = get_project(session, "src"), get_project(session, "copy")
    gold = [(r["id"], r["gold"]) for r in jsonl_export(session, src, "gold")]
    assert [(r["id"], r["gold"]) for r in jsonl_export(session, loaded, "gold")] == gold

    # alice is given no work in the copy: a member sees it with nothing of hers, a
    # non-member does not see it at all.
    alice = make_token(world.users["alice"])
    listed = client.get("/api/v1/projects", headers=alice).get_json()["projects"]
    assert ("copy" in {p["slug"] for p in listed}) == (people == "members")
    if people == "members":
        queue = client.get("/api/v1/projects/copy/documents", headers=alice).get_json()
        assert queue["documents"] == []


def test_people_other_than_the_choices_is_refused_naming_them(
    client: Any, session: Any, world: Any, make_token: Any
) -> None:
    ada = make_token(world.users["ada"])
    data = client.get("/api/v1/projects/src/dump", headers=ada).get_data()
    answer = _load(client, data, ada, "slug=copy&people=some")
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["message"] == "people must be one of all, members, none, not 'some'"
    assert error["details"]["field"] == "people"


def test_the_api_warns_of_a_name_taken_here_and_of_ids_renumbered(
    client: Any, world: Any, make_token: Any
) -> None:
    ada = make_token(world.users["ada"])
    data = client.get("/api/v1/projects/src/dump", headers=ada).get_data()
    name = world.project.name
    answer = _load(client, data, ada, "slug=apart")
    assert answer.status_code == 201, answer.get_json()
    loaded = answer.get_json()
    assert loaded["people"] == "all"
    assert loaded["warnings"][0] == (
        f"A project here is named {name} already: this one is named {name} (apart)"
    )
    assert loaded["warnings"][1].startswith("21 span ids, 8 relation ids and 7 label value ids")
    assert loaded["warnings"][1].endswith(
        "were already used on this server, so the loaded project's span, relation and label "
        "value ids were renumbered: ids in files exported from the original differ from this "
        "project's"
    )
    elsewhere = _load(client, data, ada, f"slug=named&name={quote('Second look')}").get_json()
    assert not any("is named" in said for said in elsewhere["warnings"])


def test_the_page_and_the_command_line_choose_the_people_and_warn(
    client: Any, session: Any, world: Any, make_token: Any, runner: Any, tmp_path: Any
) -> None:
    data = client.get(
        "/api/v1/projects/src/dump", headers=make_token(world.users["ada"])
    ).get_data()
    login(client, "ada")
    page = client.get("/projects/new").get_data(as_text=True)
    # The page's default is "members" (a copy here shares no work); the API's stays "all".
    assert '<option selected value="members">Members only' in page
    loaded = load_on_the_page(
        client,
        csrf_token_from(page),
        data,
        slug="paged",
        people="members",
        follow_redirects=True,
    )
    text = loaded.get_data(as_text=True)
    name = world.project.name
    assert f"A project here is named {name} already: this one is named {name} (paged)." in text
    assert "ids were renumbered: ids in files exported from the original differ" in text
    assert _held(session, "paged")["assignments"] == 0

    path = tmp_path / "src.gz"
    path.write_bytes(data)
    result = runner.invoke(
        args=["projects", "load", str(path), "--slug", "cli", "--people", "none"]
    )
    assert result.exit_code == 0, result.output
    assert f"this one is named {name} (cli)." in result.stderr
    held = _held(session, "cli")
    assert (held["members"], held["assignments"]) == (0, 0)
    refused = runner.invoke(args=["projects", "load", str(path), "--people", "some"])
    assert refused.exit_code != 0 and "'some' is not one of 'all', 'members', 'none'" in (
        refused.output
    )


def test_a_copy_without_people_makes_no_users_and_names_no_one_for_a_name_left_out(
    client: Any, session: Any, world: Any, make_token: Any
) -> None:
    """Loaded where the file's people have no users (another server), ``people=none`` makes
    none: what they did is kept naming no one, and the load says which names it left out."""
    from annotator.models import (
        AuditEntry,
        GoldDecision,
        GoldStatus,
        LayerChange,
        SchemaVersion,
        Span,
        User,
    )

    ada = make_token(world.users["ada"])
    data = client.get("/api/v1/projects/src/dump", headers=ada).get_data()
    # The file's people have other names here, as on another server.
    for name in ("rita", "alice", "bob", "mia"):
        world.users[name].username = f"{name}-here"
    session.commit()
    users_before = session.scalar(select(func.count()).select_from(User))

    answer = _load(client, data, ada, "slug=bare&people=none")
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["created_users"] == []
    assert body["left_out_users"] == ["alice", "bob", "mia", "rita"]
    assert body["warnings"][1] == (
        "4 people named in the file have no user here, and no user was made (alice, bob, mia "
        "and rita): the gold, decisions and layer history they made name no one (the "
        "project's history keeps their names), and their notes and rejected suggestions were "
        "left out"
    )
    assert session.scalar(select(func.count()).select_from(User)) == users_before
    project = get_project(session, "bare")
    docs = select(Document.id).where(Document.project_id == project.id)
    gold_spans = session.scalars(
        select(Span.decided_by_id)
        .join(Layer, Layer.id == Span.layer_id)
        .where(Layer.document_id.in_(docs), Layer.key == "gold")
    ).all()
    assert gold_spans and set(gold_spans) == {None}  # rita decided them: no one now
    decisions = session.scalars(
        select(GoldDecision.decided_by_id).where(GoldDecision.document_id.in_(docs))
    ).all()
    assert decisions and set(decisions) == {None}
    assert set(
        session.scalars(select(GoldStatus.updated_by_id).where(GoldStatus.document_id.in_(docs)))
    ) == {None}
    changes = session.scalars(
        select(LayerChange.actor_id).where(LayerChange.document_id.in_(docs))
    ).all()
    assert changes and set(changes) == {None}
    versions = select(SchemaVersion.created_by_id).where(SchemaVersion.project_id == project.id)
    assert set(session.scalars(versions)) == {None}
    # The project's history keeps who did it by name, linked to no user.
    history = session.execute(
        select(AuditEntry.actor, AuditEntry.actor_id).where(
            AuditEntry.project_slug == "bare", AuditEntry.action != "project.load"
        )
    ).all()
    assert ("rita", None) in history and not any(actor_id for _, actor_id in history)
    # The gold is the original's all the same.
    gold = [
        (r["id"], r["gold"]) for r in jsonl_export(session, get_project(session, "src"), "gold")
    ]
    assert [(r["id"], r["gold"]) for r in jsonl_export(session, project, "gold")] == gold


def test_a_copy_without_people_matches_the_names_users_here_have(
    client: Any, session: Any, world: Any, make_token: Any
) -> None:
    """On the server it came from, ``people=none`` finds every name: nothing is left out."""
    from annotator.models import GoldDecision

    ada = make_token(world.users["ada"])
    data = client.get("/api/v1/projects/src/dump", headers=ada).get_data()
    body = _load(client, data, ada, "slug=same&people=none").get_json()
    assert (body["created_users"], body["left_out_users"]) == ([], [])
    assert not any("no user here" in said for said in body["warnings"])
    project = get_project(session, "same")
    docs = select(Document.id).where(Document.project_id == project.id)
    decisions = session.scalars(
        select(GoldDecision.decided_by_id).where(GoldDecision.document_id.in_(docs))
    ).all()
    assert decisions and set(decisions) == {world.users["rita"].id}
