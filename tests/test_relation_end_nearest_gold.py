"""Accepting bob's relation where gold holds two of alice's claims that could stand for its
end: it ends at the one sharing the most characters with his end, and says so; only two that
cover it alike are refused, naming both.

alice marked two CLAIMs side by side, bob one CLAIM across both with a relation to the
SOURCE they both marked (alice's from her second claim). Gold holds alice's two (her
version): bob's relation was refused whichever the claims, as if gold held two versions of
that difference.
"""

from __future__ import annotations

from typing import Any

from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from tests.helpers import login, review_team
from tests.review_page_forms import accept_forms

#: The first claim is one character longer than the second: it covers more of bob's.
LONGER = "Taxes will rise next year. Schools will close in May, officials said."
#: Two claims of one length: bob's covers both alike.
ALIKE = "Taxes rise. Rents rise. So officials said."


def _world(
    text: str, session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> dict[str, Any]:
    first = (0, text.index(".") + 1)
    # The second claim: up to the comma, or the next sentence's full stop.
    second = (
        first[1] + 1,
        text.index("," if "," in text else ".", first[1] + 1) + (0 if "," in text else 1),
    )
    officials = (text.index("officials"), text.index("officials") + len("officials"))
    doc = make_document(make_project("demo"), text, external_id="d1")
    users = review_team(make_user, assign, doc)
    alice = open_layer(session, users["alice"], doc, None)
    bob = open_layer(session, users["bob"], doc, None)
    alices = add_span(session, alice, "CLAIM", *first)
    alices_second = add_span(session, alice, "CLAIM", *second)
    alices_source = add_span(session, alice, "SOURCE", *officials)
    hers = add_relation(session, alice, "ATTRIBUTED_TO", alices_second.id, alices_source.id)
    claim = add_span(session, bob, "CLAIM", 0, second[1])
    source = add_span(session, bob, "SOURCE", *officials)
    relation = add_relation(session, bob, "ATTRIBUTED_TO", claim.id, source.id)
    session.commit()
    return {
        "doc": doc,
        "users": users,
        "alices": alices.id,
        "relation": relation.id,
        "hers": hers.id,
        "first": first,
        "second": second,
        "officials": officials,
    }


def _accept(client: Any, token: dict[str, str], doc_id: int, kind: str, item_id: int) -> Any:
    return client.post(
        f"/api/v1/projects/demo/review/{doc_id}/accept",
        headers=token,
        json={"kind": kind, "id": item_id},
    )


def _gold(client: Any, token: dict[str, str], doc_id: int) -> dict[str, Any]:
    answer = client.get(f"/api/v1/documents/{doc_id}/annotations?layer=gold", headers=token)
    assert answer.status_code == 200
    return answer.get_json()


def test_bobs_relation_ends_at_alices_claim_covering_more_of_his(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    world = _world(LONGER, session, make_user, make_project, make_document, assign)
    doc, token = world["doc"], make_token(world["users"]["rita"])
    assert _accept(client, token, doc.id, "span", world["alices"]).status_code == 200

    answer = _accept(client, token, doc.id, "relation", world["relation"])

    assert answer.status_code == 200, answer.get_json()
    start, end = world["first"]
    assert answer.get_json()["ends_at"] == [
        {
            "end": f"CLAIM [0, {world['second'][1]}) “{LONGER[: world['second'][1]]}”",
            "gold": f"CLAIM [{start}, {end}) “{LONGER[start:end]}”",
        }
    ]
    gold = _gold(client, token, doc.id)
    spans = {s["id"]: (s["label"], s["start"], s["end"]) for s in gold["spans"]}
    assert sorted(spans.values()) == [
        ("CLAIM", *world["first"]),
        ("CLAIM", *world["second"]),
        ("SOURCE", *world["officials"]),
    ]
    assert [(spans[r["from"]], spans[r["to"]]) for r in gold["relations"]] == [
        (("CLAIM", *world["first"]), ("SOURCE", *world["officials"]))
    ]
    review = client.get(f"/api/v1/projects/demo/review/{doc.id}", headers=token).get_json()
    assert [d["decided"] for d in review["differences"]] == [True] * len(review["differences"])


def test_the_page_says_where_bobs_relation_ended(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    world = _world(LONGER, session, make_user, make_project, make_document, assign)
    doc, token = world["doc"], make_token(world["users"]["rita"])
    assert _accept(client, token, doc.id, "span", world["alices"]).status_code == 200
    login(client, "rita")

    page = client.get(f"/projects/demo/review/{doc.id}").get_data(as_text=True)
    (form,) = [f for f in accept_forms(page) if f.fields["id"] == str(world["relation"])]

    answer = client.post(form.action, data=form.fields, follow_redirects=True)

    page = " ".join(answer.get_data(as_text=True).split())
    assert (
        "Its end CLAIM [0, 52) “Taxes will rise next year. Schools will close in May” is "
        "gold’s CLAIM [0, 26) “Taxes will rise next year.”, which decided that span’s "
        "difference." in page
    )


def test_two_claims_covering_bobs_end_alike_are_refused_named(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    world = _world(ALIKE, session, make_user, make_project, make_document, assign)
    doc, token = world["doc"], make_token(world["users"]["rita"])
    assert world["second"] == (12, 23)
    assert _accept(client, token, doc.id, "span", world["alices"]).status_code == 200

    answer = _accept(client, token, doc.id, "relation", world["relation"])

    assert answer.status_code == 409
    error = answer.get_json()["error"]
    assert error["details"]["candidates"] == [
        "CLAIM [0, 11) “Taxes rise.”",
        "CLAIM [12, 23) “Rents rise.”",
    ]
    assert (
        "gold's CLAIM [0, 11) “Taxes rise.” and CLAIM [12, 23) “Rents rise.” cover it alike"
        in (error["message"])
    )
    assert _gold(client, token, doc.id)["relations"] == []


def test_taking_bobs_relation_instead_of_alices_takes_his_claim_for_her_two(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    """Her relation accepted (gold holds her two claims): his taken instead ends at his one
    claim, which replaces her two whole, never one of hers moved beside the other."""
    world = _world(LONGER, session, make_user, make_project, make_document, assign)
    doc, token = world["doc"], make_token(world["users"]["rita"])
    assert _accept(client, token, doc.id, "relation", world["hers"]).status_code == 200
    url = f"/api/v1/projects/demo/review/{doc.id}"
    (difference,) = [
        d
        for d in client.get(url, headers=token).get_json()["differences"]
        if d["kind"].startswith("relation")
    ]

    answer = client.post(
        f"{url}/take",
        headers=token,
        json={"difference": difference["key"], "kind": "relation", "id": world["relation"]},
    )

    assert answer.status_code == 200, answer.get_json()
    claim = (0, world["second"][1])
    gold = _gold(client, token, doc.id)
    spans = {s["id"]: (s["label"], s["start"], s["end"]) for s in gold["spans"]}
    assert sorted(spans.values()) == [("CLAIM", *claim), ("SOURCE", *world["officials"])]
    assert [(spans[r["from"]], spans[r["to"]]) for r in gold["relations"]] == [
        (("CLAIM", *claim), ("SOURCE", *world["officials"]))
    ]
    assert answer.get_json()["removed"] == ["CLAIM [27, 52) “Schools will close in May”"]
    review = client.get(url, headers=token).get_json()
    assert [(d["decided"], d["taken"]) for d in review["differences"]] == [(True, ["bob"])] * len(
        review["differences"]
    )
