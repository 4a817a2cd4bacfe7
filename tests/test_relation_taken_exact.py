"""Whose relation gold holds: the annotators whose relation's ends are exactly gold's, as the
export's provenance (``source.annotators``) names them.

alice and bob both attribute the claim "... talks failed" to "Officials", but from claims
with different starts (alice's from "the", bob's from "talks"). Gold keeping alice's
relation holds alice's version only: bob's is offered instead, and taking it brings bob's
claim into gold (gold's claim moved onto it, the link with it).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotator.services.review import adjudication
from annotator.services.review.decided_differences import document_to_decide
from tests.helpers import csrf_token_from, login
from tests.shifted_claim_world import (
    build_shifted_claim_world,
    difference_of,
)


@pytest.fixture
def world(session, make_user, make_project, make_document, make_token, assign) -> dict[str, Any]:
    return build_shifted_claim_world(
        session, make_user, make_project, make_document, make_token, assign
    )


_difference = difference_of


def _exported_relation_givers(client: Any, headers: dict[str, str]) -> list[list[str]]:
    """The ``source.annotators`` of each gold relation, as the jsonl export writes them."""
    answer = client.get(
        "/api/v1/projects/demo/export",
        query_string={"format": "jsonl", "layer": "gold"},
        headers=headers,
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    records = [json.loads(line) for line in answer.get_data(as_text=True).splitlines() if line]
    return [r["source"]["annotators"] for record in records for r in record["gold"]["relations"]]


def test_gold_keeping_alices_link_holds_alices_version_not_bobs(client, session, world) -> None:
    doc, rita, headers = world["doc"], world["users"]["rita"], world["token"]
    alice, bob = world["items"]["alice"], world["items"]["bob"]
    adjudication.accept_item(session, rita, doc, "relation", alice["relation"].id)
    session.commit()

    link = _difference(session, doc, "relation_spans")
    assert (link.decided, link.taken) == (True, ["alice"])
    assert _exported_relation_givers(client, headers) == [["alice"]]
    url = f"/api/v1/projects/demo/review/{doc.id}"
    differences = client.get(url, headers=headers).get_json()["differences"]
    said = next(d for d in differences if d["kind"] == "relation_spans")
    assert (said["decided"], said["taken"]) == (True, ["alice"])

    login(client, "rita")
    page = " ".join(
        client.get(f"/projects/demo/review/{doc.id}/curate").get_data(as_text=True).split()
    )
    card = page.split(f'id="diff-{link.number}"')[1].split('id="diff-')[0]
    assert "✓ Decided: gold holds alice’s" in card
    assert "Take bob’s instead" in card
    # The review page offers it too.
    review = " ".join(client.get(f"/projects/demo/review/{doc.id}").get_data(as_text=True).split())
    section = review.split(f'id="d-{link.number}"')[1].split("</section>")[0]
    assert "✓ Decided: gold holds alice’s" in section and "Take bob’s instead" in section

    # Taking bob's link (the card's button) brings his claim: gold's claim moves onto it.
    token = csrf_token_from(page)
    data = {"kind": "relation", "id": bob["relation"].id, "difference": link.key}
    answer = client.post(
        f"/projects/demo/review/{doc.id}/accept",
        data={"csrf_token": token, "back": "curate", **data},
    )
    assert answer.status_code == 302
    said = " ".join(client.get(answer.headers["Location"]).get_data(as_text=True).split())
    assert "Gold’s CLAIM [15, 31) “the talks failed” is now CLAIM [19, 31) “talks failed”" in said
    link = _difference(session, doc, "relation_spans")
    assert (link.decided, link.taken) == (True, ["bob"])
    assert _difference(session, doc, "boundary").taken == ["bob"]
    assert _exported_relation_givers(client, headers) == [["bob"]]
    assert document_to_decide(session, doc) == 0


def test_a_link_only_alice_drew_at_bobs_claim_is_decided_but_nobodys_exactly(
    client, session, world
) -> None:
    """Gold took bob's claim, then alice's link (bob drew none): gold's link ends at bob's
    claim, which is nobody's link exactly. Decided (alice's, at gold's spans for its ends),
    and the export names nobody."""
    doc, rita, headers = world["doc"], world["users"]["rita"], world["token"]
    alice, bob = world["items"]["alice"], world["items"]["bob"]
    session.delete(bob["relation"])
    session.commit()
    adjudication.accept_item(session, rita, doc, "span", bob["claim"].id)
    adjudication.accept_item(session, rita, doc, "relation", alice["relation"].id)
    session.commit()

    link = _difference(session, doc, "relation_only_some")
    assert (link.decided, link.taken, link.followed) == (True, [], ["alice"])
    assert _exported_relation_givers(client, headers) == [[]]
    assert document_to_decide(session, doc) == 0
