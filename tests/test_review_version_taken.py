"""Whose version gold holds (``taken``) is whose version of that difference gold holds as a
whole, not whoever has a span of it in gold.

alice marked two CLAIMs side by side, bob the first of them only, carol one CLAIM across
both: one difference. Gold holding alice's two holds bob's claim too, but his version (one
claim, not two) is not the one accepted: the API named him "taken" and the page offered no
"Take bob's instead".
"""

from __future__ import annotations

from typing import Any

from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import login, review_team
from tests.review_page_forms import accept_forms

TEXT = "Taxes will rise next year. Schools will close in May."
FIRST = (0, TEXT.index(".") + 1)
SECOND = (TEXT.index("Schools"), len(TEXT))


def _world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any):
    doc = make_document(make_project("demo"), TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    users["carol"] = make_user("carol", "annotator")
    assign(doc, users["carol"])
    layers = {
        name: open_layer(session, users[name], doc, None) for name in ("alice", "bob", "carol")
    }
    ids = {
        "alice": add_span(session, layers["alice"], "CLAIM", *FIRST).id,
        "bob": add_span(session, layers["bob"], "CLAIM", *FIRST).id,
        "carol": add_span(session, layers["carol"], "CLAIM", 0, len(TEXT)).id,
    }
    add_span(session, layers["alice"], "CLAIM", *SECOND)
    session.commit()
    return doc, users, ids


def _difference(client: Any, token: dict[str, str], doc_id: int) -> dict[str, Any]:
    answer = client.get(f"/api/v1/projects/demo/review/{doc_id}", headers=token)
    assert answer.status_code == 200
    (difference,) = answer.get_json()["differences"]
    return difference


def _accept(client: Any, token: dict[str, str], doc_id: int, span_id: int) -> None:
    answer = client.post(
        f"/api/v1/projects/demo/review/{doc_id}/accept",
        headers=token,
        json={"kind": "span", "id": span_id},
    )
    assert answer.status_code == 200, answer.get_json()


def test_alices_two_claims_taken_name_alice_only(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    doc, users, ids = _world(session, make_user, make_project, make_document, assign)
    token = make_token(users["rita"])

    _accept(client, token, doc.id, ids["alice"])

    difference = _difference(client, token, doc.id)
    assert (difference["decided"], difference["taken"]) == (True, ["alice"])


def test_bobs_one_claim_taken_names_bob_only(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    """Gold holds alice's first claim as bob's version: hers has a second, not in gold."""
    doc, users, ids = _world(session, make_user, make_project, make_document, assign)
    token = make_token(users["rita"])

    _accept(client, token, doc.id, ids["bob"])

    difference = _difference(client, token, doc.id)
    assert (difference["decided"], difference["taken"]) == (True, ["bob"])


def test_the_page_offers_bobs_version_instead_of_alices(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    doc, users, ids = _world(session, make_user, make_project, make_document, assign)
    _accept(client, make_token(users["rita"]), doc.id, ids["alice"])
    login(client, "rita")

    page = " ".join(client.get(f"/projects/demo/review/{doc.id}").get_data(as_text=True).split())

    assert "Decided: gold holds alice’s" in page
    offered = {f.fields["id"]: f.button.strip() for f in accept_forms(page)}
    assert offered == {
        str(ids["bob"]): "Take bob’s instead",
        str(ids["carol"]): "Take carol’s instead",
    }


def test_taking_bobs_version_instead_of_alices_keeps_her_first_claim_only(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    """His one claim is her first: it stays, her second goes; the API refused it as held."""
    doc, users, ids = _world(session, make_user, make_project, make_document, assign)
    token = make_token(users["rita"])
    _accept(client, token, doc.id, ids["alice"])
    key = _difference(client, token, doc.id)["key"]

    answer = client.post(
        f"/api/v1/projects/demo/review/{doc.id}/take",
        headers=token,
        json={"difference": key, "annotator": "bob"},
    )

    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["removed"] == ["CLAIM [27, 53) “Schools will close in May.”"]
    assert answer.get_json()["replaced"] == []
    gold = client.get(f"/api/v1/documents/{doc.id}/annotations?layer=gold", headers=token)
    assert [(s["start"], s["end"]) for s in gold.get_json()["spans"]] == [FIRST]
    assert _difference(client, token, doc.id)["taken"] == ["bob"]
