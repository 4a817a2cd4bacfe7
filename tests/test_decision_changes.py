"""A difference decided by a version in gold can be changed: another version taken instead,
or reopened; and accepting a relation says which end spans it brought into gold.

alice and bob mark the same claim and attribute it to a SOURCE, of different extents (alice
"Officials", bob "Officials said"). Accepting alice's relation brings her SOURCE into gold as
its end, which decides the SOURCE's boundary difference with alice's version, unasked.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import Conflict, Invalid
from annotator.models import Layer, Relation, Span
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from annotator.services.review import adjudication
from annotator.services.review.curation import curation_view
from annotator.services.review.decided_differences import CuratedDifference
from annotator.services.review.decision_changes.reopening import reopen_difference
from annotator.services.review.decision_changes.taking import take_instead
from tests.helpers import csrf_token_from, login, review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    items: dict[str, Any] = {}
    for name, source_end in (("alice", 9), ("bob", 14)):
        layer = open_layer(session, users[name], doc, None)
        claim = add_span(session, layer, "CLAIM", 15, 31)
        source = add_span(session, layer, "SOURCE", 0, source_end)
        relation = add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
        items[name] = {"layer": layer, "source": source, "relation": relation}
    session.commit()
    return {"doc": doc, "users": users, "items": items}


def _boundary(session: Any, doc: Any) -> CuratedDifference:
    session.expire_all()
    return next(
        d for d in curation_view(session, doc).differences if d.difference.kind == "boundary"
    )


def _gold(session: Any) -> tuple[list[tuple[int, str, int, int]], list[tuple[str, int, int]]]:
    session.expire_all()
    gold = select(Layer.id).where(Layer.key == "gold")
    spans = session.scalars(select(Span).where(Span.layer_id.in_(gold)).order_by(Span.start))
    relations = session.scalars(select(Relation).where(Relation.layer_id.in_(gold)))
    return [(s.id, s.label, s.start, s.end) for s in spans], [
        (r.type, r.from_span_id, r.to_span_id) for r in relations
    ]


def _accept_alices_relation(session: Any, world: dict[str, Any]) -> None:
    rita, relation = world["users"]["rita"], world["items"]["alice"]["relation"]
    adjudication.accept_item(session, rita, world["doc"], "relation", relation.id)
    session.commit()


def test_accepting_a_relation_names_the_ends_gold_lacks(session, world) -> None:
    doc, relation = world["doc"], world["items"]["alice"]["relation"]
    lacking = adjudication.ends_gold_lacks(session, doc, relation.id)
    assert lacking == [("CLAIM", 15, 31), ("SOURCE", 0, 9)]
    _accept_alices_relation(session, world)
    assert adjudication.ends_gold_lacks(session, doc, relation.id) == []
    # Its SOURCE decided the boundary difference with alice's version, unasked.
    assert _boundary(session, doc).taken == ["alice"]


def test_taking_the_other_version_moves_golds_span_and_its_relation_follows(session, world) -> None:
    doc, rita = world["doc"], world["users"]["rita"]
    _accept_alices_relation(session, world)
    (source, claim), [(_, _, to_id)] = _gold(session)
    assert (source[1:], to_id) == (("SOURCE", 0, 9), source[0])
    boundary = _boundary(session, doc)
    bobs = world["items"]["bob"]["source"]

    changed = take_instead(session, rita, doc, boundary.key, "span", bobs.id)
    session.commit()

    assert changed.replaced == [("SOURCE [0, 9) “Officials”", "SOURCE [0, 14) “Officials said”")]
    assert changed.relations_kept == [
        "ATTRIBUTED_TO CLAIM [15, 31) “the talks failed” → SOURCE [0, 14) “Officials said”"
    ]
    # The same gold span, now bob's extent; the relation still points at it.
    assert _gold(session) == (
        [(source[0], "SOURCE", 0, 14), claim],
        [("ATTRIBUTED_TO", claim[0], source[0])],
    )
    assert _boundary(session, doc).taken == ["bob"]
    # And back: alice's version taken instead of bob's.
    alices = world["items"]["alice"]["source"]
    take_instead(session, rita, doc, _boundary(session, doc).key, "span", alices.id)
    session.commit()
    assert _gold(session)[0] == [(source[0], "SOURCE", 0, 9), claim]


def test_taking_refuses_what_is_not_a_version_or_is_in_gold_already(session, world) -> None:
    doc, rita = world["doc"], world["users"]["rita"]
    _accept_alices_relation(session, world)
    boundary = _boundary(session, doc)
    alices = world["items"]["alice"]["source"]
    with pytest.raises(Conflict, match="gold holds alice's version already"):
        take_instead(session, rita, doc, boundary.key, "span", alices.id)
    session.rollback()
    relation = world["items"]["bob"]["relation"]
    with pytest.raises(Invalid, match=f"span {relation.id} is not a version of that difference"):
        take_instead(session, rita, doc, boundary.key, "span", relation.id)
    session.rollback()
    assert _boundary(session, doc).taken == ["alice"]


def test_reopening_removes_golds_span_and_says_which_relation_went_with_it(session, world) -> None:
    doc, rita = world["doc"], world["users"]["rita"]
    _accept_alices_relation(session, world)
    (_, claim), _ = _gold(session)

    changed = reopen_difference(session, rita, doc, _boundary(session, doc).key)
    session.commit()

    assert changed.removed == ["SOURCE [0, 9) “Officials”"]
    assert changed.relations_removed == [
        "ATTRIBUTED_TO CLAIM [15, 31) “the talks failed” → SOURCE [0, 9) “Officials”"
    ]
    assert _gold(session) == ([claim], [])
    assert _boundary(session, doc).decided is False
    # Nothing left to reopen: said, nothing written.
    with pytest.raises(Conflict, match="not decided: there is nothing to reopen"):
        reopen_difference(session, rita, doc, _boundary(session, doc).key)


def _post(client: Any, doc: Any, path: str, data: dict[str, Any]) -> str:
    page = f"/projects/demo/review/{doc.id}"
    token = csrf_token_from(client.get(f"{page}/curate").get_data(as_text=True))
    answer = client.post(f"{page}/{path}", data={"csrf_token": token, "back": "curate", **data})
    assert answer.status_code == 302
    assert "/curate" in answer.headers["Location"]
    return " ".join(client.get(answer.headers["Location"]).get_data(as_text=True).split())


def test_the_pages_say_what_each_change_did(client, session, world) -> None:
    doc = world["doc"]
    login(client, "rita")
    relation = world["items"]["alice"]["relation"]
    said = _post(client, doc, "accept", {"kind": "relation", "id": relation.id})
    assert (
        "Accepted the relation into gold; it brought its ends into gold too: "
        "CLAIM [15, 31) “the talks failed”; SOURCE [0, 9) “Officials”." in said
    )
    # The decided boundary difference offers bob's version instead, and a reopen; so does
    # the review page.
    assert "Take bob’s instead" in said and "cur-reopen" in said
    review = client.get(f"/projects/demo/review/{doc.id}").get_data(as_text=True)
    assert "Take bob’s instead" in review and "difference__reopen" in review

    key = _boundary(session, doc).key
    bobs = world["items"]["bob"]["source"]
    said = _post(client, doc, "accept", {"kind": "span", "id": bobs.id, "difference": key})
    assert (
        "Took that version into gold instead. Gold’s SOURCE [0, 9) “Officials” is now "
        "SOURCE [0, 14) “Officials said”. 1 relation of gold still points at it: ATTRIBUTED_TO "
        "CLAIM [15, 31) “the talks failed” → SOURCE [0, 14) “Officials said”." in said
    )
    assert _boundary(session, doc).taken == ["bob"]

    said = _post(client, doc, "reopen", {"difference": _boundary(session, doc).key})
    assert "Reopened the difference: removed from gold SOURCE [0, 14) “Officials said”." in said
    assert "1 relation at it went with it: ATTRIBUTED_TO CLAIM [15, 31)" in said
    assert "(the History restores it)" in said
    assert _boundary(session, doc).decided is False


def test_a_relabel_the_relation_does_not_allow_is_refused_and_changes_nothing(
    client, session, world
) -> None:
    """bob's span over "Officials" is a CLAIM: taken instead of gold's SOURCE, the relation
    of gold ending at it would end at a CLAIM, which ATTRIBUTED_TO does not allow."""
    doc = world["doc"]
    bob = world["items"]["bob"]
    session.delete(bob["relation"])
    session.delete(bob["source"])
    session.flush()
    bobs = add_span(session, bob["layer"], "CLAIM", 0, 9)
    session.commit()
    _accept_alices_relation(session, world)
    before = _gold(session)
    label = next(d for d in curation_view(session, doc).differences if d.difference.kind == "label")
    assert label.taken == ["alice"]
    login(client, "rita")
    said = _post(client, doc, "accept", {"kind": "span", "id": bobs.id, "difference": label.key})
    assert "Not taken:" in said and "ATTRIBUTED_TO" in said
    assert _gold(session) == before
