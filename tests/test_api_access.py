"""Who may read and write which layer, credentials, CSRF, and malformed bodies."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import LabelValue, Layer, Relation, Span
from tests.api_world import World, build_world
from tests.helpers import login


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _counts(session: Any) -> tuple[int, int, int, int]:
    """Count the annotation rows of every layer, straight from the database."""
    session.expire_all()
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(model))
        for model in (Layer, Span, Relation, LabelValue)
    )


# -- reading ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "annotator", "on_other_doc", "expected"),
    [
        ("alice", None, False, 200),
        ("alice", "alice", False, 200),
        ("alice", "bob", False, 403),
        ("alice", "gold", False, 403),
        ("alice", None, True, 404),  # not assigned that document: hidden, as if missing
        ("carol", None, False, 404),
        ("carol", "alice", False, 404),
        ("rita", "alice", False, 200),
        ("rita", "gold", False, 200),
        ("rita", None, True, 200),  # a reviewer's own (empty) layer
        ("ada", "bob", False, 200),
        ("ada", "gold", True, 200),
        ("rita", "nobody", False, 404),
    ],
)
def test_who_may_read_which_layer(
    world: World, who: str, annotator: str | None, on_other_doc: bool, expected: int
) -> None:
    world.span("alice", "CLAIM", 0, 9)
    world.span("bob", "SOURCE", 0, 9)
    world.span("rita", query="?layer=gold")
    doc = world.other if on_other_doc else world.doc
    query = f"?annotator={annotator}" if annotator else ""
    response = world.call(who, "GET", f"/documents/{doc.id}/annotations{query}")
    assert response.status_code == expected
    if expected != 200:
        assert "spans" not in response.get_json()
        assert response.get_json()["error"]["code"] in ("forbidden", "not_found")


def test_reviewer_reads_each_layer_with_its_own_content(world: World) -> None:
    alices = world.span("alice", "CLAIM", 0, 9)
    bobs = world.span("bob", "SOURCE", 0, 9)
    golds = world.span("rita", "CUE", 10, 14, query="?layer=gold")
    assert world.layer("rita", "alice")["spans"] == [alices]
    assert world.layer("ada", "bob")["spans"] == [bobs]
    gold = world.layer("rita", "gold")
    # Gold's status is the document's gold status (a span in gold puts it in review).
    assert (gold["annotator"], gold["status"], gold["spans"]) == ("gold", "in_review", [golds])
    # Each annotator sees only their own.
    assert world.layer("alice")["spans"] == [alices]
    assert world.layer("bob")["spans"] == [bobs]


def test_reading_an_untouched_layer_is_empty_and_creates_nothing(world: World, session) -> None:
    layer = world.layer("alice")
    assert layer == {
        "annotator": "alice",
        "status": "new",
        "spans": [],
        "relations": [],
        "sentence_labels": [],
        "document_labels": [],
        "seconds": 0,
        # The schema's label fields' targets as this document reads them (target_from).
        "targets": {"stance": "Russian foreign policy"},
    }
    world.layer("rita", "gold")
    assert _counts(session) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("who", "expected"), [("alice", 200), ("carol", 404), ("rita", 200), ("ada", 200)]
)
def test_who_may_read_a_document(world: World, who: str, expected: int) -> None:
    response = world.call(who, "GET", f"/documents/{world.doc.id}")
    assert response.status_code == expected
    if expected == 200:
        body = response.get_json()
        assert body["text"] == world.doc.text
        assert body["project"] == "demo"
        assert [s["index"] for s in body["sentences"]] == [0, 1, 2]
        assert {s["end"] for s in body["sentences"]} <= set(range(len(body["text"]) + 1))


@pytest.mark.parametrize("path", ["/documents/999999", "/documents/99999999999999999999"])
def test_unknown_document_is_404(world: World, path: str) -> None:
    assert world.call("rita", "GET", path).status_code == 404
    assert world.call("rita", "GET", path + "/annotations").status_code == 404


# -- writing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "query", "on_other_doc", "expected", "layer_name"),
    [
        ("alice", "", False, 201, "alice"),
        ("alice", "?layer=alice", False, 201, "alice"),
        ("alice", "?layer=gold", False, 403, None),
        ("alice", "?layer=bob", False, 403, None),
        ("alice", "", True, 404, None),  # a document not hers is hidden
        ("carol", "", False, 404, None),
        ("rita", "", False, 403, None),  # a reviewer has no assignment, so no own layer here
        ("rita", "?layer=gold", False, 201, "gold"),
        ("ada", "?layer=gold", True, 201, "gold"),
        ("rita", "?layer=alice", False, 403, None),
    ],
)
def test_who_may_write_which_layer(
    world: World,
    session: Any,
    who: str,
    query: str,
    on_other_doc: bool,
    expected: int,
    layer_name: str | None,
) -> None:
    doc = world.other if on_other_doc else world.doc
    body = {"label": "CLAIM", "start": 0, "end": 6}
    response = world.call(who, "POST", f"/documents/{doc.id}/spans{query}", body)
    assert response.status_code == expected
    labels = world.call(
        who,
        "PUT",
        f"/documents/{doc.id}/labels{query}",
        {"sentence": 0, "name": "stance", "value": "NONE"},
    )
    assert labels.status_code == (200 if expected == 201 else expected)
    if expected == 201:
        assert world.layer("ada", layer_name, doc)["spans"] == [response.get_json()]
    else:
        assert _counts(session) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("owner", "owner_query", "who", "who_query", "expected"),
    [
        # A row of a layer the caller may not read is hidden (404); one they read, 403.
        ("alice", "", "bob", "", 404),
        ("alice", "", "carol", "", 404),
        ("alice", "", "rita", "", 403),
        ("alice", "", "rita", "?layer=gold", 403),
        ("rita", "?layer=gold", "alice", "", 404),
        ("rita", "?layer=gold", "alice", "?layer=gold", 404),
        ("rita", "?layer=gold", "ada", "?layer=gold", None),
        ("rita", "?layer=gold", "ada", "", None),
        ("alice", "", "alice", "", None),
    ],
)
def test_rows_are_changed_only_by_who_may_write_their_layer(
    world: World, owner: str, owner_query: str, who: str, who_query: str, expected: int | None
) -> None:
    claim = world.span(owner, "CLAIM", 15, 31, query=owner_query)
    source = world.span(owner, "SOURCE", 0, 9, query=owner_query)
    relation = world.call(
        owner,
        "POST",
        f"/documents/{world.doc.id}/relations{owner_query}",
        {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]},
    ).get_json()
    layer_name = "gold" if owner_query else owner
    before = world.layer("ada", layer_name)
    patch = world.call(who, "PATCH", f"/spans/{source['id']}{who_query}", {"end": 5})
    delete_relation = world.call(who, "DELETE", f"/relations/{relation['id']}{who_query}")
    delete_span = world.call(who, "DELETE", f"/spans/{claim['id']}{who_query}")
    statuses = (patch.status_code, delete_relation.status_code, delete_span.status_code)
    if expected is None:
        assert statuses == (200, 204, 204)
        assert [s["id"] for s in world.layer("ada", layer_name)["spans"]] == [source["id"]]
    else:
        assert statuses == (expected,) * 3
        assert world.layer("ada", layer_name) == before


def test_relation_cannot_use_spans_of_another_layer(world: World, session: Any) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    bobs_source = world.span("bob", "SOURCE", 0, 9)
    response = world.call(
        "alice",
        "POST",
        f"/documents/{world.doc.id}/relations",
        {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": bobs_source["id"]},
    )
    assert response.status_code == 422
    gold = world.call(
        "rita",
        "POST",
        f"/documents/{world.doc.id}/relations?layer=gold",
        {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": bobs_source["id"]},
    )
    assert gold.status_code == 422
    assert session.scalar(select(func.count()).select_from(Relation)) == 0


def test_gold_writes_leave_assignments_alone(world: World) -> None:
    world.span("rita", query="?layer=gold")
    assert world.call("alice", "GET", f"/documents/{world.doc.id}").get_json()["status"] == "new"


# -- credentials --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic YWxpY2U6eA=="}],
    ids=["none", "bad token", "other scheme"],
)
@pytest.mark.parametrize(
    "path",
    [
        "/projects",
        "/projects/demo",
        "/projects/demo/documents",
        "/documents/{doc}",
        "/documents/{doc}/annotations",
    ],
)
def test_reads_without_valid_credentials_are_401(
    world: World, headers: dict[str, str], path: str
) -> None:
    response = world.client.get("/api/v1" + path.format(doc=world.doc.id), headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("headers", "expected"),
    # Without any credentials the CSRF check may answer before the 401 does.
    [({"Authorization": "Bearer nope"}, {401}), ({}, {401, 403})],
    ids=["bad token", "none"],
)
def test_writes_without_valid_credentials_store_nothing(
    world: World, session: Any, headers: dict[str, str], expected: set[int]
) -> None:
    response = world.client.post(
        f"/api/v1/documents/{world.doc.id}/spans",
        json={"label": "CLAIM", "start": 0, "end": 6},
        headers=headers,
    )
    assert response.status_code in expected
    assert _counts(session) == (0, 0, 0, 0)


def test_session_writes_need_the_csrf_header(
    client, make_user, make_token, make_project, make_document, assign, session
) -> None:
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    from annotator.services.accounts.users import create_user

    dora = create_user(session, "dora", "annotator", "correct horse battery")
    session.commit()
    assign(world.doc, dora)
    assert login(client, "dora").status_code == 302
    url = f"/api/v1/documents/{world.doc.id}/spans"
    body = {"label": "CLAIM", "start": 0, "end": 6}
    refused = client.post(url, json=body)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "csrf_failed"
    wrong = client.post(url, json=body, headers={"X-CSRFToken": "not-the-token"})
    assert wrong.status_code == 403
    assert _counts(session) == (0, 0, 0, 0)
    # Reads need no token; the token endpoint gives the one to send.
    assert client.get(f"/api/v1/documents/{world.doc.id}/annotations").status_code == 200
    token = client.get("/api/v1/csrf-token").get_json()["csrf_token"]
    accepted = client.post(url, json=body, headers={"X-CSRFToken": token})
    assert accepted.status_code == 201
    assert client.get(f"/api/v1/documents/{world.doc.id}/annotations").get_json()["spans"] == [
        accepted.get_json()
    ]


# -- reviewer-only resources --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/projects/{slug}/agreement",
        "/projects/{slug}/export",
        "/projects/{slug}/review",
    ],
)
@pytest.mark.parametrize("slug", ["demo", "no-such-project", "hidden"])
def test_annotators_learn_nothing_of_reviewer_resources(
    world: World, make_project: Any, path: str, slug: str
) -> None:
    """A project the annotator is not in answers 404, as a missing one does; their own, 403.

    Were a hidden project answered 403 and a missing one 404, the answers would tell which
    slugs exist.
    """
    make_project("hidden")
    response = world.call("alice", "GET", path.format(slug=slug))
    assert response.status_code == (403 if slug == "demo" else 404)
    assert world.call("rita", "GET", path.format(slug=slug)).status_code == (
        404 if slug == "no-such-project" else 200
    )


def test_a_row_write_naming_another_layer_is_refused_as_a_create_is(world: World) -> None:
    """?layer=bob on alice's own span is refused, as it is when creating a span."""
    span = world.span("alice", "CLAIM", 0, 9)
    patch = world.call("alice", "PATCH", f"/spans/{span['id']}?layer=bob", json={"label": "CUE"})
    create = world.call(
        "alice", "POST", f"/documents/{world.doc.id}/spans?layer=bob", json=span | {"id": None}
    )
    assert (patch.status_code, create.status_code) == (403, 403)
    assert (
        world.call("alice", "GET", f"/documents/{world.doc.id}/annotations").get_json()["spans"][0][
            "label"
        ]
        == "CLAIM"
    )
