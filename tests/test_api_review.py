"""Review and adjudication through the JSON API: the queue, differences, accepting into gold,
unanimous items, gold status; who may do it, and refusals that change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import LabelValue, Layer, Relation, Span
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from tests.review_world import build_disagreement

#: The project-wide accept takes the documents someone has not finished only when asked
#: (services/review/accept_scope.py): alice and bob here have not marked theirs done.
INCLUDE_UNFINISHED = {"include_unfinished": True}


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    doc, users, layers, claims = world["doc"], world["users"], world["layers"], world["claims"]
    other = make_document(make_project("other"), "Another project's text.", external_id="o1")
    sources = {n: add_span(session, layers[n], "SOURCE", 0, 9) for n in ("alice", "bob")}
    relation = add_relation(
        session, layers["alice"], "ATTRIBUTED_TO", claims["alice"].id, sources["alice"].id
    )
    set_label(session, layers["alice"], 1, "bias", "BIASED")
    set_label(session, layers["bob"], 1, "bias", "BIASED")
    session.commit()
    headers = {n: make_token(u) for n, u in users.items()}
    return {
        "doc": doc,
        "other": other,
        "users": users,
        "claims": claims,
        "sources": sources,
        "relation": relation,
        "headers": headers,
    }


def _gold_rows(session: Any, model: Any) -> list[Any]:
    session.expire_all()
    gold = select(Layer.id).where(Layer.user_id.is_(None))
    return list(session.scalars(select(model).where(model.layer_id.in_(gold))))


def test_the_queue_and_the_differences_of_a_document(client, session, world) -> None:
    world["doc"].title = "Talks"
    session.commit()
    rita = world["headers"]["rita"]
    queue = client.get("/api/v1/projects/demo/review", headers=rita)
    assert queue.status_code == 200
    (item,) = queue.get_json()["documents"]
    assert (item["document"], item["external_id"], item["annotators"]) == (world["doc"].id, "d1", 2)
    assert item["gold_status"] == "open" and item["disagreement"] > 0
    assert item["title"] == "Talks"  # the page lists documents by title too
    answer = client.get(f"/api/v1/projects/demo/review/{world['doc'].id}", headers=rita)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["layers"] == ["alice", "bob"]
    kinds = {d["kind"] for d in body["differences"]}
    assert {"boundary", "sentence_label", "relation_only_some"} <= kinds
    boundary = next(d for d in body["differences"] if d["kind"] == "boundary")
    accepts = {v["annotator"]: v["accept"] for v in boundary["versions"]}
    assert accepts["alice"] == {"kind": "span", "id": world["claims"]["alice"].id}
    # the bias label both gave alike is not a difference
    assert not any("bias" in d["summary"] for d in body["differences"])


def test_anonymous_names_hide_the_annotators(client, world) -> None:
    answer = client.get(
        f"/api/v1/projects/demo/review/{world['doc'].id}?anonymous=1",
        headers=world["headers"]["rita"],
    )
    text = answer.get_data(as_text=True)
    assert "Annotator 1" in text and "alice" not in text and "bob" not in text


def test_accepting_a_span_a_relation_and_a_label_writes_gold(client, session, world) -> None:
    rita, doc = world["headers"]["rita"], world["doc"].id
    url = f"/api/v1/projects/demo/review/{doc}/accept"
    relation = client.post(url, json={"kind": "relation", "id": world["relation"].id}, headers=rita)
    assert relation.status_code == 200 and relation.get_json()["kind"] == "relation"
    stance = next(
        row.id
        for row in session.scalars(select(LabelValue).where(LabelValue.name == "stance"))
        if row.value == "NONE"
    )
    assert client.post(url, json={"kind": "label", "id": stance}, headers=rita).status_code == 200
    spans = {(s.label, s.start, s.end, s.source_layer) for s in _gold_rows(session, Span)}
    # Each names the annotators whose own span is exactly gold's: bob marked the same source.
    assert spans == {("CLAIM", 15, 31, "alice"), ("SOURCE", 0, 9, "alice,bob")}
    (gold_relation,) = _gold_rows(session, Relation)
    assert gold_relation.decided_by_id == world["users"]["rita"].id
    labels = {(v.sentence_index, v.name, v.value) for v in _gold_rows(session, LabelValue)}
    assert labels == {(0, "stance", "NONE")}
    queue = client.get("/api/v1/projects/demo/review", headers=rita).get_json()
    assert queue["documents"][0]["gold_status"] == "in_review"


def test_unanimous_items_and_the_gold_status(client, session, world) -> None:
    rita, doc = world["headers"]["rita"], world["doc"].id
    answer = client.post(f"/api/v1/projects/demo/review/{doc}/unanimous", headers=rita)
    assert answer.status_code == 200
    assert answer.get_json() == {
        "spans": 1,
        "relations": 0,
        "labels": 1,
        "documents": 1,
        "skipped": [],
        "skipped_final": 0,
        "skipped_unfinished": 0,
        "included_unfinished": 0,
        "unfinished_named": [],
        "filtered_out": [],
        "warnings": [],
    }
    assert {(s.label, s.source_layer) for s in _gold_rows(session, Span)} == {
        ("SOURCE", "alice,bob")
    }
    status = client.put(
        f"/api/v1/projects/demo/review/{doc}/status", json={"status": "final"}, headers=rita
    )
    # Gold holds the unanimous items already: none lacking (the answer's extension).
    assert status.get_json() == {
        "document": doc,
        "gold_status": "final",
        "unanimous_lacking": 0,
        "unanimous_accepted": None,
        "to_decide": 3,
        # Neither marked the document done: named (the answer's extension).
        "not_done": [
            {"annotator": "alice", "status": "in_progress"},
            {"annotator": "bob", "status": "in_progress"},
        ],
        "never_taken": None,
        "required_missing": [],  # the schema requires no field
        # What final gold leaves out, in the page's and the command line's words.
        "warnings": [
            "3 differences still undecided in #1 (d1): gold holds none of their versions "
            "(marking final decides nothing)."
        ],
    }
    # a final document is left alone by the project-wide action; reopened, it is not
    again = client.post(
        "/api/v1/projects/demo/review/unanimous", json=INCLUDE_UNFINISHED, headers=rita
    ).get_json()
    assert (again["documents"], again["skipped_final"]) == (0, 1)
    reopened = client.put(
        f"/api/v1/projects/demo/review/{doc}/status", json={"status": "open"}, headers=rita
    )
    assert reopened.status_code == 200
    queue = client.get("/api/v1/projects/demo/review", headers=rita).get_json()
    assert queue["documents"][0]["gold_status"] == "open"
    for span in _gold_rows(session, Span):
        session.delete(span)
    session.commit()
    again = client.post(
        "/api/v1/projects/demo/review/unanimous", json=INCLUDE_UNFINISHED, headers=rita
    ).get_json()
    assert (again["documents"], again["spans"], again["labels"]) == (1, 1, 0)


def test_unanimous_with_nothing_in_common_leaves_no_gold(client, session, world) -> None:
    """Two annotators who agree on nothing: no gold layer appears and the document stays open."""
    rita = world["headers"]["rita"]
    for model in (Relation, LabelValue, Span):
        for row in session.scalars(select(model)):
            if (
                model is not Span
                or row.label == "SOURCE"
                and row.layer_id != world["sources"]["alice"].layer_id
            ):
                session.delete(row)
    session.commit()
    answer = client.post(f"/api/v1/projects/demo/review/{world['doc'].id}/unanimous", headers=rita)
    assert answer.get_json() == {
        "spans": 0,
        "relations": 0,
        "labels": 0,
        "documents": 0,
        "skipped": [],
        "skipped_final": 0,
        "skipped_unfinished": 0,
        "included_unfinished": 0,
        "unfinished_named": [],
        "filtered_out": [],
        "warnings": [],
    }
    session.expire_all()
    assert session.scalars(select(Layer).where(Layer.user_id.is_(None))).first() is None
    queue = client.get("/api/v1/projects/demo/review", headers=rita).get_json()
    assert queue["documents"][0]["gold_status"] == "open"


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/projects/demo/review", "GET"),
        ("/projects/demo/review/{doc}", "GET"),
        ("/projects/demo/review/{doc}/unanimous", "POST"),
        ("/projects/demo/review/unanimous", "POST"),
        ("/projects/demo/review/{doc}/accept", "POST"),
        ("/projects/demo/review/{doc}/status", "PUT"),
        ("/projects/nowhere/review", "GET"),
    ],
)
def test_annotators_are_refused_and_nothing_is_written(client, session, world, path, method):
    """403 for annotators of the project; 404 for a project they are not in, as for none."""
    url = "/api/v1" + path.format(doc=world["doc"].id)
    body = {"kind": "span", "id": world["claims"]["alice"].id, "status": "final"}
    answer = client.open(url, method=method, json=body, headers=world["headers"]["alice"])
    assert answer.status_code == (404 if "nowhere" in path else 403)
    assert client.open(url, method=method, json=body).status_code == 401
    assert _gold_rows(session, Span) == [] and _gold_rows(session, LabelValue) == []


def _refused(client: Any, world: Any, body: Any, doc: int | None = None) -> Any:
    doc = world["doc"].id if doc is None else doc
    return client.post(
        f"/api/v1/projects/demo/review/{doc}/accept", json=body, headers=world["headers"]["rita"]
    )


def test_bad_accept_requests_are_refused_naming_the_problem(client, session, world) -> None:
    alice_claim = world["claims"]["alice"].id
    cases = [
        ({"id": alice_claim}, 400, "'kind' is missing"),
        ({"kind": "span", "id": "7"}, 400, "'id' must be an integer"),
        ({"kind": "shape", "id": alice_claim}, 422, "kind must be one of"),
        ({"kind": "span", "id": 999999}, 404, "no span 999999"),
        ({"kind": "attribute", "id": alice_claim}, 422, "needs the attribute's name"),
        (
            {"kind": "attribute", "id": alice_claim, "attribute": "colour"},
            422,
            "span label 'CLAIM' has no attribute 'colour'",
        ),
    ]
    for body, status, message in cases:
        answer = _refused(client, world, body)
        assert answer.status_code == status, (body, answer.get_json())
        assert message in answer.get_json()["error"]["message"]
    # a document of another project, and a span of another document
    assert (
        _refused(client, world, {"kind": "span", "id": alice_claim}, world["other"].id).status_code
        == 404
    )
    gold = client.post(
        f"/api/v1/projects/demo/review/{world['doc'].id}/accept",
        json={"kind": "span", "id": alice_claim},
        headers=world["headers"]["rita"],
    ).get_json()["gold_id"]
    answer = _refused(client, world, {"kind": "span", "id": gold})
    assert answer.status_code == 422
    assert "only an annotator's item" in answer.get_json()["error"]["message"]
    assert session.scalar(select(func.count()).select_from(Span)) == 5


def test_a_bad_gold_status_is_refused(client, session, world) -> None:
    answer = client.put(
        f"/api/v1/projects/demo/review/{world['doc'].id}/status",
        json={"status": "done"},
        headers=world["headers"]["rita"],
    )
    assert answer.status_code == 422
    assert "gold status must be one of" in answer.get_json()["error"]["message"]
    assert answer.get_json()["error"]["details"] == {
        "field": "status",
        "allowed": ["open", "in_review", "final"],
    }


def test_review_writes_and_imports_refuse_an_idempotency_key(client, session, world) -> None:
    """Their answers (an outcome, counts) are not rows a key's record could replay, so a key
    is refused with a 400 naming it, and nothing is applied."""
    headers = world["headers"]["rita"] | {"Idempotency-Key": "accept-1"}
    url = f"/api/v1/projects/demo/review/{world['doc'].id}/accept"
    answer = client.post(
        url, json={"kind": "span", "id": world["claims"]["alice"].id}, headers=headers
    )
    assert answer.status_code == 400
    assert "takes no Idempotency-Key" in answer.get_json()["error"]["message"]
    assert _gold_rows(session, Span) == []
    imported = client.post(
        "/api/v1/projects/demo/documents",
        json=[{"id": "n1", "text": "A new text."}],
        headers=headers,
    )
    assert imported.status_code == 400
    assert "takes no Idempotency-Key" in imported.get_json()["error"]["message"]
    without = client.post(
        "/api/v1/projects/demo/documents",
        json=[{"id": "n1", "text": "A new text."}],
        headers=world["headers"]["rita"],
    )
    assert without.status_code == 201, without.get_json()
    described = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/projects/{slug}/documents", "/projects/{slug}/review/{document_id}/accept"):
        names = [p["name"] for p in described[path]["post"].get("parameters", [])]
        assert "Idempotency-Key" not in names
    spans = [p["name"] for p in described["/documents/{document_id}/spans"]["post"]["parameters"]]
    assert "Idempotency-Key" in spans
