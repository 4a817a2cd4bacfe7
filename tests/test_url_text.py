"""Text in a URL that no database stores (a NUL, sent as ``%00``) names no row, on every
route: a path segment is a 404, a query argument a 400 naming it; nothing is looked up.

PostgreSQL refuses NUL in text, so each of these answered 500 there; on SQLite the NUL
ended the text early, and ``?q=%00`` listed every document as if it matched.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import ProjectMember, User
from tests.helpers import login


@pytest.fixture
def world(make_world: Any) -> Any:
    made = make_world(
        {"root": "admin", "alice": "annotator"},
        members={},
        document=("Officials said the plan works.", "d1"),
    )
    return {"headers": made.tokens["root"], "document": made.document}


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/projects/demo/documents?q=%00", "q"),
        ("/api/v1/projects/demo/documents?page=1&q=a%00", "q"),
        ("/api/v1/projects/demo/documents?annotator=al%00ice", "annotator"),
        ("/api/v1/documents/{document}/annotations?annotator=%00", "annotator"),
        ("/api/v1/projects/demo/export?layer=al%00ice", "layer"),
    ],
)
def test_a_query_argument_with_a_nul_is_400_naming_it(
    client: Any, world: Any, path: str, name: str
) -> None:
    url = path.format(document=world["document"].id)
    response = client.get(url, headers=world["headers"])
    assert response.status_code == 400, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["details"] == {"field": name}
    assert error["message"] == f"the query parameter {name!r} contains a NUL character (U+0000)"


@pytest.mark.parametrize(
    ("method", "path", "body", "said"),
    [
        ("GET", "/api/v1/projects/%00", None, "no project '\\x00'"),
        ("DELETE", "/api/v1/projects/demo%00", None, "no project 'demo\\x00'"),
        ("PATCH", "/api/v1/users/al%00ice", {"role": "reviewer"}, "no user 'al\\x00ice'"),
        ("PUT", "/api/v1/projects/demo/members/al%00ice", {"role": "manager"}, "no user"),
    ],
)
def test_a_path_segment_with_a_nul_names_nothing(
    client: Any, session: Any, world: Any, method: str, path: str, body: Any, said: str
) -> None:
    response = client.open(path, method=method, json=body, headers=world["headers"])
    assert response.status_code == 404, response.get_data(as_text=True)
    assert response.get_json()["error"]["message"].startswith(said)
    assert session.scalar(select(User.role).where(User.username == "alice")) == "annotator"
    assert session.scalars(select(ProjectMember)).all() == []


def test_the_pages_answer_the_same(client: Any, world: Any) -> None:
    assert login(client, "root").status_code == 302
    listed = client.get("/projects/demo?q=%00")
    assert listed.status_code == 400
    assert "the query parameter &#39;q&#39; contains a NUL" in listed.get_data(as_text=True)
    assert client.get("/projects/de%00mo").status_code == 404
    # Without the NUL, the same requests go through.
    assert client.get("/projects/demo?q=d1").status_code == 200
    found = client.get("/api/v1/projects/demo/documents?q=d1", headers=world["headers"])
    assert [d["external_id"] for d in found.get_json()["documents"]] == ["d1"]
