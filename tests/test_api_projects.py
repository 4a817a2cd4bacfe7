"""Projects and document lists through the API."""

from __future__ import annotations

import pytest

from tests.api_world import World, build_world


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    hidden = make_project("hidden")
    make_document(hidden, "Nobody works here yet.", external_id="h-1")
    return world


def _slugs(world: World, who: str) -> list[str]:
    response = world.call(who, "GET", "/projects")
    assert response.status_code == 200
    return [p["slug"] for p in response.get_json()["projects"]]


def test_annotators_see_only_projects_with_their_work(world: World) -> None:
    assert _slugs(world, "alice") == ["demo"]
    assert _slugs(world, "carol") == []
    assert _slugs(world, "rita") == ["demo", "hidden"]
    assert _slugs(world, "ada") == ["demo", "hidden"]


def test_project_list_counts_the_callers_view(world: World) -> None:
    world.call("alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
    (alices,) = world.call("alice", "GET", "/projects").get_json()["projects"]
    assert alices == {
        "slug": "demo",
        "name": "demo",
        "documents": 1,
        "progress": {"done": 1, "assigned": 1},
    }
    reviewers = world.call("rita", "GET", "/projects").get_json()["projects"][0]
    assert reviewers["documents"] == 2
    assert reviewers["progress"] == {"done": 1, "assigned": 2}


@pytest.mark.parametrize(
    ("who", "slug", "expected"),
    [
        ("alice", "demo", 200),
        ("alice", "hidden", 404),  # a project not hers is answered as a missing one
        ("carol", "demo", 404),
        ("rita", "hidden", 200),
        ("rita", "nope", 404),
    ],
)
def test_project_with_its_schema(world: World, who: str, slug: str, expected: int) -> None:
    response = world.call(who, "GET", f"/projects/{slug}")
    assert response.status_code == expected
    if expected == 200:
        body = response.get_json()
        assert body["slug"] == slug
        assert [label["name"] for label in body["schema"]["span_labels"]][:2] == [
            "CLAIM",
            "SOURCE",
        ]
        assert body["schema"]["relation_types"][0]["max_per_source"] == 1
    else:
        assert "schema" not in response.get_json()


def test_annotator_lists_own_queue_with_own_status(world: World) -> None:
    world.span("alice")
    response = world.call("alice", "GET", "/projects/demo/documents")
    assert response.status_code == 200
    assert response.get_json()["documents"] == [
        {
            "id": world.doc.id,
            "number": 1,
            "external_id": "doc-1",
            "title": None,
            "status": "in_progress",
            "sentences": 3,
            # Her own assignment only: how far bob is with it is not hers to see.
            "progress": {"done": 0, "assigned": 1},
        }
    ]
    bobs = world.call("bob", "GET", "/projects/demo/documents").get_json()["documents"]
    assert [(d["external_id"], d["status"]) for d in bobs] == [("doc-1", "new")]


def test_reviewer_lists_every_document(world: World) -> None:
    documents = world.call("rita", "GET", "/projects/demo/documents").get_json()["documents"]
    assert [(d["external_id"], d["status"], d["sentences"]) for d in documents] == [
        ("doc-1", None, 3),
        ("doc-2", None, 1),
    ]
    assert documents[1]["progress"] == {"done": 0, "assigned": 0}


@pytest.mark.parametrize(("who", "expected"), [("carol", 404), ("alice", 200), ("rita", 200)])
def test_document_list_permissions(world: World, who: str, expected: int) -> None:
    assert world.call(who, "GET", "/projects/demo/documents").status_code == expected
    assert world.call(who, "GET", "/projects/nope/documents").status_code == 404
