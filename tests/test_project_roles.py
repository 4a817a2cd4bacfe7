"""Project roles decide reviewing: a project's reviewer or manager reviews that project only.

The users here are all global annotators; their power comes from their membership of
project A. Project B, which they are not members of, must stay closed to them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import login

TEXT = "The minister said the plan works. Critics disagree with him."


@pytest.fixture
def world(make_world: Any, make_project: Any, make_document: Any, assign: Any) -> dict[str, Any]:
    # ann is assigned on both projects; rev and man have the global role annotator.
    made = make_world(
        dict.fromkeys(("ann", "rev", "man"), "annotator"),
        slug="a",
        members={"rev": "reviewer", "man": "manager"},
        a=(TEXT, "a-1"),
    )
    docs = {"a": made.a, "b": make_document(make_project("b"), TEXT, "b-1")}
    assign(docs["a"], made.ann)
    assign(docs["b"], made.ann)
    return {"heads": made.tokens, "docs": docs}


@pytest.mark.parametrize("who", ["rev", "man"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects/{p}/review",
        "/api/v1/projects/{p}/agreement",
        "/api/v1/projects/{p}/export",
    ],
)
def test_a_project_reviewer_or_manager_reviews_that_project_only(
    client: Any, world: Any, who: str, path: str
) -> None:
    heads = world["heads"][who]
    assert client.get(path.format(p="a"), headers=heads).status_code == 200
    # A project they are not in is answered as an unknown slug: nothing says which exist.
    assert client.get(path.format(p="b"), headers=heads).status_code == 404
    assert client.get(path.format(p="nope"), headers=heads).status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/projects/a/review", "/api/v1/projects/a/export"])
def test_a_plain_annotator_member_still_may_not_review(client: Any, world: Any, path: str) -> None:
    assert client.get(path, headers=world["heads"]["ann"]).status_code == 403


@pytest.mark.parametrize("who", ["rev", "man"])
def test_a_project_reviewer_writes_gold_and_reads_layers_of_that_project_only(
    client: Any, world: Any, who: str
) -> None:
    heads = world["heads"][who]
    span = {"label": "CLAIM", "start": 4, "end": 12}
    a, b = world["docs"]["a"].id, world["docs"]["b"].id
    created = client.post(f"/api/v1/documents/{a}/spans?layer=gold", json=span, headers=heads)
    assert created.status_code == 201, created.get_json()
    refused = client.post(f"/api/v1/documents/{b}/spans?layer=gold", json=span, headers=heads)
    assert refused.status_code == 404  # B's documents are hidden from them
    # Through the row too: a gold span of A may be changed, never one of B.
    span_id = created.get_json()["id"]
    patched = client.patch(
        f"/api/v1/spans/{span_id}?layer=gold", json={"label": "SOURCE"}, headers=heads
    )
    assert patched.status_code == 200
    read = "/api/v1/documents/{}/annotations?annotator=ann"
    assert client.get(read.format(a), headers=heads).status_code == 200
    assert client.get(read.format(b), headers=heads).status_code == 404
    gold = client.get(f"/api/v1/documents/{a}/annotations?annotator=gold", headers=heads)
    assert [s["label"] for s in gold.get_json()["spans"]] == ["SOURCE"]


def test_an_annotator_may_not_write_gold(client: Any, world: Any) -> None:
    a = world["docs"]["a"].id
    span = {"label": "CLAIM", "start": 4, "end": 12}
    answer = client.post(
        f"/api/v1/documents/{a}/spans?layer=gold", json=span, headers=world["heads"]["ann"]
    )
    assert answer.status_code == 403


@pytest.mark.parametrize("who", ["rev", "man"])
def test_a_project_reviewer_sees_the_pages_of_that_project_only(
    app: Any, world: Any, who: str
) -> None:
    browser = app.test_client()
    assert login(browser, who).status_code == 302
    for page in ("review", "agreement", "export"):
        assert browser.get(f"/projects/a/{page}").status_code == 200, page
        assert browser.get(f"/projects/b/{page}").status_code == 404, page
    project = browser.get("/projects/a").get_data(as_text=True)
    assert ">Review</a>" in project and ">Export</a>" in project and ">Agreement</a>" in project
    # Every document of A is listed for its reviewer, assigned to them or not.
    assert "a-1" in project
    assert browser.get("/projects/b").status_code == 404
    # The workspace opens A's document (on gold, as they are not assigned it), not B's.
    a_doc, b_doc = world["docs"]["a"].id, world["docs"]["b"].id
    assert browser.get(f"/projects/a/documents/{a_doc}").status_code == 200
    assert browser.get(f"/projects/b/documents/{b_doc}").status_code == 404
    heads = world["heads"][who]
    assert browser.get(f"/api/v1/documents/{a_doc}", headers=heads).status_code == 200
    assert browser.get(f"/api/v1/documents/{b_doc}", headers=heads).status_code == 404


def test_the_project_page_shows_links_by_role(app: Any, world: Any) -> None:
    pages = {}
    for who in ("ann", "rev", "man"):
        browser = app.test_client()
        login(browser, who)
        pages[who] = browser.get("/projects/a").get_data(as_text=True)
    for text in ("Review", "Agreement", "Export", "Settings", "People", "Assignments"):
        assert f">{text}</a>" not in pages["ann"], text
    assert ">Continue annotating</a>" in pages["ann"]
    assert ">Review</a>" in pages["rev"] and ">Settings</a>" not in pages["rev"]
    assert ">People</a>" not in pages["rev"]
    for text in ("Review", "Agreement", "Export", "Settings", "People", "Assignments"):
        assert f">{text}</a>" in pages["man"], text
    assert 'href="/projects/a/settings"' in pages["man"]
