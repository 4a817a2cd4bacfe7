"""A name or a parameter typed wrong is said, not answered by a silently empty list: an
export layer of an annotator with no layer there warns, a document list filtered by a user
nobody is is a 404 like every endpoint naming a user, and ``per_page`` alone asks for the
first page rather than being ignored."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.export_world import World, build_world

SAID = "bob has no layer in the exported documents"


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(session, make_user, make_project, make_document, assign)


def _warnings(response: Any) -> list[str]:
    return json.loads(response.headers.get("X-Annotator-Warnings", "[]"))


def test_an_export_of_a_layer_nobody_of_that_name_has_warns(
    client: Any, world: World, make_user: Any, make_token: Any, runner: Any
) -> None:
    make_user("bobby", "annotator")  # assigned nothing: a name typed for another
    headers = make_token(world.users["rita"])
    response = client.get("/api/v1/projects/src/export?layer=bobby", headers=headers)
    assert response.status_code == 200 and response.get_data() == b""
    [warning] = _warnings(response)
    assert warning == (
        "3 documents selected, none with a layer of bobby: "
        "bobby has no layer in the exported documents"
    )
    result = runner.invoke(args=["export", "src", "--layer", "bobby"])
    assert result.exit_code == 0 and "bobby has no layer in the exported documents" in (
        result.output
    )


def test_an_export_of_an_assigned_annotator_or_a_status_filter_does_not(
    client: Any, world: World, make_token: Any
) -> None:
    headers = make_token(world.users["rita"])
    mine = client.get("/api/v1/projects/src/export?layer=bob", headers=headers)
    assert mine.status_code == 200 and SAID not in " ".join(_warnings(mine))
    # bob has layers, none done: the status filter empties it, which is not a wrong name.
    filtered = client.get("/api/v1/projects/src/export?layer=bob&status=skipped", headers=headers)
    assert SAID not in " ".join(_warnings(filtered))


def test_a_document_list_of_a_user_nobody_is_is_the_404_of_other_endpoints(
    client: Any, world: World, make_user: Any, make_token: Any
) -> None:
    headers = make_token(world.users["rita"])
    url = "/api/v1/projects/src/documents"
    listed = client.get(f"{url}?annotator=nobody&page=1", headers=headers)
    assert listed.status_code == 404
    error = listed.get_json()["error"]
    assert error["message"] == "no user called 'nobody'"
    assert error["details"] == {"field": "annotator"}
    doc_id = world.documents["plain"].id
    layer = client.get(f"/api/v1/documents/{doc_id}/annotations?annotator=nobody", headers=headers)
    assert (layer.status_code, layer.get_json()["error"]["message"]) == (404, error["message"])
    # A user who has no document is an empty list, as before.
    make_user("carol", "annotator")
    empty = client.get(f"{url}?annotator=carol&page=1", headers=headers).get_json()
    assert (empty["documents"], empty["total"]) == ([], 0)
    # An annotator naming another is refused for that first, whether the name exists or not.
    alice = make_token(world.users["alice"])
    assert client.get(f"{url}?annotator=nobody", headers=alice).status_code == 403


@pytest.mark.parametrize("path", ["/projects/src/documents", "/users", "/tokens"])
def test_per_page_without_page_asks_for_the_first_page(
    client: Any, world: World, make_user: Any, make_token: Any, path: str
) -> None:
    headers = make_token(make_user("ada", "admin"))
    for _ in range(3):  # tokens enough for a page of 2 to be less than all
        client.post("/api/v1/tokens", json={"name": f"t{_}"}, headers=headers)
    alone = client.get(f"/api/v1{path}?per_page=2", headers=headers).get_json()
    paged = client.get(f"/api/v1{path}?page=1&per_page=2", headers=headers).get_json()
    assert alone == paged and (alone["page"], alone["per_page"]) == (1, 2)
    assert len(next(v for k, v in alone.items() if isinstance(v, list))) == 2 < alone["total"]
