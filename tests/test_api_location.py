"""A 201 says where the new thing is (``Location``) when the thing has a ``GET`` of its own.

Projects have one (``GET /projects/<slug>``), whether made from a body or loaded from a
project file. The other 201s (spans, relations, tokens, users, an import's documents, a
model, suggestions accepted) make things without a ``GET`` by id, and answer the thing itself;
they carry no ``Location``, and the OpenAPI document promises none.
"""

from __future__ import annotations

from typing import Any

from tests.api_world import World, build_world


def _world(client: Any, make_user: Any, make_token: Any, make_project: Any, make_doc: Any,
           assign: Any) -> World:  # fmt: skip
    return build_world(client, make_user, make_token, make_project, make_doc, assign)


def test_a_new_project_answers_where_it_is(
    client,
    make_user,
    make_token,
    make_project,
    make_document,
    assign,  # noqa: ANN001
) -> None:
    world = _world(client, make_user, make_token, make_project, make_document, assign)
    made = world.call("ada", "POST", "/projects", {"slug": "news", "name": "News"})
    assert made.status_code == 201, made.get_json()
    assert made.headers["Location"] == "/api/v1/projects/news"
    found = client.get(made.headers["Location"], headers=world.headers["ada"])
    assert found.status_code == 200
    assert found.get_json()["slug"] == "news" and found.get_json()["name"] == "News"


def test_a_loaded_project_answers_where_it_is(
    client,
    make_user,
    make_token,
    make_project,
    make_document,
    assign,  # noqa: ANN001
) -> None:
    world = _world(client, make_user, make_token, make_project, make_document, assign)
    dump = world.call("ada", "GET", "/projects/demo/dump")
    assert dump.status_code == 200
    loaded = client.post(
        "/api/v1/project-files?slug=copy",
        data=dump.get_data(),
        headers=world.headers["ada"] | {"Content-Type": "application/gzip"},
    )
    assert loaded.status_code == 201, loaded.get_json()
    assert loaded.headers["Location"] == "/api/v1/projects/copy"
    found = client.get(loaded.headers["Location"], headers=world.headers["ada"])
    assert found.status_code == 200 and found.get_json()["slug"] == "copy"


def test_the_openapi_document_says_which_201s_carry_a_location(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    with_location = sorted(
        f"{method.upper()} {path}"
        for path, item in paths.items()
        for method, operation in item.items()
        if "Location" in operation["responses"].get("201", {}).get("headers", {})
    )
    assert with_location == ["POST /project-files", "POST /projects"]


def test_a_span_has_no_get_and_no_location(
    client,
    make_user,
    make_token,
    make_project,
    make_document,
    assign,  # noqa: ANN001
) -> None:
    world = _world(client, make_user, make_token, make_project, make_document, assign)
    body = {"label": "CLAIM", "start": 0, "end": 9}
    made = world.call("alice", "POST", f"/documents/{world.doc.id}/spans", body)
    assert made.status_code == 201
    assert "Location" not in made.headers
