"""An accepted relation's end whose difference gold decided with another version: the
relation ends at gold's span for it, never at a second gold span of one difference.

alice and bob mark the claim "the talks failed" with different starts (alice's from "the",
bob's from "talks": the same end) and attribute it to the same SOURCE "Officials". Gold
taking bob's claim and then accepting alice's relation (or the other way round) leaves gold
one CLAIM, bob's, with the relation at it.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import Conflict
from annotator.models import Layer, Relation, Span
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from annotator.services.review import adjudication
from annotator.services.review.decided_differences import document_to_decide
from annotator.services.review.decision_changes.taking import take_instead
from tests.helpers import csrf_token_from, login
from tests.shifted_claim_world import (
    ALICES,
    BOBS,
    SOURCE,
    build_shifted_claim_world,
    difference_of,
)


@pytest.fixture
def world(session, make_user, make_project, make_document, make_token, assign) -> dict[str, Any]:
    return build_shifted_claim_world(
        session, make_user, make_project, make_document, make_token, assign
    )


_difference = difference_of


def _gold(session: Any) -> tuple[list[tuple[str, int, int]], list[tuple[str, tuple, tuple]]]:
    """Gold's spans (label, start, end) and its relations between them."""
    session.expire_all()
    gold = select(Layer.id).where(Layer.key == "gold")
    spans = {s.id: s for s in session.scalars(select(Span).where(Span.layer_id.in_(gold)))}
    keys = {i: (s.label, s.start, s.end) for i, s in spans.items()}
    relations = session.scalars(select(Relation).where(Relation.layer_id.in_(gold)))
    return sorted(keys.values(), key=lambda k: (k[1], k[2])), [
        (r.type, keys[r.from_span_id], keys[r.to_span_id]) for r in relations
    ]


def _accept(session: Any, world: dict[str, Any], kind: str, item: Any) -> None:
    adjudication.accept_item(session, world["users"]["rita"], world["doc"], kind, item.id)
    session.commit()


def test_a_link_accepted_after_the_other_boundary_ends_at_golds_span(session, world) -> None:
    doc, alice, bob = world["doc"], world["items"]["alice"], world["items"]["bob"]
    _accept(session, world, "span", bob["claim"])
    # Only the SOURCE is brought in: gold's claim (bob's) stands for alice's.
    assert adjudication.ends_gold_lacks(session, doc, alice["relation"].id) == [SOURCE]

    _accept(session, world, "relation", alice["relation"])

    assert _gold(session) == ([SOURCE, BOBS], [("ATTRIBUTED_TO", BOBS, SOURCE)])
    boundary = _difference(session, doc, "boundary")
    assert (boundary.decided, boundary.taken) == (True, ["bob"])
    # The link's own difference is decided: gold holds it, between gold's spans for its ends.
    assert _difference(session, doc, "relation_spans").decided is True
    assert document_to_decide(session, doc) == 0


def test_taking_the_other_boundary_after_the_link_moves_the_link_with_it(session, world) -> None:
    doc, rita = world["doc"], world["users"]["rita"]
    alice, bob = world["items"]["alice"], world["items"]["bob"]
    _accept(session, world, "relation", alice["relation"])
    assert _gold(session) == ([SOURCE, ALICES], [("ATTRIBUTED_TO", ALICES, SOURCE)])

    take_instead(
        session, rita, doc, _difference(session, doc, "boundary").key, "span", bob["claim"].id
    )
    session.commit()

    assert _gold(session) == ([SOURCE, BOBS], [("ATTRIBUTED_TO", BOBS, SOURCE)])
    assert _difference(session, doc, "boundary").taken == ["bob"]
    assert _difference(session, doc, "relation_spans").decided is True
    # Accepting alice's link again changes nothing: gold holds it at bob's claim.
    _accept(session, world, "relation", alice["relation"])
    assert _gold(session) == ([SOURCE, BOBS], [("ATTRIBUTED_TO", BOBS, SOURCE)])


def test_an_end_gold_decided_with_another_label_is_refused_naming_the_difference(
    session, world
) -> None:
    """bob's span over "talks failed" is a CUE, and gold took it: alice's CLAIM cannot end
    her link at a CUE, nor come in beside it (two gold spans of one difference)."""
    alice, bob = world["items"]["alice"], world["items"]["bob"]
    session.delete(bob["relation"])
    session.delete(bob["claim"])
    session.flush()
    cue = add_span(session, bob["layer"], "CUE", 19, 31)
    session.commit()
    _accept(session, world, "span", cue)
    before = _gold(session)

    with pytest.raises(Conflict) as refusal:
        _accept(session, world, "relation", alice["relation"])
    session.rollback()

    said = refusal.value.message
    assert "alice's CLAIM [15, 31) “the talks failed”" in said
    assert "difference 1" in said and "CUE [19, 31) “talks failed”" in said
    assert "decide it first" in said
    assert _gold(session) == before


def test_two_gold_spans_of_one_difference_do_not_decide_it(session, world) -> None:
    """Gold written before the rule (or in the gold layer) holds alice's and bob's claims:
    no version decides the boundary difference; it says so, and counts as to decide."""
    doc, rita = world["doc"], world["users"]["rita"]
    gold = ensure_layer(session, doc, None)
    for label, start, end in (ALICES, BOBS):
        add_span(session, gold, label, start, end)
    session.commit()

    boundary = _difference(session, doc, "boundary")
    assert (boundary.decided, boundary.taken, boundary.split) == (False, ["alice", "bob"], True)
    assert document_to_decide(session, doc) >= 1
    # Taking one instead is refused (which one to keep is the gold layer's), reopening works.
    with pytest.raises(Conflict, match="gold holds 2 spans of that difference"):
        take_instead(session, rita, doc, boundary.key, "span", world["items"]["bob"]["claim"].id)
    session.rollback()


def test_the_review_api_follows_golds_span_and_shows_two_gold_spans_undecided(
    client, session, world
) -> None:
    doc, headers = world["doc"], world["token"]
    alice, bob = world["items"]["alice"], world["items"]["bob"]
    url = f"/api/v1/projects/demo/review/{doc.id}"
    for kind, item in (("span", bob["claim"]), ("relation", alice["relation"])):
        answer = client.post(f"{url}/accept", json={"kind": kind, "id": item.id}, headers=headers)
        assert answer.status_code == 200, answer.get_json()
    assert _gold(session) == ([SOURCE, BOBS], [("ATTRIBUTED_TO", BOBS, SOURCE)])
    differences = client.get(url, headers=headers).get_json()["differences"]
    boundary = next(d for d in differences if d["kind"] == "boundary")
    assert (boundary["decided"], boundary["taken"], boundary["split"]) == (True, ["bob"], False)
    assert all(d["decided"] for d in differences if d["kind"].startswith("relation"))

    # Gold holding both claims (as the accept wrote before the rule): decided by neither.
    add_span(session, ensure_layer(session, doc, None), *ALICES)
    session.commit()
    differences = client.get(url, headers=headers).get_json()["differences"]
    boundary = next(d for d in differences if d["kind"] == "boundary")
    assert (boundary["decided"], boundary["split"]) == (False, True)


def test_an_ambiguous_end_is_refused_by_the_api_with_409(client, session, world) -> None:
    doc, headers = world["doc"], world["token"]
    alice, bob = world["items"]["alice"], world["items"]["bob"]
    session.delete(bob["relation"])
    session.delete(bob["claim"])
    session.flush()
    cue = add_span(session, bob["layer"], "CUE", 19, 31)
    session.commit()
    url = f"/api/v1/projects/demo/review/{doc.id}/accept"
    assert client.post(url, json={"kind": "span", "id": cue.id}, headers=headers).status_code == 200
    answer = client.post(
        url, json={"kind": "relation", "id": alice["relation"].id}, headers=headers
    )
    assert answer.status_code == 409
    assert "decide it first" in answer.get_json()["error"]["message"]
    assert _gold(session) == ([("CUE", 19, 31)], [])


def test_the_curation_page_says_which_end_the_link_took(client, session, world) -> None:
    doc, alice, bob = world["doc"], world["items"]["alice"], world["items"]["bob"]
    login(client, "rita")
    page = f"/projects/demo/review/{doc.id}"

    def post(data: dict[str, Any]) -> str:
        token = csrf_token_from(client.get(f"{page}/curate").get_data(as_text=True))
        answer = client.post(f"{page}/accept", data={"csrf_token": token, "back": "curate", **data})
        assert answer.status_code == 302
        return " ".join(client.get(answer.headers["Location"]).get_data(as_text=True).split())

    post({"kind": "span", "id": bob["claim"].id})
    said = post({"kind": "relation", "id": alice["relation"].id})
    assert "it brought its end into gold too: SOURCE [0, 9) “Officials”" in said
    assert (
        "Its end CLAIM [15, 31) “the talks failed” is gold’s CLAIM [19, 31) “talks failed”" in said
    )
    number = _difference(session, doc, "boundary").number
    card = said.split(f'id="diff-{number}"')[1].split("</li> <li")[0]
    assert "✓ Decided: gold holds bob’s" in card


def test_with_names_hidden_the_page_s_refusal_names_nobody(client, session, world) -> None:
    """The service words the refusal with the names as the page shows them: alice is
    Annotator 1 there, and the difference is numbered as the hidden page numbers it."""
    doc, alice, bob = world["doc"], world["items"]["alice"], world["items"]["bob"]
    session.delete(bob["relation"])
    session.delete(bob["claim"])
    session.flush()
    cue = add_span(session, bob["layer"], "CUE", 19, 31)
    session.commit()
    login(client, "rita")
    page = f"/projects/demo/review/{doc.id}"
    for data in ({"kind": "span", "id": cue.id}, {"kind": "relation", "id": alice["relation"].id}):
        token = csrf_token_from(client.get(f"{page}?anonymous=1").get_data(as_text=True))
        answer = client.post(f"{page}/accept", data={"csrf_token": token, "anonymous": "1", **data})
        assert answer.status_code == 302
    said = " ".join(client.get(answer.headers["Location"]).get_data(as_text=True).split())
    number = _difference(session, doc, "boundary").number
    assert (
        "Not accepted: Annotator 1&#39;s CLAIM [15, 31) “the talks failed”, an end of that "
        f"relation, is a version of difference {number} (CLAIM/CUE: same end; the starts are "
        "4 characters apart), of which gold holds CUE [19, 31) “talks failed”: decide it first "
        "(take Annotator 1&#39;s version instead, or reopen it)" in said
    )
    assert "alice" not in said and "bob" not in said
    assert _gold(session) == ([("CUE", 19, 31)], [])
